//! The runpack family beyond accept/reject: the reference writer reproduces
//! every accepted corpus runpack byte for byte (artifacts always, the
//! manifest when the case's manifest is JCS), the full verification report
//! of every runpack case (snapshot), and the `verify-runpack` /
//! `check runpack` command line with its exit codes; the verifier hashing
//! on a pool of threads reports exactly what it reports one file at a time.

use conformkit::corpus::{default_root, load_corpus, Case, Expect};
use conformkit_reference::runpack::verifier::{verify, verify_jobs};
use conformkit_reference::runpack::writer::DEFAULT_MANIFEST_NAME;
use conformkit_reference::{family, Limits, Written};
use std::collections::BTreeMap;
use std::process::Command;

fn runpack_cases() -> Vec<Case> {
    load_corpus(&default_root())
        .expect("corpus loads")
        .into_iter()
        .filter(|c| c.family == "runpack")
        .collect()
}

#[test]
fn writer_reproduces_accepted_runpacks_byte_for_byte() {
    let fam = family("runpack", Some("v1")).unwrap();
    let mut compared = 0;
    for case in runpack_cases()
        .iter()
        .filter(|c| c.meta.expect == Expect::Accept)
    {
        let model = fam.read_path(&case.input, &Limits::default()).unwrap();
        let Written::Directory(files) = fam.write(&model).unwrap() else {
            panic!("{}: a runpack is a directory", case.id);
        };
        for (rel, bytes) in &files {
            if rel == DEFAULT_MANIFEST_NAME && case.has_tag("non-canonical-manifest") {
                continue;
            }
            let on_disk = std::fs::read(case.input.join(rel)).unwrap();
            assert!(
                on_disk == *bytes,
                "{}: {rel} differs from the writer's bytes",
                case.id
            );
            compared += 1;
        }
    }
    assert!(compared > 20, "only {compared} files compared");
}

#[test]
fn verification_reports() {
    let mut reports = BTreeMap::new();
    for case in runpack_cases() {
        let v = verify(&case.input, DEFAULT_MANIFEST_NAME, &Limits::default()).unwrap();
        // The report's first error is the class the reader rejects with.
        match case.meta.expect {
            Expect::Accept => assert!(v.report.passed(), "{}", case.id),
            _ if v.report.passed() => {}
            _ => assert_eq!(
                v.errors.first().map(|e| e.class),
                case.meta.error_class,
                "{}",
                case.id
            ),
        }
        reports.insert(case.id.clone(), v.report);
    }
    insta::assert_json_snapshot!("runpack_corpus_reports", reports);
}

/// Every runpack case verified on 2, 3 and 8 threads gives the
/// one-file-at-a-time verification: the same report, the same errors
/// (class, file, field, expectation) in the same order, through the
/// library and through `verify-runpack --jobs`.
#[test]
fn parallel_verification_is_the_serial_one() {
    let limits = Limits::default();
    let mut failing = 0;
    for case in runpack_cases() {
        let serial = verify_jobs(&case.input, DEFAULT_MANIFEST_NAME, &limits, 1).unwrap();
        failing += usize::from(!serial.report.passed());
        for jobs in [2, 3, 8] {
            let pooled = verify_jobs(&case.input, DEFAULT_MANIFEST_NAME, &limits, jobs).unwrap();
            assert_eq!(pooled.report, serial.report, "{} on {jobs}", case.id);
            assert_eq!(
                format!("{:?}", pooled.errors),
                format!("{:?}", serial.errors),
                "{} on {jobs}",
                case.id
            );
        }
        let input = case.input.display().to_string();
        let one = conformkit(&["verify-runpack", "--jobs", "1", &input]);
        for jobs in ["2", "3", "8"] {
            assert_eq!(
                conformkit(&["verify-runpack", "--jobs", jobs, &input]),
                one,
                "{} on --jobs {jobs}",
                case.id
            );
        }
    }
    assert!(failing > 10, "only {failing} failing runpacks compared");
}

fn conformkit(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .args(args)
        .output()
        .expect("conformkit runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn case_input(name: &str) -> String {
    default_root()
        .join("runpack/v1")
        .join(name)
        .join("input")
        .display()
        .to_string()
}

#[test]
fn verify_runpack_cli() {
    let (code, out) = conformkit(&["verify-runpack", &case_input("with-verification")]);
    assert_eq!(code, 0, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        report,
        serde_json::json!({"status": "pass", "checked_files": 10, "errors": []})
    );

    let (code, out) = conformkit(&["verify-runpack", &case_input("tamper.one-byte")]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["status"], "fail");
    assert!(report["errors"][0]
        .as_str()
        .unwrap()
        .starts_with("integrity: decision_log.json: "));

    let (code, out) = conformkit(&["verify-runpack", &case_input("manifest-version.v2")]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["checked_files"], 0);

    let (code, out) = conformkit(&[
        "verify-runpack",
        "--max-file-bytes",
        "64",
        &case_input("minimal"),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("too_large: "), "{out}");

    let (code, _) = conformkit(&["verify-runpack", "/nonexistent/runpack"]);
    assert_eq!(code, 2);
    let (code, _) = conformkit(&["verify-runpack"]);
    assert_eq!(code, 2);

    let (code, out) = conformkit(&["check", "runpack", &case_input("minimal"), "--json"]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = conformkit(&[
        "check",
        "runpack",
        &case_input("symlink.file-outside"),
        "--json",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("\"class\":\"path_escape\""), "{out}");
}

/// Decision Gate writes JCS with serde_jcs 0.1, whose member order differs
/// from RFC 8785's (D-RP-1): `verify-runpack` passes such a runpack (hashes
/// are over the stored bytes), `check runpack` refuses it and names the rule
/// and the key written out of order.
#[test]
fn serde_jcs_member_order_verifies_but_is_named_when_read() {
    for (case, key_after) in [
        (
            "artifact.serde-jcs-order.prefix",
            r#""a" written after "a b""#,
        ),
        (
            "artifact.serde-jcs-order.private-use-vs-emoji",
            r#""\ud83d\ude00" written after "\ue000""#,
        ),
        (
            "artifact.serde-jcs-order.control-vs-letter",
            r#""\u0001" written after "Z""#,
        ),
    ] {
        let (code, out) = conformkit(&["verify-runpack", &case_input(case)]);
        assert_eq!(code, 0, "{case}: {out}");
        let out = Command::new(env!("CARGO_BIN_EXE_conformkit"))
            .args(["check", "runpack", &case_input(case)])
            .output()
            .expect("conformkit runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(1), "{case}: {text}");
        assert!(text.contains("RFC 8785 §3.2.3"), "{case}: {text}");
        assert!(text.contains(key_after), "{case}: {text}");
    }
}

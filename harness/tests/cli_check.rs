//! `conformkit check` end to end: on every corpus input the command's exit
//! code and output agree with the case's expectation (0 and the expected
//! model for accept, 1 and the expected class for reject; for `either`, one
//! of the two consistently), and usage errors exit 2. `check --validate-only`
//! gives the same exit code and the same error on every corpus input.

use conformkit::corpus::{default_root, load_corpus, Expect};
use std::process::Command;

fn check(family: &str, path: &std::path::Path) -> (i32, serde_json::Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .args(["check", "--json", family])
        .arg(path)
        .output()
        .expect("conformkit runs");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), json)
}

#[test]
fn check_agrees_with_every_case() {
    let cases = load_corpus(&default_root()).expect("corpus loads");
    let mut wrong = Vec::new();
    for case in &cases {
        let (code, out) = check(&format!("{}/{}", case.family, case.version), &case.input);
        let class = out["error"]["class"].as_str().map(str::to_string);
        let want_class = case.meta.error_class.map(|c| c.as_str().to_string());
        let ok = match (case.meta.expect, code) {
            (Expect::Accept | Expect::Either, 0) => Some(&out["model"]) == case.expected.as_ref(),
            (Expect::Reject | Expect::Either, 1) => class == want_class,
            _ => false,
        };
        if !ok {
            wrong.push(format!("{}: exit {code}, output {out}", case.id));
        }
    }
    assert!(
        wrong.is_empty(),
        "check disagrees with:\n{}",
        wrong.join("\n")
    );
}

fn validate_only(family: &str, path: &std::path::Path, json: bool) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_conformkit"));
    cmd.args(["check", "--validate-only"]);
    if json {
        cmd.arg("--json");
    }
    let out = cmd.arg(family).arg(path).output().expect("conformkit runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn validate_only_agrees_with_check_on_every_case() {
    let cases = load_corpus(&default_root()).expect("corpus loads");
    let mut wrong = Vec::new();
    for case in &cases {
        let family = format!("{}/{}", case.family, case.version);
        let (code, out) = check(&family, &case.input);
        let (v_code, v_out) = validate_only(&family, &case.input, true);
        let v_out: serde_json::Value = serde_json::from_str(&v_out).unwrap_or_default();
        let same = code == v_code
            && v_out["valid"] == out["valid"]
            && v_out["error"] == out["error"]
            && (code != 0 || v_out["summary"].is_object());
        if !same {
            wrong.push(format!(
                "{}: check exit {code} {}, validate-only exit {v_code} {v_out}",
                case.id, out["error"]
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "--validate-only disagrees with check:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn validate_only_prints_the_summary_or_the_error() {
    let root = default_root();
    let (code, out) = validate_only(
        "dataguard_report",
        &root.join("dataguard_report/v1/minimal/input.kv"),
        false,
    );
    assert_eq!(code, 0);
    assert!(out.starts_with("valid: bytes="), "{out}");
    assert!(
        out.contains(" lines=5 counters=1 known_keys=4 unknown_keys=0"),
        "{out}"
    );
    let bad = root.join("dataguard_report/v1/bound.expected.codec_id.max-plus-1/input.kv");
    let (code, out) = validate_only("dataguard_report", &bad, false);
    assert_eq!(code, 1);
    // The error names the file it is about.
    assert!(
        out.starts_with(&format!(
            "invalid: {}:7:19: out_of_range at expected.codec_id",
            bad.display()
        )),
        "{out}"
    );
    let (code, out) = validate_only(
        "runtime",
        &root.join("runtime/v1/minimal/input.json"),
        false,
    );
    assert_eq!((code, out.trim()), (0, "valid: bytes=34"));
    let (code, _) = validate_only("runtime", std::path::Path::new("/no/such/path"), false);
    assert_eq!(code, 2);
}

#[test]
fn usage_errors_exit_2() {
    let (code, _) = check("no_such_family", std::path::Path::new("."));
    assert_eq!(code, 2);
    let (code, _) = check("runtime", std::path::Path::new("/no/such/path"));
    assert_eq!(code, 2);
}

#[test]
fn human_output_names_file_line_and_path() {
    let root = default_root();
    let out = Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .args(["check", "runtime"])
        .arg(root.join("runtime/v1/wrong-type.crate.name/input.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("wrong_type at crate.name: expected string, found number"),
        "{text}"
    );
}

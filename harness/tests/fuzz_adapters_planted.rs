//! `conformkit fuzz` against planted-bug adapters: the Python example
//! adapter with one realistic fault patched in (tests/fixtures/fuzz_adapters/,
//! one script a fault, across the families and both roles). For each one:
//! certify passes it on the corpus without the hazard classes learned from
//! such faults (every case but those of a `LEARNED` class, so each fault is
//! one no other case catches); a fuzz campaign with a fixed
//! seed and a bounded number of runs finds a disagreement whose case, copied
//! alone into a scratch corpus, makes certify fail the faulty adapter while
//! the unpatched example adapter passes it (so the case pins the planted
//! fault, not a difference the example adapter already has). Prints found /
//! planted. The faults the corpus has since learned must fail certify on the
//! full corpus, through a case of the class that learned them (all but
//! `manifest_name_normpath.py`: D-RP-9 leaves such names `either`).

mod fuzz_support;
mod support;

use fuzz_support::{copy_case, fuzz};
use std::path::Path;
use support::{certify, python, sh_quote};

/// Script, role, family, and the corpus class (case tag) that has since
/// learned the fault, if any: each fault and where it lives.
const PLANTED: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "kv_cr_run.py",
        "reader",
        "dataguard_report",
        Some("kv-cr-run"),
    ),
    (
        "runtime_version_strip.py",
        "reader",
        "runtime",
        Some("string-fidelity"),
    ),
    (
        "nfc_strings.py",
        "reader",
        "compile_report",
        Some("string-fidelity"),
    ),
    (
        "bundle_member_casefold.py",
        "reader",
        "incident_bundle",
        Some("member-name-case"),
    ),
    (
        "bool_from_int.py",
        "reader",
        "policy_audit",
        Some("boolean-integer"),
    ),
    (
        "manifest_name_normpath.py",
        "reader",
        "runpack_export_input",
        None,
    ),
    (
        "storage_uri_empty_null.py",
        "reader",
        "runpack_export_output",
        Some("string-fidelity"),
    ),
    (
        "writer_strip_bom.py",
        "writer",
        "runtime",
        Some("string-fidelity"),
    ),
    (
        "writer_control_chars.py",
        "writer",
        "compile_report",
        Some("string-fidelity"),
    ),
    (
        "writer_kv_numeric.py",
        "writer",
        "dataguard_report",
        Some("string-fidelity"),
    ),
    (
        "dup_key_same_value.py",
        "reader",
        "replay_audit",
        Some(".same-value"),
    ),
    (
        "algorithm_casefold.py",
        "reader",
        "runpack",
        Some("enum-case"),
    ),
];

/// The hazard classes the corpus learned from faults like the planted ones,
/// each a case tag or (starting with a dot) a case-name suffix: a duplicate
/// key with the same value and enum values in another letter case
/// (corpus/DECISIONS.md D-ALL-4, D-RP-4, learned from the faulty adapters of
/// docs/corpus-power.md), then the D-ALL-11, D-KV-3 and D-IB-12 classes
/// (learned from these faults).
const LEARNED: &[&str] = &[
    ".same-value",
    "enum-case",
    "string-fidelity",
    "boolean-integer",
    "kv-cr-run",
    "member-name-case",
];

/// Whether the case `name` with `tags` belongs to the learned class `class`.
fn in_class(class: &str, name: &str, tags: &[serde_json::Value]) -> bool {
    if class.starts_with('.') {
        name.ends_with(class)
    } else {
        tags.iter().any(|t| t == class)
    }
}

const SEED: &str = "7";
const RUNS: &str = "3000";

fn command(script: &Path) -> String {
    format!(
        "{} {}",
        sh_quote(python()),
        sh_quote(&script.display().to_string())
    )
}

fn planted(script: &str) -> String {
    command(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fuzz_adapters")
            .join(script),
    )
}

fn clean() -> String {
    command(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../adapters/python/adapter.py"))
}

/// Certify `adapter` on the corpus at `corpus` (default: the repository's).
fn certify_on(adapter: &str, role: &str, family: &str, corpus: Option<&Path>) -> support::Run {
    let mut args = vec!["--adapter", adapter, "--role", role, "--family", family];
    let root;
    if let Some(c) = corpus {
        root = c.display().to_string();
        args.extend(["--corpus", root.as_str()]);
    }
    let run = certify(&args, &[("CONFORMKIT_NO_PROGRESS", "1")]);
    assert!(
        run.code == 0 || run.code == 1,
        "certify could not run {adapter} (exit {}):\n{}\n{}",
        run.code,
        run.stdout,
        run.stderr
    );
    run
}

/// The ids of the cases `run` passes.
fn passed(run: &support::Run) -> Vec<String> {
    run.results()["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "pass")
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

/// The first finding of a campaign against `script` that pins its fault:
/// certify fails the faulty adapter on it and passes the example adapter.
/// That case alone, in a scratch corpus, must fail the faulty adapter.
fn find(script: &str, role: &str, family: &str) -> Option<String> {
    let adapter = planted(script);
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().display().to_string();
    let run = fuzz(&[
        "--adapter",
        &adapter,
        "--role",
        role,
        "--family",
        family,
        "--seed",
        SEED,
        "--runs",
        RUNS,
        "--out",
        &out_dir,
        "--json",
    ]);
    assert!(
        run.code == 0 || run.code == 1,
        "fuzz could not run {script} (exit {}):\n{}",
        run.code,
        run.stderr
    );
    let cases = run.cases();
    if cases.is_empty() {
        return None;
    }
    let all = tempfile::tempdir().unwrap();
    for case in &cases {
        copy_case(out.path(), case, all.path());
    }
    let faulty = passed(&certify_on(&adapter, role, family, Some(all.path())));
    let example = passed(&certify_on(&clean(), role, family, Some(all.path())));
    let case = cases
        .into_iter()
        .find(|c| !faulty.contains(c) && example.contains(c))?;
    let alone = tempfile::tempdir().unwrap();
    copy_case(out.path(), &case, alone.path());
    let run = certify_on(&adapter, role, family, Some(alone.path()));
    assert_eq!(
        run.code, 1,
        "{case} alone does not fail {script}:\n{}",
        run.stdout
    );
    Some(case)
}

/// The repository's corpus without the cases of the `LEARNED` classes.
fn corpus_before_learning() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    let scratch = tempfile::tempdir().unwrap();
    let mut dropped = 0;
    copy_filtered(&root, scratch.path(), &mut dropped);
    assert!(dropped > 0, "no case of the learned classes in the corpus");
    scratch
}

/// Copies `src` to `dest`, leaving out every case folder whose case.json
/// carries a `LEARNED` tag (counted in `dropped`).
fn copy_filtered(src: &Path, dest: &Path, dropped: &mut usize) {
    let case_json = src.join("case.json");
    if case_json.is_file() {
        let meta: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&case_json).unwrap()).unwrap();
        let tags = meta["tags"].as_array().cloned().unwrap_or_default();
        let name = src.file_name().unwrap().to_str().unwrap();
        if LEARNED.iter().any(|class| in_class(class, name, &tags)) {
            *dropped += 1;
            return;
        }
        copy_case(src.parent().unwrap(), name, dest.parent().unwrap());
        return;
    }
    std::fs::create_dir_all(dest).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            copy_filtered(&path, &dest.join(entry.file_name()), dropped);
        } else {
            std::fs::copy(&path, dest.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn every_planted_fault_passes_certify_and_is_found_by_fuzz() {
    let before = corpus_before_learning();
    let mut found = Vec::new();
    let mut missed = Vec::new();
    for (script, role, family, _) in PLANTED {
        let then = certify_on(&planted(script), role, family, Some(before.path()));
        assert_eq!(
            then.code, 0,
            "{script}: certify fails it on the corpus without the learned classes; not a fault that corpus misses\n{}",
            then.stdout
        );
        match find(script, role, family) {
            Some(case) => {
                println!("found   {script} ({family} {role}): {case}");
                found.push(*script);
            }
            None => {
                println!("MISSED  {script} ({family} {role})");
                missed.push(*script);
            }
        }
    }
    println!("found / planted: {} / {}", found.len(), PLANTED.len());
    assert!(PLANTED.len() >= 12);
    assert!(missed.is_empty(), "not found: {missed:?}");
}

#[test]
fn faults_the_corpus_learned_stay_caught_by_certify() {
    for (script, role, family, learned) in PLANTED {
        let Some(class) = learned else { continue };
        let run = certify_on(&planted(script), role, family, None);
        assert_eq!(
            run.code, 1,
            "{script}: the corpus learned it ({class}) yet certify passes it\n{}",
            run.stdout
        );
        let caught_by_class = run.results()["cases"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["status"] != "pass")
            .any(|c| {
                let id = c["id"].as_str().unwrap_or_default();
                let tags = c["tags"].as_array().cloned().unwrap_or_default();
                in_class(class, id, &tags)
            });
        assert!(
            caught_by_class,
            "{script}: failed, but by no case of the class {class}\n{}",
            run.stdout
        );
    }
}

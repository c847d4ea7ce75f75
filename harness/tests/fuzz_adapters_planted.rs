//! `conformkit fuzz` against planted-bug adapters: the Python example
//! adapter with one realistic fault patched in (tests/fixtures/fuzz_adapters/,
//! one script a fault, across the families and both roles). For each one:
//! certify passes it on today's corpus (the corpus misses the fault); a
//! fuzz campaign with a fixed seed and a bounded number of runs finds a
//! disagreement whose case, copied alone into a scratch corpus, makes
//! certify fail the faulty adapter while the unpatched example adapter
//! passes it (so the case pins the planted fault, not a difference the
//! example adapter already has). Prints found / planted.

mod fuzz_support;
mod support;

use fuzz_support::{copy_case, fuzz};
use std::path::Path;
use support::{certify, python, sh_quote};

/// Script, role, family: each fault and where it lives.
const PLANTED: &[(&str, &str, &str)] = &[
    ("kv_cr_run.py", "reader", "dataguard_report"),
    ("runtime_version_strip.py", "reader", "runtime"),
    ("nfc_strings.py", "reader", "compile_report"),
    ("bundle_member_casefold.py", "reader", "incident_bundle"),
    ("bool_from_int.py", "reader", "policy_audit"),
    (
        "manifest_name_normpath.py",
        "reader",
        "runpack_export_input",
    ),
    (
        "storage_uri_empty_null.py",
        "reader",
        "runpack_export_output",
    ),
    ("writer_strip_bom.py", "writer", "runtime"),
    ("writer_control_chars.py", "writer", "compile_report"),
    ("writer_kv_numeric.py", "writer", "dataguard_report"),
];

/// Planted faults the corpus has since learned to catch (its hazard
/// classes: a duplicate key with the same value, enum values in another
/// letter case, corpus/DECISIONS.md D-ALL-4, D-RP-4): certify must now fail
/// them outright, so they stay caught.
const CAUGHT_BY_THE_CORPUS: &[(&str, &str, &str)] = &[
    ("dup_key_same_value.py", "reader", "replay_audit"),
    ("algorithm_casefold.py", "reader", "runpack"),
];

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

#[test]
fn every_planted_fault_passes_certify_and_is_found_by_fuzz() {
    let mut found = Vec::new();
    let mut missed = Vec::new();
    for (script, role, family) in PLANTED {
        let today = certify_on(&planted(script), role, family, None);
        assert_eq!(
            today.code, 0,
            "{script}: certify already fails it on today's corpus; not a fault the corpus misses\n{}",
            today.stdout
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
    assert!(PLANTED.len() >= 10);
    assert!(missed.is_empty(), "not found: {missed:?}");
}

#[test]
fn faults_the_corpus_learned_stay_caught_by_certify() {
    for (script, role, family) in CAUGHT_BY_THE_CORPUS {
        let run = certify_on(&planted(script), role, family, None);
        assert_eq!(
            run.code, 1,
            "{script}: certify passes it again\n{}",
            run.stdout
        );
    }
}

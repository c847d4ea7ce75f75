//! Corpus power, measured on realistic faulty programs: the Python example
//! adapter with one bug planted (`tests/fixtures/faulty/faulty_adapter.py`,
//! readers and writers, every family kind), the bug active for one family
//! at a time. Certify must fail every (fault, family) pair: each family's
//! own cases must catch each class of fault that can occur in it, not some
//! other family's (corpus/DECISIONS.md D-ALL-9 for writers). The families
//! listed with a fault are those where the example's planted code runs. The
//! same adapter with nothing planted passes the same runs, so the failures
//! are the planted faults' doing.

mod support;

use std::path::Path;
use support::{certify, python, sh_quote};

const JSON_FAMILIES: &[&str] = &[
    "compile_report",
    "environment",
    "policy_audit",
    "replay_audit",
    "runtime",
    "spec_validation",
    "runpack_export_input",
    "runpack_export_output",
    "incident_bundle",
    "runpack",
];

/// The families whose artifact is a JSON document, and the bundle, whose
/// JSON members are such documents.
const JSON_TEXTS: &[&str] = &[
    "compile_report",
    "environment",
    "policy_audit",
    "replay_audit",
    "runtime",
    "spec_validation",
    "runpack_export_input",
    "runpack_export_output",
    "incident_bundle",
];

/// The families whose artifact is one JSON document: [`JSON_TEXTS`] without
/// the bundle, its last entry (the generated document cases are per family).
const JSON_DOCUMENTS: &[&str] = JSON_TEXTS.split_last().unwrap().1;

const TYPED_INTEGERS: &[&str] = &[
    "environment",
    "policy_audit",
    "replay_audit",
    "incident_bundle",
];

/// `(fault, role, the families where it is planted)`.
const FAULTS: &[(&str, &str, &[&str])] = &[
    // Readers.
    (
        "bool-as-integer",
        "reader",
        &[
            "environment",
            "policy_audit",
            "replay_audit",
            "incident_bundle",
            "runpack_export_input",
            "runpack_export_output",
            "runpack",
        ],
    ),
    ("integral-float-as-integer", "reader", TYPED_INTEGERS),
    ("duplicate-keys-last-wins", "reader", JSON_FAMILIES),
    ("nan-accepted", "reader", JSON_FAMILIES),
    ("lone-surrogates-accepted", "reader", JSON_FAMILIES),
    (
        "enum-case-insensitive",
        "reader",
        &[
            "replay_audit",
            "runpack_export_input",
            "runpack_export_output",
            "runpack",
        ],
    ),
    (
        "enum-trimmed",
        "reader",
        &[
            "replay_audit",
            "runpack_export_input",
            "runpack_export_output",
            "runpack",
        ],
    ),
    ("jsonc-comments", "reader", JSON_TEXTS),
    ("surrogate-keys-unchecked", "reader", JSON_TEXTS),
    (
        "version-ignored",
        "reader",
        &["replay_audit", "policy_audit", "incident_bundle"],
    ),
    (
        "env-order-unchecked",
        "reader",
        &["environment", "incident_bundle"],
    ),
    ("kv-u32-as-u64", "reader", &["dataguard_report"]),
    ("kv-enum-case-insensitive", "reader", &["dataguard_report"]),
    (
        "kv-lenient-lines",
        "reader",
        &["dataguard_report", "incident_bundle"],
    ),
    ("json-text-stripped", "reader", JSON_DOCUMENTS),
    (
        "kv-values-trimmed",
        "reader",
        &["dataguard_report", "incident_bundle"],
    ),
    ("bundle-links-followed", "reader", &["incident_bundle"]),
    (
        "bundle-members-before-carrier",
        "reader",
        &["incident_bundle"],
    ),
    ("forbidden-member-first", "reader", &["spec_validation"]),
    (
        "bundle-directory-member-absent",
        "reader",
        &["incident_bundle"],
    ),
    ("runpack-links-followed", "reader", &["runpack"]),
    ("runpack-paths-normalized", "reader", &["runpack"]),
    ("runpack-report-status-unchecked", "reader", &["runpack"]),
    (
        "closed-objects-opened",
        "reader",
        &["runpack_export_input", "runpack_export_output"],
    ),
    // Writers: the reference reader reads each of these back to the right
    // model, so only the strict comparison with the canonical rendering
    // catches most of them (extra member, omitted null, CRLF, order,
    // padding, final newline, pretty manifest, extra file).
    (
        "writer-extra-member",
        "writer",
        &[
            "compile_report",
            "environment",
            "policy_audit",
            "replay_audit",
            "runtime",
            "spec_validation",
            "runpack_export_input",
            "runpack_export_output",
            "incident_bundle",
        ],
    ),
    (
        "writer-omits-nulls",
        "writer",
        &[
            "environment",
            "policy_audit",
            "runpack_export_input",
            "runpack_export_output",
            "incident_bundle",
        ],
    ),
    (
        "writer-integers-as-floats",
        "writer",
        &[
            "compile_report",
            "environment",
            "policy_audit",
            "replay_audit",
            "runpack_export_input",
            "runpack_export_output",
            "incident_bundle",
        ],
    ),
    (
        "writer-strings-normalised",
        "writer",
        &["replay_audit", "spec_validation"],
    ),
    (
        "writer-report-errors-sorted",
        "writer",
        &["runpack_export_output"],
    ),
    (
        "writer-kv-crlf",
        "writer",
        &["dataguard_report", "incident_bundle"],
    ),
    (
        "writer-kv-unsorted",
        "writer",
        &["dataguard_report", "incident_bundle"],
    ),
    (
        "writer-kv-sorted-case-insensitive",
        "writer",
        &["dataguard_report", "incident_bundle"],
    ),
    ("writer-kv-zero-padded", "writer", &["dataguard_report"]),
    (
        "writer-kv-no-final-newline",
        "writer",
        &["dataguard_report", "incident_bundle"],
    ),
    ("writer-runpack-pretty-manifest", "writer", &["runpack"]),
    ("writer-bundle-extra-file", "writer", &["incident_bundle"]),
];

/// The faulty adapter's command line, the fault active for `family` only.
fn command(fault: &str, family: &str) -> String {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/faulty/faulty_adapter.py");
    format!(
        "{} {} {fault} {family}",
        sh_quote(python()),
        sh_quote(&script.display().to_string())
    )
}

/// Certifies `fault` planted in `family`, on that family's cases.
fn run(fault: &str, role: &str, family: &str) -> support::Run {
    let command = command(fault, family);
    certify(
        &["--adapter", &command, "--role", role, "--family", family],
        &[],
    )
}

fn failed_ids(run: &support::Run) -> Vec<String> {
    run.results()["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter(|c| c["status"] != "pass")
        .map(|c| c["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn every_planted_fault_fails_certify_in_every_family() {
    let mut missed = Vec::new();
    let mut pairs = 0;
    for (fault, role, families) in FAULTS {
        for family in *families {
            pairs += 1;
            let run = run(fault, role, family);
            if run.code != 1 || failed_ids(&run).is_empty() {
                missed.push(format!("{fault} ({role}) in {family}: exit {}", run.code));
            }
        }
    }
    let roles = |r: &str| FAULTS.iter().filter(|f| f.1 == r).count();
    println!(
        "faulty adapters: {} faults ({} readers, {} writers), {pairs} (fault, family) pairs, {} caught",
        FAULTS.len(),
        roles("reader"),
        roles("writer"),
        pairs - missed.len()
    );
    assert!(FAULTS.len() >= 20, "at least 20 planted faults");
    assert!(missed.is_empty(), "certify passed:\n{}", missed.join("\n"));
}

/// A reader that follows a link out of the artifact finds a valid file
/// there (the case keeps the link's target beside its input, and certify
/// copies it into the sandbox), so it accepts: a level 1 failure, not only
/// a wrong class at level 2.
#[test]
fn link_followers_fail_at_level_1() {
    for (fault, family, witness) in [
        (
            "bundle-links-followed",
            "incident_bundle",
            "incident_bundle/v1/symlink-escape.environment.json",
        ),
        (
            "runpack-links-followed",
            "runpack",
            "runpack/v1/symlink.file-outside",
        ),
    ] {
        let command = command(fault, family);
        let run = certify(
            &["--adapter", &command, "--family", family, "--level", "1"],
            &[],
        );
        assert_eq!(run.code, 1, "{fault} passes level 1");
        let case = run.case(witness);
        assert_eq!(case["outcome"], "accepted", "{fault} on {witness}: {case}");
        assert_eq!(case["level1"], false, "{fault} on {witness}: {case}");
    }
}

#[test]
fn the_unplanted_adapter_passes_the_same_runs() {
    for role in ["reader", "writer"] {
        let mut families: Vec<&str> = FAULTS
            .iter()
            .filter(|f| f.1 == role)
            .flat_map(|f| f.2.iter().copied())
            .collect();
        families.sort_unstable();
        families.dedup();
        let command = command("clean", "none");
        let mut args = vec!["--adapter", command.as_str(), "--role", role];
        for f in &families {
            args.push("--family");
            args.push(f);
        }
        let run = certify(&args, &[]);
        assert_eq!(
            run.code,
            0,
            "clean {role}: {:?}\n{}",
            failed_ids(&run),
            run.stderr
        );
    }
}

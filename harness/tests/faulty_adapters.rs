//! Corpus power, measured on realistic faulty programs: the Python example
//! adapter with one bug planted (`tests/fixtures/faulty/faulty_adapter.py`,
//! one fault a run, readers and writers, every family kind). Certify must
//! fail every one, and the case named beside each fault must be among the
//! failures: that ties each class of fault to the corpus class that catches
//! it (corpus/DECISIONS.md D-ALL-9 for writers), so a corpus change that
//! loses the class fails here. The same adapter with nothing planted passes,
//! so the failures are the planted faults' doing.

mod support;

use std::path::Path;
use support::{certify, python, sh_quote};

/// `(fault, role, families certified, a case that must fail)`.
const FAULTS: &[(&str, &str, &[&str], &str)] = &[
    // Readers.
    (
        "bool-as-integer",
        "reader",
        &["environment", "replay_audit", "runpack_export_input"],
        "environment/v1/integer.pid.boolean",
    ),
    (
        "integral-float-as-integer",
        "reader",
        &["environment", "replay_audit"],
        "replay_audit/v1/integer.input.last_n.fraction",
    ),
    (
        "duplicate-keys-last-wins",
        "reader",
        &["runpack_export_output", "incident_bundle"],
        "incident_bundle/v1/duplicate-key.runtime.json",
    ),
    (
        "nan-accepted",
        "reader",
        &["replay_audit"],
        "replay_audit/v1/lexical.nan",
    ),
    (
        "lone-surrogates-accepted",
        "reader",
        &["runtime"],
        "runtime/v1/lexical.lone-surrogate",
    ),
    (
        "enum-case-insensitive",
        "reader",
        &["replay_audit"],
        "replay_audit/v1/enum.policy.mode.case",
    ),
    (
        "version-ignored",
        "reader",
        &["replay_audit", "policy_audit"],
        "policy_audit/v1/future-version.new-shape",
    ),
    (
        "env-order-unchecked",
        "reader",
        &["environment"],
        "environment/v1/env.unsorted-last-pair",
    ),
    (
        "kv-u32-as-u64",
        "reader",
        &["dataguard_report"],
        "dataguard_report/v1/version.past-u32",
    ),
    (
        "kv-enum-case-insensitive",
        "reader",
        &["dataguard_report"],
        "dataguard_report/v1/enum.policy.redaction.mode.case",
    ),
    (
        "bundle-links-followed",
        "reader",
        &["incident_bundle"],
        "incident_bundle/v1/symlink-escape.runtime_config.txt",
    ),
    (
        "bundle-directory-member-absent",
        "reader",
        &["incident_bundle"],
        "incident_bundle/v1/not-a-file.single_ring_snapshot.json",
    ),
    (
        "runpack-links-followed",
        "reader",
        &["runpack"],
        "runpack/v1/symlink.file-outside",
    ),
    (
        "runpack-paths-normalized",
        "reader",
        &["runpack"],
        "runpack/v1/path.dot-component",
    ),
    (
        "runpack-report-status-unchecked",
        "reader",
        &["runpack"],
        "runpack/v1/report.status-fail-no-errors",
    ),
    (
        "closed-objects-opened",
        "reader",
        &["runpack_export_output"],
        "runpack_export_output/v1/extra-field.manifest.artifacts.0.hash",
    ),
    // Writers: the reference reader reads each of these back to the right
    // model, so only the strict comparison with the canonical rendering
    // catches them (extra member, omitted null, CRLF, order, padding, final
    // newline, pretty manifest, extra file).
    (
        "writer-extra-member",
        "writer",
        &["runtime", "replay_audit"],
        "runtime/v1/maximal",
    ),
    (
        "writer-omits-nulls",
        "writer",
        &["runpack_export_output"],
        "runpack_export_output/v1/null.storage_uri",
    ),
    (
        "writer-integers-as-floats",
        "writer",
        &["environment"],
        "environment/v1/maximal",
    ),
    (
        "writer-kv-crlf",
        "writer",
        &["dataguard_report"],
        "dataguard_report/v1/maximal",
    ),
    (
        "writer-kv-unsorted",
        "writer",
        &["dataguard_report"],
        "dataguard_report/v1/maximal",
    ),
    (
        "writer-kv-zero-padded",
        "writer",
        &["dataguard_report"],
        "dataguard_report/v1/bound.cost.bytes.zero",
    ),
    (
        "writer-kv-no-final-newline",
        "writer",
        &["dataguard_report"],
        "dataguard_report/v1/minimal",
    ),
    (
        "writer-runpack-pretty-manifest",
        "writer",
        &["runpack"],
        "runpack/v1/maximal",
    ),
    (
        "writer-bundle-extra-file",
        "writer",
        &["incident_bundle"],
        "incident_bundle/v1/maximal",
    ),
];

fn command(fault: &str) -> String {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/faulty/faulty_adapter.py");
    format!(
        "{} {} {fault}",
        sh_quote(python()),
        sh_quote(&script.display().to_string())
    )
}

fn run(fault: &str, role: &str, families: &[&str]) -> support::Run {
    let command = command(fault);
    let mut args = vec!["--adapter", command.as_str(), "--role", role];
    for f in families {
        args.push("--family");
        args.push(f);
    }
    certify(&args, &[])
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
fn every_planted_fault_fails_certify() {
    let mut missed = Vec::new();
    let mut caught = 0;
    for (fault, role, families, witness) in FAULTS {
        let run = run(fault, role, families);
        let failed = failed_ids(&run);
        if run.code != 1 || !failed.iter().any(|id| id == witness) {
            missed.push(format!(
                "{fault} ({role}): exit {}, {} failing cases, {witness} {}",
                run.code,
                failed.len(),
                if failed.iter().any(|id| id == witness) {
                    "among them"
                } else {
                    "not among them"
                }
            ));
        } else {
            caught += 1;
        }
    }
    let roles = |r: &str| FAULTS.iter().filter(|f| f.1 == r).count();
    println!(
        "faulty adapters caught: {caught} of {} ({} readers, {} writers)",
        FAULTS.len(),
        roles("reader"),
        roles("writer")
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
        let command = command(fault);
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
        let run = run("clean", role, &families);
        assert_eq!(
            run.code,
            0,
            "clean {role}: {:?}\n{}",
            failed_ids(&run),
            run.stderr
        );
    }
}

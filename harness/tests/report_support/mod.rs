//! Shared by the report tests: synthetic runs whose counts are worked out
//! by hand below, the built `conformkit` binary, and the JSON Schemas of
//! results and reports (the report schema refers to the results schema by
//! its `$id`).
//!
//! The synthetic runs (`synthetic_runs()`), in this order:
//!
//! `alpha` 1.0.0 (rust) reader at level 2, not conformant:
//! - runtime/v1/minimal: accept, accepted, right (pass)
//! - runtime/v1/extra-field.root (extra-fields): accept, accepted with a
//!   wrong model (fail; the detail holds `<`, `&`, `]]>`, `"` and control
//!   characters)
//! - runtime/v1/missing.crate: reject missing_field, rejected as
//!   wrong_type (level 1 right, level 2 wrong: fail)
//! - runtime/v1/future-version (future-version): reject
//!   unsupported_version, rejected as unsupported_version (pass)
//! - spec_validation/v1/minimal: accept, accepted, right (pass)
//! - spec_validation/v1/null.ok: reject wrong_type, crash (fail, an error)
//! - spec_validation/v1/syntax.truncated: reject syntax, accepted, listed
//!   (expected failure)
//!
//! => runtime L1 3/4, L2 2/4; spec_validation L1 1/3, L2 1/3; total L1
//!    4/7, L2 3/7. JUnit: 7 testcases, 2 failures, 1 error, 1 skipped.
//!
//! `beta <b>&"x"` 2.0 (go) reader at level 1, not conformant; declares
//! runtime v1 and v2 only:
//! - runtime/v1/minimal: accept, accepted, right (pass)
//! - runtime/v1/extra-field.root (extra-fields): accept, accepted, right (pass)
//! - runtime/v1/future-version (future-version): reject
//!   unsupported_version, accepted (fail)
//! - runtime/v2/minimal: accept, accepted, right (pass)
//! - spec_validation/v1/minimal, spec_validation/v1/null.ok: unsupported
//!
//! => runtime L1 3/4, L2 3/4; spec_validation not declared; total 3/4,
//!    3/4. JUnit: 6 testcases, 1 failure, 0 errors, 2 skipped.
//!
//! `alpha` 1.0.0 (rust) writer at level 2, conformant:
//! - runtime/v1/minimal: pass
//!
//! => runtime 1/1, 1/1. JUnit: 1 testcase.

#![allow(dead_code)]

use conformkit::adapter::{Connection, ConnectionKind, Implementation, Role};
use conformkit::corpus::Expect;
use conformkit::reference::ErrorClass;
use conformkit::results::{
    CaseResult, CorpusRecord, ImplementationRecord, Kit, Outcome, RunOptions, RunResult, Status,
    Summary, RESULTS_FORMAT,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The detail of alpha's wrong model: everything XML and HTML must escape.
pub const NASTY_DETAIL: &str = "accepted, but the model differs from expected.json:\n--- expected\n+++ actual\n-  \"name\": \"a<b & c]]>\"\n+  \"name\": \"\u{1}\u{1b}[31m\u{7f}\"\n";

/// One case result (`class`: the expected class; `actual`: the class
/// reported).
#[allow(clippy::too_many_arguments)]
pub fn case(
    id: &str,
    expect: Expect,
    class: Option<ErrorClass>,
    tags: &[&str],
    outcome: Outcome,
    actual: Option<ErrorClass>,
    levels: (bool, bool),
    status: Status,
    detail: Option<&str>,
) -> CaseResult {
    let mut parts = id.split('/');
    let family = parts.next().unwrap().to_string();
    let version = parts.next().unwrap().to_string();
    CaseResult {
        id: id.into(),
        family,
        version,
        role: Role::Reader,
        expect,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        clauses: Vec::new(),
        expected_error_class: class,
        outcome,
        actual_error_class: actual,
        level1: levels.0,
        level2: levels.1,
        expected_failure: status == Status::ExpectedFailure,
        expected_failure_reason: (status == Status::ExpectedFailure)
            .then(|| "truncated input is read as valid".to_string()),
        status,
        detail: detail.map(String::from),
        stderr: None,
        duration_ms: 1.5,
    }
}

fn pass(id: &str, tags: &[&str]) -> CaseResult {
    case(
        id,
        Expect::Accept,
        None,
        tags,
        Outcome::Accepted,
        None,
        (true, true),
        Status::Pass,
        None,
    )
}

/// A run of `name` over `cases` (statuses already settled).
pub fn run(
    name: &str,
    version: &str,
    language: &str,
    role: Role,
    level: u8,
    families: &[(&str, &[&str])],
    mut cases: Vec<CaseResult>,
) -> RunResult {
    for c in &mut cases {
        c.role = role;
    }
    let summary = Summary::of(&cases);
    RunResult {
        results_format: RESULTS_FORMAT,
        kit: Kit::this(),
        implementation: ImplementationRecord {
            implementation: Implementation {
                name: name.into(),
                version: version.into(),
                language: language.into(),
                homepage: None,
            },
            roles: vec![role],
            families: families
                .iter()
                .map(|(f, vs)| (f.to_string(), vs.iter().map(|v| v.to_string()).collect()))
                .collect::<BTreeMap<_, _>>(),
        },
        connection: Connection {
            kind: ConnectionKind::Process,
            command: Some(format!("./{language}-adapter")),
            mode: None,
            protocol: Some(1),
            restarts: 0,
        },
        role,
        level,
        corpus: CorpusRecord {
            fingerprint: format!("sha256:{}", "ab".repeat(32)),
            cases: 9,
            selected: cases.len(),
            families: vec![],
        },
        options: RunOptions {
            timeout_ms: Some(10_000),
            max_response_bytes: None,
            max_restarts: None,
            expected_failures: None,
            stable: false,
        },
        started_at: "2026-01-02T03:04:05.678Z".into(),
        duration_ms: 12.5,
        cases,
        summary,
    }
}

/// The three runs described in the module doc.
pub fn synthetic_runs() -> Vec<RunResult> {
    use ErrorClass::*;
    let alpha = run(
        "alpha",
        "1.0.0",
        "rust",
        Role::Reader,
        2,
        &[("runtime", &["v1"]), ("spec_validation", &["v1"])],
        vec![
            pass("runtime/v1/minimal", &["minimal"]),
            case(
                "runtime/v1/extra-field.root",
                Expect::Accept,
                None,
                &["generated", "extra-fields"],
                Outcome::Accepted,
                None,
                (false, false),
                Status::Fail,
                Some(NASTY_DETAIL),
            ),
            case(
                "runtime/v1/missing.crate",
                Expect::Reject,
                Some(MissingField),
                &["missing-field"],
                Outcome::Rejected,
                Some(WrongType),
                (true, false),
                Status::Fail,
                Some("rejected as wrong_type, expected missing_field: crate: expected an object"),
            ),
            case(
                "runtime/v1/future-version",
                Expect::Reject,
                Some(UnsupportedVersion),
                &["future-version"],
                Outcome::Rejected,
                Some(UnsupportedVersion),
                (true, true),
                Status::Pass,
                None,
            ),
            pass("spec_validation/v1/minimal", &["minimal"]),
            case(
                "spec_validation/v1/null.ok",
                Expect::Reject,
                Some(WrongType),
                &["null"],
                Outcome::Crash,
                None,
                (false, false),
                Status::Fail,
                Some("the program exited (exit status 1) without answering"),
            ),
            case(
                "spec_validation/v1/syntax.truncated",
                Expect::Reject,
                Some(Syntax),
                &["syntax"],
                Outcome::Accepted,
                None,
                (false, false),
                Status::ExpectedFailure,
                Some("expected reject (syntax), accepted"),
            ),
        ],
    );
    let unsupported = |id: &str, expect: Expect, class: Option<ErrorClass>| {
        case(
            id,
            expect,
            class,
            &[],
            Outcome::Unsupported,
            None,
            (false, false),
            Status::Unsupported,
            Some("beta does not declare spec_validation/v1 as a reader"),
        )
    };
    let beta = run(
        "beta <b>&\"x\"",
        "2.0",
        "go",
        Role::Reader,
        1,
        &[("runtime", &["v1", "v2"])],
        vec![
            pass("runtime/v1/minimal", &["minimal"]),
            pass(
                "runtime/v1/extra-field.root",
                &["generated", "extra-fields"],
            ),
            case(
                "runtime/v1/future-version",
                Expect::Reject,
                Some(UnsupportedVersion),
                &["future-version"],
                Outcome::Accepted,
                None,
                (false, false),
                Status::Fail,
                Some("expected reject (unsupported_version), accepted"),
            ),
            pass("runtime/v2/minimal", &["minimal"]),
            unsupported("spec_validation/v1/minimal", Expect::Accept, None),
            unsupported(
                "spec_validation/v1/null.ok",
                Expect::Reject,
                Some(WrongType),
            ),
        ],
    );
    let writer = run(
        "alpha",
        "1.0.0",
        "rust",
        Role::Writer,
        2,
        &[("runtime", &["v1"])],
        vec![pass("runtime/v1/minimal", &["minimal"])],
    );
    vec![alpha, beta, writer]
}

/// The built `conformkit` binary.
pub fn conformkit() -> Command {
    Command::new(env!("CARGO_BIN_EXE_conformkit"))
}

/// Runs `conformkit <args>`; panics with its output if it cannot start.
pub fn run_conformkit(args: &[&str]) -> Output {
    conformkit().args(args).output().expect("conformkit runs")
}

/// Writes `runs` as `results.json` files under `dir`; returns their paths.
pub fn save_runs(dir: &Path, runs: &[RunResult]) -> Vec<String> {
    runs.iter()
        .enumerate()
        .map(|(i, r)| {
            let path = dir.join(format!("run{i}.json"));
            std::fs::write(&path, serde_json::to_vec_pretty(r).unwrap()).unwrap();
            path.display().to_string()
        })
        .collect()
}

fn schema(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Schema errors of `value` as a `results.json`.
pub fn results_schema_errors(value: &Value) -> Vec<String> {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    let v = V.get_or_init(|| {
        jsonschema::validator_for(&schema("results.schema.json")).expect("results schema compiles")
    });
    errors(v, value)
}

/// Schema errors of `value` as a `report.json`.
pub fn report_schema_errors(value: &Value) -> Vec<String> {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    let v = V.get_or_init(|| {
        let results = schema("results.schema.json");
        let id = results["$id"].as_str().unwrap().to_string();
        let registry = jsonschema::Registry::new()
            .add(id, results)
            .expect("results schema registers")
            .prepare()
            .expect("registry prepares");
        jsonschema::options()
            .with_registry(&registry)
            .build(&schema("report.schema.json"))
            .expect("report schema compiles")
    });
    errors(v, value)
}

/// Every file under `dir` (relative path -> bytes).
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

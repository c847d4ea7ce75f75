//! Certifying an implementation: every selected case is put to the adapter
//! (a reader gets a read-only copy of the input, a writer gets the expected
//! model and an output path), the answer is judged at both levels, the
//! expected-failures list is applied, and it all becomes one [`RunResult`].

mod pool;
pub mod sandbox;
mod writer;

pub use pool::certify_pool;
pub use sandbox::{Sandbox, Scratch};
pub use writer::check_written;

use crate::adapter::{Adapter, Fault, FaultKind, ReadAnswer, Reply, Role, WriteAnswer};
use crate::corpus::{Case, Expect};
use crate::expected::ExpectedFailures;
use crate::progress::Progress;
use crate::results::{
    millis, time, CaseResult, CorpusRecord, ImplementationRecord, Kit, Outcome, RunOptions,
    RunResult, Status, Summary, RESULTS_FORMAT,
};
use crate::verdict::{judge, ReadOutcome, Verdict};
use conformkit_reference::{family, Limits};
use std::io;
use std::time::{Instant, SystemTime};

/// What the run certifies and how strictly.
#[derive(Debug, Clone)]
pub struct Settings {
    pub role: Role,
    /// The level (1 or 2) a case must reach to pass.
    pub level: u8,
    /// Limits for the reference reader (writer round trips, reference adapter).
    pub limits: Limits,
}

/// The cases a run covers: those of the `families` filters (`family` or
/// `family/version`; empty for all) and, for writers, only `accept` cases:
/// a writer is given their expected model, which every conforming reader
/// must produce, so it is a valid model. (An `either` case's model is only
/// what a reader that accepts must produce; the reference may reject it.)
pub fn select<'a>(cases: &'a [Case], families: &[String], role: Role) -> Vec<&'a Case> {
    cases
        .iter()
        .filter(|c| {
            families.is_empty()
                || families.iter().any(|f| match f.split_once('/') {
                    Some((fam, ver)) => c.family == fam && c.version == ver,
                    None => c.family == *f,
                })
        })
        .filter(|c| role == Role::Reader || c.meta.expect == Expect::Accept)
        .collect()
}

/// Runs `cases` through `adapter` and assembles the results.
/// `Err` only for harness failures (the scratch directory).
pub fn certify(
    adapter: &mut dyn Adapter,
    cases: &[&Case],
    settings: &Settings,
    expected: &ExpectedFailures,
    corpus: CorpusRecord,
    options: RunOptions,
    progress: &mut Progress,
) -> io::Result<RunResult> {
    let started_at = time::rfc3339(SystemTime::now());
    let started = Instant::now();
    let sandbox = Sandbox::new()?;
    let mut results = Vec::with_capacity(cases.len());
    let mut interrupted = None;
    for (i, case) in cases.iter().enumerate() {
        if let Some(sig) = crate::interrupt::pending() {
            interrupted = Some(sig);
            break;
        }
        progress.tick(i + 1, &case.id);
        let (mut result, _) = run_case(adapter, case, (i, cases.len()), settings, &sandbox)?;
        if let (Some(fault), Some(previous)) = (adapter.take_late_fault(), results.last_mut()) {
            blame_late(previous, fault, settings.level);
        }
        if let Some(sig) = crate::interrupt::pending() {
            // Cut short: the case did not finish.
            interrupted = Some(sig);
            break;
        }
        settle(&mut result, settings.level, expected);
        results.push(result);
    }
    adapter.finish();
    if let (Some(fault), Some(last)) = (adapter.take_late_fault(), results.last_mut()) {
        blame_late(last, fault, settings.level);
    }
    progress.finish();
    let caps = adapter.capabilities().clone();
    let connection = adapter.connection();
    Ok(run_result(Run {
        caps,
        connection,
        settings,
        corpus,
        options,
        started_at,
        started,
        results,
        interrupted,
    }))
}

/// Settles a finished case: its status at the run's level, with its
/// expected-failures listing (none for an unsupported case).
fn settle(result: &mut CaseResult, level: u8, expected: &ExpectedFailures) {
    let listed = if result.outcome == Outcome::Unsupported {
        None
    } else {
        expected.listing(&result.id)
    };
    result.settle(level, listed);
}

/// What a finished run is assembled from.
struct Run<'a> {
    caps: crate::adapter::Capabilities,
    connection: crate::adapter::Connection,
    settings: &'a Settings,
    corpus: CorpusRecord,
    options: RunOptions,
    started_at: String,
    started: Instant,
    results: Vec<CaseResult>,
    interrupted: Option<i32>,
}

fn run_result(run: Run<'_>) -> RunResult {
    let summary = Summary::of(&run.results);
    RunResult {
        results_format: RESULTS_FORMAT,
        kit: Kit::this(),
        implementation: ImplementationRecord {
            implementation: run.caps.implementation,
            roles: run.caps.roles,
            families: run.caps.families,
        },
        connection: run.connection,
        role: run.settings.role,
        level: run.settings.level,
        corpus: run.corpus,
        options: run.options,
        started_at: run.started_at,
        duration_ms: millis(run.started.elapsed()),
        cases: run.results,
        summary,
        interrupted: run.interrupted.map(crate::interrupt::name),
    }
}

fn base(case: &Case, role: Role) -> CaseResult {
    CaseResult {
        id: case.id.clone(),
        family: case.family.clone(),
        version: case.version.clone(),
        role,
        expect: case.meta.expect,
        tags: case.meta.tags.clone(),
        clauses: Vec::new(),
        expected_error_class: case.meta.error_class,
        outcome: Outcome::Unsupported,
        actual_error_class: None,
        level1: false,
        level2: false,
        expected_failure: false,
        expected_failure_reason: None,
        status: Status::Unsupported,
        detail: None,
        stderr: None,
        duration_ms: 0.0,
    }
}

fn fault_outcome(kind: FaultKind) -> Outcome {
    match kind {
        FaultKind::Crash => Outcome::Crash,
        FaultKind::Timeout => Outcome::Timeout,
        FaultKind::ProtocolError => Outcome::ProtocolError,
        FaultKind::Skipped => Outcome::Skipped,
    }
}

/// Records on an already settled case a fault found after it (a second
/// answer to its request): the case did not pass, whatever it answered first.
fn blame_late(result: &mut CaseResult, fault: Fault, level: u8) {
    result.outcome = fault_outcome(fault.kind);
    result.level1 = false;
    result.level2 = false;
    result.detail = Some(fault.detail);
    let listed = result
        .expected_failure
        .then(|| result.expected_failure_reason.clone());
    result.settle(level, listed);
}

fn apply(result: &mut CaseResult, verdict: Verdict) {
    result.level1 = verdict.level1;
    result.level2 = verdict.level2;
    result.detail = verdict.detail;
}

/// Whether a case reached the adapter, and how its request ended: what a
/// persistent process's life depends on (`pool::as_serial`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    /// Settled without a request (family or role not declared, no reference
    /// reader to read a written artifact back).
    No,
    /// The adapter answered.
    Answered,
    /// No valid answer: the process was stopped (or the adapter gave up).
    Faulted,
}

/// Runs case number `index` of `total` (0-based, in run order; it names the
/// case's scratch folder and its request id) through `adapter`.
fn run_case(
    adapter: &mut dyn Adapter,
    case: &Case,
    (index, total): (usize, usize),
    settings: &Settings,
    sandbox: &Sandbox,
) -> io::Result<(CaseResult, Asked)> {
    let mut result = base(case, settings.role);
    let caps = adapter.capabilities();
    if !caps.supports_family(&case.family, &case.version) || !caps.has_role(settings.role) {
        result.detail = Some(format!(
            "{} does not declare {}/{} as a {}",
            caps.implementation.name,
            case.family,
            case.version,
            settings.role.as_str()
        ));
        return Ok((result, Asked::No));
    }
    let scratch = sandbox.scratch_at(index + 1)?;
    adapter.number_case(index, total);
    let asked;
    match settings.role {
        Role::Reader => {
            let input = scratch.readonly_case(&case.dir, &case.input)?;
            let t = Instant::now();
            let reply = adapter.read(&case.family, &case.version, &input);
            result.duration_ms = millis(t.elapsed());
            asked = if reply.result.is_ok() {
                Asked::Answered
            } else {
                Asked::Faulted
            };
            judge_read(&mut result, case, reply);
        }
        Role::Writer => {
            let model = case
                .expected
                .as_ref()
                .expect("the loader gives every accept case a model");
            let Some(fam) = family(&case.family, Some(&case.version)) else {
                result.outcome = Outcome::Skipped;
                result.detail = Some(format!(
                    "no reference reader for {}/{} to read the artifact back",
                    case.family, case.version
                ));
                return Ok((result, Asked::No));
            };
            let out = scratch.output(fam.info().shape);
            let t = Instant::now();
            let reply = adapter.write(&case.family, &case.version, model, &out);
            result.duration_ms = millis(t.elapsed());
            result.stderr = reply.stderr;
            asked = if reply.result.is_ok() {
                Asked::Answered
            } else {
                Asked::Faulted
            };
            match reply.result {
                Ok(WriteAnswer::Written) => {
                    result.outcome = Outcome::Accepted;
                    let problem = check_written(fam, model, &out, &settings.limits);
                    result.level1 = problem.is_none();
                    result.level2 = problem.is_none();
                    result.detail = problem;
                }
                Ok(WriteAnswer::Refused(r)) => {
                    result.outcome = Outcome::Rejected;
                    result.actual_error_class = r.class;
                    result.detail =
                        Some(format!("the writer refused a valid model: {}", r.message));
                }
                Err(fault) => {
                    result.outcome = fault_outcome(fault.kind);
                    result.detail = Some(fault.detail);
                }
            }
        }
    }
    Ok((result, asked))
}

fn judge_read(result: &mut CaseResult, case: &Case, reply: Reply<ReadAnswer>) {
    result.stderr = reply.stderr;
    match reply.result {
        Ok(ReadAnswer::Model(model)) => {
            result.outcome = Outcome::Accepted;
            apply(result, judge(case, &ReadOutcome::Accepted { model }));
        }
        Ok(ReadAnswer::Rejected(r)) => {
            result.outcome = Outcome::Rejected;
            result.actual_error_class = r.class;
            apply(
                result,
                judge(
                    case,
                    &ReadOutcome::Rejected {
                        class: r.class,
                        message: r.message,
                    },
                ),
            );
        }
        Err(fault) => {
            result.outcome = fault_outcome(fault.kind);
            result.detail = Some(fault.detail);
        }
    }
}

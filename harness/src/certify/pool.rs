//! Certifying on several workers (`certify --jobs N`): one adapter per
//! worker (for a process adapter, its own persistent process, isolated and
//! restarted on its own after a fault), each worker on its own thread
//! taking the next case not yet taken. The results are put back in run
//! order and made what a one-worker run gives (`as_serial`), so the results
//! and reports of `--jobs N` are those of `--jobs 1`, byte for byte with
//! `--stable`, for an adapter whose answer to a case does not depend on the
//! cases its process served before.

use super::{blame_late, run_case, run_result, settle, Asked, Run, Sandbox, Settings};
use crate::adapter::{Adapter, ConnectionKind, FaultKind, Mode};
use crate::corpus::Case;
use crate::expected::ExpectedFailures;
use crate::progress::Progress;
use crate::results::{time, CaseResult, CorpusRecord, Outcome, RunOptions, RunResult};
use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Instant, SystemTime};

/// One finished case of a worker.
struct Done {
    index: usize,
    result: CaseResult,
    asked: Asked,
}

/// What the workers share.
struct Shared<'a> {
    cases: &'a [&'a Case],
    settings: &'a Settings,
    expected: &'a ExpectedFailures,
    sandbox: &'a Sandbox,
    /// The next case not yet taken.
    next: AtomicUsize,
    /// Cases finished so far and the indices of those under way (for the
    /// progress line, which names the oldest case under way: with several
    /// workers, the one a hang holds up).
    flight: Mutex<(usize, std::collections::BTreeSet<usize>)>,
    /// Set when a worker met a harness error: the others stop too.
    stop: AtomicBool,
    progress: Mutex<&'a mut Progress>,
}

/// Runs `cases` on one worker per adapter of `adapters` (all started on
/// the same program, the first one's capabilities checked by the caller)
/// and assembles the results as [`super::certify`] does.
/// `Err` only for harness failures (the scratch directory).
pub fn certify_pool(
    mut adapters: Vec<Box<dyn Adapter + Send>>,
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
    let shared = Shared {
        cases,
        settings,
        expected,
        sandbox: &sandbox,
        next: AtomicUsize::new(0),
        flight: Mutex::new((0, std::collections::BTreeSet::new())),
        stop: AtomicBool::new(false),
        progress: Mutex::new(progress),
    };
    let outcomes: Vec<io::Result<Vec<Done>>> = std::thread::scope(|s| {
        let workers: Vec<_> = adapters
            .iter_mut()
            .map(|adapter| {
                let shared = &shared;
                s.spawn(move || work(adapter.as_mut(), shared))
            })
            .collect();
        workers
            .into_iter()
            .map(|w| match w.join() {
                Ok(done) => done,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    let mut done = Vec::with_capacity(cases.len());
    for outcome in outcomes {
        done.extend(outcome?);
    }
    done.sort_by_key(|d| d.index);
    if let Ok(mut p) = shared.progress.lock() {
        p.finish();
    }
    let first = adapters.first().expect("at least one worker");
    let mut connection = first.connection();
    let caps = first.capabilities().clone();
    connection.restarts = match (connection.kind, connection.mode) {
        (ConnectionKind::Process, Some(Mode::Persistent)) => {
            let max = options.max_restarts.unwrap_or(u32::MAX);
            as_serial(&mut done, max, settings.level, expected)
        }
        _ => adapters.iter().map(|a| a.connection().restarts).sum(),
    };
    let results = done.into_iter().map(|d| d.result).collect();
    Ok(run_result(Run {
        caps,
        connection,
        settings,
        corpus,
        options,
        started_at,
        started,
        results,
        interrupted: crate::interrupt::pending(),
    }))
}

impl Shared<'_> {
    /// Notes that case `index` starts (`true`) or ends, and shows the
    /// oldest case still under way with the number finished.
    fn under_way(&self, index: usize, starts: bool) {
        let Ok(mut flight) = self.flight.lock() else {
            return;
        };
        if starts {
            flight.1.insert(index);
        } else if flight.1.remove(&index) {
            flight.0 += 1;
        }
        if let (Some(&oldest), Ok(mut p)) = (flight.1.first(), self.progress.lock()) {
            p.tick(flight.0 + 1, &self.cases[oldest].id);
        }
    }
}

/// One worker: takes cases until none is left, a signal arrives or another
/// worker fails; then ends its adapter's session.
fn work(adapter: &mut dyn Adapter, shared: &Shared<'_>) -> io::Result<Vec<Done>> {
    let level = shared.settings.level;
    let mut done: Vec<Done> = Vec::new();
    let ran = (|| {
        loop {
            if crate::interrupt::pending().is_some() || shared.stop.load(Ordering::SeqCst) {
                return Ok(());
            }
            let index = shared.next.fetch_add(1, Ordering::SeqCst);
            let Some(case) = shared.cases.get(index) else {
                return Ok(());
            };
            shared.under_way(index, true);
            let ran = run_case(
                adapter,
                case,
                (index, shared.cases.len()),
                shared.settings,
                shared.sandbox,
            );
            shared.under_way(index, false);
            let (mut result, asked) = ran?;
            // A second answer to this worker's previous case.
            if let (Some(fault), Some(previous)) = (adapter.take_late_fault(), done.last_mut()) {
                blame_late(&mut previous.result, fault, level);
            }
            if crate::interrupt::pending().is_some() {
                return Ok(()); // cut short: the case did not finish
            }
            settle(&mut result, level, shared.expected);
            done.push(Done {
                index,
                result,
                asked,
            });
        }
    })();
    if ran.is_err() {
        shared.stop.store(true, Ordering::SeqCst);
    }
    adapter.finish();
    if let (Some(fault), Some(last)) = (adapter.take_late_fault(), done.last_mut()) {
        blame_late(&mut last.result, fault, level);
    }
    ran.map(|()| done)
}

/// Makes the pooled results of persistent processes what one process,
/// restarted after each fault, gives (`adapter::process::supervisor`): in
/// run order, a case asked after a fault needs a restart; once `max`
/// restarts are spent, every later case asked is skipped. A worker restarts
/// only after its own faults, so it never gives up before the one-process
/// run would; cases it ran that the one-process run skips become skipped,
/// and a failed restart's detail names the one-process run's restart
/// number. Returns the one-process run's restart count.
fn as_serial(done: &mut [Done], max: u32, level: u8, expected: &ExpectedFailures) -> u32 {
    let mut live = true;
    let mut restarts = 0u32;
    let mut gave_up = false;
    for d in done.iter_mut() {
        if d.asked == Asked::No {
            continue;
        }
        if !live {
            if gave_up || restarts >= max {
                gave_up = true;
                skip(&mut d.result, restarts, level, expected);
                continue;
            }
            restarts += 1;
            renumber_restart(&mut d.result, restarts);
        }
        live = d.asked == Asked::Answered;
    }
    restarts
}

/// The result of a case not run because the restart limit was reached, as
/// the supervisor words it.
fn skip(result: &mut CaseResult, restarts: u32, level: u8, expected: &ExpectedFailures) {
    result.outcome = super::fault_outcome(FaultKind::Skipped);
    result.actual_error_class = None;
    result.level1 = false;
    result.level2 = false;
    result.stderr = None;
    result.detail = Some(format!(
        "not run: the program failed and was restarted {restarts} times, the limit (--max-restarts)"
    ));
    settle(result, level, expected);
}

/// A failed restart's detail is `restart <n>: ...` (the supervisor's
/// count): `n` becomes the one-process run's count.
fn renumber_restart(result: &mut CaseResult, restarts: u32) {
    if result.outcome == Outcome::Accepted || result.outcome == Outcome::Rejected {
        return;
    }
    let Some(detail) = &result.detail else { return };
    let Some(rest) = detail.strip_prefix("restart ") else {
        return;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && rest[digits..].starts_with(": ") {
        result.detail = Some(format!("restart {restarts}{}", &rest[digits..]));
    }
}

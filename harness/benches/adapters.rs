//! Adapter benchmark: `cargo bench -p conformkit --bench adapters`.
//!
//! Runs the whole corpus (reader role) through
//! 1. the reference adapter, in-process, and reports the harness's own
//!    overhead per case (scratch copy, judging, bookkeeping: the run's wall
//!    time minus the time spent inside the reader) next to the reader's time;
//! 2. a process adapter in persistent mode and in one-process-per-case
//!    mode, and reports how many times faster persistent mode is;
//! 3. the same process adapter on two workers (`certify --jobs 2`: two
//!    persistent processes, `certify_pool`) against one (`--jobs 1`),
//!    timed in turns, with the same verdicts; target 1.7x on 2 cores. The
//!    load average is printed beside it (a busy machine leaves no second
//!    core). `CONFORMKIT_BENCH_JOBS_ONLY=1` runs only this part.
//!
//! Every figure is a ratio of times measured in this same run. The process
//! adapter is `$CONFORMKIT_BENCH_ADAPTER` (any `--adapter` command line),
//! by default the Python example adapter (`adapters/python`, every family),
//! or the harness's tiny Python test adapter without it. Runs per measurement:
//! `$CONFORMKIT_BENCH_RUNS` (default 20 in-process, a quarter of that for
//! processes, at least 2; the best run counts).

use conformkit::adapter::process::{Bounds, ProcessAdapter, Settings as ProcessSettings};
use conformkit::adapter::reference::ReferenceAdapter;
use conformkit::adapter::{Adapter, Mode, Role};
use conformkit::certify::{certify, certify_pool, select, Sandbox, Settings};
use conformkit::corpus::{default_root, fingerprint, load_corpus, Case};
use conformkit::expected::ExpectedFailures;
use conformkit::progress::Progress;
use conformkit::results::{CorpusRecord, RunOptions, RunResult};
use conformkit_reference::Limits;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The persistent-mode target the issue sets.
const TARGET_SPEEDUP: f64 = 10.0;

fn runs() -> usize {
    std::env::var("CONFORMKIT_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20)
        .max(2)
}

fn default_adapter() -> String {
    let python = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "python3".into());
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = manifest.join("../adapters/python/adapter.py");
    let script = if example.is_file() {
        example
    } else {
        manifest.join("tests/fixtures/adapters/tiny.py")
    };
    format!("'{python}' '{}'", script.display())
}

/// The jobs target the issue sets (2 workers against 1, on 2 cores).
const TARGET_JOBS_SPEEDUP: f64 = 1.7;

fn reader_settings() -> Settings {
    Settings {
        role: Role::Reader,
        level: 2,
        limits: Limits::default(),
    }
}

fn options() -> RunOptions {
    RunOptions {
        timeout_ms: None,
        max_response_bytes: None,
        max_restarts: None,
        expected_failures: None,
        stable: false,
    }
}

fn run_once(adapter: &mut dyn Adapter, cases: &[&Case], corpus: &CorpusRecord) -> RunResult {
    certify(
        adapter,
        cases,
        &reader_settings(),
        &ExpectedFailures::default(),
        corpus.clone(),
        options(),
        &mut Progress::hidden(),
    )
    .expect("the scratch directory works")
}

/// Wall time (starts and handshakes included) of one run on `jobs`
/// persistent processes, with its results.
fn time_jobs(
    command: &str,
    jobs: usize,
    cases: &[&Case],
    corpus: &CorpusRecord,
) -> (Duration, RunResult) {
    let start = std::time::Instant::now();
    let adapters: Vec<Box<dyn Adapter + Send>> = std::thread::scope(|s| {
        let started: Vec<_> = (0..jobs)
            .map(|_| s.spawn(|| ProcessAdapter::start(process_settings(command, Mode::Persistent))))
            .collect();
        started
            .into_iter()
            .map(|h| match h.join().expect("a start thread") {
                Ok(a) => Box::new(a) as Box<dyn Adapter + Send>,
                Err(e) => panic!("cannot start `{command}`: {} {:?}", e.message, e.stderr),
            })
            .collect()
    });
    let result = certify_pool(
        adapters,
        cases,
        &reader_settings(),
        &ExpectedFailures::default(),
        corpus.clone(),
        options(),
        &mut Progress::hidden(),
    )
    .expect("the scratch directory works");
    (start.elapsed(), result)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".to_string())
}

/// 3. Two workers against one, in turns; the best of each.
fn jobs_speedup(command: &str, rounds: usize, cases: &[&Case], corpus: &CorpusRecord) {
    let before = load_average();
    let (mut one, mut two) = (Duration::MAX, Duration::MAX);
    let mut verdicts = None;
    for _ in 0..rounds {
        let (t1, r1) = time_jobs(command, 1, cases, corpus);
        let (t2, r2) = time_jobs(command, 2, cases, corpus);
        assert_eq!(
            r1.summary, r2.summary,
            "--jobs 2 must give the verdicts of --jobs 1"
        );
        (one, two) = (one.min(t1), two.min(t2));
        verdicts = Some(r1.summary.total.level2_passed);
    }
    let speedup = ms(one) / ms(two);
    println!(
        "certify --jobs 2 against --jobs 1, `{command}`, {} cases ({} pass at level 2), best of {rounds} in turns; load average {before} before, {} after",
        cases.len(),
        verdicts.unwrap_or(0),
        load_average()
    );
    println!(
        "  --jobs 1: {:.1} ms, --jobs 2: {:.1} ms: {speedup:.2}x (target: at least {TARGET_JOBS_SPEEDUP}x on 2 free cores: {})",
        ms(one),
        ms(two),
        if speedup >= TARGET_JOBS_SPEEDUP { "met" } else { "NOT met" }
    );
}

fn process_settings(command: &str, mode: Mode) -> ProcessSettings {
    ProcessSettings {
        command: command.to_string(),
        mode,
        timeout: Duration::from_millis(ProcessSettings::DEFAULT_TIMEOUT_MS),
        startup_timeout: Duration::from_millis(ProcessSettings::DEFAULT_STARTUP_TIMEOUT_MS),
        max_restarts: ProcessSettings::DEFAULT_MAX_RESTARTS,
        bounds: Bounds {
            max_line_bytes: ProcessSettings::DEFAULT_MAX_RESPONSE_BYTES,
            max_stderr_bytes: ProcessSettings::DEFAULT_MAX_STDERR_BYTES,
        },
        shutdown_grace: ProcessSettings::SHUTDOWN_GRACE,
    }
}

/// Best wall time (start and handshake included) of `n` runs in `mode`,
/// with the last run's results.
fn time_process(
    command: &str,
    mode: Mode,
    n: usize,
    cases: &[&Case],
    corpus: &CorpusRecord,
) -> (Duration, RunResult) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..n {
        let start = std::time::Instant::now();
        let mut adapter = match ProcessAdapter::start(process_settings(command, mode)) {
            Ok(a) => a,
            Err(e) => panic!("cannot start `{command}`: {} {:?}", e.message, e.stderr),
        };
        let result = run_once(&mut adapter, cases, corpus);
        drop(adapter);
        best = best.min(start.elapsed());
        last = Some(result);
    }
    (best, last.expect("at least one run"))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let root = default_root();
    let all = load_corpus(&root).expect("the corpus loads");
    let cases = select(&all, &[], Role::Reader);
    let corpus = CorpusRecord {
        fingerprint: fingerprint(&all).expect("the corpus can be hashed"),
        cases: all.len(),
        selected: cases.len(),
        families: Vec::new(),
    };
    let n = runs();
    println!(
        "conformkit adapter bench: {} cases, corpus {}",
        cases.len(),
        corpus.fingerprint
    );
    let command = std::env::var("CONFORMKIT_BENCH_ADAPTER").unwrap_or_else(|_| default_adapter());
    let process_runs = (n / 4).max(2);
    if std::env::var("CONFORMKIT_BENCH_JOBS_ONLY").is_ok_and(|v| v == "1") {
        jobs_speedup(&command, process_runs, &cases, &corpus);
        return;
    }

    // 1. The reference adapter: harness overhead per case. Each round times
    // a whole run, then the read-only input copies alone (the same work the
    // run does per case before reading), so both see the same conditions.
    let mut best_total = Duration::MAX;
    let mut reader_at_best = 0.0;
    let mut best_copy = Duration::MAX;
    for _ in 0..n {
        let mut adapter = ReferenceAdapter::new(Limits::default());
        let start = std::time::Instant::now();
        let result = run_once(&mut adapter, &cases, &corpus);
        let total = start.elapsed();
        if total < best_total {
            best_total = total;
            reader_at_best = result.cases.iter().map(|c| c.duration_ms).sum::<f64>();
        }
        assert!(
            result.conformant(),
            "the reference adapter must pass every case"
        );

        let start = std::time::Instant::now();
        let mut sandbox = Sandbox::new().expect("a scratch directory");
        for case in &cases {
            let scratch = sandbox.scratch().expect("a scratch folder");
            scratch
                .readonly_copy(&case.input)
                .expect("the input copies");
        }
        drop(sandbox);
        best_copy = best_copy.min(start.elapsed());
    }
    let per_case = ms(best_total) / cases.len() as f64;
    let reader = reader_at_best / cases.len() as f64;
    let overhead = per_case - reader;
    let copy = ms(best_copy) / cases.len() as f64;
    println!(
        "reference adapter, best of {n}: {per_case:.4} ms per case = reader {reader:.4} ms + harness overhead {overhead:.4} ms ({:.1}x the reader's own time)",
        overhead / reader.max(f64::EPSILON)
    );
    println!(
        "  the read-only input copy alone (create, copy, remove): {copy:.4} ms per case, {:.0}% of the overhead",
        100.0 * copy / overhead.max(f64::EPSILON)
    );

    // 2. A process adapter, persistent vs one process per case.
    let (persistent, p_result) =
        time_process(&command, Mode::Persistent, process_runs, &cases, &corpus);
    let (per_case_time, c_result) =
        time_process(&command, Mode::PerCase, process_runs, &cases, &corpus);
    let imp = &p_result.implementation.implementation;
    let exercised = p_result.summary.total.supported;
    println!(
        "process adapter {} {} ({}): `{command}`, {exercised} cases it declares ({} pass at level 2)",
        imp.name, imp.version, imp.language, p_result.summary.total.level2_passed
    );
    assert_eq!(
        p_result.summary.total.level2_passed, c_result.summary.total.level2_passed,
        "both modes must give the same verdicts"
    );
    let per = |d: Duration| ms(d) / exercised.max(1) as f64;
    println!(
        "  persistent, best of {process_runs}: {:.1} ms ({:.3} ms per case)",
        ms(persistent),
        per(persistent)
    );
    println!(
        "  one process per case, best of {process_runs}: {:.1} ms ({:.3} ms per case)",
        ms(per_case_time),
        per(per_case_time)
    );
    let speedup = ms(per_case_time) / ms(persistent);
    println!(
        "  persistent mode is {speedup:.1}x faster than one process per case (target: at least {TARGET_SPEEDUP:.0}x: {})",
        if speedup >= TARGET_SPEEDUP { "met" } else { "NOT met" }
    );

    jobs_speedup(&command, process_runs, &cases, &corpus);
}

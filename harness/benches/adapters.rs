//! Adapter benchmark: `cargo bench -p conformkit --bench adapters`.
//!
//! Runs the whole corpus (reader role) through
//! 1. the reference adapter, in-process, and reports the harness's own
//!    overhead per case (scratch copy, judging, bookkeeping: the run's wall
//!    time minus the time spent inside the reader) next to the reader's time;
//! 2. a process adapter in persistent mode and in one-process-per-case
//!    mode, and reports how many times faster persistent mode is.
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
use conformkit::certify::{certify, select, Sandbox, Settings};
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

fn run_once(adapter: &mut dyn Adapter, cases: &[&Case], corpus: &CorpusRecord) -> RunResult {
    let settings = Settings {
        role: Role::Reader,
        level: 2,
        limits: Limits::default(),
    };
    certify(
        adapter,
        cases,
        &settings,
        &ExpectedFailures::default(),
        corpus.clone(),
        RunOptions {
            timeout_ms: None,
            max_response_bytes: None,
            max_restarts: None,
            expected_failures: None,
            stable: false,
        },
        &mut Progress::hidden(),
    )
    .expect("the scratch directory works")
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
    let command = std::env::var("CONFORMKIT_BENCH_ADAPTER").unwrap_or_else(|_| default_adapter());
    let process_runs = (n / 4).max(2);
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
}

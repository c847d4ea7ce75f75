//! Fuzzer throughput: `cargo bench -p conformkit --bench fuzz_adapter`.
//!
//! Against one process adapter (`$CONFORMKIT_BENCH_ADAPTER`, by default the
//! Python example adapter, every family, persistent mode) it measures, in
//! one run, certify's rate over the whole corpus as a reader (cases/s) and
//! a `conformkit fuzz` campaign's rate (adapter requests/s, shrinking
//! included), and prints the ratio fuzz/certify. The target: 0.8 or better,
//! i.e. the fuzzer's own work (mutating, materializing, the reference read,
//! judging) costs little next to the adapter's. Campaign length:
//! `$CONFORMKIT_BENCH_FUZZ_RUNS` iterations (default 2000), seed 1.

use conformkit::adapter::process::{Bounds, ProcessAdapter, Settings as ProcessSettings};
use conformkit::adapter::{Adapter, Mode, Role};
use conformkit::certify::{certify, select, Settings};
use conformkit::corpus::{default_root, fingerprint, load_corpus};
use conformkit::expected::ExpectedFailures;
use conformkit::fuzz::campaign::{self, Budget, Target};
use conformkit::fuzz::oracle::Oracle;
use conformkit::fuzz::seeds::seeds;
use conformkit::progress::Progress;
use conformkit::results::{CorpusRecord, RunOptions};
use conformkit_reference::{all_families, Limits};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const TARGET_RATIO: f64 = 0.8;

fn adapter_command() -> String {
    if let Ok(cmd) = std::env::var("CONFORMKIT_BENCH_ADAPTER") {
        return cmd;
    }
    let python = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "python3".into());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../adapters/python/adapter.py");
    format!("'{python}' '{}'", script.display())
}

fn start(command: &str) -> ProcessAdapter {
    let settings = ProcessSettings {
        command: command.to_string(),
        mode: Mode::Persistent,
        timeout: Duration::from_millis(ProcessSettings::DEFAULT_TIMEOUT_MS),
        startup_timeout: Duration::from_millis(ProcessSettings::DEFAULT_STARTUP_TIMEOUT_MS),
        max_restarts: 1000,
        bounds: Bounds {
            max_line_bytes: ProcessSettings::DEFAULT_MAX_RESPONSE_BYTES,
            max_stderr_bytes: ProcessSettings::DEFAULT_MAX_STDERR_BYTES,
        },
        shutdown_grace: ProcessSettings::SHUTDOWN_GRACE,
    };
    ProcessAdapter::start(settings)
        .unwrap_or_else(|e| panic!("cannot start `{command}`: {} {:?}", e.message, e.stderr))
}

fn main() {
    let command = adapter_command();
    let all = load_corpus(&default_root()).expect("the corpus loads");
    let cases = select(&all, &[], Role::Reader);
    let corpus = CorpusRecord {
        fingerprint: fingerprint(&all).expect("the corpus can be hashed"),
        cases: all.len(),
        selected: cases.len(),
        families: Vec::new(),
    };

    let mut adapter = start(&command);
    let t = Instant::now();
    let run = certify(
        &mut adapter,
        &cases,
        &Settings {
            role: Role::Reader,
            level: 2,
            limits: Limits::default(),
        },
        &ExpectedFailures::default(),
        corpus,
        RunOptions {
            timeout_ms: None,
            max_response_bytes: None,
            max_restarts: None,
            expected_failures: None,
            stable: false,
        },
        &mut Progress::hidden(),
    )
    .expect("certify runs");
    let certify_secs = t.elapsed().as_secs_f64();
    let certify_rate = run.cases.len() as f64 / certify_secs;

    let runs = std::env::var("CONFORMKIT_BENCH_FUZZ_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let mut adapter = start(&command);
    let caps = adapter.capabilities().clone();
    let targets: Vec<Target<'_>> = all_families()
        .iter()
        .filter(|f| caps.supports_family(f.info().id, f.info().version))
        .map(|f| Target {
            family: *f,
            seeds: seeds(&all, f.info().id, f.info().version, Role::Reader).expect("seeds load"),
        })
        .collect();
    let mut oracle = Oracle::new(&mut adapter, Limits::default(), 2).expect("scratch space");
    let budget = Budget {
        runs: Some(runs),
        time: None,
        shard: 1,
        shards: 1,
    };
    let outcome =
        campaign::run(&mut oracle, &targets, 1, &budget, &mut |_| {}).expect("the campaign runs");
    oracle.finish();
    let fuzz_rate = outcome.stats.execs_per_sec();
    let ratio = fuzz_rate / certify_rate;

    println!("conformkit fuzz bench: adapter {command}");
    println!(
        "certify: {} cases in {certify_secs:.2} s = {certify_rate:.0} cases/s",
        run.cases.len()
    );
    println!(
        "fuzz:    {} execs ({} iterations, {} unique disagreements) in {:.2} s = {fuzz_rate:.0} execs/s",
        outcome.stats.execs,
        outcome.stats.iterations,
        outcome.stats.unique,
        outcome.stats.elapsed_ms as f64 / 1000.0
    );
    println!(
        "ratio fuzz/certify: {ratio:.2}x (target {TARGET_RATIO}x or better: {})",
        if ratio >= TARGET_RATIO {
            "met"
        } else {
            "NOT met"
        }
    );
}

//! KV throughput: the reference DataGuard reader against `wc -l` on the same
//! file, in the same run.
//!
//! Run: `cargo bench -p conformkit-reference --bench kv_throughput`
//! (optional: `KV_BENCH_MIB=512` for a bigger file, `KV_BENCH_REPS=9`,
//! `KV_BENCH_HEADLINE_ONLY=1` for `wc -l` and the headline alone).
//!
//! It renders (with the reference writer) a valid DataGuard report of at
//! least 256 MiB, made mostly of `counts.field.<table>.<column>.<metric>`
//! counters, into `.bench/` (gitignored), reads it once to bring it into the
//! page cache, then times, in turns, each several times:
//!
//! - `wc -l` on the file (a process reading it from the page cache);
//! - the headline: validating the file from its path, as
//!   `conformkit check --validate-only` does (`Family::validate_path`:
//!   memory-mapped, cut across the cores, the typed reader's verdict
//!   without building the report);
//! - the same validation over bytes already in memory;
//! - reading the file into memory the way `check` does
//!   (`file_bytes::read_file_bounded` with raised limits);
//! - the KV grammar alone over those bytes, on one core;
//! - the typed DataGuard reader over those bytes, producing the full
//!   `DataGuardReport` with every counter (its storage, about the size of
//!   the input in fresh memory, is part of the time), and the same from the
//!   path (read + typed);
//! - once, `Family::read_path`: file to the normalized JSON model, all of
//!   what `conformkit check` without `--validate-only` does.
//!
//! - the whole process: this bench executable started again as a child
//!   that validates the file from its path and exits (what
//!   `conformkit check --validate-only` does, without the argument
//!   parsing and the printing), timed like `wc -l`: process start, map,
//!   validate on every core, unmap, exit; CPU time of the child.
//!
//! It prints, for each, the median over the repetitions of the wall-clock
//! throughput in MiB/s, its ratio to `wc -l`'s, and the median CPU time
//! (user + system, every thread; for `wc -l`, the child's). The targets are
//! a wall-clock ratio of at least 0.5 for the validation from the path and
//! of at least 0.6 for the whole process (PASS or FAIL on the last lines). Wall times move with the machine's load; the
//! load average is printed before and after, and the CPU times stay put.

use conformkit_reference::families::dataguard_report::validate::validate;
use conformkit_reference::families::dataguard_report::{
    Counters, DataGuardReport, DataGuardReportV1, Redaction, RedactionMode, SchemaSelection,
};
use conformkit_reference::family::Format;
use conformkit_reference::file_bytes::read_file_bounded;
use conformkit_reference::kv::pieces::Split;
use conformkit_reference::{family, file_bytes, kv, Input, Limits, Written};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const DOMAINS: [&str; 6] = [
    "accounts",
    "customers",
    "invoices",
    "orders",
    "payments",
    "shipments",
];
const COLUMNS: [&str; 12] = [
    "card_number",
    "date_of_birth",
    "email_address",
    "full_name",
    "iban",
    "ip_address",
    "national_id",
    "passport_number",
    "phone_number",
    "postal_code",
    "street_address",
    "tax_id",
];
const METRICS: [&str; 4] = ["masked", "matched", "rejected", "scanned"];

/// A deterministic pseudo-random sequence (64-bit LCG), so every run renders the same file.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 16
    }
}

/// A report with enough counters to render at least `min_bytes`.
fn report(min_bytes: u64) -> DataGuardReport {
    let mut rng = Lcg(0x5eed_da7a_9ad0_0001);
    let mut names = Vec::new();
    let mut bytes = 0u64;
    let mut table = 0u32;
    'outer: loop {
        for domain in DOMAINS {
            for column in COLUMNS {
                for (m, metric) in METRICS.iter().enumerate() {
                    let scanned = rng.next() % 2_000_000_000;
                    let value = if m == 3 {
                        scanned
                    } else {
                        scanned / (m as u64 + 3)
                    };
                    let name = format!("field.{domain}_{table:05}.{column}.{metric}");
                    bytes += (name.len() + 8 + 1 + value.to_string().len()) as u64;
                    names.push((name, value));
                }
            }
        }
        table += 1;
        if bytes >= min_bytes {
            break 'outer;
        }
    }
    DataGuardReport {
        version: 1,
        kind: "dataguard".to_string(),
        registry_root: "/srv/dataguard/registry".to_string(),
        codec_id: 4242,
        schema: Some(SchemaSelection {
            id: "customer_events".to_string(),
            version: 7,
        }),
        redaction: Some(Redaction {
            mode: RedactionMode::Mask,
            rules: 48,
        }),
        cost: None,
        counts: names.into_iter().collect::<Counters>(),
    }
}

/// One measurement: wall time and CPU time (user + system).
#[derive(Clone, Copy)]
struct Sample {
    wall: Duration,
    cpu: Duration,
}

/// CPU time so far of this process (every thread) or of its waited-for
/// children.
fn cpu_time(who: libc::c_int) -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(who, &mut usage);
        usage
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// Times `f`, adding the sample to `into`; `who` says whose CPU time counts
/// (`RUSAGE_SELF`, or `RUSAGE_CHILDREN` for a command it runs and waits for).
fn time<T>(into: &mut Vec<Sample>, who: libc::c_int, f: impl FnOnce() -> T) -> T {
    let (t, c) = (Instant::now(), cpu_time(who));
    let out = f();
    into.push(Sample {
        wall: t.elapsed(),
        cpu: cpu_time(who) - c,
    });
    out
}

/// The median sample by wall time, and the median CPU time.
fn median(v: &[Sample]) -> Sample {
    let mut wall: Vec<Duration> = v.iter().map(|s| s.wall).collect();
    let mut cpu: Vec<Duration> = v.iter().map(|s| s.cpu).collect();
    wall.sort();
    cpu.sort();
    Sample {
        wall: wall[wall.len() / 2],
        cpu: cpu[cpu.len() / 2],
    }
}

fn mibs(bytes: u64, d: Duration) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / d.as_secs_f64()
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".to_string())
}

fn bench_file(mib: u64) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.bench");
    std::fs::create_dir_all(&dir).expect("create .bench/");
    // The suffix names the generator version: change it when `report` changes.
    let path = dir.join(format!("dataguard_report_v1_{mib}mib_g1.kv"));
    if !path.is_file() {
        eprintln!("rendering {} ...", path.display());
        let doc = report(mib * 1024 * 1024);
        let Written::File(bytes) = DataGuardReportV1::write(&doc).expect("document renders") else {
            unreachable!("a KV family writes one file")
        };
        let tmp = path.with_extension("kv.tmp");
        std::fs::write(&tmp, &bytes).expect("write bench file");
        std::fs::rename(&tmp, &path).expect("rename bench file");
    }
    path
}

/// Set in the child: validate the file at this path, exit 0 when valid.
const CHILD_ENV: &str = "KV_BENCH_VALIDATE";

/// The whole-process child: what `check --validate-only` does.
fn child(path: &Path) -> ! {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let limits = Limits {
        max_file_bytes: size + 1,
        ..Limits::default()
    };
    let fam = family("dataguard_report", Some("v1")).expect("registered");
    let valid = fam.validate_path(path, &limits).is_ok();
    std::process::exit(if valid { 0 } else { 1 })
}

fn main() {
    if let Some(path) = std::env::var_os(CHILD_ENV) {
        child(Path::new(&path));
    }
    let mib: u64 = std::env::var("KV_BENCH_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    let reps: usize = std::env::var("KV_BENCH_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    // Only `wc -l` and the headline, a few seconds in all (to measure in
    // the short spells when a shared machine's cores are free).
    let headline_only = std::env::var("KV_BENCH_HEADLINE_ONLY").is_ok_and(|v| v == "1");
    let path = bench_file(mib);
    let size = std::fs::metadata(&path).expect("bench file").len();
    let limits = Limits {
        max_file_bytes: size + 1,
        ..Limits::default()
    };
    let fam = family("dataguard_report", Some("v1")).expect("registered");

    // Warm the page cache, and learn the line count.
    let probe = read_file_bounded(&path, &limits).expect("read bench file");
    let lines = memchr::memchr_iter(b'\n', &probe).count() as u64;
    drop(probe);
    let mapped = file_bytes::open(&path, &limits).expect("open").is_mapped();
    println!(
        "file: {} ({:.1} MiB, {lines} lines, {:.1} bytes a line)",
        path.display(),
        size as f64 / 1048576.0,
        size as f64 / lines as f64
    );
    let split = Split::for_len(size as usize);
    println!(
        "validation: {} pieces on {} threads ({} cores), file {}; load average {}",
        split.pieces,
        split.threads,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        if mapped { "memory-mapped" } else { "read" },
        load_average()
    );

    let (me, children) = (libc::RUSAGE_SELF, libc::RUSAGE_CHILDREN);
    let [mut wc, mut valid_path, mut valid_mem, mut read, mut grammar, mut typed, mut process] =
        std::array::from_fn(|_| Vec::with_capacity(reps));
    let me_exe = std::env::current_exe().expect("bench executable");
    for _ in 0..reps {
        let out = time(&mut wc, children, || {
            Command::new("wc")
                .arg("-l")
                .arg(&path)
                .output()
                .expect("run wc -l")
        });
        let counted: u64 = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .expect("wc -l prints a count");
        assert_eq!(counted, lines, "wc -l disagrees on the line count");

        let summary =
            time(&mut valid_path, me, || fam.validate_path(&path, &limits)).expect("valid report");
        assert_eq!(summary.get("lines"), Some(lines));

        let status = time(&mut process, children, || {
            Command::new(&me_exe)
                .env(CHILD_ENV, &path)
                .status()
                .expect("run the validating child")
        });
        assert!(status.success(), "the child found the file invalid");
        if headline_only {
            continue;
        }

        let bytes = time(&mut read, me, || read_file_bounded(&path, &limits)).expect("read");

        let summary = time(&mut valid_mem, me, || validate(&bytes, &limits)).expect("valid");
        assert_eq!(summary.get("lines"), Some(lines));

        let pairs = time(&mut grammar, me, || {
            let mut pairs = 0u64;
            for line in kv::parse(&bytes, &limits).expect("valid text") {
                line.expect("valid line");
                pairs += 1;
            }
            pairs
        });
        assert_eq!(pairs, lines);

        let doc = time(&mut typed, me, || {
            DataGuardReportV1::read(Input::Bytes(&bytes), &limits)
        })
        .expect("valid report");
        assert_eq!(doc.counts.len() as u64 + 8, lines);
        drop(doc);
    }

    let mut full = Vec::new();
    if !headline_only {
        let model = time(&mut full, me, || fam.read_path(&path, &limits)).expect("valid report");
        drop(model);
    }

    let wc = median(&wc);
    println!("median of {reps} runs; load average now {}", load_average());
    println!(
        "  {:<52} {:>6}  {:>5}  {:>7}",
        "", "MiB/s", "x wc", "CPU ms"
    );
    let row = |name: &str, s: Sample| {
        println!(
            "  {name:<52} {:>6.0}  {:>5.2}  {:>7.0}",
            mibs(size, s.wall),
            wc.wall.as_secs_f64() / s.wall.as_secs_f64(),
            s.cpu.as_secs_f64() * 1000.0
        )
    };
    row("wc -l", wc);
    let headline = median(&valid_path);
    row("validate from the path (check --validate-only)", headline);
    let whole = median(&process);
    row("whole process: start, validate from the path, exit", whole);
    if !headline_only {
        secondary(&row, [valid_mem, read, grammar, typed], full[0]);
    }
    let ratio = wc.wall.as_secs_f64() / headline.wall.as_secs_f64();
    println!(
        "validate from the path / wc -l (wall): {ratio:.2} (target >= 0.50): {}",
        if ratio >= 0.5 { "PASS" } else { "FAIL" }
    );
    let ratio = wc.wall.as_secs_f64() / whole.wall.as_secs_f64();
    println!(
        "whole process / wc -l (wall): {ratio:.2} (target >= 0.60): {}; CPU time {:.0} ms against {:.0} ms",
        if ratio >= 0.6 { "PASS" } else { "FAIL" },
        whole.cpu.as_secs_f64() * 1000.0,
        wc.cpu.as_secs_f64() * 1000.0
    );
}

/// The secondary figures: validation in memory, reading, the grammar alone
/// and the typed report.
fn secondary(row: &dyn Fn(&str, Sample), samples: [Vec<Sample>; 4], full: Sample) {
    let [valid_mem, read, grammar, typed] = samples;
    let (read, typed) = (median(&read), median(&typed));
    row("validate in memory", median(&valid_mem));
    row("read file into memory (read_file_bounded)", read);
    row("KV grammar only (in memory, one core)", median(&grammar));
    row("typed report (in memory, one core)", typed);
    let both = Sample {
        wall: read.wall + typed.wall,
        cpu: read.cpu + typed.cpu,
    };
    row("typed report from the path (read + typed)", both);
    row("Family::read_path to the JSON model (1 run)", full);
}

//! KV throughput: the reference DataGuard reader against `wc -l` on the same
//! file, in the same run.
//!
//! Run: `cargo bench -p conformkit-reference --bench kv_throughput`
//! (optional: `KV_BENCH_MIB=512` for a bigger file, `KV_BENCH_REPS=9`).
//!
//! It renders (with the reference writer) a valid DataGuard report of at
//! least 256 MiB, made mostly of `counts.field.<table>.<column>.<metric>`
//! counters, into `.bench/` (gitignored), then times, each several times:
//!
//! - `wc -l` on the file (a process reading it from the page cache);
//! - reading the file into memory the way `check` does
//!   (`registry::read_file_bounded` with raised limits);
//! - the KV grammar alone over those bytes (UTF-8, lines, keys, duplicates);
//! - the reference parser: the typed DataGuard reader over those bytes,
//!   producing the full `DataGuardReport` with every counter (its storage,
//!   about the size of the input in fresh memory, is part of the time);
//! - once, `Family::read_path`: file to the normalized JSON model, all of
//!   what `conformkit check` does.
//!
//! It prints MiB/s for each (median of the repetitions) and the ratio of the
//! parser to `wc -l`; the target is at least 0.5.

use conformkit_reference::families::dataguard_report::{
    Counters, DataGuardReport, DataGuardReportV1, Redaction, RedactionMode, SchemaSelection,
};
use conformkit_reference::registry::{read_file_bounded, Format};
use conformkit_reference::{family, kv, Input, Limits, Written};
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

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn mibs(bytes: u64, d: Duration) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / d.as_secs_f64()
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

fn main() {
    let mib: u64 = std::env::var("KV_BENCH_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    let reps: usize = std::env::var("KV_BENCH_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let path = bench_file(mib);
    let size = std::fs::metadata(&path).expect("bench file").len();
    let limits = Limits {
        max_file_bytes: size + 1,
        ..Limits::default()
    };

    // Warm the page cache, and learn the line count.
    let probe = read_file_bounded(&path, &limits).expect("read bench file");
    let lines = memchr::memchr_iter(b'\n', &probe).count() as u64;
    drop(probe);
    println!(
        "file: {} ({:.1} MiB, {lines} lines, {:.1} bytes a line)",
        path.display(),
        size as f64 / 1048576.0,
        size as f64 / lines as f64
    );

    let mut wc = Vec::new();
    let mut read = Vec::new();
    let mut grammar = Vec::new();
    let mut parser = Vec::new();
    for _ in 0..reps {
        let t = Instant::now();
        let out = Command::new("wc")
            .arg("-l")
            .arg(&path)
            .output()
            .expect("run wc -l");
        wc.push(t.elapsed());
        let counted: u64 = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .expect("wc -l prints a count");
        assert_eq!(counted, lines, "wc -l disagrees on the line count");

        let t = Instant::now();
        let bytes = read_file_bounded(&path, &limits).expect("read");
        read.push(t.elapsed());

        let t = Instant::now();
        let mut pairs = 0u64;
        for line in kv::parse(&bytes, &limits).expect("valid text") {
            line.expect("valid line");
            pairs += 1;
        }
        grammar.push(t.elapsed());
        assert_eq!(pairs, lines);

        let t = Instant::now();
        let doc = DataGuardReportV1::read(Input::Bytes(&bytes), &limits).expect("valid report");
        parser.push(t.elapsed());
        assert_eq!(doc.counts.len() as u64 + 8, lines);
        drop(doc);
    }

    let fam = family("dataguard_report", Some("v1")).expect("registered");
    let t = Instant::now();
    let model = fam.read_path(&path, &limits).expect("valid report");
    let full = t.elapsed();
    drop(model);

    let (wc, read, grammar, parser) = (median(wc), median(read), median(grammar), median(parser));
    println!("median of {reps} runs, MiB/s:");
    println!(
        "  wc -l                                  {:>8.0}",
        mibs(size, wc)
    );
    println!(
        "  read file into memory (read_file_bounded) {:>5.0}",
        mibs(size, read)
    );
    println!(
        "  KV grammar only (in memory)            {:>8.0}",
        mibs(size, grammar)
    );
    println!(
        "  reference parser: typed report (in memory) {:>4.0}",
        mibs(size, parser)
    );
    println!(
        "  read + typed report                    {:>8.0}",
        mibs(size, read + parser)
    );
    println!(
        "  Family::read_path to the JSON model (1 run) {:>3.0}",
        mibs(size, full)
    );
    let ratio = wc.as_secs_f64() / parser.as_secs_f64();
    let ratio_grammar = wc.as_secs_f64() / grammar.as_secs_f64();
    let verdict = |r: f64| if r >= 0.5 { "met" } else { "NOT met" };
    println!(
        "ratio typed parser / wc -l: {ratio:.2} (target >= 0.5: {})",
        verdict(ratio)
    );
    println!(
        "ratio KV grammar / wc -l:   {ratio_grammar:.2} (target >= 0.5: {})",
        verdict(ratio_grammar)
    );
}

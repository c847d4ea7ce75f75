//! Benchmark: offline verification (`verify-runpack`) of generated
//! runpacks, each figure against a baseline measured in the same run, with
//! the verifier's peak resident memory:
//!
//! 1. a multi-file runpack of at least 1 GiB (one artifact is half of it,
//!    so memory that grew with file size would show; eight more share the
//!    rest): `sha256sum` and `openssl dgst -sha256` over the same files,
//!    the one-file-at-a-time verifier (`--jobs 1`) and the pooled one (the
//!    default, one thread per core). Targets: pooled >= 1.8x the
//!    one-at-a-time path on 2 cores, pooled >= 0.90 of `sha256sum`;
//! 2. a runpack of one large artifact (half the size): the verifier against
//!    `openssl dgst -sha256` on the file. Target: no slower (>= 1.00);
//! 3. a runpack of 100 000 small files (256 bytes each, in 100 folders):
//!    files/s of both paths, and, measured in this process on the
//!    one-at-a-time path, how the time splits between the file system
//!    (opening beneath the root, reading) and hashing;
//! 4. peak RSS of every verifier run: target < 64 MiB for runpacks 1 and 2
//!    and, with the command line's default limits, for a runpack of as many
//!    small files as they accept (10 000); runpack 3 is ten times that cap
//!    (run with the limits raised) and its manifest, about 36 MB of JSON, is
//!    parsed whole: its figure is printed, not held to the target.
//!
//! `cargo bench -p conformkit --bench runpack_verify`. Environment:
//! `RUNPACK_BENCH_MIB` (size of runpack 1, default 1024),
//! `RUNPACK_BENCH_SMALL_FILES` (default 100000, 0 skips part 3),
//! `RUNPACK_BENCH_RUNS` (default 3, the best counts). The runpacks are
//! generated under `.bench/` (gitignored) and kept for the next run. The
//! load average is printed before and after: on a machine whose other core
//! is busy the parallel figures fall. The process exits 1 when a target is
//! missed.
//!
//! The verifier runs as a child process executing `conformkit::cli::main`,
//! the very function the `conformkit` binary's `main` is, with the arguments
//! `verify-runpack <dir> --max-file-bytes ... --max-files ...
//! --max-json-memory ... [--jobs 1]`: this bench re-executes itself for it
//! (CHILD_ENV set), so it measures the command line's code without
//! depending on which `conformkit` binary sits in a shared target directory.

use conformkit_reference::runpack::digest::{sha256_hex, CHUNK};
use conformkit_reference::runpack::fields::{HashDigest, Timestamp};
use conformkit_reference::runpack::jcs::canonical_bytes;
use conformkit_reference::runpack::manifest::{Artifact, FileHash, Integrity, Manifest};
use conformkit_reference::runpack::paths::{canonical_root, open_listed, open_root};
use conformkit_reference::runpack::writer::root_hash;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MIB: u64 = 1 << 20;
/// Set in the child: run the command line with the child's arguments.
const CHILD_ENV: &str = "CONFORMKIT_BENCH_CLI";
const SMALL_BYTES: u64 = 256;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".to_string())
}

fn main() {
    if std::env::var_os(CHILD_ENV).is_some() {
        std::process::exit(match conformkit::cli::main() {
            c if c == std::process::ExitCode::SUCCESS => 0,
            _ => 1,
        });
    }
    let total_mib = env_or("RUNPACK_BENCH_MIB", 1024);
    let small_files = env_or("RUNPACK_BENCH_SMALL_FILES", 100_000);
    let runs = env_or("RUNPACK_BENCH_RUNS", 3).max(1) as usize;
    let bench = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.bench");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{cores} cores; load average {} at the start",
        load_average()
    );
    let mut missed = Vec::new();
    let mut peak_kib = 0;

    // 1. Multi-file runpack.
    let big = total_mib / 2;
    let mut sizes = vec![(
        "evidence/evidence_log.json".to_string(),
        "evidence_log",
        big * MIB,
    )];
    let rest = total_mib - big;
    for i in 0..8u64 {
        let share = rest / 8 + u64::from(i < rest % 8);
        sizes.push((format!("logs/log_{i}.json"), "custom", share * MIB));
    }
    let dir = bench.join("runpack");
    let (files, bytes) = generate(&dir, &sizes);
    println!(
        "\n1. multi-file runpack: {} files, {:.1} MiB in {}",
        files.len(),
        bytes as f64 / MIB as f64,
        dir.display()
    );
    run_tool("sha256sum", &[], &dir, &files); // warm the page cache
    let openssl = run_tool("openssl", &["dgst", "-sha256"], &dir, &files).is_some();
    let [mut sum, mut ssl, mut serial, mut pooled] = [(); 4].map(|()| Best::default());
    for _ in 0..runs {
        sum.add(run_tool("sha256sum", &[], &dir, &files).expect("sha256sum runs"));
        if openssl {
            ssl.add(run_tool("openssl", &["dgst", "-sha256"], &dir, &files).expect("openssl runs"));
        }
        serial.add(run_verifier(&dir, files.len(), Some(1), &mut peak_kib));
        pooled.add(run_verifier(&dir, files.len(), None, &mut peak_kib));
    }
    let rate = |d: Duration| bytes as f64 / MIB as f64 / d.as_secs_f64();
    let line = |name: &str, b: &Best| {
        println!(
            "  {name:<28} wall {:>7.3} s {:>8.1} MiB/s | cpu {:>7.3} s (best of {runs})",
            b.wall.as_secs_f64(),
            rate(b.wall),
            b.cpu.as_secs_f64(),
        )
    };
    line("sha256sum", &sum);
    if openssl {
        line("openssl dgst -sha256", &ssl);
    }
    line("verify-runpack --jobs 1", &serial);
    line(&format!("verify-runpack ({cores} jobs)"), &pooled);
    let speedup = serial.wall.as_secs_f64() / pooled.wall.as_secs_f64();
    target(&mut missed, "pooled / one at a time (wall)", speedup, 1.8);
    let vs_sum = sum.wall.as_secs_f64() / pooled.wall.as_secs_f64();
    target(
        &mut missed,
        "pooled / sha256sum throughput (wall)",
        vs_sum,
        0.9,
    );
    let multi_peak = peak_kib;

    // 2. One large file.
    let one = vec![(
        "evidence/one_large.json".to_string(),
        "evidence_log",
        big * MIB,
    )];
    let dir = bench.join("runpack-one-large");
    let (files, bytes) = generate(&dir, &one);
    println!(
        "\n2. one-large-file runpack: {:.1} MiB in {}",
        bytes as f64 / MIB as f64,
        dir.display()
    );
    let large: Vec<String> = files
        .iter()
        .filter(|f| f.contains("one_large"))
        .cloned()
        .collect();
    let tool = if openssl {
        ("openssl", &["dgst", "-sha256"][..])
    } else {
        ("sha256sum", &[][..])
    };
    run_tool(tool.0, tool.1, &dir, &large);
    let [mut base, mut serial, mut pooled] = [(); 3].map(|()| Best::default());
    for _ in 0..runs {
        base.add(run_tool(tool.0, tool.1, &dir, &large).expect("the baseline runs"));
        serial.add(run_verifier(&dir, files.len(), Some(1), &mut peak_kib));
        pooled.add(run_verifier(&dir, files.len(), None, &mut peak_kib));
    }
    let rate = |d: Duration| bytes as f64 / MIB as f64 / d.as_secs_f64();
    let line = |name: &str, b: &Best| {
        println!(
            "  {name:<28} wall {:>7.3} s {:>8.1} MiB/s | cpu {:>7.3} s (best of {runs})",
            b.wall.as_secs_f64(),
            rate(b.wall),
            b.cpu.as_secs_f64(),
        )
    };
    line(tool.0, &base);
    line("verify-runpack --jobs 1", &serial);
    line(&format!("verify-runpack ({cores} jobs)"), &pooled);
    let ratio = base.wall.as_secs_f64() / pooled.wall.as_secs_f64();
    target(
        &mut missed,
        &format!("verify-runpack / {} throughput (wall)", tool.0),
        ratio,
        1.0,
    );
    let big_peak = peak_kib.max(multi_peak);

    // 3. Many small files.
    if small_files > 0 {
        small(&bench, small_files as usize, runs, &mut peak_kib);
    }

    // 4. Memory, the largest runpack the default limits accept included.
    let at_cap = at_default_limits(&bench, runs);
    let mib = |kib: i64| kib as f64 / 1024.0;
    println!(
        "\n4. peak RSS of verify-runpack: {:.1} MiB on runpacks 1 and 2, {:.1} MiB on {} files at the default limits, {:.1} MiB over every run",
        mib(big_peak),
        mib(at_cap),
        VerifierLimits::DEFAULT_FILES,
        mib(peak_kib.max(at_cap))
    );
    for (what, kib) in [
        ("runpacks 1 and 2", big_peak),
        ("the default limits", at_cap),
    ] {
        if mib(kib) >= 64.0 {
            missed.push(format!(
                "peak RSS {:.1} MiB on {what} (target < 64 MiB)",
                mib(kib)
            ));
        }
    }
    println!("load average {} at the end", load_average());
    if !missed.is_empty() {
        println!("TARGET MISSED: {}", missed.join("; "));
        std::process::exit(1);
    }
    println!("targets met");
}

/// Prints `name: value (target >= at least)`; notes a miss.
fn target(missed: &mut Vec<String>, name: &str, value: f64, at_least: f64) {
    let met = value >= at_least;
    println!(
        "  {name}: {value:.2} (target >= {at_least:.2}: {})",
        if met { "met" } else { "MISSED" }
    );
    if !met {
        missed.push(format!("{name} {value:.2} < {at_least:.2}"));
    }
}

impl VerifierLimits {
    /// The command line's default `--max-files`.
    const DEFAULT_FILES: usize = conformkit_reference::Limits::DEFAULT_MAX_FILES;
}

/// Peak RSS (KiB) of the default-limits verifier, pooled and one at a time,
/// on a runpack of as many small files as those limits accept.
fn at_default_limits(bench: &Path, runs: usize) -> i64 {
    let count = VerifierLimits::DEFAULT_FILES - 1; // and the scenario spec
    let dir = bench.join(format!("runpack-small-{count}"));
    let files = generate_small(&dir, count);
    let mut peak = 0;
    for _ in 0..runs {
        for jobs in [Some(1), None] {
            run_verifier_limits(&dir, files.len(), jobs, &mut peak, VerifierLimits::Default);
        }
    }
    peak
}

/// Part 3: `count` small files, both paths as whole processes, then the
/// one-at-a-time path's split in this process.
fn small(bench: &Path, count: usize, runs: usize, peak_kib: &mut i64) {
    let dir = bench.join(format!("runpack-small-{count}"));
    let files = generate_small(&dir, count);
    println!(
        "\n3. small-file runpack: {} files of {SMALL_BYTES} bytes in {}",
        files.len(),
        dir.display()
    );
    let mut peak = 0;
    let _ = run_verifier(&dir, files.len(), Some(1), &mut peak); // warm the caches
    let (mut serial, mut pooled) = (Best::default(), Best::default());
    for _ in 0..runs {
        serial.add(run_verifier(&dir, files.len(), Some(1), &mut peak));
        pooled.add(run_verifier(&dir, files.len(), None, &mut peak));
    }
    let per_s = |d: Duration| files.len() as f64 / d.as_secs_f64();
    for (name, b) in [("--jobs 1", &serial), ("pooled (default)", &pooled)] {
        println!(
            "  verify-runpack {name:<17} wall {:>7.3} s {:>9.0} files/s | cpu {:>7.3} s (best of {runs})",
            b.wall.as_secs_f64(),
            per_s(b.wall),
            b.cpu.as_secs_f64()
        );
    }
    println!(
        "  pooled / one at a time (wall): {:.2}; peak RSS {:.1} MiB (the parsed manifest of {} entries)",
        serial.wall.as_secs_f64() / pooled.wall.as_secs_f64(),
        peak as f64 / 1024.0,
        files.len()
    );
    *peak_kib = (*peak_kib).max(peak);
    // The split, in this process, one file at a time: open beneath the root
    // and read (no hashing), then hash the same bytes already in memory.
    let root = open_root(&canonical_root(&dir).expect("root")).expect("root opens");
    let mut buf = vec![0u8; CHUNK];
    let mut contents = Vec::with_capacity(files.len());
    let start = Instant::now();
    for f in &files {
        let (mut file, _) = open_listed(&root, f).expect("a listed file opens");
        let n = std::io::Read::read(&mut file, &mut buf).expect("read");
        contents.push(buf[..n].to_vec());
    }
    let fs = start.elapsed();
    let start = Instant::now();
    let mut check = 0u8;
    for c in &contents {
        check ^= Sha256::digest(c)[0];
    }
    let hashing = start.elapsed();
    std::hint::black_box(check);
    let whole = serial.wall.as_secs_f64();
    println!(
        "  one at a time, split (in this process): file system (open beneath the root, fstat, read) {:.0} ms, hashing {:.0} ms; the rest of the {:.0} ms run (process, manifest, report) {:.0} ms",
        fs.as_secs_f64() * 1000.0,
        hashing.as_secs_f64() * 1000.0,
        whole * 1000.0,
        (whole - fs.as_secs_f64() - hashing.as_secs_f64()) * 1000.0
    );
}

/// Writes a runpack of a scenario spec and artifacts of the given paths,
/// kinds and sizes (unless the same one is already there); returns the
/// listed paths and the artifact bytes.
fn generate(dir: &Path, sizes: &[(String, &str, u64)]) -> (Vec<String>, u64) {
    let stamp = dir.join(".size");
    let want = format!("{sizes:?}");
    let spec_path = "scenario_spec.json".to_string();
    let mut listed = vec![spec_path.clone()];
    listed.extend(sizes.iter().map(|(p, _, _)| p.clone()));
    let bytes: u64 = sizes.iter().map(|(_, _, n)| n).sum();
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(want.as_str()) {
        return (listed, bytes);
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("bench dir");
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let entries = sizes
        .iter()
        .map(|(path, kind, size)| {
            let hash = HashDigest::sha256(write_artifact(&dir.join(path), *size, &mut seed));
            (path.clone(), kind.to_string(), hash)
        })
        .collect();
    write_manifest(dir, entries);
    std::fs::write(&stamp, want).expect("stamp");
    (listed, bytes)
}

/// A runpack of `count` files of [`SMALL_BYTES`] in 100 folders; returns
/// the listed paths (the scenario spec first).
fn generate_small(dir: &Path, count: usize) -> Vec<String> {
    let stamp = dir.join(".size");
    let want = format!("{count} x {SMALL_BYTES}");
    let paths: Vec<String> = (0..count)
        .map(|i| format!("d{:02}/f{i:06}.json", i % 100))
        .collect();
    let mut listed = vec!["scenario_spec.json".to_string()];
    listed.extend(paths.iter().cloned());
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(want.as_str()) {
        return listed;
    }
    let _ = std::fs::remove_dir_all(dir);
    for d in 0..100.min(count) {
        std::fs::create_dir_all(dir.join(format!("d{d:02}"))).expect("bench dir");
    }
    let entries = paths
        .iter()
        .map(|path| {
            // `["<hex of the path, padded>"]`, exactly SMALL_BYTES long.
            let body = format!(
                "{:a<width$}",
                sha256_hex(path.as_bytes()),
                width = SMALL_BYTES as usize - 4
            );
            let bytes = format!("[\"{body}\"]");
            std::fs::write(dir.join(path), &bytes).expect("write");
            let hash = HashDigest::sha256(sha256_hex(bytes.as_bytes()));
            (path.clone(), "custom".to_string(), hash)
        })
        .collect();
    write_manifest(dir, entries);
    std::fs::write(&stamp, want).expect("stamp");
    listed
}

/// Writes the scenario spec and the JCS manifest listing it and `entries`
/// (path, kind, hash).
fn write_manifest(dir: &Path, entries: Vec<(String, String, HashDigest)>) {
    let spec_path = "scenario_spec.json";
    let spec =
        canonical_bytes(&serde_json::json!({"scenario_id": "bench", "gates": []})).expect("spec");
    std::fs::write(dir.join(spec_path), &spec).expect("write spec");
    let spec_hash = HashDigest::sha256(sha256_hex(&spec));
    let mut file_hashes = vec![FileHash {
        path: spec_path.to_string(),
        hash: spec_hash.clone(),
    }];
    let mut artifacts = vec![artifact("scenario_spec", spec_path, spec_hash.clone())];
    for (path, kind, hash) in entries {
        artifacts.push(artifact(&kind, &path, hash.clone()));
        file_hashes.push(FileHash { path, hash });
    }
    let manifest = Manifest {
        anchor_policy: None,
        artifacts,
        generated_at: Timestamp {
            kind: "logical".into(),
            value: 1,
        },
        hash_algorithm: "sha256".into(),
        integrity: Integrity {
            root_hash: root_hash(&file_hashes),
            file_hashes,
        },
        manifest_version: "v1".into(),
        namespace_id: 1,
        run_id: "bench".into(),
        scenario_id: "bench".into(),
        security: None,
        spec_hash,
        tenant_id: 1,
        verifier_mode: "offline_strict".into(),
    };
    let value = serde_json::to_value(&manifest).expect("manifest value");
    std::fs::write(
        dir.join("manifest.json"),
        canonical_bytes(&value).expect("manifest"),
    )
    .expect("write manifest");
}

fn artifact(kind: &str, path: &str, hash: HashDigest) -> Artifact {
    Artifact {
        artifact_id: path.replace(['/', '.'], "_"),
        content_type: Some("application/json".into()),
        hash,
        kind: kind.into(),
        path: path.into(),
        required: true,
    }
}

/// A JCS array of ASCII strings, exactly `size` bytes, written and hashed
/// in 1 MiB pieces.
fn write_artifact(path: &Path, size: u64, seed: &mut u64) -> String {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
    let mut out =
        std::io::BufWriter::with_capacity(CHUNK, std::fs::File::create(path).expect("create"));
    let mut hasher = Sha256::new();
    let mut put = |b: &[u8]| {
        hasher.update(b);
        out.write_all(b).expect("write");
    };
    put(b"[\"");
    let mut left = size - 4; // `["` and `"]`
    let mut buf = vec![0u8; CHUNK];
    while left > 0 {
        let n = left.min(CHUNK as u64) as usize;
        for b in &mut buf[..n] {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            *b = b"abcdefghijklmnopqrstuvwxyz012345"[(*seed & 31) as usize];
        }
        put(&buf[..n]);
        left -= n as u64;
    }
    put(b"\"]");
    out.flush().expect("flush");
    hex_of(hasher)
}

fn hex_of(h: Sha256) -> String {
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// One timed child run.
struct Run {
    wall: Duration,
    cpu: Duration,
    max_rss_kib: i64,
}

/// The best wall and CPU times seen.
struct Best {
    wall: Duration,
    cpu: Duration,
}

impl Default for Best {
    fn default() -> Best {
        Best {
            wall: Duration::MAX,
            cpu: Duration::MAX,
        }
    }
}

impl Best {
    fn add(&mut self, run: Run) {
        self.wall = self.wall.min(run.wall);
        self.cpu = self.cpu.min(run.cpu);
    }
}

/// Runs `program args files...` in `dir`; `None` when it is not installed.
fn run_tool(program: &str, args: &[&str], dir: &Path, files: &[String]) -> Option<Run> {
    let mut cmd = Command::new(program);
    cmd.current_dir(dir)
        .args(args)
        .args(files)
        .stdout(Stdio::null());
    let (run, ok) = timed(cmd)?;
    assert!(ok, "{program} failed");
    Some(run)
}

/// One `verify-runpack` run (`--jobs` as given, else the default), which
/// must pass over `listed` files; raises `peak_kib` to its peak RSS.
fn run_verifier(dir: &Path, listed: usize, jobs: Option<u16>, peak_kib: &mut i64) -> Run {
    run_verifier_limits(dir, listed, jobs, peak_kib, VerifierLimits::Raised)
}

/// Which limits a verifier run is given.
#[derive(Clone, Copy, PartialEq)]
enum VerifierLimits {
    /// Raised past the runpack: no file too large, every entry allowed,
    /// and the JSON budget of a 100 000-entry manifest.
    Raised,
    /// The command line's defaults (at most 10 000 listed files).
    Default,
}

/// [`run_verifier`] with the given limits.
fn run_verifier_limits(
    dir: &Path,
    listed: usize,
    jobs: Option<u16>,
    peak_kib: &mut i64,
    limits: VerifierLimits,
) -> Run {
    let me = std::env::current_exe().expect("bench executable");
    let mut cmd = Command::new(me);
    cmd.env(CHILD_ENV, "1").arg("verify-runpack").arg(dir);
    if limits == VerifierLimits::Raised {
        cmd.args(["--max-file-bytes", &(u64::MAX / 2).to_string()])
            .args(["--max-files", &(listed + 1).to_string()])
            // The 100 000-entry manifest of part 3 is parsed whole; its
            // in-memory form is over the default JSON memory budget.
            .args(["--max-json-memory", &(4u64 << 30).to_string()]);
    }
    if let Some(jobs) = jobs {
        cmd.args(["--jobs", &jobs.to_string()]);
    }
    let out_path: PathBuf = dir.join("../verify-report.json");
    cmd.stdout(std::fs::File::create(&out_path).expect("report file"));
    let (run, ok) = timed(cmd).expect("the bench executable runs");
    let report = std::fs::read_to_string(&out_path).unwrap_or_default();
    let _ = std::fs::remove_file(&out_path);
    assert!(ok, "verify-runpack failed: {report}");
    let want = format!("{{\"checked_files\":{listed},\"errors\":[],\"status\":\"pass\"}}");
    assert_eq!(report.trim(), want);
    *peak_kib = (*peak_kib).max(run.max_rss_kib);
    run
}

/// Runs `cmd`, reaping it with wait4 to get its own CPU time and peak RSS.
fn timed(mut cmd: Command) -> Option<(Run, bool)> {
    let start = Instant::now();
    let child = cmd.spawn().ok()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value to be overwritten.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own unreaped child; status and usage outlive the call.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert_eq!(r, pid, "wait4");
    std::mem::forget(child); // already reaped
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let run = Run {
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        max_rss_kib: usage.ru_maxrss,
    };
    Some((
        run,
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
    ))
}

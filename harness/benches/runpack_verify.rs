//! Benchmark: offline verification of a generated runpack holding at least
//! 1 GiB of artifacts, against `sha256sum` over the same files in the same
//! run, with the verifier's peak resident memory.
//!
//! `cargo bench -p conformkit --bench runpack_verify` (set RUNPACK_BENCH_MIB
//! for another size; the runpack is generated under `.bench/`, gitignored).
//! The artifacts are JCS JSON (arrays of ASCII strings) written in 1 MiB
//! pieces; one of them is half the total, so memory that grew with file
//! size would show. Targets: verifier throughput >= 90% of sha256sum's,
//! verifier peak RSS < 64 MiB. The process exits 1 when a target is missed.
//!
//! The verifier runs as a child process executing `conformkit::cli::main`,
//! the very function the `conformkit` binary's `main` is, with the arguments
//! `verify-runpack <dir> --max-file-bytes ...`: this bench re-executes
//! itself for it (CHILD_ENV set), so it measures the command line's code
//! without depending on which `conformkit` binary sits in a shared target
//! directory.

use conformkit_reference::runpack::digest::{sha256_hex, CHUNK};
use conformkit_reference::runpack::fields::{HashDigest, Timestamp};
use conformkit_reference::runpack::jcs::canonical_bytes;
use conformkit_reference::runpack::manifest::{Artifact, FileHash, Integrity, Manifest};
use conformkit_reference::runpack::writer::root_hash;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MIB: u64 = 1 << 20;
/// Set in the child: run the command line with the child's arguments.
const CHILD_ENV: &str = "CONFORMKIT_BENCH_CLI";
const RUNS: usize = 3;

fn main() {
    if std::env::var_os(CHILD_ENV).is_some() {
        std::process::exit(match conformkit::cli::main() {
            c if c == std::process::ExitCode::SUCCESS => 0,
            _ => 1,
        });
    }
    let total_mib: u64 = std::env::var("RUNPACK_BENCH_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.bench/runpack");
    let (files, bytes) = generate(&dir, total_mib);
    println!(
        "runpack: {} files, {:.1} MiB of artifacts in {}",
        files.len(),
        bytes as f64 / MIB as f64,
        dir.display()
    );

    // Warm the page cache so every tool reads from memory.
    run_tool("sha256sum", &[], &dir, &files);
    let openssl = run_tool("openssl", &["dgst", "-sha256"], &dir, &files).is_some();
    let mut sum = Best::default();
    let mut ssl = Best::default();
    let mut verify = Best::default();
    let mut peak_kib = 0;
    for _ in 0..RUNS {
        sum.add(run_tool("sha256sum", &[], &dir, &files).expect("sha256sum runs"));
        if openssl {
            ssl.add(run_tool("openssl", &["dgst", "-sha256"], &dir, &files).expect("openssl runs"));
        }
        let run = run_verifier(&dir, files.len());
        peak_kib = peak_kib.max(run.max_rss_kib);
        verify.add(run);
    }
    let rate = |d: Duration| bytes as f64 / MIB as f64 / d.as_secs_f64();
    let ratio = rate(verify.wall) / rate(sum.wall);
    let peak_mib = peak_kib as f64 / 1024.0;
    let line = |name: &str, b: &Best| {
        println!(
            "{name:<20} wall {:>7.3} s {:>8.1} MiB/s | cpu {:>7.3} s {:>8.1} MiB/s (best of {RUNS})",
            b.wall.as_secs_f64(),
            rate(b.wall),
            b.cpu.as_secs_f64(),
            rate(b.cpu)
        )
    };
    line("sha256sum", &sum);
    if openssl {
        line("openssl dgst -sha256", &ssl);
    }
    line("verify-runpack", &verify);
    println!("throughput ratio verify-runpack / sha256sum (wall): {ratio:.3} (target >= 0.90)");
    if openssl {
        println!(
            "throughput ratio verify-runpack / openssl (wall, for reference): {:.3}",
            rate(verify.wall) / rate(ssl.wall)
        );
    }
    println!("verify-runpack peak RSS: {peak_mib:.1} MiB (target < 64 MiB)");
    if ratio < 0.90 || peak_mib >= 64.0 {
        println!("TARGET MISSED");
        std::process::exit(1);
    }
    println!("targets met");
}

/// Writes the runpack (unless one of this size is already there); returns
/// the listed paths and the artifact bytes.
fn generate(dir: &Path, total_mib: u64) -> (Vec<String>, u64) {
    let big = total_mib / 2;
    let rest = total_mib - big;
    let small = 8;
    let mut sizes = vec![(
        "evidence/evidence_log.json".to_string(),
        "evidence_log",
        big * MIB,
    )];
    for i in 0..small {
        let share = rest / small + u64::from(i < rest % small);
        sizes.push((format!("logs/log_{i}.json"), "custom", share * MIB));
    }
    let stamp = dir.join(".size");
    let spec_path = "scenario_spec.json".to_string();
    let mut listed = vec![spec_path.clone()];
    listed.extend(sizes.iter().map(|(p, _, _)| p.clone()));
    let bytes: u64 = sizes.iter().map(|(_, _, n)| n).sum();
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(&total_mib.to_string()) {
        return (listed, bytes);
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("bench dir");

    let spec =
        canonical_bytes(&serde_json::json!({"scenario_id": "bench", "gates": []})).expect("spec");
    std::fs::write(dir.join(&spec_path), &spec).expect("write spec");
    let spec_hash = HashDigest::sha256(sha256_hex(&spec));
    let mut file_hashes = vec![FileHash {
        path: spec_path.clone(),
        hash: spec_hash.clone(),
    }];
    let mut artifacts = vec![artifact("scenario_spec", &spec_path, spec_hash.clone())];
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for (path, kind, size) in &sizes {
        let hash = HashDigest::sha256(write_artifact(&dir.join(path), *size, &mut seed));
        file_hashes.push(FileHash {
            path: path.clone(),
            hash: hash.clone(),
        });
        artifacts.push(artifact(kind, path, hash));
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
    std::fs::write(&stamp, total_mib.to_string()).expect("stamp");
    (listed, bytes)
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

fn run_verifier(dir: &Path, listed: usize) -> Run {
    let me = std::env::current_exe().expect("bench executable");
    let mut cmd = Command::new(me);
    cmd.env(CHILD_ENV, "1")
        .arg("verify-runpack")
        .arg(dir)
        .args(["--max-file-bytes", &(u64::MAX / 2).to_string()]);
    let out_path: PathBuf = dir.join("../verify-report.json");
    cmd.stdout(std::fs::File::create(&out_path).expect("report file"));
    let (run, ok) = timed(cmd).expect("the bench executable runs");
    let report = std::fs::read_to_string(&out_path).unwrap_or_default();
    assert!(ok, "verify-runpack failed: {report}");
    let want = format!("{{\"checked_files\":{listed},\"errors\":[],\"status\":\"pass\"}}");
    assert_eq!(report.trim(), want);
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

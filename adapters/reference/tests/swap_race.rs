//! A writer swaps what a listed runpack path (or a bundle member) names, in
//! a loop, while the reader verifies: a symlink inside the root, a symlink
//! to an outside file whose hash is the one the manifest lists, a FIFO, a
//! regular file of other content. No run may pass (only the outside file
//! matches) and none may hang (each run is bounded by a timeout). Before
//! the files were opened beneath the root by descriptor, a path checked
//! inside the root was opened again by name, and a few runs in a thousand
//! passed; a FIFO swapped in after the type check blocked the open.

#![cfg(unix)]

use conformkit_reference::runpack::verifier::verify;
use conformkit_reference::runpack::writer::{
    export, ArtifactSpec, ExportSpec, DEFAULT_MANIFEST_NAME,
};
use conformkit_reference::{family, Limits};
use serde_json::json;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// How long the reader keeps verifying while the writer swaps.
const RUN_FOR: Duration = Duration::from_secs(3);
/// The longest one verification may take before it counts as a hang.
const HANG: Duration = Duration::from_secs(10);

/// Swaps the names `a` and `b` in one step (relative to `dir`, or to the
/// working directory).
fn exchange(dir: Option<i32>, a: &Path, b: &Path) {
    let c = |p: &Path| std::ffi::CString::new(p.to_str().unwrap()).unwrap();
    let (a, b) = (c(a), c(b));
    let fd = dir.unwrap_or(libc::AT_FDCWD);
    // SAFETY: valid NUL-terminated paths; RENAME_EXCHANGE = 2.
    unsafe { libc::syscall(libc::SYS_renameat2, fd, a.as_ptr(), fd, b.as_ptr(), 2u32) };
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    let _ = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
}

/// Replaces whatever `target` is by what `make` builds under a temporary
/// name, kind after kind of `kinds`, until `stop`.
fn swapper(target: PathBuf, kinds: &'static [u8], make: impl Fn(u8, &Path), stop: Arc<AtomicBool>) {
    let tmp = target.with_extension("swap");
    while !stop.load(Ordering::Relaxed) {
        for &kind in kinds {
            remove(&tmp);
            make(kind, &tmp);
            if std::fs::rename(&tmp, &target).is_err() {
                // A directory is not renamed over a link or a file.
                remove(&target);
                let _ = std::fs::rename(&tmp, &target);
            }
        }
    }
}

fn remove(path: &Path) {
    if std::fs::remove_file(path).is_err() {
        let _ = std::fs::remove_dir_all(path);
    }
}

/// Runs `check` repeatedly for [`RUN_FOR`] on another thread, each run
/// bounded by [`HANG`]; returns how many runs there were and the outcomes
/// that passed.
fn race(check: impl Fn() -> Option<String> + Send + Sync + 'static) -> (usize, Vec<String>) {
    let check = Arc::new(check);
    let started = Instant::now();
    let (mut runs, mut passed) = (0, Vec::new());
    while started.elapsed() < RUN_FOR {
        let (tx, rx) = mpsc::channel();
        let c = Arc::clone(&check);
        std::thread::spawn(move || {
            let _ = tx.send(c());
        });
        match rx.recv_timeout(HANG) {
            Ok(Some(pass)) => passed.push(pass),
            Ok(None) => {}
            Err(_) => panic!("a verification hung for {HANG:?} (run {runs})"),
        }
        runs += 1;
    }
    (runs, passed)
}

fn export_spec() -> ExportSpec {
    ExportSpec::sample(vec![
        ArtifactSpec::json(
            "spec",
            "scenario_spec",
            "scenario_spec.json",
            json!({"id": "s"}),
        ),
        ArtifactSpec {
            artifact_id: "decisions".into(),
            kind: "decision_log".into(),
            path: "logs/decision_log.json".into(),
            content_type: None,
            required: true,
            value: json!([{"decision": "allow"}]),
        },
    ])
}

#[cfg(target_os = "linux")]
#[test]
fn runpack_swaps_never_pass_nor_hang() {
    let tmp = tempfile::tempdir().unwrap();
    let top = tmp.path().canonicalize().unwrap();
    let pack = top.join("pack");
    for (rel, bytes) in export(&export_spec(), DEFAULT_MANIFEST_NAME).unwrap().files {
        let p = pack.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    // The listed content lives only outside; inside, other content.
    let logs = pack.join("logs");
    std::fs::create_dir(top.join("outside")).unwrap();
    std::fs::rename(
        logs.join("decision_log.json"),
        top.join("outside/decision_log.json"),
    )
    .unwrap();
    std::fs::write(logs.join("decision_log.json"), b"[]").unwrap();
    let sanity = verify(&pack, DEFAULT_MANIFEST_NAME, &Limits::default()).unwrap();
    assert_eq!(sanity.report.status, "fail");

    // Two names swapped atomically (renameat2 RENAME_EXCHANGE) in a loop:
    // `logs`, a real directory, with `logs.alt`, a link to the outside one;
    // and inside the real one, its regular file with a FIFO.
    symlink("../outside", pack.join("logs.alt")).unwrap();
    mkfifo(&logs.join("decision_log.fifo"));
    let real_logs = std::fs::File::open(&logs).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = Arc::clone(&stop);
        let alt = pack.join("logs.alt");
        std::thread::spawn(move || {
            let mut i = 0u32;
            while !stop.load(Ordering::Relaxed) {
                exchange(None, &logs, &alt);
                i += 1;
                if i.is_multiple_of(4) {
                    let dir = Some(std::os::fd::AsRawFd::as_raw_fd(&real_logs));
                    let (file, fifo) = (
                        Path::new("decision_log.json"),
                        Path::new("decision_log.fifo"),
                    );
                    exchange(dir, file, fifo);
                }
            }
        })
    };
    let runpack = family("runpack", None).unwrap();
    let check_pack = pack.clone();
    let (runs, passed) = race(move || {
        let v = verify(&check_pack, DEFAULT_MANIFEST_NAME, &Limits::default()).unwrap();
        let read = runpack.read_path(&check_pack, &Limits::default());
        let mut pass = None;
        if v.report.status == "pass" {
            pass = Some(format!("verify-runpack passed: {:?}", v.report));
        }
        if read.is_ok() {
            pass = Some("check runpack accepted".to_string());
        }
        pass
    });
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    eprintln!("{runs} runs");
    assert!(runs > 50, "only {runs} runs");
    assert!(
        passed.is_empty(),
        "{} of {runs} runs passed: {passed:?}",
        passed.len()
    );
}

#[test]
fn bundle_member_swaps_never_read_outside_nor_hang() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/incident_bundle/v1");
    let input = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path().join("input"))
        .find(|p| p.join("runtime.json").is_file() && !p.join("runtime_config.txt").exists())
        .expect("a bundle case");
    let tmp = tempfile::tempdir().unwrap();
    let top = tmp.path().canonicalize().unwrap();
    let bundle = top.join("bundle");
    std::fs::create_dir(&bundle).unwrap();
    for entry in std::fs::read_dir(&input).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, bundle.join(p.file_name().unwrap())).unwrap();
        }
    }
    let fam = family("incident_bundle", None).unwrap();
    let good = fam.read_path(&bundle, &Limits::default());
    assert!(good.is_ok(), "{good:?}");
    // The valid member lives only outside; inside, a copy that is not valid.
    let member = bundle.join("runtime.json");
    std::fs::create_dir(top.join("outside")).unwrap();
    std::fs::rename(&member, top.join("outside/runtime.json")).unwrap();
    std::fs::write(bundle.join("inside.json"), b"{}").unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = Arc::clone(&stop);
        let make = |kind: u8, tmp: &Path| match kind {
            0 => symlink("inside.json", tmp).unwrap(),
            1 => symlink("../outside/runtime.json", tmp).unwrap(),
            2 => mkfifo(tmp),
            _ => std::fs::write(tmp, b"{}").unwrap(),
        };
        std::thread::spawn(move || swapper(member, &[0, 1, 0, 1, 3, 2, 3, 2], make, stop))
    };
    let (runs, passed) = race(move || {
        let read = fam.read_path(&bundle, &Limits::default());
        read.is_ok().then(|| "incident_bundle accepted".to_string())
    });
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    eprintln!("{runs} runs");
    assert!(runs > 50, "only {runs} runs");
    assert!(
        passed.is_empty(),
        "{} of {runs} runs passed: {passed:?}",
        passed.len()
    );
}

/// A single-file read (`check runtime`) while the file is exchanged with a
/// FIFO: the open never blocks (it once hung about 1 run in 300).
#[cfg(target_os = "linux")]
#[test]
fn single_file_swapped_with_a_fifo_never_hangs() {
    let tmp = tempfile::tempdir().unwrap();
    let top = tmp.path().canonicalize().unwrap();
    let file = top.join("runtime.json");
    std::fs::write(&file, br#"{"crate":{"name":"x","version":"1.0.0"}}"#).unwrap();
    let fifo = top.join("runtime.fifo");
    mkfifo(&fifo);
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = Arc::clone(&stop);
        let file = file.clone();
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                exchange(None, &file, &fifo);
            }
        })
    };
    let runtime = family("runtime", None).unwrap();
    let (runs, _) = race(move || {
        let _ = runtime.read_path(&file, &Limits::default());
        let _ = runtime.validate_path(&file, &Limits::default());
        None
    });
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    eprintln!("{runs} runs");
    assert!(runs > 50, "only {runs} runs");
}

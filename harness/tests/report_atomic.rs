//! Every report file is written atomically: a run that fails or is killed
//! part-way leaves each report file either as it was or complete, never
//! half-written. Failures are provoked for real: a rename onto a directory,
//! and a `conformkit report` process killed by the file-size limit
//! (`RLIMIT_FSIZE`, SIGXFSZ) while it writes.

#![cfg(unix)]

mod report_support;

use conformkit::report;
use report_support::{files, save_runs, synthetic_runs};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;

/// The "old" reports (the first run alone) and the "new" ones (all runs).
fn old_and_new() -> (Vec<conformkit::results::RunResult>, Vec<report::ReportFile>) {
    let runs = synthetic_runs();
    let new = report::render(&runs);
    (vec![runs[0].clone()], new)
}

#[test]
fn a_failed_rename_leaves_the_target_and_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let (old_runs, new) = old_and_new();
    report::write(dir.path(), &old_runs).unwrap();
    // index.html, the last file written, is a directory in the way.
    let index = dir.path().join("index.html");
    std::fs::remove_file(&index).unwrap();
    std::fs::create_dir(&index).unwrap();
    std::fs::write(index.join("keep"), b"mine").unwrap();

    let err = report::write_files(dir.path(), &new).unwrap_err();
    assert!(err.to_string().contains("index.html"), "{err}");
    // The directory is untouched; every file before it is complete and new.
    assert_eq!(std::fs::read(index.join("keep")).unwrap(), b"mine");
    let now = files(dir.path());
    for f in new.iter().filter(|f| f.path != "index.html") {
        assert_eq!(now.get(&f.path), Some(&f.bytes), "{}", f.path);
    }
    // No temporary file is left behind.
    assert!(
        now.keys().all(|k| !k.ends_with(".tmp")),
        "{:?}",
        now.keys().collect::<Vec<_>>()
    );

    // The same through the CLI: exit 2, saying which file.
    let saved = save_runs(dir.path(), &synthetic_runs()[..1]);
    let out = dir.path().display().to_string();
    let r = report_support::run_conformkit(&["report", "--results", &saved[0], "--out", &out]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("index.html"));
}

#[test]
fn a_direct_write_onto_a_directory_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("results.json");
    std::fs::create_dir(&target).unwrap();
    assert!(conformkit::atomic::write_atomic(&target, b"{}").is_err());
    assert!(target.is_dir());
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn a_run_killed_while_writing_leaves_every_old_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (old_runs, new) = old_and_new();
    report::write(&out, &old_runs).unwrap();
    let old = files(&out);
    // The first new file is larger than the limit set below: the process
    // is stopped while writing it.
    const LIMIT: u64 = 4096;
    assert!(new[0].bytes.len() as u64 > LIMIT);
    assert_ne!(old["report.json"], new[0].bytes);

    let inputs = save_runs(dir.path(), &synthetic_runs());
    let mut cmd = report_support::conformkit();
    cmd.arg("report");
    for i in &inputs {
        cmd.args(["--results", i]);
    }
    cmd.arg("--out").arg(&out);
    // SAFETY: setrlimit is async-signal-safe; nothing else runs in the child.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: LIMIT as libc::rlim_t,
                rlim_max: LIMIT as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let status = cmd.output().unwrap().status;
    // Killed by SIGXFSZ, or (if the signal is ignored) failed with EFBIG.
    assert!(
        status.signal() == Some(libc::SIGXFSZ) || status.code() == Some(2),
        "{status:?}"
    );

    let after = files(&out);
    for (name, bytes) in &old {
        assert_eq!(after.get(name), Some(bytes), "{name} changed");
    }
    // Anything else is a hidden temporary file, never a report file, or
    // the folder lock's holder note (report::folder), which a killed run
    // cannot remove; the lock itself (flock) ends with the process.
    let mut temporaries = 0;
    let new_names = after
        .keys()
        .filter(|k| !old.contains_key(*k) && k.as_str() != report::folder::HOLDER_FILE);
    for name in new_names {
        let base = Path::new(name).file_name().unwrap().to_string_lossy();
        assert!(
            base.starts_with('.') && base.ends_with(".tmp"),
            "unexpected {name}"
        );
        temporaries += 1;
    }
    // Killed mid-write: the half-written bytes are in the temporary only.
    if status.signal() == Some(libc::SIGXFSZ) {
        assert_eq!(temporaries, 1);
        let temp = after
            .iter()
            .find(|(k, _)| k.ends_with(".tmp"))
            .map(|(_, v)| v.len() as u64);
        assert_eq!(temp, Some(LIMIT));
    }
}

//! The report folder is one run's at a time and holds one run's report set:
//! a second `certify` into a folder another run is writing fails at once,
//! naming the folder and the holder (two runs once left files of both);
//! badges of earlier runs that a run did not produce are removed, files the
//! kit does not name are kept; `report --out` on a file says so in words.

#![cfg(unix)]

mod report_support;
mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{adapter, fault_corpus};

const HOLDER: &str = ".conformkit-lock";

fn conformkit() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_conformkit"));
    c.env("CONFORMKIT_NO_PROGRESS", "1");
    c
}

/// A waiting run, released and killed when dropped (a failed assertion
/// leaves no waiting run or adapter behind).
struct Reaped(std::process::Child, std::path::PathBuf);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.1, b"");
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits (at most a minute) until `path` exists.
fn wait_for(path: &Path) {
    let started = Instant::now();
    while !path.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_second_run_into_a_folder_in_use_fails_at_once_naming_the_holder() {
    let corpus = fault_corpus();
    let work = tempfile::tempdir().unwrap();
    let reports = work.path().join("reports");
    let release = work.path().join("release");
    let reached = work.path().join("reached");
    // The first run waits on its second case until the test releases it.
    let mut first = Reaped(
        conformkit()
            .arg("certify")
            .arg("--corpus")
            .arg(corpus.root())
            .args(["--adapter", &adapter("wait_on_victim.py")])
            .args(["--timeout-ms", "600000", "--report-dir"])
            .arg(&reports)
            .env("WAIT_RELEASE", &release)
            .env("WAIT_REACHED", &reached)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
        release.clone(),
    );
    // The first run is mid-way: one case done, the second under way.
    wait_for(&reached);

    let second = conformkit()
        .arg("certify")
        .arg("--corpus")
        .arg(corpus.root())
        .args(["--adapter", &adapter("tiny.py"), "--report-dir"])
        .arg(&reports)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{}: another conformkit run is writing reports into this folder",
            reports.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("pid {}: conformkit certify", first.0.id())),
        "{err}"
    );

    std::fs::write(&release, b"").unwrap();
    let status = first.0.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(first.0.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    // Only the first run's files, and the lock's holder note is gone.
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(reports.join("results.json")).unwrap()).unwrap();
    assert_eq!(results["cases"].as_array().unwrap().len(), 4);
    assert!(!reports.join(HOLDER).exists());
}

#[test]
fn stale_badges_are_removed_and_foreign_files_kept() {
    let work = tempfile::tempdir().unwrap();
    let reports = work.path().join("reports");
    let badges = reports.join("badges");
    std::fs::create_dir_all(badges.join("folder-level1.svg")).unwrap();
    for name in [
        "gone-impl-reader-level2.svg",
        "gone-impl-reader-level1.json",
    ] {
        std::fs::write(badges.join(name), b"stale").unwrap();
    }
    std::fs::write(badges.join("logo.svg"), b"mine").unwrap();
    std::fs::write(reports.join("notes.txt"), b"mine").unwrap();

    let out = conformkit()
        .arg("certify")
        .args(["--family", "runtime", "--report-dir"])
        .arg(&reports)
        .env("CONFORMKIT_CORPUS", conformkit::corpus::default_root())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(badges
        .join("conformkit-reference-reader-level2.svg")
        .is_file());
    assert!(!badges.join("gone-impl-reader-level2.svg").exists());
    assert!(!badges.join("gone-impl-reader-level1.json").exists());
    // Not the kit's: kept.
    assert_eq!(std::fs::read(badges.join("logo.svg")).unwrap(), b"mine");
    assert_eq!(std::fs::read(reports.join("notes.txt")).unwrap(), b"mine");
    assert!(badges.join("folder-level1.svg").is_dir());
    assert!(!reports.join(HOLDER).exists());
}

#[test]
fn report_out_on_a_file_says_so() {
    let work = tempfile::tempdir().unwrap();
    let saved = report_support::save_runs(work.path(), &report_support::synthetic_runs()[..1]);
    let file = work.path().join("out");
    std::fs::write(&file, b"x").unwrap();
    let out = conformkit()
        .args(["report", "--results", &saved[0], "--out"])
        .arg(&file)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{}: is a file, not a folder: --out expects a folder",
            file.display()
        )),
        "{err}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}

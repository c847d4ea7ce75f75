//! Progress in a CI log: with stderr not a terminal, `certify` prints a
//! plain line on a timer (cases done/total, the case under way, elapsed),
//! so a case that hangs is visible while it hangs (it was silence until
//! the case ended). The adapter here waits on its second case until the
//! test has seen that line; `CONFORMKIT_PROGRESS_SECONDS` makes the timer
//! short, `CONFORMKIT_NO_PROGRESS` turns the lines off.

#![cfg(unix)]

mod support;

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use support::{adapter, fault_corpus};

/// A waiting run, released and killed when dropped.
struct Waiting {
    child: Child,
    release: std::path::PathBuf,
}

impl Drop for Waiting {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.release, b"");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `certify` with the waiting adapter over the fault corpus; its
/// stderr lines arrive on the receiver.
fn start(work: &Path, corpus: &Path, env: &[(&str, &str)]) -> (Waiting, mpsc::Receiver<String>) {
    let release = work.join("release");
    let mut child = Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .arg("certify")
        .arg("--corpus")
        .arg(corpus)
        .args(["--adapter", &adapter("wait_on_victim.py")])
        .args(["--timeout-ms", "600000"])
        .env_remove("CONFORMKIT_NO_PROGRESS")
        .env("WAIT_RELEASE", &release)
        .env("WAIT_REACHED", work.join("reached"))
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    (Waiting { child, release }, lines)
}

#[test]
fn a_hung_case_shows_in_the_log_while_it_hangs() {
    let corpus = fault_corpus();
    let work = tempfile::tempdir().unwrap();
    let (mut run, lines) = start(
        work.path(),
        corpus.root(),
        &[("CONFORMKIT_PROGRESS_SECONDS", "0.1")],
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = Vec::new();
    let found = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            // With several workers the others finish the rest meanwhile:
            // the line names the case still under way, whatever the count.
            Ok(line) if line.contains("cases done, running runtime/v1/b-victim") => break line,
            Ok(line) => seen.push(line),
            Err(_) => panic!("no progress line while the case hangs; stderr so far: {seen:?}"),
        }
    };
    assert!(found.starts_with("conformkit: "), "{found}");
    assert!(found.ends_with(" s elapsed"), "{found}");
    // The case is still under way: the adapter has not been released.
    assert!(!run.release.exists());
    std::fs::write(&run.release, b"").unwrap();
    let status = run.child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{seen:?}");
}

#[test]
fn no_progress_turns_the_lines_off() {
    let corpus = fault_corpus();
    let work = tempfile::tempdir().unwrap();
    let (mut run, lines) = start(
        work.path(),
        corpus.root(),
        &[
            ("CONFORMKIT_PROGRESS_SECONDS", "0.01"),
            ("CONFORMKIT_NO_PROGRESS", "1"),
        ],
    );
    let reached = work.path().join("reached");
    let started = Instant::now();
    while !reached.exists() {
        assert!(started.elapsed() < Duration::from_secs(60), "never reached");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Many intervals pass while the case hangs.
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(&run.release, b"").unwrap();
    let status = run.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let all: Vec<String> = lines.try_iter().collect();
    assert!(all.iter().all(|l| !l.contains("cases done")), "{all:?}");
}

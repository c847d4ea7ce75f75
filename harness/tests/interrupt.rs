//! SIGTERM, SIGINT and SIGHUP during `certify`: the adapter's whole process
//! group and a child it moved to a session of its own (setsid) are stopped,
//! the sandboxes are removed, the results of the cases finished so far are
//! written marked `interrupted`, the run says so on stderr, and the exit
//! status is 128 + the signal. (Before, a signal killed certify at once: no
//! report, no message, the hung adapter and the sandbox folders left.)

#![cfg(target_os = "linux")]

mod support;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{adapter, fault_corpus};

fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the process exists.
    unsafe { libc::kill(pid, 0) == 0 }
}

/// Waits for `child` at most `limit`; its exit code.
fn wait_bounded(child: &mut Child, limit: Duration) -> Option<i32> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("certify still running {limit:?} after the signal");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The pids the adapter recorded once it hangs on the victim case.
fn hanging_pids(file: &Path) -> Vec<i32> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        let pids: Vec<i32> = std::fs::read_to_string(file)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.parse().ok())
            .collect();
        if pids.len() == 2 {
            return pids;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the adapter never reached the victim case");
}

/// With `jobs` workers: on one worker the adapter hangs on the victim
/// case; the other (with 2) may finish the other cases meanwhile.
fn interrupted_run(signal: i32, name: &str, jobs: &str) {
    let corpus = fault_corpus();
    let work = tempfile::tempdir().unwrap();
    let tmp = work.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let pids_file = work.path().join("pids");
    let reports = work.path().join("reports");
    let mut child = Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .arg("certify")
        .arg("--corpus")
        .arg(corpus.root())
        .args(["--adapter", &adapter("hang_with_children.py")])
        .args(["--timeout-ms", "600000", "--jobs", jobs])
        .arg("--report-dir")
        .arg(&reports)
        .env("TMPDIR", &tmp)
        .env("HANG_PIDS", &pids_file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pids = hanging_pids(&pids_file);
    assert!(
        std::fs::read_dir(&tmp).unwrap().next().is_some(),
        "a sandbox"
    );
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as i32, signal) };
    let code = wait_bounded(&mut child, Duration::from_secs(30));
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert_eq!(code, Some(128 + signal), "{stderr}");
    for pid in pids {
        assert!(!alive(pid), "adapter process {pid} survived ({name})");
    }
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "sandboxes left: {left:?}");
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(reports.join("results.json")).unwrap()).unwrap();
    support::check_results_schema(&results);
    assert_eq!(results["interrupted"], name);
    let ids: Vec<&str> = results["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(
        stderr.contains(&format!(
            "interrupted by {name} after {} of 4 cases",
            ids.len()
        )),
        "{stderr}"
    );
    if jobs == "1" {
        assert_eq!(ids, ["runtime/v1/a-first"]);
    } else {
        // The finished cases, in run order; never the victim.
        let others = [
            "runtime/v1/a-first",
            "runtime/v1/c-after",
            "runtime/v1/d-last",
        ];
        let mut expected = others.iter();
        assert!(ids.iter().all(|id| expected.any(|e| e == id)), "{ids:?}");
    }
}

#[test]
fn sigterm_stops_the_adapter_and_keeps_finished_cases() {
    interrupted_run(libc::SIGTERM, "SIGTERM", "1");
}

#[test]
fn sigint_and_sighup_too() {
    interrupted_run(libc::SIGINT, "SIGINT", "1");
    interrupted_run(libc::SIGHUP, "SIGHUP", "1");
}

/// With two workers: every worker's process group is stopped, the
/// finished cases (of both workers) are reported.
#[test]
fn every_worker_stops() {
    interrupted_run(libc::SIGTERM, "SIGTERM", "2");
    interrupted_run(libc::SIGINT, "SIGINT", "2");
}

/// A normal run: a child the adapter moved to a session of its own is
/// stopped with the adapter (it once outlived the run).
#[test]
fn a_setsid_child_does_not_outlive_a_normal_run() {
    let corpus = fault_corpus();
    let work = tempfile::tempdir().unwrap();
    let pids_file = work.path().join("pids");
    let run = support::certify(
        &[
            "--corpus",
            corpus.root().to_str().unwrap(),
            "--adapter",
            &adapter("setsid_child_on_victim.py"),
        ],
        &[("SETSID_PIDS", pids_file.to_str().unwrap())],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let pids: Vec<i32> = std::fs::read_to_string(&pids_file)
        .unwrap()
        .lines()
        .map(|l| l.parse().unwrap())
        .collect();
    assert_eq!(pids.len(), 1);
    assert!(
        !alive(pids[0]),
        "the setsid child {} survived the run",
        pids[0]
    );
}

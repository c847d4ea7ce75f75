//! A closed pipe (EPIPE) or a full device (ENOSPC) on standard output ends
//! every command quietly with exit 2, never with a panic: `list`, `list
//! --json`, `check`, `verify-runpack`, `certify` and `report`.

#![cfg(target_os = "linux")]

use std::os::fd::{FromRawFd, OwnedFd};
use std::path::Path;
use std::process::{Command, Stdio};

/// A pipe whose reading end is already closed: its writing end.
fn widowed_pipe() -> OwnedFd {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors pipe() returns.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: both descriptors are ours and open; each is owned once.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(read);
    write
}

fn run(args: &[&str], stdout: Stdio) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn commands(dir: &Path) -> Vec<Vec<String>> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    let case = |rel: &str| corpus.join(rel).display().to_string();
    let report_dir = dir.join("reports").display().to_string();
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        strings(&["list"]),
        strings(&["list", "--json"]),
        strings(&["check", "runtime", &case("runtime/v1/minimal/input.json")]),
        strings(&[
            "verify-runpack",
            &case("runpack/v1/symlink.file-inside/input"),
        ]),
        strings(&[
            "certify",
            "--family",
            "runtime",
            "--report-dir",
            &report_dir,
        ]),
        strings(&[
            "report",
            "--results",
            &format!("{report_dir}/results.json"),
            "--out",
            &dir.join("again").display().to_string(),
        ]),
    ]
}

#[test]
fn closed_pipe_and_full_device_end_quietly() {
    let dir = tempfile::tempdir().unwrap();
    for args in commands(dir.path()) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, err) = run(&args, Stdio::from(widowed_pipe()));
        assert_eq!(code, Some(2), "{args:?} on a closed pipe: {err}");
        assert!(err.is_empty(), "{args:?} on a closed pipe: {err}");
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let (code, err) = run(&args, Stdio::from(full));
        assert_eq!(code, Some(2), "{args:?} to /dev/full: {err}");
        assert_eq!(
            err.trim(),
            "conformkit: cannot write to standard output: No space left on device (os error 28)",
            "{args:?}"
        );
    }
}

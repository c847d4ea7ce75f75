//! A closed pipe (EPIPE) or a full device (ENOSPC) on standard output ends
//! every command quietly with exit 2, never with a panic: `list`, `list
//! --json`, `check` (a file and a runpack), `verify-runpack`, `certify`,
//! `report`, `compat`, `corpus export` and `fuzz`.

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

/// The exit code and stderr, without the progress lines `fuzz` writes
/// there (`conformkit fuzz: ...`, `fuzz: N execs ...`).
fn run(args: &[&str], stdout: Stdio) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| {
            !(args[0] == "fuzz" && (l.starts_with("conformkit fuzz: ") || l.starts_with("fuzz: ")))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    (out.status.code(), err)
}

fn commands(dir: &Path) -> Vec<Vec<String>> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    let case = |rel: &str| corpus.join(rel).display().to_string();
    let report_dir = dir.join("reports").display().to_string();
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let reference = format!("'{}' serve-reference", env!("CARGO_BIN_EXE_conformkit"));
    vec![
        strings(&["list"]),
        strings(&["list", "--json"]),
        strings(&["check", "runtime", &case("runtime/v1/minimal/input.json")]),
        strings(&[
            "check",
            "runpack",
            &case("runpack/v1/decision-gate.standard-layout/input"),
        ]),
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
        strings(&[
            "compat",
            "--old",
            &case(""),
            "--new",
            &case(""),
            "--skip-corpus",
        ]),
        strings(&[
            "corpus",
            "export",
            "--out",
            &dir.join("export").display().to_string(),
        ]),
        strings(&[
            "fuzz",
            "--adapter",
            &reference,
            "--family",
            "runtime",
            "--runs",
            "5",
        ]),
    ]
}

#[test]
fn closed_pipe_and_full_device_end_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // Each sink gets its own folder (`corpus export` needs an empty one).
    for args in commands(&dir.path().join("pipe")) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, err) = run(&args, Stdio::from(widowed_pipe()));
        assert_eq!(code, Some(2), "{args:?} on a closed pipe: {err}");
        assert!(err.is_empty(), "{args:?} on a closed pipe: {err}");
    }
    for args in commands(&dir.path().join("full")) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
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

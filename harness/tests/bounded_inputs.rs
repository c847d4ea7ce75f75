//! The files `certify --expected-failures` and `report --results` read are
//! bounded like every input: a FIFO or a device is refused at once (it
//! once blocked, or grew without bound on `/dev/zero`), and an
//! expected-failures line too long to be a case id or glob is refused with
//! its line number (a 1 MB line once panicked inside the glob library).
//! Each run must end, with exit 2, within a bound.

#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BOUND: Duration = Duration::from_secs(30);

/// Runs the binary; its exit code and stderr, or a failure past [`BOUND`].
fn run_bounded(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            return (status.code(), err);
        }
        if started.elapsed() > BOUND {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("conformkit {args:?} still running after {BOUND:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

#[test]
fn special_files_are_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let out = dir.path().join("out");
    for special in [fifo.as_path(), Path::new("/dev/zero")] {
        let (code, err) = run_bounded(&[
            "certify".as_ref(),
            "--expected-failures".as_ref(),
            special.as_os_str(),
        ]);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains("unreadable") && err.contains("regular file"),
            "{err}"
        );
        let (code, err) = run_bounded(&[
            "report".as_ref(),
            "--results".as_ref(),
            special.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains("unreadable") && err.contains("regular file"),
            "{err}"
        );
    }
}

#[test]
fn a_long_expected_failures_line_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("expected-failures.txt");
    let line = format!("runtime/v1/{}", "[a-z]*".repeat(150_000));
    std::fs::write(&list, format!("# header\n{line}\n")).unwrap();
    let (code, err) = run_bounded(&[
        "certify".as_ref(),
        "--expected-failures".as_ref(),
        list.as_os_str(),
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("line 2: a case id or glob of at most 1024 bytes"),
        "{err}"
    );
}

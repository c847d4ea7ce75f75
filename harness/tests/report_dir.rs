//! `certify --report-dir`: a path that is a file, or a folder the user may
//! not write in, is refused before the run (both were found only after the
//! whole run, the file as "File exists (os error 17)");
//! when the reports cannot be written after the run, the summary table is
//! still printed, then the error, exit 2.

use std::process::Command;

#[cfg(unix)]
mod unprivileged;

fn certify(args: &[&std::ffi::OsStr]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .arg("certify")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_file_as_report_dir_is_refused_before_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("reports");
    std::fs::write(&file, b"x").unwrap();
    // An adapter that cannot start: the report folder is checked first.
    let (code, _, err) = certify(&[
        "--report-dir".as_ref(),
        file.as_os_str(),
        "--adapter".as_ref(),
        "/no/such/adapter".as_ref(),
    ]);
    assert_eq!(code, Some(2));
    // Which path, that it is a file, what was expected.
    assert!(
        err.contains(&format!(
            "{}: is a file, not a folder: --report-dir expects a folder (created when missing)",
            file.display()
        )),
        "{err}"
    );
}

/// Run as a user the permission bits bind (as `nobody` under root), with
/// an adapter that cannot start: the folder is named, not the adapter.
#[cfg(unix)]
#[test]
fn an_unwritable_report_dir_is_refused_before_the_run() {
    let dir = unprivileged::open_tempdir();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    unprivileged::set_mode(&reports, 0o555);
    let out = unprivileged::conformkit(dir.path())
        .args(["certify", "--adapter", "/no/such/adapter", "--report-dir"])
        .arg(&reports)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{}: cannot write in the report folder (--report-dir): Permission denied",
            reports.display()
        )),
        "{err}"
    );
    assert!(!err.contains("/no/such/adapter"), "{err}");
    assert_eq!(std::fs::read_dir(&reports).unwrap().count(), 0);
}

#[test]
fn the_summary_prints_when_the_reports_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    // results.json cannot be written where a folder of that name is.
    std::fs::create_dir_all(reports.join("results.json/inside")).unwrap();
    let (code, out, err) = certify(&[
        "--family".as_ref(),
        "runtime".as_ref(),
        "--report-dir".as_ref(),
        reports.as_os_str(),
    ]);
    assert_eq!(code, Some(2), "{out}\n{err}");
    assert!(out.contains("runtime/v1"), "no summary table: {out}");
    assert!(err.contains("cannot write the reports"), "{err}");
}

//! The JSON memory budget end to end (corpus/DECISIONS.md D-ALL-7): a
//! 64 MiB input of many small objects, inside the file limit, read by
//! `check`, `check --validate-only`, `report --results`, `check
//! incident_bundle` (as a member) and `verify-runpack` (as the manifest)
//! under an address-space limit of 1 GiB, ends in the classified
//! `too_large` error, not in an allocation failure. (Without the budget the
//! same input took 5.96 GB.)

#![cfg(target_os = "linux")]

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output};

const ADDRESS_SPACE: u64 = 1 << 30;

/// `{"a":0},` repeated inside an array, just under 64 MiB.
fn write_small_objects(path: &Path) {
    let element = br#"{"a":0},"#;
    let count = (64 << 20) / element.len() - 2;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    out.write_all(b"[").unwrap();
    for _ in 0..count {
        out.write_all(element).unwrap();
    }
    out.write_all(br#"{"a":0}]"#).unwrap();
    out.flush().unwrap();
    assert!(std::fs::metadata(path).unwrap().len() <= 64 << 20);
}

/// Runs the binary with its address space limited.
fn run_limited<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_conformkit"));
    cmd.args(args);
    // SAFETY: setrlimit is async-signal-safe; nothing else runs in the child.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: ADDRESS_SPACE,
                rlim_max: ADDRESS_SPACE,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().expect("conformkit runs")
}

fn assert_budget_error(out: &Output, what: &str) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{what}: stdout {stdout} stderr {stderr}"
    );
    assert!(
        stdout.contains("too_large") && stdout.contains("memory budget"),
        "{what}: {stdout}"
    );
}

#[test]
fn small_objects_stay_within_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.json");
    write_small_objects(&file);
    for extra in [&[][..], &["--validate-only"][..]] {
        let mut args: Vec<std::ffi::OsString> = vec!["check".into()];
        args.extend(extra.iter().map(Into::into));
        args.extend(["runtime".into(), file.clone().into_os_string()]);
        assert_budget_error(&run_limited(&args), &format!("check {extra:?}"));
    }
    // As `report --results`: exit 2, the reason on stderr.
    let out = run_limited(&[
        std::ffi::OsStr::new("report"),
        "--results".as_ref(),
        file.as_os_str(),
        "--out".as_ref(),
        dir.path().join("out").as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "report: {stderr}");
    assert!(stderr.contains("memory budget"), "report: {stderr}");
    // As a bundle member, in a copy of a valid bundle.
    let bundle = dir.path().join("bundle");
    let case = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../corpus/incident_bundle/v1/symlink-inside/input");
    std::fs::create_dir(&bundle).unwrap();
    for entry in std::fs::read_dir(&case).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, bundle.join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::copy(&file, bundle.join("runtime.json")).unwrap();
    let out = run_limited(&[
        std::ffi::OsStr::new("check"),
        "incident_bundle".as_ref(),
        bundle.as_os_str(),
    ]);
    assert_budget_error(&out, "check incident_bundle");
    // As a runpack manifest.
    let pack = dir.path().join("pack");
    std::fs::create_dir(&pack).unwrap();
    std::fs::rename(&file, pack.join("manifest.json")).unwrap();
    let out = run_limited(&[std::ffi::OsStr::new("verify-runpack"), pack.as_os_str()]);
    assert_budget_error(&out, "verify-runpack");
}

//! One table of exit codes (README "Exit codes"): 0 success, 1 the input or
//! implementation failed, 2 the command could not do its job (usage, a
//! path that cannot be reached). Cases where commands disagreed or said
//! nothing: `list --family nope` (printed nothing, exit 0), `--max-depth
//! 1000` (clamped to 127 silently), a file given where a runpack directory
//! is expected (2 from `verify-runpack`, 1 from `check runpack`), a folder
//! that is no corpus (blamed a sub-folder), `compat` with an unknown
//! revision (ended in an empty `: `), a path inside a folder the user may
//! not enter (said "no such file"), `verify-runpack --help` (omitted exit 2),
//! `check --help` (claimed `--validate-only` much faster for every family).

use std::process::Command;

#[cfg(unix)]
mod unprivileged;

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_conformkit"))
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
fn usage_errors_exit_2_and_say_why() {
    let (code, out, err) = run(&["list", "--family", "nope"]);
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(err.contains("no cases for family `nope` (known: "), "{err}");
    assert!(err.contains("runtime"), "{err}");
    let (code, _, err) = run(&["check", "--max-depth", "1000", "runtime", "/dev/null"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("1000 is not in 1..=127"), "{err}");
    for args in [
        &["check", "runtime", "/no/such/file.json"][..],
        &["verify-runpack", "/no/such/runpack"][..],
    ] {
        let (code, _, err) = run(args);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(err.contains("no such file or directory"), "{err}");
    }
}

/// Run as a user the permission bits bind (as `nobody` under root).
#[cfg(unix)]
#[test]
fn a_path_the_user_cannot_enter_is_said_so() {
    let dir = unprivileged::open_tempdir();
    let closed = dir.path().join("closed");
    std::fs::create_dir_all(closed.join("pack")).unwrap();
    std::fs::write(closed.join("input.json"), b"{}").unwrap();
    unprivileged::set_mode(&closed, 0o000);
    let mut said = Vec::new();
    for (command, inside) in [("check runtime", "input.json"), ("verify-runpack", "pack")] {
        let path = closed.join(inside);
        let out = unprivileged::conformkit(dir.path())
            .args(command.split(' '))
            .arg(&path)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        said.push((command, path, out.status.code(), err));
    }
    // Open again so the folder can be removed.
    unprivileged::set_mode(&closed, 0o755);
    for (command, path, code, err) in said {
        assert_eq!(code, Some(2), "{command}: {err}");
        assert!(
            err.contains(&format!(
                "{}: cannot be reached: Permission denied",
                path.display()
            )),
            "{command}: {err}"
        );
        assert!(
            !err.to_lowercase().contains("no such file"),
            "{command}: {err}"
        );
    }
}

/// `verify-runpack --help` omitted exit 2; `check --help` said
/// `--validate-only` was "much faster" for large files, which holds only
/// for the DataGuard report (docs/performance.md).
#[test]
fn help_texts_say_what_is_true() {
    let (code, out, _) = run(&["verify-runpack", "--help"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("exit 0 pass, 1 fail, 2 no such path or bad arguments"),
        "{out}"
    );
    let (code, out, _) = run(&["check", "--help"]);
    assert_eq!(code, Some(0));
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!flat.contains("much faster"), "{out}");
    assert!(
        flat.contains("other families read the model as `check` does"),
        "{out}"
    );
}

#[test]
fn a_file_where_a_runpack_is_expected_fails_in_both_commands() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, b"{}").unwrap();
    let path = file.to_str().unwrap();
    let (code, out, _) = run(&["verify-runpack", path]);
    assert_eq!(code, Some(1));
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["status"], "fail");
    assert!(
        report["errors"][0]
            .as_str()
            .unwrap()
            .starts_with("unreadable: "),
        "{report}"
    );
    let (code, out, _) = run(&["check", "runpack", path]);
    assert_eq!(code, Some(1));
    assert!(out.contains("unreadable"), "{out}");
}

#[test]
fn a_folder_that_is_no_corpus_is_said_to_be_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("x/y/z")).unwrap();
    std::fs::write(dir.path().join("x/y/z/notes.txt"), b"hello").unwrap();
    // Said of the folder given, not of a sub-folder met on the way.
    let said = format!(
        "{}: not a conformkit corpus: no <family>/<version>/<case>/case.json under it",
        dir.path().display()
    );
    let (code, _, err) = run(&["list", "--corpus", dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(err.contains(&said), "{err}");
    assert!(!err.contains("x/y/z"), "{err}");
    // Sub-folders too shallow to hold a case: printed nothing, exit 0.
    let shallow = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(shallow.path().join("a/b")).unwrap();
    let (code, out, err) = run(&["list", "--corpus", shallow.path().to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(err.contains("not a conformkit corpus"), "{err}");
}

#[test]
fn compat_with_an_unknown_revision_says_what_failed() {
    let repo = tempfile::tempdir().unwrap();
    let init = Command::new("git")
        .args(["init", "-q"])
        .arg(repo.path())
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .status()
        .expect("git runs (compat needs git)");
    assert!(init.success());
    let (code, _, err) = run(&[
        "compat",
        "--repo",
        repo.path().to_str().unwrap(),
        "--old",
        "no-such-revision",
        "--new",
        "no-such-either",
    ]);
    assert_eq!(code, Some(2), "{err}");
    // It ended in an empty `: ` (git --quiet says nothing).
    assert!(!err.trim_end().ends_with(':'), "{err}");
    assert!(
        err.contains("`no-such-revision` is neither a directory nor a commit in "),
        "{err}"
    );
    assert!(
        err.contains("expected a folder holding the schema set, or a revision git knows there"),
        "{err}"
    );
}

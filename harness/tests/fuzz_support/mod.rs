//! Shared by the `conformkit fuzz` tests: running the built binary's
//! `fuzz` command and reading its `--json` summary.

#![allow(dead_code)]

use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// One `conformkit fuzz` run.
pub struct FuzzRun {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl FuzzRun {
    /// The `--json` summary.
    pub fn summary(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "fuzz --json printed no JSON ({e}), exit {}:\n{}\n{}",
                self.code, self.stdout, self.stderr
            )
        })
    }

    /// The case ids (`family/version/name`) of every unique finding.
    pub fn cases(&self) -> Vec<String> {
        self.summary()["findings"]
            .as_array()
            .map(|f| {
                f.iter()
                    .map(|x| x["case"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Runs `conformkit fuzz <args>`.
pub fn fuzz(args: &[&str]) -> FuzzRun {
    let output = Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .arg("fuzz")
        .args(args)
        // The repository's corpus in place, not an unpacked built-in copy
        // per run (as `support::certify`).
        .env("CONFORMKIT_CORPUS", conformkit::corpus::default_root())
        .output()
        .expect("conformkit runs");
    FuzzRun {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Copies the case folder `<from>/<id>` to `<to>/<id>`.
pub fn copy_case(from: &Path, id: &str, to: &Path) {
    copy_tree(&from.join(id), &to.join(id));
}

fn copy_tree(src: &Path, dest: &Path) {
    let meta = std::fs::symlink_metadata(src).unwrap();
    if meta.file_type().is_symlink() {
        std::os::unix::fs::symlink(std::fs::read_link(src).unwrap(), dest).unwrap();
    } else if meta.is_dir() {
        std::fs::create_dir_all(dest).unwrap();
        for entry in std::fs::read_dir(src).unwrap() {
            let entry = entry.unwrap();
            copy_tree(&entry.path(), &dest.join(entry.file_name()));
        }
    } else {
        std::fs::copy(src, dest).unwrap();
    }
}

//! Running the built `conformkit` where file permissions apply. Root passes
//! every permission check, so as root the command runs as the user
//! `nobody` (uid and gid 65534, no supplementary groups), from a copy of
//! the binary in a folder anyone may enter when the build folder is closed
//! to `nobody`. As any other user it runs as that user.

#![allow(dead_code)]

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The uid and gid the command runs as when the tests run as root.
const NOBODY: u32 = 65534;

/// A temporary folder anyone may enter, for the files of one test.
pub fn open_tempdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    set_mode(dir.path(), 0o755);
    dir
}

/// Sets the permission bits of `path`.
pub fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Whether the tests run as root.
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// `conformkit` bound by permissions, started in `dir` (from
/// [`open_tempdir`]).
pub fn conformkit(dir: &Path) -> Command {
    if !is_root() {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_conformkit"));
        cmd.current_dir(dir);
        return cmd;
    }
    let mut cmd = Command::new(binary_for_nobody());
    cmd.uid(NOBODY).gid(NOBODY).current_dir(dir);
    cmd
}

/// The built binary when `nobody` may run it where it is (every folder
/// above it open to others), else a copy made once per test process.
fn binary_for_nobody() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let built = Path::new(env!("CARGO_BIN_EXE_conformkit"));
        let open = |p: &Path, bits: u32| {
            std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & bits == bits)
        };
        if open(built, 0o005) && built.ancestors().skip(1).all(|a| open(a, 0o001)) {
            return built.to_path_buf();
        }
        let dir = open_tempdir().keep();
        let copy = dir.join("conformkit");
        std::fs::copy(built, &copy).unwrap();
        set_mode(&copy, 0o755);
        copy
    })
}

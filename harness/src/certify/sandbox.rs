//! Scratch space for one run: a private temporary directory with one folder
//! per case. A reader gets a read-only copy of the case input (symlinks
//! copied as symlinks, never followed), so a faulty program cannot damage
//! the corpus; a writer gets a fresh output path. Everything is removed
//! when the case (and the run) is done.

use conformkit_reference::Shape;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The run's temporary directory.
pub struct Sandbox {
    root: tempfile::TempDir,
    next: usize,
}

pub use crate::scratch::scratch_base;

impl Sandbox {
    /// A new temporary directory; its path must be UTF-8 (paths travel as
    /// JSON strings in the protocol).
    pub fn new() -> io::Result<Sandbox> {
        Sandbox::new_in(&scratch_base())
    }

    /// [`Sandbox::new`], under `base` instead of the system's temporary
    /// directory.
    pub fn new_in(base: &Path) -> io::Result<Sandbox> {
        let root = tempfile::Builder::new()
            .prefix("conformkit-")
            .tempdir_in(base)?;
        if root.path().to_str().is_none() {
            return Err(io::Error::other(format!(
                "the temporary directory {} is not a UTF-8 path (set TMPDIR)",
                root.path().display()
            )));
        }
        Ok(Sandbox { root, next: 0 })
    }

    /// A fresh, empty folder for the next case (numbered after the last
    /// one this method made).
    pub fn scratch(&mut self) -> io::Result<Scratch> {
        self.next += 1;
        self.scratch_at(self.next)
    }

    /// A fresh, empty folder `<n>` for case number `n` of the run (1-based,
    /// in run order, whichever worker runs it: the paths an adapter is
    /// given do not depend on how cases are shared out).
    pub fn scratch_at(&self, n: usize) -> io::Result<Scratch> {
        let dir = self.root.path().join(n.to_string());
        fs::create_dir(&dir)?;
        Ok(Scratch { dir })
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        make_removable(self.root.path());
    }
}

/// One case's folder, removed on drop.
pub struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    /// A read-only copy of `input` (file or directory) inside this folder,
    /// under the same file name. The folder itself becomes read-only too,
    /// so the copy cannot be renamed or deleted either.
    pub fn readonly_copy(&self, input: &Path) -> io::Result<PathBuf> {
        let name = input
            .file_name()
            .ok_or_else(|| io::Error::other("the case input has no file name"))?;
        let dest = self.dir.join(name);
        copy_readonly(input, &dest)?;
        set_mode(&self.dir, 0o555)?;
        Ok(dest)
    }

    /// An input made in place: `fill` creates `name` inside this folder
    /// (a file or a directory tree), then it and the folder are made
    /// read-only as [`Scratch::readonly_copy`] leaves a copy. For inputs
    /// that exist only in memory (the fuzzer's), this writes them once
    /// instead of staging them and copying.
    pub fn readonly_made(
        &self,
        name: &str,
        fill: impl FnOnce(&Path) -> io::Result<()>,
    ) -> io::Result<PathBuf> {
        let dest = self.dir.join(name);
        fill(&dest)?;
        make_readonly(&dest)?;
        set_mode(&self.dir, 0o555)?;
        Ok(dest)
    }

    /// [`Scratch::readonly_copy`] of a case's input together with what lies
    /// beside it in the case folder (everything but `case.json` and
    /// `expected.json`): the targets of links that lead out of the input,
    /// so that a reader that follows such a link finds a real, valid file,
    /// exactly as it would in the corpus, and must refuse the escape itself.
    pub fn readonly_case(&self, case_dir: &Path, input: &Path) -> io::Result<PathBuf> {
        let mut entries: Vec<_> = fs::read_dir(case_dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name();
            if name == "case.json" || name == "expected.json" || entry.path() == input {
                continue;
            }
            copy_readonly(&entry.path(), &self.dir.join(&name))?;
        }
        self.readonly_copy(input)
    }

    /// Where a writer puts its artifact: `out.<ext>` or the directory `out`
    /// (not created: the writer creates it).
    pub fn output(&self, shape: Shape) -> PathBuf {
        match shape {
            Shape::File { ext } => self.dir.join(format!("out.{ext}")),
            Shape::Directory => self.dir.join("out"),
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        make_removable(&self.dir);
        let _ = fs::remove_dir_all(&self.dir);
    }
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    let mut perms = fs::metadata(path)?.permissions();
    perms.set_readonly(mode & 0o200 == 0);
    fs::set_permissions(path, perms)
}

#[cfg(unix)]
fn copy_symlink(src: &Path, dest: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(fs::read_link(src)?, dest)
}

#[cfg(not(unix))]
fn copy_symlink(src: &Path, _dest: &Path) -> io::Result<()> {
    Err(io::Error::other(format!(
        "{}: symlinked inputs need a Unix-like system",
        src.display()
    )))
}

/// Copies `src` to `dest` without following symlinks; files end 0444 and
/// directories 0555.
fn copy_readonly(src: &Path, dest: &Path) -> io::Result<()> {
    let kind = fs::symlink_metadata(src)?.file_type();
    if kind.is_symlink() {
        copy_symlink(src, dest)
    } else if kind.is_dir() {
        fs::create_dir(dest)?;
        let mut entries: Vec<_> = fs::read_dir(src)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            copy_readonly(&entry.path(), &dest.join(entry.file_name()))?;
        }
        set_mode(dest, 0o555)
    } else if kind.is_file() {
        fs::copy(src, dest)?;
        set_mode(dest, 0o444)
    } else {
        Err(io::Error::other(format!(
            "{}: not a file, directory or symlink",
            src.display()
        )))
    }
}

/// Files 0444 and directories 0555 under `path`, symlinks untouched (never
/// followed), deepest first so the walk can still list each directory.
fn make_readonly(path: &Path) -> io::Result<()> {
    let kind = fs::symlink_metadata(path)?.file_type();
    if kind.is_dir() {
        for entry in fs::read_dir(path)? {
            make_readonly(&entry?.path())?;
        }
        set_mode(path, 0o555)
    } else if kind.is_file() {
        set_mode(path, 0o444)
    } else {
        Ok(())
    }
}

/// Gives the owner write access to every directory under `path` (not
/// following symlinks), so the tree can be removed. Best effort.
fn make_removable(path: &Path) {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return;
    };
    if meta.is_dir() {
        let _ = set_mode(path, 0o755);
        if let Ok(entries) = fs::read_dir(path) {
            for entry in entries.flatten() {
                make_removable(&entry.path());
            }
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn copies_read_only_and_keeps_symlinks() {
        let src = tempfile::tempdir().unwrap();
        let input = src.path().join("input");
        fs::create_dir(&input).unwrap();
        fs::write(input.join("a.json"), b"{}").unwrap();
        fs::create_dir(input.join("sub")).unwrap();
        fs::write(input.join("sub/b"), b"b").unwrap();
        std::os::unix::fs::symlink("../../outside", input.join("sub/escape")).unwrap();

        let mut sandbox = Sandbox::new().unwrap();
        let scratch = sandbox.scratch().unwrap();
        let copy = scratch.readonly_copy(&input).unwrap();
        assert_eq!(fs::read(copy.join("a.json")).unwrap(), b"{}");
        assert_eq!(fs::read(copy.join("sub/b")).unwrap(), b"b");
        let link = copy.join("sub/escape");
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_link(&link).unwrap(), Path::new("../../outside"));
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&copy), 0o555);
        assert_eq!(mode(&scratch.dir), 0o555);
        assert_eq!(mode(&copy.join("sub")), 0o555);
        assert_eq!(mode(&copy.join("a.json")), 0o444);

        let dir = scratch.dir.clone();
        drop(scratch);
        assert!(!dir.exists());

        let made = sandbox.scratch().unwrap();
        let tree = made
            .readonly_made("input", |dest| {
                fs::create_dir(dest)?;
                fs::create_dir(dest.join("sub"))?;
                fs::write(dest.join("sub/b"), b"b")?;
                std::os::unix::fs::symlink("../../outside", dest.join("escape"))
            })
            .unwrap();
        assert_eq!(mode(&made.dir), 0o555);
        assert_eq!(mode(&tree), 0o555);
        assert_eq!(mode(&tree.join("sub")), 0o555);
        assert_eq!(mode(&tree.join("sub/b")), 0o444);
        assert_eq!(
            fs::read_link(tree.join("escape")).unwrap(),
            Path::new("../../outside")
        );
        let dir = made.dir.clone();
        drop(made);
        assert!(!dir.exists());
        // The source keeps its permissions.
        assert_ne!(mode(&input.join("a.json")) & 0o200, 0);
        assert_ne!(mode(&input) & 0o200, 0);
    }
}

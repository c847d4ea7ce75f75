//! Safe access to the member files of a bundle directory: only names directly
//! in the root, never following a symlink out of it, each file size-bounded.

use crate::error::{ErrorClass, ReadError};
use crate::file_bytes::{io_error, read_file_bounded};
use crate::limits::Limits;
use std::path::{Component, Path, PathBuf};

/// An opened bundle root.
pub struct BundleDir {
    root: PathBuf,
    canonical_root: PathBuf,
    limits: Limits,
}

impl BundleDir {
    /// Opens `root`, refusing a directory with more entries than `limits.max_files`.
    pub fn open(root: &Path, limits: &Limits) -> Result<BundleDir, ReadError> {
        let name = root.display().to_string();
        let canonical_root = root.canonicalize().map_err(|e| io_error(&e, &name))?;
        if !canonical_root.is_dir() {
            return Err(ReadError::new(ErrorClass::Unreadable, "a bundle directory").in_file(name));
        }
        let entries = std::fs::read_dir(&canonical_root).map_err(|e| io_error(&e, &name))?;
        if entries.take(limits.max_files + 1).count() > limits.max_files {
            return Err(ReadError::new(
                ErrorClass::TooLarge,
                format!("at most {} entries", limits.max_files),
            )
            .in_file(name));
        }
        Ok(BundleDir {
            root: root.to_path_buf(),
            canonical_root,
            limits: *limits,
        })
    }

    /// The bytes of member `name`, or `None` when there is no such entry.
    ///
    /// A member must be a regular file; a symlink is followed only when its
    /// target stays inside the bundle (`path_escape` otherwise, D-IB-2).
    pub fn read(&self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let path = self.root.join(name);
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_error(&e, name)),
        };
        if meta.file_type().is_symlink() {
            self.check_link(&path, name)?;
            let target = match path.canonicalize() {
                Ok(t) => t,
                Err(_) => {
                    return Err(ReadError::new(
                        ErrorClass::MissingFile,
                        "a symlink to an existing file",
                    )
                    .in_file(name)
                    .found("a dangling symlink"))
                }
            };
            if !target.starts_with(&self.canonical_root) {
                return Err(ReadError::new(
                    ErrorClass::PathEscape,
                    "a member inside the bundle directory",
                )
                .in_file(name)
                .found(format!("a symlink to {}", target.display())));
            }
        }
        let bytes = read_file_bounded(&path, &self.limits).map_err(|mut e| {
            e.file = Some(name.to_string());
            e
        })?;
        Ok(Some(bytes))
    }

    /// `path_escape` when the link's own text leaves the root: absolute, or
    /// with more `..` than it has depth. Decided on the text, so a dangling
    /// link outside is an escape, not a missing file.
    fn check_link(&self, path: &Path, name: &str) -> Result<(), ReadError> {
        let link = std::fs::read_link(path).map_err(|e| io_error(&e, name))?;
        let mut depth: i64 = 0;
        let mut escapes = link.is_absolute();
        for c in link.components() {
            match c {
                Component::ParentDir => depth -= 1,
                Component::Normal(_) => depth += 1,
                Component::CurDir => {}
                Component::RootDir | Component::Prefix(_) => escapes = true,
            }
            escapes |= depth < 0;
        }
        if escapes {
            return Err(ReadError::new(
                ErrorClass::PathEscape,
                "a member inside the bundle directory",
            )
            .in_file(name)
            .found(format!("a symlink to {}", link.display())));
        }
        Ok(())
    }

    /// Like [`BundleDir::read`], with `missing_file` when the member is absent.
    pub fn require(&self, name: &str) -> Result<Vec<u8>, ReadError> {
        self.read(name)?.ok_or_else(|| {
            ReadError::new(ErrorClass::MissingFile, format!("required member `{name}`"))
                .in_file(name)
        })
    }
}

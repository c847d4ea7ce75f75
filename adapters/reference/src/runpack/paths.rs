//! Runpack-relative paths: the lexical rules a listed path must follow, and
//! resolving it on disk without leaving the runpack root.
//!
//! Lexically, a path is `/`-separated, relative, with no empty, `.` or `..`
//! component (D-RP-5). `..` anywhere and absolute paths (`/x`, `\x`, `C:x`)
//! are `path_escape`; the other faults are `invalid_value`. On disk, every
//! symlink along the path is followed and the result must stay inside the
//! runpack root, else `path_escape` (a symlink to a file or a directory
//! alike, dangling or not); the file is opened beneath the root by
//! descriptor, component by component (`crate::beneath`).

use crate::beneath::{kind_of, Fault, Root, MAX_LINKS};
use crate::error::{ErrorClass, ReadError};
use std::fs::{File, Metadata};
use std::path::{Path, PathBuf};

/// Checks the lexical rules; returns the path's components.
pub fn check_relative(path: &str) -> Result<Vec<&str>, ReadError> {
    let escape = |what: &str| {
        Err(ReadError::new(
            ErrorClass::PathEscape,
            "a path relative to the runpack root that stays inside it",
        )
        .found(format!("{what} `{path}`")))
    };
    let invalid = |what: &str| {
        Err(ReadError::new(
            ErrorClass::InvalidValue,
            "a runpack-relative path of non-empty `/`-separated names",
        )
        .found(format!("{what} `{path}`")))
    };
    if path.starts_with('/') || path.starts_with('\\') || has_drive_prefix(path) {
        return escape("absolute path");
    }
    let parts: Vec<&str> = path.split(['/', '\\']).collect();
    if parts.contains(&"..") {
        return escape("`..` component in");
    }
    if path.is_empty() {
        return invalid("empty path");
    }
    if path.contains('\\') {
        return invalid("backslash in");
    }
    if path.contains('\0') {
        return invalid("NUL byte in");
    }
    if parts.iter().any(|p| p.is_empty() || *p == ".") {
        return invalid("empty or `.` component in");
    }
    Ok(parts)
}

fn has_drive_prefix(path: &str) -> bool {
    let b = path.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

/// The canonical form of the runpack root.
pub fn canonical_root(root: &Path) -> Result<PathBuf, ReadError> {
    std::fs::canonicalize(root).map_err(|e| {
        ReadError::new(ErrorClass::MissingFile, "a readable runpack directory")
            .in_file(root.display().to_string())
            .found(e.to_string())
    })
}

/// Opens the runpack root (already canonical) for [`open_listed`].
pub fn open_root(root: &Path) -> Result<Root, ReadError> {
    Root::open(root).map_err(|e| {
        ReadError::new(ErrorClass::Unreadable, "a readable runpack directory")
            .in_file(root.display().to_string())
            .found(e.to_string())
    })
}

/// Opens the lexically checked `rel` beneath `root`, without blocking and
/// without a window between check and open (`crate::beneath`): the open
/// regular file and its metadata; `missing_file` when nothing is there,
/// `path_escape` when a symlink leads outside the root, `unreadable` for
/// anything but a regular file (checked on the opened file).
pub fn open_listed(root: &Root, rel: &str) -> Result<(File, Metadata), ReadError> {
    check_relative(rel)?;
    let (file, meta) = root.open_file(rel).map_err(|fault| match fault {
        Fault::Escape { target } => ReadError::new(
            ErrorClass::PathEscape,
            "a file inside the runpack root (symlinks must not lead outside it)",
        )
        .found(format!("`{rel}` resolves to {}", target.display())),
        Fault::Missing { via_link } => ReadError::new(ErrorClass::MissingFile, "an existing file")
            .found(if via_link {
                "a dangling symlink"
            } else {
                "no such file"
            }),
        Fault::Loop => ReadError::new(ErrorClass::Unreadable, "a path without a symlink loop")
            .found(format!("more than {MAX_LINKS} symlinks")),
        Fault::Io(e) => {
            ReadError::new(ErrorClass::Unreadable, "a resolvable path").found(e.to_string())
        }
    })?;
    if !meta.is_file() {
        return Err(ReadError::new(ErrorClass::Unreadable, "a regular file").found(kind_of(&meta)));
    }
    Ok((file, meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(path: &str) -> Option<ErrorClass> {
        check_relative(path).err().map(|e| e.class)
    }

    #[test]
    fn lexical_rules() {
        assert_eq!(class("decision_log.json"), None);
        assert_eq!(class("logs/a.json"), None);
        assert_eq!(class("../a.json"), Some(ErrorClass::PathEscape));
        assert_eq!(class("logs/../../a.json"), Some(ErrorClass::PathEscape));
        assert_eq!(class("logs/.."), Some(ErrorClass::PathEscape));
        assert_eq!(class("..\\a.json"), Some(ErrorClass::PathEscape));
        assert_eq!(class("/etc/passwd"), Some(ErrorClass::PathEscape));
        assert_eq!(class("\\x"), Some(ErrorClass::PathEscape));
        assert_eq!(class("C:x.json"), Some(ErrorClass::PathEscape));
        assert_eq!(class(""), Some(ErrorClass::InvalidValue));
        assert_eq!(class("a//b"), Some(ErrorClass::InvalidValue));
        assert_eq!(class("./a"), Some(ErrorClass::InvalidValue));
        assert_eq!(class("a/"), Some(ErrorClass::InvalidValue));
        assert_eq!(class("a\\b"), Some(ErrorClass::InvalidValue));
        assert_eq!(class("a\0b"), Some(ErrorClass::InvalidValue));
        assert_eq!(class("..a/b..c"), None);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_leaving_the_root() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("pack");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(tmp.path().join("outside.json"), b"{}").unwrap();
        std::fs::create_dir(tmp.path().join("outdir")).unwrap();
        std::fs::write(tmp.path().join("outdir/a.json"), b"{}").unwrap();
        std::fs::write(root.join("sub/in.json"), b"{}").unwrap();
        symlink("../outside.json", root.join("file-out")).unwrap();
        symlink("../outdir", root.join("dir-out")).unwrap();
        symlink("sub/in.json", root.join("file-in")).unwrap();
        symlink("sub", root.join("dir-in")).unwrap();
        symlink("../gone.json", root.join("dangling-out")).unwrap();
        symlink("sub/gone.json", root.join("dangling-in")).unwrap();
        let root = open_root(&canonical_root(&root).unwrap()).unwrap();
        let class = |rel: &str| open_listed(&root, rel).err().map(|e| e.class);
        assert_eq!(class("file-out"), Some(ErrorClass::PathEscape));
        assert_eq!(class("dir-out/a.json"), Some(ErrorClass::PathEscape));
        assert_eq!(class("dangling-out"), Some(ErrorClass::PathEscape));
        assert_eq!(class("dangling-in"), Some(ErrorClass::MissingFile));
        assert_eq!(class("nothing.json"), Some(ErrorClass::MissingFile));
        assert_eq!(class("file-in"), None);
        assert_eq!(class("dir-in/in.json"), None);
    }
}

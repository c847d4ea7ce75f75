//! Runpack-relative paths: the lexical rules a listed path must follow, and
//! resolving it on disk without leaving the runpack root.
//!
//! Lexically, a path is `/`-separated, relative, with no empty, `.` or `..`
//! component (D-RP-5). `..` anywhere and absolute paths (`/x`, `\x`, `C:x`)
//! are `path_escape`; the other faults are `invalid_value`. On disk, every
//! symlink along the path is followed and the result must stay inside the
//! runpack root, else `path_escape` (a symlink to a file or a directory
//! alike, dangling or not).

use crate::error::{ErrorClass, ReadError};
use std::path::{Component, Path, PathBuf};

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

/// A listed file resolved on disk.
#[derive(Debug)]
pub struct Resolved {
    /// The canonical path (every symlink followed), inside the root.
    pub real: PathBuf,
}

impl Resolved {
    /// The file's metadata, `unreadable` unless it is a regular file: checked
    /// before opening, so a FIFO or device is never opened (no hang).
    pub fn regular_file(&self) -> Result<std::fs::Metadata, ReadError> {
        let meta = std::fs::metadata(&self.real).map_err(|e| {
            ReadError::new(ErrorClass::Unreadable, "a readable file").found(e.to_string())
        })?;
        if meta.is_file() {
            Ok(meta)
        } else {
            Err(
                ReadError::new(ErrorClass::Unreadable, "a regular file").found(if meta.is_dir() {
                    "a directory"
                } else {
                    "a special file (FIFO, socket or device)"
                }),
            )
        }
    }
}

/// The canonical form of the runpack root.
pub fn canonical_root(root: &Path) -> Result<PathBuf, ReadError> {
    std::fs::canonicalize(root).map_err(|e| {
        ReadError::new(ErrorClass::MissingFile, "a readable runpack directory")
            .in_file(root.display().to_string())
            .found(e.to_string())
    })
}

/// Resolves the lexically checked `rel` under `root` (already canonical):
/// `missing_file` when nothing is there, `path_escape` when a symlink leads
/// outside `root`.
pub fn resolve(root: &Path, rel: &str) -> Result<Resolved, ReadError> {
    let parts = check_relative(rel)?;
    let joined = parts.iter().fold(root.to_path_buf(), |p, c| p.join(c));
    match std::fs::canonicalize(&joined) {
        Ok(real) if real.starts_with(root) => Ok(Resolved { real }),
        Ok(real) => Err(escape(root, rel, &real)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Something along the path is missing; a dangling symlink that
            // points outside is still an escape.
            match dangling_escape(root, &parts) {
                Some(target) => Err(escape(root, rel, &target)),
                None => Err(ReadError::new(ErrorClass::MissingFile, "an existing file")
                    .found(e.to_string())),
            }
        }
        Err(e) => {
            Err(ReadError::new(ErrorClass::Unreadable, "a resolvable path").found(e.to_string()))
        }
    }
}

fn escape(root: &Path, rel: &str, target: &Path) -> ReadError {
    ReadError::new(
        ErrorClass::PathEscape,
        "a file inside the runpack root (symlinks must not lead outside it)",
    )
    .found(format!(
        "`{rel}` resolves to {}",
        relative_to(root, target).display()
    ))
}

/// `target` as seen from `root` (`../outside/x`), for messages that must not
/// depend on where the runpack sits.
fn relative_to(root: &Path, target: &Path) -> PathBuf {
    let r: Vec<_> = root.components().collect();
    let t: Vec<_> = target.components().collect();
    let common = r.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..r.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c);
    }
    out
}

/// Walks `parts` under `root`; at the first symlink whose target cannot be
/// canonicalized, returns its lexical target when that lies outside `root`.
fn dangling_escape(root: &Path, parts: &[&str]) -> Option<PathBuf> {
    let mut at = root.to_path_buf();
    for part in parts {
        at.push(part);
        let meta = std::fs::symlink_metadata(&at).ok()?;
        if meta.file_type().is_symlink() {
            let link = std::fs::read_link(&at).ok()?;
            let parent = at.parent()?;
            let target = lexical_normalize(&parent.join(link));
            return (!target.starts_with(root)).then_some(target);
        }
    }
    None
}

fn lexical_normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
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
        let root = canonical_root(&root).unwrap();
        let class = |rel: &str| resolve(&root, rel).err().map(|e| e.class);
        assert_eq!(class("file-out"), Some(ErrorClass::PathEscape));
        assert_eq!(class("dir-out/a.json"), Some(ErrorClass::PathEscape));
        assert_eq!(class("dangling-out"), Some(ErrorClass::PathEscape));
        assert_eq!(class("dangling-in"), Some(ErrorClass::MissingFile));
        assert_eq!(class("nothing.json"), Some(ErrorClass::MissingFile));
        assert_eq!(class("file-in"), None);
        assert_eq!(class("dir-in/in.json"), None);
    }
}

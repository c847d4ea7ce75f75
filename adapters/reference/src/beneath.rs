//! Opening a file beneath a root directory without leaving it, free of
//! check-then-open races.
//!
//! Every component is opened relative to the descriptor of the directory
//! before it, with `O_NOFOLLOW`; a component that is a symlink is read
//! (`readlinkat`) and its target walked the same way; `..` climbs back the
//! stack of directories already opened, never past the root; the type is
//! checked on the opened descriptor. No name is looked up twice, so a link
//! swapped in after a check cannot lead outside the root, and the file is
//! opened with `O_NONBLOCK`, so a FIFO swapped in cannot block the open.
//! Symlinks whose targets stay inside the root are followed (relative, or
//! absolute under the root's canonical path): corpus/DECISIONS.md D-RP-5 and
//! D-IB-2.

use std::fs::{File, Metadata};
use std::path::{Component, Path, PathBuf};

/// Most symlinks followed while opening one path (Linux's own limit).
pub const MAX_LINKS: usize = 40;

/// Why a path could not be opened beneath the root.
#[derive(Debug)]
pub enum Fault {
    /// Nothing is there; `via_link`: a symlink was followed on the way.
    Missing { via_link: bool },
    /// The path leads outside the root, to `target` as seen from the root
    /// (`../outside/x`).
    Escape { target: PathBuf },
    /// More than [`MAX_LINKS`] symlinks.
    Loop,
    /// Another failure (permission, a file where a directory is needed).
    Io(std::io::Error),
}

/// An opened root directory.
#[derive(Debug)]
pub struct Root {
    /// The root's canonical path (absolute symlink targets are judged by it).
    path: PathBuf,
    #[cfg(unix)]
    dir: std::os::fd::OwnedFd,
}

impl Root {
    /// Opens the directory at `canonical` (a canonical path).
    pub fn open(canonical: &Path) -> std::io::Result<Root> {
        #[cfg(unix)]
        {
            use rustix::fs::{open, Mode, OFlags};
            let dir = open(
                canonical,
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                Mode::empty(),
            )?;
            Ok(Root {
                path: canonical.to_path_buf(),
                dir,
            })
        }
        #[cfg(not(unix))]
        {
            if !std::fs::metadata(canonical)?.is_dir() {
                return Err(std::io::Error::other("not a directory"));
            }
            Ok(Root {
                path: canonical.to_path_buf(),
            })
        }
    }

    /// The root's canonical path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens the file at the `/`-separated `rel` beneath the root for
    /// reading (without blocking): the open file and its metadata, taken
    /// from the descriptor. The caller decides which types it accepts.
    #[cfg(unix)]
    pub fn open_file(&self, rel: &str) -> Result<(File, Metadata), Fault> {
        use rustix::fs::{openat, readlinkat, Mode, OFlags};
        use std::os::fd::{AsFd, OwnedFd};
        use std::os::unix::ffi::OsStringExt;

        let mut pending: Vec<std::ffi::OsString> = rel.split('/').rev().map(Into::into).collect();
        let mut stack: Vec<OwnedFd> = Vec::new();
        let mut links = 0;
        let mut via_link = false;
        while let Some(part) = pending.pop() {
            if part.is_empty() || part == "." {
                continue;
            }
            if part == ".." {
                if stack.pop().is_none() {
                    return Err(Fault::Escape {
                        target: escaped(Path::new(".."), &pending),
                    });
                }
                continue;
            }
            let dir = stack.last().map_or(self.dir.as_fd(), |d| d.as_fd());
            let last = pending.iter().all(|p| p.is_empty() || p == ".");
            let mut flags = OFlags::RDONLY
                | OFlags::NOFOLLOW
                | OFlags::NONBLOCK
                | OFlags::NOCTTY
                | OFlags::CLOEXEC;
            if !last {
                flags |= OFlags::DIRECTORY;
            }
            let opened = match openat(dir, part.as_os_str(), flags, Mode::empty()) {
                Ok(fd) => fd,
                Err(err) => {
                    // A symlink (or anything else that failed): only a
                    // link can be read as one; anything else keeps the
                    // open's own error.
                    let Ok(target) = readlinkat(dir, part.as_os_str(), Vec::new()) else {
                        return Err(match err {
                            rustix::io::Errno::NOENT => Fault::Missing { via_link },
                            other => Fault::Io(other.into()),
                        });
                    };
                    links += 1;
                    if links > MAX_LINKS {
                        return Err(Fault::Loop);
                    }
                    via_link = true;
                    let target = PathBuf::from(std::ffi::OsString::from_vec(target.into_bytes()));
                    if target.is_absolute() {
                        let Ok(inside) = target.strip_prefix(&self.path) else {
                            return Err(Fault::Escape {
                                target: relative_to(&self.path, &escaped(&target, &pending)),
                            });
                        };
                        stack.clear();
                        push_components(&mut pending, inside);
                    } else {
                        push_components(&mut pending, &target);
                    }
                    continue;
                }
            };
            if last {
                let file = File::from(opened);
                let meta = file.metadata().map_err(Fault::Io)?;
                return Ok((file, meta));
            }
            stack.push(opened);
        }
        // The path ends at a directory (`.` or a link to one).
        let dir = stack.last().map_or(self.dir.as_fd(), |d| d.as_fd());
        let file = File::from(dir.try_clone_to_owned().map_err(Fault::Io)?);
        let meta = file.metadata().map_err(Fault::Io)?;
        Ok((file, meta))
    }

    /// Without descriptor-relative opens: resolve, check, open (not free of
    /// races).
    #[cfg(not(unix))]
    pub fn open_file(&self, rel: &str) -> Result<(File, Metadata), Fault> {
        let joined = rel.split('/').fold(self.path.clone(), |p, c| p.join(c));
        let real = match std::fs::canonicalize(&joined) {
            Ok(real) => real,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Fault::Missing { via_link: false })
            }
            Err(e) => return Err(Fault::Io(e)),
        };
        if !real.starts_with(&self.path) {
            return Err(Fault::Escape {
                target: relative_to(&self.path, &real),
            });
        }
        let file = File::open(&real).map_err(Fault::Io)?;
        let meta = file.metadata().map_err(Fault::Io)?;
        Ok((file, meta))
    }
}

/// Puts `path`'s components in front of `pending` (a stack: last pops first).
#[cfg(unix)]
fn push_components(pending: &mut Vec<std::ffi::OsString>, path: &Path) {
    for c in path.components().rev() {
        match c {
            Component::Normal(n) => pending.push(n.to_os_string()),
            Component::ParentDir => pending.push("..".into()),
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
}

/// `start` followed by what is left of the path, normalized.
fn escaped(start: &Path, pending: &[std::ffi::OsString]) -> PathBuf {
    let mut out = start.to_path_buf();
    for p in pending.iter().rev() {
        out.push(p);
    }
    lexical_normalize(&out)
}

fn lexical_normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else if path.is_relative() {
                    out.push("..");
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `target` as seen from `root` (`../outside/x`), for messages that must not
/// depend on where the root sits.
pub fn relative_to(root: &Path, target: &Path) -> PathBuf {
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

/// What a file that is not a regular file is, for messages.
pub fn kind_of(meta: &Metadata) -> &'static str {
    if meta.is_dir() {
        "a directory"
    } else {
        "a special file (FIFO, socket or device)"
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn fault(root: &Root, rel: &str) -> String {
        match root.open_file(rel) {
            Ok((_, meta)) => format!("ok {}", if meta.is_file() { "file" } else { "other" }),
            Err(Fault::Escape { target }) => format!("escape {}", target.display()),
            Err(Fault::Missing { via_link }) => format!("missing {via_link}"),
            Err(Fault::Loop) => "loop".into(),
            Err(Fault::Io(e)) => format!("io {}", e.kind()),
        }
    }

    #[test]
    fn links_inside_are_followed_and_outside_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let top = tmp.path().canonicalize().unwrap();
        let root = top.join("pack");
        std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
        std::fs::write(top.join("outside.json"), b"{}").unwrap();
        std::fs::write(root.join("sub/in.json"), b"{}").unwrap();
        symlink("../outside.json", root.join("file-out")).unwrap();
        symlink("..", root.join("up")).unwrap();
        symlink("sub/in.json", root.join("file-in")).unwrap();
        symlink("../in.json", root.join("sub/deeper/back")).unwrap();
        symlink(root.join("sub/in.json"), root.join("abs-in")).unwrap();
        symlink(top.join("outside.json"), root.join("abs-out")).unwrap();
        symlink("../gone.json", root.join("dangling-out")).unwrap();
        symlink("gone.json", root.join("dangling-in")).unwrap();
        symlink("loop-b", root.join("loop-a")).unwrap();
        symlink("loop-a", root.join("loop-b")).unwrap();
        let r = Root::open(&root).unwrap();
        assert_eq!(fault(&r, "sub/in.json"), "ok file");
        assert_eq!(fault(&r, "file-in"), "ok file");
        assert_eq!(fault(&r, "sub/deeper/back"), "ok file");
        assert_eq!(fault(&r, "abs-in"), "ok file");
        assert_eq!(fault(&r, "sub"), "ok other");
        assert_eq!(fault(&r, "file-out"), "escape ../outside.json");
        assert_eq!(fault(&r, "up/outside.json"), "escape ../outside.json");
        assert_eq!(fault(&r, "abs-out"), "escape ../outside.json");
        assert_eq!(fault(&r, "dangling-out"), "escape ../gone.json");
        assert_eq!(fault(&r, "dangling-in"), "missing true");
        assert_eq!(fault(&r, "nothing"), "missing false");
        assert_eq!(fault(&r, "loop-a"), "loop");
        assert_eq!(fault(&r, "sub/in.json/x"), "io not a directory");
    }

    #[test]
    fn a_fifo_opens_without_blocking() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let fifo = std::ffi::CString::new(root.join("pipe").to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        let r = Root::open(&root).unwrap();
        let (_, meta) = r.open_file("pipe").unwrap();
        assert_eq!(kind_of(&meta), "a special file (FIFO, socket or device)");
    }
}

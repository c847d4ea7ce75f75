//! The report folder of one run (`certify --report-dir`, `report --out`):
//! checked before the run (a file there is refused in words; the folder is
//! created and must be writable), locked for the run so two runs never mix
//! their files (a second run fails at once, naming the folder and the
//! holder), and its report set replaced as a whole: badges of earlier runs
//! that this run did not produce are removed. Only files the kit names are
//! ever removed (`badges/<key>-level<1|2>.svg|.json`); other files stay.
//!
//! The lock is an advisory `flock` on the folder itself, held until the
//! [`ReportFolder`] is dropped (or the process ends); while it is held,
//! [`HOLDER_FILE`] in the folder says which process holds it.

use super::ReportFile;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// The file naming the run that holds the lock (removed when it ends).
pub const HOLDER_FILE: &str = ".conformkit-lock";

/// A locked report folder.
pub struct ReportFolder {
    dir: PathBuf,
    /// The open folder the lock is held on (released when closed).
    _lock: File,
}

impl ReportFolder {
    /// Creates (when missing), checks and locks `dir` for `command`
    /// (`certify`, `report`); `option` names the option that gave the
    /// folder, for messages (`--report-dir`).
    pub fn open(dir: &Path, command: &str, option: &str) -> Result<ReportFolder, String> {
        let shown = dir.display();
        if let Ok(meta) = std::fs::metadata(dir) {
            if !meta.is_dir() {
                return Err(format!(
                    "{shown}: is a {}, not a folder: {option} expects a folder (created when missing)",
                    kind(&meta)
                ));
            }
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("{shown}: cannot create the report folder ({option}): {e}"))?;
        let lock = File::open(dir)
            .map_err(|e| format!("{shown}: cannot open the report folder ({option}): {e}"))?;
        if !try_lock(&lock)
            .map_err(|e| format!("{shown}: cannot lock the report folder ({option}): {e}"))?
        {
            return Err(format!(
                "{shown}: another conformkit run is writing reports into this folder ({}); \
                 wait for it to end or choose another {option}",
                holder(dir)
            ));
        }
        // Naming the holder doubles as the check that the folder is writable.
        let text = format!(
            "pid {}: conformkit {command}, since {}\n",
            std::process::id(),
            crate::results::time::rfc3339(std::time::SystemTime::now())
        );
        crate::atomic::write_atomic(&dir.join(HOLDER_FILE), text.as_bytes())
            .map_err(|e| format!("{shown}: cannot write in the report folder ({option}): {e}"))?;
        Ok(ReportFolder {
            dir: dir.to_path_buf(),
            _lock: lock,
        })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes `files` (see [`super::write_files`]), then removes the badges
    /// of earlier runs that are not among them.
    pub fn replace(&self, files: &[ReportFile]) -> io::Result<Vec<PathBuf>> {
        let written = super::write_files(&self.dir, files)?;
        remove_stale_badges(&self.dir, files)?;
        Ok(written)
    }
}

impl Drop for ReportFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.dir.join(HOLDER_FILE));
    }
}

/// `file`, `symbolic link`, ... for a message.
fn kind(meta: &std::fs::Metadata) -> &'static str {
    if meta.is_file() {
        "file"
    } else {
        "special file (not a folder)"
    }
}

/// Who holds the lock, from [`HOLDER_FILE`] (bounded; a holder that has not
/// written it yet is "another process").
fn holder(dir: &Path) -> String {
    use std::io::Read;
    let mut text = String::new();
    // Without blocking (a FIFO put there cannot hang the message).
    let read = conformkit_reference::file_bytes::open_nonblocking(&dir.join(HOLDER_FILE))
        .and_then(|f| f.take(512).read_to_string(&mut text));
    match read {
        Ok(_) if !text.trim().is_empty() => crate::cli::escape::printable(text.trim()),
        _ => "held by another process".into(),
    }
}

/// Whether a badge name is one the kit writes: `<key>-level1.svg` and so on.
fn is_badge_name(name: &str) -> bool {
    ["-level1.svg", "-level1.json", "-level2.svg", "-level2.json"]
        .iter()
        .any(|end| name.len() > end.len() && name.ends_with(end))
}

/// Removes the regular files in `dir/badges` with a badge's name that are
/// not in `files`.
fn remove_stale_badges(dir: &Path, files: &[ReportFile]) -> io::Result<()> {
    let badges = dir.join("badges");
    let entries = match std::fs::read_dir(&badges) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(io::Error::new(
                e.kind(),
                format!("{}: {e}", badges.display()),
            ))
        }
    };
    for entry in entries {
        let entry = entry?;
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let ours = files.iter().any(|f| f.path == format!("badges/{name}"));
        if ours || !is_badge_name(&name) || !entry.file_type()?.is_file() {
            continue;
        }
        std::fs::remove_file(entry.path())
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", entry.path().display())))?;
    }
    Ok(())
}

/// Takes the folder's lock without waiting: `Ok(false)` when another
/// process holds it.
#[cfg(unix)]
fn try_lock(file: &File) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a descriptor this File owns; no memory is passed.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Ok(false)
    } else {
        Err(e)
    }
}

/// Without `flock` the folder is not locked.
#[cfg(not(unix))]
fn try_lock(_file: &File) -> io::Result<bool> {
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badge_names() {
        assert!(is_badge_name("acme-reader-level2.svg"));
        assert!(is_badge_name("acme-reader-level1.json"));
        assert!(!is_badge_name("-level1.svg"));
        assert!(!is_badge_name("logo.svg"));
        assert!(!is_badge_name("acme-reader-level3.svg"));
    }

    #[test]
    fn a_second_lock_in_one_process_is_refused_until_the_first_ends() {
        let dir = tempfile::tempdir().unwrap();
        let first = ReportFolder::open(dir.path(), "certify", "--report-dir").unwrap();
        let holder = std::fs::read_to_string(dir.path().join(HOLDER_FILE)).unwrap();
        assert!(
            holder.contains(&format!("pid {}", std::process::id())),
            "{holder}"
        );
        let e = ReportFolder::open(dir.path(), "report", "--out")
            .err()
            .unwrap();
        assert!(e.contains("another conformkit run"), "{e}");
        assert!(e.contains(&format!("pid {}", std::process::id())), "{e}");
        drop(first);
        assert!(!dir.path().join(HOLDER_FILE).exists());
        ReportFolder::open(dir.path(), "report", "--out").unwrap();
    }
}

//! The bytes of one input file, under the size limit: read into memory
//! ([`read_file_bounded`](read_file_bounded)) or, for the
//! validating readers, memory-mapped when the file is large ([`open`]).
//!
//! Both look at the path before opening it (a FIFO or a device is refused
//! as `unreadable` without being opened: opening one could block forever),
//! check the size of the open file against `limits.max_file_bytes`, and
//! refuse a file that grows past it while being read.
//!
//! Mapping: a regular file of at least [`MAP_AT_LEAST`] bytes is mapped
//! read-only (no copy: the pages come straight from the page cache), and
//! read into memory as usual should mapping fail. [`FileBytes::prefault`]
//! maps a range's pages ahead of reading it, in one call per range. The one `unsafe` block of
//! the crate outside the SIMD classifier is the mapping itself; its hazard
//! is the one every reader of a mapped file accepts: another process that
//! truncates the file while it is being validated makes the pages past the
//! new end unreadable, and the process gets SIGBUS (reading into memory
//! would see a shorter file instead). A file changed while it is read gives
//! a verdict on a mix of old and new bytes either way.

use crate::error::{ErrorClass, ReadError};
use crate::json::parse::check_size;
use crate::limits::Limits;
use memmap2::{Mmap, MmapOptions};
use std::fs::File;
use std::io::Read;
use std::ops::Deref;
use std::path::Path;

/// Files at least this large are mapped rather than read: below, a read is
/// as fast and copies little.
pub const MAP_AT_LEAST: u64 = 1024 * 1024;

/// A file's bytes, mapped or read.
#[derive(Debug)]
pub struct FileBytes {
    inner: Inner,
}

#[derive(Debug)]
enum Inner {
    Mapped(Mmap),
    Read(Vec<u8>),
}

impl FileBytes {
    /// Whether the bytes are a mapping of the file (not a copy).
    pub fn is_mapped(&self) -> bool {
        matches!(self.inner, Inner::Mapped(_))
    }
}

impl Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.inner {
            Inner::Mapped(m) => m,
            Inner::Read(v) => v,
        }
    }
}

/// The bytes of the file at `path`: mapped when it holds at least
/// [`MAP_AT_LEAST`] bytes, else (or when mapping fails) read.
pub fn open(path: &Path, limits: &Limits) -> Result<FileBytes, ReadError> {
    open_mapping_from(path, limits, MAP_AT_LEAST)
}

/// [`open`] with another mapping threshold (`u64::MAX`: never map).
pub fn open_mapping_from(
    path: &Path,
    limits: &Limits,
    map_at_least: u64,
) -> Result<FileBytes, ReadError> {
    let (file, len, name) = open_regular(path, limits)?;
    if len >= map_at_least {
        if let Some(map) = map(&file) {
            check_size(map.len() as u64, limits).map_err(|e| e.in_file(name))?;
            return Ok(FileBytes {
                inner: Inner::Mapped(map),
            });
        }
    }
    Ok(FileBytes {
        inner: Inner::Read(read_open(file, len, limits, &name)?),
    })
}

/// Maps `file` read-only; `None` when that fails.
fn map(file: &File) -> Option<Mmap> {
    // SAFETY: the mapping is read-only, and the slice it derefs to never
    // outlives it (both live in `FileBytes`). memmap2 requires that the file
    // not change while mapped; nothing here changes it, and the module
    // documentation says what another process changing it causes (SIGBUS on
    // truncation).
    unsafe { MmapOptions::new().map(file) }.ok()
}

impl FileBytes {
    /// Maps the pages of `self[start..end]` ahead of reading them, when the
    /// bytes are a mapping: one call into the kernel for the whole range
    /// instead of a page fault every few pages, and each thread of a
    /// parallel read can do it for its own range. Only a hint: where the
    /// kernel does not support it, the pages are mapped as they are read.
    pub fn prefault(&self, start: usize, end: usize) {
        if let Inner::Mapped(map) = &self.inner {
            if start < end && end <= map.len() {
                #[cfg(target_os = "linux")]
                let _ = map.advise_range(memmap2::Advice::PopulateRead, start, end - start);
                #[cfg(all(unix, not(target_os = "linux")))]
                let _ = map.advise_range(memmap2::Advice::WillNeed, start, end - start);
            }
        }
    }
}

/// Opens the regular file at `path` after looking at it, checks its size:
/// the open file, its length and its display name.
pub(crate) fn open_regular(path: &Path, limits: &Limits) -> Result<(File, u64, String), ReadError> {
    let name = path.display().to_string();
    // Look before opening: opening a FIFO or a device could block forever.
    let before = std::fs::metadata(path).map_err(|e| io_error(&e, &name))?;
    if !before.is_file() {
        return Err(ReadError::new(ErrorClass::Unreadable, "a regular file").in_file(name));
    }
    let file = File::open(path).map_err(|e| io_error(&e, &name))?;
    let meta = file.metadata().map_err(|e| io_error(&e, &name))?;
    if !meta.is_file() {
        return Err(ReadError::new(ErrorClass::Unreadable, "a regular file").in_file(name));
    }
    check_size(meta.len(), limits).map_err(|e| e.in_file(name.clone()))?;
    Ok((file, meta.len(), name))
}

/// Reads the open `file` of `len` bytes, refusing it should it grow past
/// the limit while being read.
pub(crate) fn read_open(
    file: File,
    len: u64,
    limits: &Limits,
    name: &str,
) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(&e, name))?;
    check_size(bytes.len() as u64, limits).map_err(|e| e.in_file(name.to_string()))?;
    Ok(bytes)
}

/// Reads a whole file, refusing one over `limits.max_file_bytes` before
/// reading it (and while reading, should it grow).
pub fn read_file_bounded(path: &Path, limits: &Limits) -> Result<Vec<u8>, ReadError> {
    let (file, len, name) = crate::file_bytes::open_regular(path, limits)?;
    crate::file_bytes::read_open(file, len, limits, &name)
}

/// Classifies an I/O failure on `file`.
pub fn io_error(e: &std::io::Error, file: &str) -> ReadError {
    let class = match e.kind() {
        std::io::ErrorKind::NotFound => ErrorClass::MissingFile,
        _ => ErrorClass::Unreadable,
    };
    ReadError::new(class, "a readable file")
        .in_file(file.to_string())
        .found(e.to_string())
}

#[cfg(all(test, unix))]
mod tests {
    use super::read_file_bounded;
    use super::*;

    #[test]
    fn mapped_and_read_bytes_are_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.kv");
        let bytes: Vec<u8> = (0..3 * MAP_AT_LEAST as usize / 2)
            .map(|i| (i % 251) as u8)
            .collect();
        std::fs::write(&path, &bytes).unwrap();
        let limits = Limits::default();
        let mapped = open(&path, &limits).unwrap();
        assert!(mapped.is_mapped());
        assert_eq!(&mapped[..], &bytes[..]);
        let read = open_mapping_from(&path, &limits, u64::MAX).unwrap();
        assert!(!read.is_mapped());
        assert_eq!(&read[..], &bytes[..]);
        let small = dir.path().join("small.kv");
        std::fs::write(&small, b"a=1\n").unwrap();
        assert!(!open(&small, &limits).unwrap().is_mapped());
        let empty = dir.path().join("empty.kv");
        std::fs::write(&empty, b"").unwrap();
        assert_eq!(open_mapping_from(&empty, &limits, 0).unwrap().len(), 0);
    }

    #[test]
    fn same_refusals_as_reading() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.kv");
        std::fs::write(&big, vec![b'a'; 2 * MAP_AT_LEAST as usize]).unwrap();
        let small_limit = Limits {
            max_file_bytes: MAP_AT_LEAST,
            ..Limits::default()
        };
        let fifo = dir.path().join("pipe");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        for (path, limits, class) in [
            (&big, small_limit, ErrorClass::TooLarge),
            (&fifo, Limits::default(), ErrorClass::Unreadable),
            (
                &dir.path().to_path_buf(),
                Limits::default(),
                ErrorClass::Unreadable,
            ),
            (
                &dir.path().join("absent"),
                Limits::default(),
                ErrorClass::MissingFile,
            ),
        ] {
            let mapped = open_mapping_from(path, &limits, 0).unwrap_err();
            assert_eq!(mapped.class, class, "{}", path.display());
            assert_eq!(Err(mapped), read_file_bounded(path, &limits));
        }
    }

    #[test]
    fn a_fifo_is_unreadable_not_a_hang() {
        let dir = std::env::temp_dir().join(format!("ck-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("pipe");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let err = read_file_bounded(&fifo, &Limits::default()).unwrap_err();
        assert_eq!(err.class, ErrorClass::Unreadable);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

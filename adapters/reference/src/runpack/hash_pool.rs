//! Hashing a runpack's listed files on a bounded pool of threads.
//!
//! The pool has at most `jobs` threads (never more than there are files);
//! each takes the next file not yet taken, opens it beneath the root with
//! the race-free opener (`paths::open_listed`, `crate::beneath`), checks
//! the size cap and streams it through SHA-256 in [`CHUNK`] pieces with one
//! buffer of its own, reused from file to file. So memory is `jobs` buffers
//! plus one small result per listed file (their number is capped by
//! `Limits::max_files` before any file is read), whatever the sizes and
//! counts, and at most `jobs` files are open at once. The results come back
//! in the listed order, so the verifier reports exactly what the
//! one-file-at-a-time path (`jobs` = 1, on the calling thread) reports.

use super::digest::{sha256_stream_with, Streamed, CHUNK};
use super::paths::open_listed;
use crate::beneath::Root;
use crate::error::{ErrorClass, ReadError};
use crate::limits::Limits;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Most hashing threads, whatever the machine.
pub const MAX_JOBS: usize = 64;

/// The default pool size: one thread per available core (at most
/// [`MAX_JOBS`]).
pub fn default_jobs() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_JOBS)
}

/// The SHA-256 (lowercase hex) of each of `paths` beneath `root`, or why it
/// could not be had, in the order of `paths`, hashed on up to `jobs`
/// threads.
pub fn hash_all(
    root: &Root,
    paths: &[&str],
    limits: &Limits,
    jobs: usize,
) -> Vec<Result<String, ReadError>> {
    let threads = jobs.clamp(1, MAX_JOBS).min(paths.len());
    if threads <= 1 {
        let mut buf = vec![0u8; CHUNK];
        return paths
            .iter()
            .map(|p| hash_file_with(root, p, limits, &mut buf))
            .collect();
    }
    let next = AtomicUsize::new(0);
    let done: Vec<Vec<(usize, Result<String, ReadError>)>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut buf = vec![0u8; CHUNK];
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(p) = paths.get(i) else { break };
                        mine.push((i, hash_file_with(root, p, limits, &mut buf)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| match w.join() {
                Ok(mine) => mine,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    let mut slots: Vec<Option<Result<String, ReadError>>> = Vec::new();
    slots.resize_with(paths.len(), || None);
    for (i, r) in done.into_iter().flatten() {
        slots[i] = Some(r);
    }
    slots
        .into_iter()
        .map(|r| r.expect("every index is taken by exactly one thread"))
        .collect()
}

/// Resolves and streams one listed file through `buf`.
pub fn hash_file_with(
    root: &Root,
    rel: &str,
    limits: &Limits,
    buf: &mut [u8],
) -> Result<String, ReadError> {
    let (file, meta) = open_listed(root, rel)?;
    let too_large = |len: u64| {
        ReadError::new(
            ErrorClass::TooLarge,
            format!("at most {} bytes", limits.max_file_bytes),
        )
        .found(format!("{len} bytes"))
    };
    if meta.len() > limits.max_file_bytes {
        return Err(too_large(meta.len()));
    }
    match sha256_stream_with(file, limits.max_file_bytes, buf) {
        Ok(Streamed::Hashed { hex, .. }) => Ok(hex),
        Ok(Streamed::TooLarge { read }) => Err(too_large(read)),
        Err(e) => {
            Err(ReadError::new(ErrorClass::Unreadable, "a readable file").found(e.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runpack::digest::sha256_hex;
    use crate::runpack::paths::{canonical_root, open_root};

    /// Every mix of good, missing, oversized and special entries gives, on
    /// 1 to 5 threads, the one-thread results in the listed order.
    #[test]
    fn pool_matches_one_thread_in_order() {
        let tmp = tempfile::tempdir().unwrap();
        let mut names = Vec::new();
        for i in 0..40 {
            let name = format!("f{i}");
            match i % 5 {
                0 => {} // missing
                1 => std::fs::create_dir(tmp.path().join(&name)).unwrap(),
                2 => std::fs::write(tmp.path().join(&name), vec![b'x'; 200 + i]).unwrap(),
                _ => std::fs::write(tmp.path().join(&name), name.as_bytes()).unwrap(),
            }
            names.push(name);
        }
        let root = open_root(&canonical_root(tmp.path()).unwrap()).unwrap();
        let paths: Vec<&str> = names.iter().map(String::as_str).collect();
        let limits = Limits {
            max_file_bytes: 100,
            ..Limits::default()
        };
        let one = hash_all(&root, &paths, &limits, 1);
        assert_eq!(one[3].as_ref().unwrap(), &sha256_hex(b"f3"));
        assert_eq!(one[0].as_ref().unwrap_err().class, ErrorClass::MissingFile);
        assert_eq!(one[1].as_ref().unwrap_err().class, ErrorClass::Unreadable);
        assert_eq!(one[2].as_ref().unwrap_err().class, ErrorClass::TooLarge);
        let show = |v: &[Result<String, ReadError>]| format!("{v:?}");
        for jobs in 2..=5 {
            assert_eq!(show(&hash_all(&root, &paths, &limits, jobs)), show(&one));
        }
        assert!(hash_all(&root, &[], &limits, 4).is_empty());
    }
}

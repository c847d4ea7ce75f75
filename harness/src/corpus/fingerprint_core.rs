//! The fingerprint algorithm itself, over case ids and folders: one SHA-256
//! over every case's id and the bytes of every file in its folder
//! (symlinks by their target), in a fixed order. Shared by
//! [`super::fingerprint`] and `build.rs` (which includes this file to stamp
//! the built-in corpus), so both give the same value.

use sha2::{Digest, Sha256};
use std::io;
use std::path::Path;

/// `sha256:<hex>` of the cases `(id, folder)`, in the order given.
pub fn fingerprint_dirs<'a>(
    cases: impl IntoIterator<Item = (&'a str, &'a Path)>,
) -> io::Result<String> {
    let mut hash = Sha256::new();
    for (id, dir) in cases {
        field(&mut hash, b"case", id.as_bytes());
        walk(&mut hash, dir, "")?;
    }
    Ok(format!("sha256:{}", hex::encode(hash.finalize())))
}

/// Hashes a tag and a length-prefixed value, so fields cannot run together.
fn field(hash: &mut Sha256, tag: &[u8], value: &[u8]) {
    hash.update(tag);
    hash.update((value.len() as u64).to_be_bytes());
    hash.update(value);
}

fn walk(hash: &mut Sha256, dir: &Path, rel: &str) -> io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let rel = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        let kind = std::fs::symlink_metadata(&path)?.file_type();
        if kind.is_symlink() {
            field(hash, b"link", rel.as_bytes());
            let target = std::fs::read_link(&path)?;
            field(hash, b"target", target.to_string_lossy().as_bytes());
        } else if kind.is_dir() {
            field(hash, b"dir", rel.as_bytes());
            walk(hash, &path, &rel)?;
        } else {
            field(hash, b"file", rel.as_bytes());
            field(hash, b"bytes", &std::fs::read(&path)?);
        }
    }
    Ok(())
}

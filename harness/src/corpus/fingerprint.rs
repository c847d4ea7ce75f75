//! A corpus fingerprint: one SHA-256 over every case's id and the bytes of
//! every file in its folder (symlinks by their target), in a fixed order,
//! so two results can be told to come from the same corpus.

use super::case::Case;
use sha2::{Digest, Sha256};
use std::io;
use std::path::Path;

/// `sha256:<hex>` of `cases` (in the order given: `load_corpus` sorts by id).
pub fn fingerprint(cases: &[Case]) -> io::Result<String> {
    let mut hash = Sha256::new();
    for case in cases {
        field(&mut hash, b"case", case.id.as_bytes());
        walk(&mut hash, &case.dir, "")?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::load_corpus;

    fn write_case(root: &Path, name: &str, input: &str) {
        let dir = root.join("runtime/v1").join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("input.json"), input).unwrap();
        std::fs::write(
            dir.join("case.json"),
            r#"{"description": "d", "expect": "reject", "error_class": "syntax", "seed": "s", "since": "v1"}"#,
        )
        .unwrap();
    }

    #[test]
    fn changes_with_any_byte_and_only_then() {
        let dir = tempfile::tempdir().unwrap();
        write_case(dir.path(), "a", "{");
        write_case(dir.path(), "b", "[");
        let print = || fingerprint(&load_corpus(dir.path()).unwrap()).unwrap();
        let first = print();
        assert!(first.starts_with("sha256:") && first.len() == 7 + 64);
        assert_eq!(print(), first);
        write_case(dir.path(), "b", "]");
        let second = print();
        assert_ne!(second, first);
        // So does an added file, even an empty one.
        std::fs::write(dir.path().join("runtime/v1/a/extra"), "").unwrap();
        assert_ne!(print(), second);
    }
}

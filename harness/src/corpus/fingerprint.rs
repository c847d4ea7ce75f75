//! A corpus fingerprint: one SHA-256 over every case's id and the bytes of
//! every file in its folder (symlinks by their target), in a fixed order,
//! so two results can be told to come from the same corpus. The algorithm
//! is in `fingerprint_core`, which `build.rs` shares.

use super::case::Case;
use super::fingerprint_core::fingerprint_dirs;
use std::io;

/// `sha256:<hex>` of `cases` (in the order given: `load_corpus` sorts by id).
pub fn fingerprint(cases: &[Case]) -> io::Result<String> {
    fingerprint_dirs(cases.iter().map(|c| (c.id.as_str(), c.dir.as_path())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::load_corpus;
    use std::path::Path;

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

//! The corpus this binary was built with, embedded by `build.rs` as a tar
//! archive and unpacked on demand into a private temporary folder (mode
//! 0700 on Unix) that is removed when the returned guard drops. Folder
//! cases, symlinks and file modes come back as they were, so the
//! fingerprint of the unpacked corpus is the one of the source corpus.

use std::io::{self, Read};
use std::path::Path;
use tempfile::TempDir;

/// The archive `build.rs` wrote from the repository's `corpus/`.
static ARCHIVE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/corpus.tar"));

/// The built-in corpus's fingerprint (see [`super::fingerprint`]), stamped
/// by `build.rs`: what reports of a run on it print.
pub const FINGERPRINT: &str = env!("CONFORMKIT_CORPUS_FINGERPRINT");

/// Unpacks the embedded corpus into a fresh private temporary folder; the
/// corpus root is the folder itself.
pub fn materialize() -> io::Result<TempDir> {
    let hex = FINGERPRINT.strip_prefix("sha256:").unwrap_or(FINGERPRINT);
    let dir = tempfile::Builder::new()
        .prefix(&format!("conformkit-corpus-{}-", &hex[..12.min(hex.len())]))
        .tempdir()
        .map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "cannot create a temporary folder for the built-in corpus in {} ({e}); \
                     set TMPDIR, or name a corpus with --corpus DIR or CONFORMKIT_CORPUS",
                    std::env::temp_dir().display()
                ),
            )
        })?;
    unpack(ARCHIVE, dir.path())?;
    Ok(dir)
}

/// Unpacks a corpus archive into `dest`, keeping file modes; an entry that
/// exists already is an error.
pub fn unpack(archive: impl Read, dest: &Path) -> io::Result<()> {
    let mut archive = tar::Archive::new(archive);
    archive.set_preserve_permissions(true);
    archive.set_preserve_mtime(false);
    archive.set_overwrite(false);
    archive.unpack(dest).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot unpack the corpus into {}: {e}", dest.display()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{fingerprint, load_corpus};

    #[test]
    fn round_trips_folder_cases_symlinks_and_modes() {
        let src = tempfile::tempdir().unwrap();
        let case = src.path().join("runpack/v1/a");
        std::fs::create_dir_all(case.join("input/logs")).unwrap();
        std::fs::write(
            case.join("case.json"),
            r#"{"description": "d", "expect": "reject", "error_class": "path_escape", "seed": "s", "since": "v1"}"#,
        )
        .unwrap();
        std::fs::write(case.join("input/logs/x.json"), "{}").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::os::unix::fs::symlink("../outside", case.join("input/link")).unwrap();
            let tool = case.join("input/tool.sh");
            std::fs::write(&tool, "#!/bin/sh\n").unwrap();
            std::fs::set_permissions(&tool, std::fs::Permissions::from_mode(0o750)).unwrap();
        }
        let mut bytes = Vec::new();
        super::super::archive::pack(src.path(), &mut bytes).unwrap();
        let dest = tempfile::tempdir().unwrap();
        unpack(bytes.as_slice(), dest.path()).unwrap();

        let print = |root: &Path| fingerprint(&load_corpus(root).unwrap()).unwrap();
        assert_eq!(print(dest.path()), print(src.path()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let out = dest.path().join("runpack/v1/a/input");
            assert_eq!(
                std::fs::read_link(out.join("link")).unwrap(),
                Path::new("../outside")
            );
            let mode = std::fs::metadata(out.join("tool.sh"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o750);
        }
        // The same tree packs to the same bytes.
        let mut again = Vec::new();
        super::super::archive::pack(src.path(), &mut again).unwrap();
        assert_eq!(again, bytes);
    }

    #[test]
    fn the_built_in_corpus_is_the_source_corpus() {
        let dir = materialize().unwrap();
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
        let built_in = load_corpus(dir.path()).unwrap();
        assert!(!built_in.is_empty());
        let source_print = fingerprint(&load_corpus(&source).unwrap()).unwrap();
        assert_eq!(fingerprint(&built_in).unwrap(), source_print);
        // build.rs found the cases as load_corpus does.
        assert_eq!(FINGERPRINT, source_print);
        let name = dir.path().file_name().unwrap().to_string_lossy();
        assert!(
            name.starts_with(&format!("conformkit-corpus-{}-", &source_print[7..19])),
            "{name}"
        );
    }
}

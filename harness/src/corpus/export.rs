//! `corpus export`: the corpus as plain files (folders, symlinks and modes
//! as in the source) plus `manifest.json`, the index a test suite in any
//! language reads: the corpus fingerprint and, per case, its id, folder,
//! expectation and the SHA-256 of every file (symlinks by their target).

use super::archive::pack;
use super::case::Case;
use super::embedded::unpack;
use super::fingerprint::fingerprint;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io;
use std::path::Path;

/// The manifest's format name; bump it when a field changes meaning.
pub const MANIFEST_FORMAT: &str = "conformkit-corpus-export/1";

#[derive(Serialize)]
struct Manifest<'a> {
    format: &'static str,
    fingerprint: String,
    cases: Vec<CaseEntry<'a>>,
}

#[derive(Serialize)]
struct CaseEntry<'a> {
    id: &'a str,
    /// The case folder, relative to the export root.
    path: String,
    expect: &'static str,
    error_class: Option<conformkit_reference::ErrorClass>,
    files: Vec<FileEntry>,
}

#[derive(Serialize)]
struct FileEntry {
    /// Relative to the case folder, `/`-separated.
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    symlink: Option<String>,
}

/// Copies the corpus at `root` (whose cases are `cases`) into `out`, which
/// must be missing or empty, and writes `out/manifest.json`.
pub fn export(root: &Path, cases: &[Case], out: &Path) -> io::Result<()> {
    prepare_out(out)?;
    copy_tree(root, out)?;
    let mut entries = Vec::with_capacity(cases.len());
    for case in cases {
        let mut files = Vec::new();
        list_files(&case.dir, "", &mut files)?;
        entries.push(CaseEntry {
            id: &case.id,
            path: format!("{}/{}/{}", case.family, case.version, case.name),
            expect: case.meta.expect.as_str(),
            error_class: case.meta.error_class,
            files,
        });
    }
    let manifest = Manifest {
        format: MANIFEST_FORMAT,
        fingerprint: fingerprint(cases)?,
        cases: entries,
    };
    let mut text = serde_json::to_string_pretty(&manifest).map_err(io::Error::other)?;
    text.push('\n');
    crate::atomic::write_atomic(&out.join("manifest.json"), text.as_bytes())
}

/// Creates `out` if missing; an error if it holds anything. The command
/// line calls it first, before it unpacks a built-in corpus.
pub fn prepare_out(out: &Path) -> io::Result<()> {
    std::fs::create_dir_all(out)?;
    if std::fs::read_dir(out)?.next().is_some() {
        return Err(io::Error::other(format!(
            "{}: not empty; export into a new or empty folder",
            out.display()
        )));
    }
    Ok(())
}

/// Copies a tree by streaming it through the corpus archive format, so
/// the copy keeps exactly what the built-in corpus keeps.
fn copy_tree(root: &Path, out: &Path) -> io::Result<()> {
    let (reader, writer) = io::pipe()?;
    let root = root.to_path_buf();
    let packer = std::thread::spawn(move || pack(&root, writer));
    let unpacked = unpack(reader, out);
    let packed = packer
        .join()
        .map_err(|_| io::Error::other("the archiving thread panicked"))?;
    packed?;
    unpacked
}

fn list_files(dir: &Path, rel: &str, out: &mut Vec<FileEntry>) -> io::Result<()> {
    let mut entries = std::fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        let path = entry.path();
        let kind = std::fs::symlink_metadata(&path)?.file_type();
        if kind.is_symlink() {
            let target = std::fs::read_link(&path)?;
            out.push(FileEntry {
                path: rel,
                sha256: None,
                symlink: Some(target.to_string_lossy().into_owned()),
            });
        } else if kind.is_dir() {
            list_files(&path, &rel, out)?;
        } else {
            let mut hash = Sha256::new();
            io::copy(&mut std::fs::File::open(&path)?, &mut hash)?;
            out.push(FileEntry {
                path: rel,
                sha256: Some(hex::encode(hash.finalize())),
                symlink: None,
            });
        }
    }
    Ok(())
}

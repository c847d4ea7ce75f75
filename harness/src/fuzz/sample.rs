//! A fuzz input held in memory: the bytes of a file artifact, or the
//! entries of a directory artifact (files, subdirectories, symlinks) in the
//! `dir_image` form the cargo-fuzz targets already use. Loading from and
//! putting on disk, so the reference reader and the adapter read the same
//! thing.

use conformkit_reference::dir_image::{self, Entry};
use std::io;
use std::path::Path;

/// One input to a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sample {
    File(Vec<u8>),
    Tree(Vec<Entry>),
}

impl Sample {
    /// The file or directory at `path` (symlinks kept as symlinks).
    pub fn load(path: &Path) -> io::Result<Sample> {
        let meta = std::fs::symlink_metadata(path)?;
        if meta.is_dir() {
            Ok(Sample::Tree(dir_image::capture(path)?))
        } else {
            Ok(Sample::File(std::fs::read(path)?))
        }
    }

    /// Writes the sample at `dest`, which must not exist yet.
    pub fn materialize(&self, dest: &Path) -> io::Result<()> {
        match self {
            Sample::File(bytes) => std::fs::write(dest, bytes),
            Sample::Tree(entries) => {
                std::fs::create_dir(dest)?;
                dir_image::materialize(entries, dest)
            }
        }
    }

    /// A size measure for shrinking: bytes plus entries.
    pub fn size(&self) -> usize {
        match self {
            Sample::File(bytes) => bytes.len(),
            Sample::Tree(entries) => entries
                .iter()
                .map(|e| {
                    1 + e.path().len()
                        + match e {
                            Entry::File { content, .. } => content.len(),
                            Entry::Symlink { target, .. } => target.len(),
                            Entry::Dir { .. } => 0,
                        }
                })
                .sum(),
        }
    }
}

/// The file content at `path` in `entries`, if it is a file.
pub fn file<'a>(entries: &'a [Entry], path: &str) -> Option<&'a [u8]> {
    entries.iter().find_map(|e| match e {
        Entry::File { path: p, content } if p == path => Some(content.as_slice()),
        _ => None,
    })
}

/// Replaces (or adds) the file at `path`.
pub fn set_file(entries: &mut Vec<Entry>, path: &str, content: Vec<u8>) {
    for e in entries.iter_mut() {
        if e.path() == path {
            *e = Entry::File {
                path: path.to_string(),
                content,
            };
            return;
        }
    }
    entries.push(Entry::File {
        path: path.to_string(),
        content,
    });
}

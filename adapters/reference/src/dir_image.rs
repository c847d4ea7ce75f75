//! A flat byte encoding of a small directory tree (files, subdirectories and
//! symlinks), so directory artifacts (incident bundles, runpacks) can be fed
//! to fuzz targets and exported from the corpus as fuzz seeds.
//!
//! Encoding: a sequence of records `[kind u8][path_len u8][path][len u32 LE][data]`
//! where kind 0 is a file (data = content), 1 a symlink (data = target),
//! 2 a directory (no data, len 0). Decoding is total: a truncated or unknown
//! record ends the image.

use std::io;
use std::path::{Component, Path};

/// One entry of a directory image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    File { path: String, content: Vec<u8> },
    Symlink { path: String, target: String },
    Dir { path: String },
}

impl Entry {
    pub fn path(&self) -> &str {
        match self {
            Entry::File { path, .. } | Entry::Symlink { path, .. } | Entry::Dir { path } => path,
        }
    }
}

/// Most entries an image materializes (bounds fuzz iterations).
pub const MAX_ENTRIES: usize = 64;

/// Decodes `data`; never fails, stops at the first incomplete record.
pub fn decode(mut data: &[u8]) -> Vec<Entry> {
    let mut out = Vec::new();
    while out.len() < MAX_ENTRIES {
        let [kind, plen, rest @ ..] = data else { break };
        let plen = *plen as usize;
        if rest.len() < plen + 4 {
            break;
        }
        let path = String::from_utf8_lossy(&rest[..plen]).into_owned();
        let len_bytes: [u8; 4] = rest[plen..plen + 4].try_into().unwrap_or_default();
        let len = u32::from_le_bytes(len_bytes) as usize;
        let body = &rest[plen + 4..];
        let take = len.min(body.len());
        let payload = &body[..take];
        out.push(match kind % 3 {
            0 => Entry::File {
                path,
                content: payload.to_vec(),
            },
            1 => Entry::Symlink {
                path,
                target: String::from_utf8_lossy(payload).into_owned(),
            },
            _ => Entry::Dir { path },
        });
        data = &body[take..];
    }
    out
}

/// Encodes entries (paths longer than 255 bytes are cut).
pub fn encode(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        let (kind, payload): (u8, &[u8]) = match e {
            Entry::File { content, .. } => (0, content),
            Entry::Symlink { target, .. } => (1, target.as_bytes()),
            Entry::Dir { .. } => (2, &[]),
        };
        let path = &e.path().as_bytes()[..e.path().len().min(255)];
        out.push(kind);
        out.push(path.len() as u8);
        out.extend_from_slice(path);
        out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
        out.extend_from_slice(payload);
    }
    out
}

/// Reads a directory tree into entries (symlinks kept as links, not followed),
/// sorted by path.
pub fn capture(root: &Path) -> io::Result<Vec<Entry>> {
    let mut out = Vec::new();
    capture_into(root, root, &mut out)?;
    out.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(out)
}

fn capture_into(root: &Path, dir: &Path, out: &mut Vec<Entry>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let p = entry.path();
        let rel = p
            .strip_prefix(root)
            .map_err(|e| io::Error::other(e.to_string()))?
            .to_string_lossy()
            .into_owned();
        let ft = entry.file_type()?;
        if ft.is_symlink() {
            let target = std::fs::read_link(&p)?.to_string_lossy().into_owned();
            out.push(Entry::Symlink { path: rel, target });
        } else if ft.is_dir() {
            out.push(Entry::Dir { path: rel });
            capture_into(root, &p, out)?;
        } else {
            out.push(Entry::File {
                path: rel,
                content: std::fs::read(&p)?,
            });
        }
    }
    Ok(())
}

/// Creates the entries under `root`. Entries whose own path is absolute or
/// contains `..` are skipped (the image may not write outside `root`);
/// symlink targets are written as given, since escaping links are exactly
/// what readers must reject.
pub fn materialize(entries: &[Entry], root: &Path) -> io::Result<()> {
    std::fs::create_dir_all(root)?;
    for e in entries {
        let rel = Path::new(e.path());
        if e.path().is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            continue;
        }
        let target = root.join(rel);
        if let Some(parent) = target.parent() {
            if std::fs::create_dir_all(parent).is_err() {
                continue;
            }
        }
        // Later entries for the same path lose; a failure to create one
        // entry (e.g. a file where a directory is) skips it.
        if std::fs::symlink_metadata(&target).is_ok() {
            continue;
        }
        let _ = match e {
            Entry::File { content, .. } => std::fs::write(&target, content),
            Entry::Symlink { target: to, .. } => symlink(to, &target),
            Entry::Dir { .. } => std::fs::create_dir(&target),
        };
    }
    Ok(())
}

#[cfg(unix)]
fn symlink(to: &str, at: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(to, at)
}

#[cfg(not(unix))]
fn symlink(_to: &str, _at: &Path) -> io::Result<()> {
    Err(io::Error::other("symlinks need unix"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_decode_round_trip() {
        let entries = vec![
            Entry::Dir { path: "d".into() },
            Entry::File {
                path: "d/a.json".into(),
                content: b"{}".to_vec(),
            },
            Entry::Symlink {
                path: "link".into(),
                target: "../outside".into(),
            },
        ];
        assert_eq!(decode(&encode(&entries)), entries);
    }

    #[test]
    fn decode_is_total() {
        for len in 0..40 {
            let junk: Vec<u8> = (0..len).map(|i| (i * 37 % 256) as u8).collect();
            let _ = decode(&junk);
        }
        assert!(decode(&[0, 200, 1, 2]).is_empty());
    }

    #[test]
    fn materialize_stays_inside_root() {
        let dir = std::env::temp_dir().join(format!("ck-dirimage-{}", std::process::id()));
        let entries = vec![
            Entry::File {
                path: "../escape".into(),
                content: b"x".to_vec(),
            },
            Entry::File {
                path: "ok".into(),
                content: b"y".to_vec(),
            },
        ];
        materialize(&entries, &dir).unwrap();
        assert!(dir.join("ok").is_file());
        assert!(!dir.parent().unwrap().join("escape").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

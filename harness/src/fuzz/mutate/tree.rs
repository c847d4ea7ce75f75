//! Mutating a directory artifact (incident bundle, runpack): a member's
//! content mutated by the mutator of its kind (`.json`, `.kv`, other
//! bytes); members dropped, added, copied or renamed; a directory where a
//! file belongs; symlinks to a member inside the root and to a path
//! outside it.

use conformkit_reference::dir_image::Entry;
use fastrand::Rng;

/// A mutated copy of `entries`.
pub fn mutate(entries: &[Entry], rng: &mut Rng) -> Vec<Entry> {
    let mut out = entries.to_vec();
    let files: Vec<usize> = out
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e, Entry::File { .. }))
        .map(|(i, _)| i)
        .collect();
    if out.is_empty() {
        out.push(Entry::File {
            path: "x.json".into(),
            content: b"{}".to_vec(),
        });
        return out;
    }
    let any = rng.usize(..out.len());
    match rng.u8(0..16) {
        0 => {
            out.remove(any);
        }
        1 => {
            let mut copy = out[any].clone();
            rename(&mut copy, format!("{}.copy", out[any].path()));
            out.push(copy);
        }
        2 => {
            let name = renamed(out[any].path(), rng);
            rename(&mut out[any], name);
        }
        3 => {
            out[any] = Entry::Dir {
                path: out[any].path().to_string(),
            }
        }
        4 => {
            let other = out[rng.usize(..out.len())].path().to_string();
            let depth = out[any].path().matches('/').count();
            let target = match rng.u8(0..3) {
                0 => format!("{}{other}", "../".repeat(depth)),
                1 => "/etc/hostname".to_string(),
                _ => format!("{}../outside", "../".repeat(depth)),
            };
            out[any] = Entry::Symlink {
                path: out[any].path().to_string(),
                target,
            };
        }
        5 => out.push(Entry::File {
            path: ["extra.json", "notes.txt", ".hidden", "sub/extra.json"][rng.usize(..4)].into(),
            content: b"{}\n".to_vec(),
        }),
        _ if !files.is_empty() => {
            let i = files[rng.usize(..files.len())];
            if let Entry::File { path, content } = &mut out[i] {
                *content = mutate_member(path, content, rng);
            }
        }
        _ => {}
    }
    out
}

/// A member's content, mutated as its extension says.
pub fn mutate_member(path: &str, content: &[u8], rng: &mut Rng) -> Vec<u8> {
    if path.ends_with(".json") {
        super::json::mutate(content, rng)
    } else if path.ends_with(".kv") {
        super::kv::mutate(content, rng)
    } else {
        super::bytes::mutate(content, rng)
    }
}

fn rename(e: &mut Entry, to: String) {
    match e {
        Entry::File { path, .. } | Entry::Symlink { path, .. } | Entry::Dir { path } => *path = to,
    }
}

fn renamed(path: &str, rng: &mut Rng) -> String {
    match rng.u8(0..4) {
        0 => path.to_ascii_uppercase(),
        1 => format!("{path}.bak"),
        2 => format!("sub/{path}"),
        _ => path.replace('_', "-"),
    }
}

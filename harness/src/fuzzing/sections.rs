//! A text encoding of a small directory tree that survives byte mutation:
//! each member is a header line `@@<kind> <path>` (kind `f` file, `l`
//! symlink, `d` directory) followed by its content up to the next line that
//! starts with `@@`. Unlike a length-framed image, deleting or inserting a
//! byte changes one member's content or name, never the members after it;
//! and a whole member is one dictionary token (`@@f spec.kv\n`).
//!
//! Decoding is total. Encoding refuses content with a line starting `@@` and
//! paths with a newline, which the decoder could not tell apart.

use conformkit_reference::dir_image::{Entry, MAX_ENTRIES};

const MARK: &[u8] = b"@@";

/// The header line (with its newline) that opens a member.
pub fn header(kind: char, path: &str) -> String {
    format!("@@{kind} {path}\n")
}

/// Encodes `entries`; `None` when one cannot be told apart once encoded.
pub fn encode(entries: &[Entry]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    for e in entries {
        let (kind, body): (char, &[u8]) = match e {
            Entry::File { content, .. } => ('f', content),
            Entry::Symlink { target, .. } => ('l', target.as_bytes()),
            Entry::Dir { .. } => ('d', &[]),
        };
        if e.path().contains('\n') || starts_a_line(body) {
            return None;
        }
        out.extend_from_slice(header(kind, e.path()).as_bytes());
        out.extend_from_slice(body);
        out.push(b'\n');
    }
    Some(out)
}

fn starts_a_line(body: &[u8]) -> bool {
    body.starts_with(MARK) || body.windows(3).any(|w| w == b"\n@@")
}

/// Decodes any bytes: text before the first header is ignored, an unknown
/// kind is a file, at most [`MAX_ENTRIES`] members.
pub fn decode(data: &[u8]) -> Vec<Entry> {
    let mut starts: Vec<usize> = Vec::new();
    if data.starts_with(MARK) {
        starts.push(0);
    }
    starts.extend(
        data.windows(3)
            .enumerate()
            .filter(|(_, w)| *w == b"\n@@")
            .map(|(i, _)| i + 1),
    );
    let mut out = Vec::new();
    for (n, &start) in starts.iter().enumerate().take(MAX_ENTRIES) {
        let end = starts.get(n + 1).copied().unwrap_or(data.len());
        out.push(member(&data[start + MARK.len()..end]));
    }
    out
}

fn member(chunk: &[u8]) -> Entry {
    let (head, body) = match chunk.iter().position(|&b| b == b'\n') {
        Some(i) => (&chunk[..i], &chunk[i + 1..]),
        None => (chunk, &[][..]),
    };
    let body = body.strip_suffix(b"\n").unwrap_or(body);
    let (kind, name) = match head.split_first() {
        Some((k, rest)) => (*k, rest.strip_prefix(b" ").unwrap_or(rest)),
        None => (b'f', head),
    };
    let path = String::from_utf8_lossy(name).into_owned();
    match kind {
        b'l' => Entry::Symlink {
            path,
            target: String::from_utf8_lossy(body).into_owned(),
        },
        b'd' => Entry::Dir { path },
        _ => Entry::File {
            path,
            content: body.to_vec(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, content: &[u8]) -> Entry {
        Entry::File {
            path: path.into(),
            content: content.to_vec(),
        }
    }

    #[test]
    fn round_trips_files_links_and_dirs() {
        let tree = vec![
            file("spec.kv", b"a=1\n"),
            file("empty", b""),
            file("no-newline.json", b"{}"),
            Entry::Symlink {
                path: "l".into(),
                target: "../x".into(),
            },
            Entry::Dir { path: "d".into() },
            file("d/inner", b"\n\nx\n\n"),
        ];
        assert_eq!(decode(&encode(&tree).unwrap()), tree);
    }

    #[test]
    fn refuses_what_it_could_not_decode() {
        assert_eq!(encode(&[file("a", b"x\n@@f b\n")]), None);
        assert_eq!(encode(&[file("a", b"@@")]), None);
        assert_eq!(encode(&[file("a\nb", b"")]), None);
    }

    #[test]
    fn a_deleted_byte_changes_one_member_only() {
        let tree = vec![file("a.json", b"{\"x\": 1}"), file("b.json", b"[2]")];
        let mut bytes = encode(&tree).unwrap();
        bytes.remove(bytes.iter().position(|&b| b == b'1').unwrap());
        let got = decode(&bytes);
        assert_eq!(got[0], file("a.json", b"{\"x\": }"));
        assert_eq!(got[1], tree[1]);
    }
}

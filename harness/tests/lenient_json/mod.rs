//! JSON as the parsers JSON Schema validators run on read it (JavaScript's
//! `JSON.parse`, Python's `json`): they keep an unpaired surrogate escape,
//! which serde_json refuses, so such an escape becomes U+FFFD first. Used
//! where a test asks what a schema says about a document.

#![allow(dead_code)]

/// The parsed value, or `None` when the text is not JSON at all.
pub fn parse(bytes: &[u8]) -> Option<serde_json::Value> {
    serde_json::from_slice(&without_lone_surrogates(bytes)).ok()
}

/// The text with every unpaired surrogate escape (`\ud800` alone, a low
/// surrogate first) replaced by `\ufffd`; everything else unchanged.
pub fn without_lone_surrogates(bytes: &[u8]) -> Vec<u8> {
    let unit = |at: usize| -> Option<u16> {
        let hex = bytes.get(at..at + 6)?;
        if hex[0] != b'\\' || hex[1] != b'u' {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()
    };
    let (mut out, mut i, mut in_string) = (Vec::with_capacity(bytes.len()), 0, false);
    while i < bytes.len() {
        let b = bytes[i];
        if in_string && b == b'\\' {
            if let Some(u) = unit(i).filter(|u| (0xD800..0xE000).contains(u)) {
                let paired =
                    u < 0xDC00 && unit(i + 6).is_some_and(|l| (0xDC00..0xE000).contains(&l));
                let len = if paired { 12 } else { 6 };
                let keep: &[u8] = if paired {
                    &bytes[i..i + 12]
                } else {
                    b"\\ufffd"
                };
                out.extend_from_slice(keep);
                i += len;
                continue;
            }
            out.extend_from_slice(&bytes[i..(i + 2).min(bytes.len())]);
            i += 2;
            continue;
        }
        if b == b'"' {
            in_string = !in_string;
        }
        out.push(b);
        i += 1;
    }
    out
}

//! Canonical JSON rendering shared by the JSON family writers: serde_json's
//! pretty form (two-space indent, fields in declaration order) and one
//! trailing newline. The choice is recorded in corpus/DECISIONS.md.

use serde::Serialize;

/// Renders `doc` in the canonical pretty form.
pub fn pretty_json<T: Serialize>(doc: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(doc).expect("family documents always serialize");
    out.push(b'\n');
    out
}

//! Walks an old and a new schema of one family version side by side and
//! lists every [`Change`]: what changed, where, in words. Judging a change
//! is the rule table's job ([`super::rules`]).

mod bundle;
mod json;
mod kv;
mod kv_groups;
mod kv_witness;

use super::model::SchemaDoc;
use super::rules::ChangeKind;

/// One change between two schemas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    /// Where: a field path (`crate.name`, `actions[]`, `generated_at<kind=logical>`),
    /// a KV key, a bundle file; empty for the document root.
    pub path: String,
    /// What changed, in words.
    pub message: String,
}

/// Every change from `old` to `new`.
pub fn diff_docs(old: &SchemaDoc, new: &SchemaDoc) -> Vec<Change> {
    let mut out = Vec::new();
    match (old, new) {
        (SchemaDoc::Json(o), SchemaDoc::Json(n)) => json::diff(o, n, &mut out),
        (SchemaDoc::Kv(o), SchemaDoc::Kv(n)) => kv::diff(o, n, &mut out),
        (SchemaDoc::Bundle(o), SchemaDoc::Bundle(n)) => bundle::diff(o, n, &mut out),
        _ => out.push(Change {
            kind: ChangeKind::SchemaFormatChanged,
            path: String::new(),
            message: format!(
                "schema format changed: {} → {}",
                old.format().file_name(),
                new.format().file_name()
            ),
        }),
    }
    out
}

/// For each added name, the one removed name with an identical definition,
/// if exactly one: a probable rename (still reported as remove plus add).
fn rename_hints<'a, T: PartialEq>(
    added: &[(&'a str, &'a T)],
    removed: &[(&'a str, &'a T)],
) -> std::collections::BTreeMap<&'a str, &'a str> {
    let mut hints = std::collections::BTreeMap::new();
    for (name, def) in added {
        let mut same = removed.iter().filter(|(_, d)| *d == *def);
        if let (Some((old_name, _)), None) = (same.next(), same.next()) {
            hints.insert(*name, *old_name);
        }
    }
    hints
}

fn rename_note(hints: &std::collections::BTreeMap<&str, &str>, name: &str) -> String {
    match hints.get(name) {
        Some(old) => {
            format!(" (same definition as removed `{old}`: a rename is a remove plus an add)")
        }
        None => String::new(),
    }
}

/// Shortens long schema text for messages.
fn brief(text: &str) -> String {
    const MAX: usize = 80;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

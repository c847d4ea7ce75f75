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
    /// Where in the new schema file: a JSON pointer to the changed keyword
    /// (or the deepest place that still exists, for a removal).
    pub pointer: Option<String>,
}

/// Every change from `old` to `new`.
pub fn diff_docs(old: &SchemaDoc, new: &SchemaDoc) -> Vec<Change> {
    let mut out = Vec::new();
    match (old, new) {
        (SchemaDoc::Json(o), SchemaDoc::Json(n)) => {
            json::diff(o, n, &mut out);
            out = per_definition(out);
        }
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
            pointer: Some(String::new()),
        }),
    }
    out
}

/// A change inside a definition (`#/$defs/...`) is found at every place
/// that uses it: one change per definition edit, naming the definition and
/// the places that use it.
fn per_definition(changes: Vec<Change>) -> Vec<Change> {
    let in_definition = |c: &Change| {
        c.pointer
            .as_deref()
            .is_some_and(|p| p.starts_with("/$defs/") || p.starts_with("/definitions/"))
    };
    let mut out: Vec<Change> = Vec::new();
    let mut uses: Vec<Vec<String>> = Vec::new();
    for change in changes {
        if in_definition(&change) {
            let same = out.iter().position(|c| {
                c.kind == change.kind && c.pointer == change.pointer && c.message == change.message
            });
            if let Some(i) = same {
                uses[i].push(change.path);
                continue;
            }
        }
        uses.push(vec![change.path.clone()]);
        out.push(change);
    }
    for (change, paths) in out.iter_mut().zip(uses) {
        if !in_definition(change) {
            continue;
        }
        let pointer = change.pointer.as_deref().unwrap_or_default();
        let definition: String = pointer.split('/').take(3).collect::<Vec<_>>().join("/");
        let places: Vec<String> = paths
            .iter()
            .map(|p| format!("`{}`", if p.is_empty() { "(root)" } else { p }))
            .collect();
        change.message.push_str(&format!(
            " (in definition `#{definition}`, used at {})",
            places.join(", ")
        ));
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

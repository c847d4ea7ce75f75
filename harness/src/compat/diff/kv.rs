//! The KV key schema walk: declared keys, key patterns (a key one side
//! declares and the other only matches by pattern is compared against the
//! pattern), string `min_length`, the open flag and the version key's
//! constant; the `groups` rules are [`super::kv_groups`]'s.

use super::{rename_hints, rename_note, Change};
use crate::compat::model::{KvKey, KvSchema, KvType};
use crate::compat::num::Dec;
use crate::compat::rules::{ChangeKind, Direction};
use std::collections::BTreeSet;

pub(super) fn diff(o: &KvSchema, n: &KvSchema, out: &mut Vec<Change>) {
    let mut push = |kind, path: &str, message: String| {
        out.push(Change {
            kind,
            path: path.to_string(),
            message,
            pointer: Some(kv_pointer(path)),
        })
    };
    let names: BTreeSet<&String> = o.keys.keys().chain(n.keys.keys()).collect();
    let added: Vec<(&str, &KvKey)> = n
        .keys
        .iter()
        .filter(|(k, _)| !o.keys.contains_key(*k) && o.pattern_for(k).is_none())
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    let removed: Vec<(&str, &KvKey)> = o
        .keys
        .iter()
        .filter(|(k, _)| !n.keys.contains_key(*k) && n.pattern_for(k).is_none())
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    let hints = rename_hints(&added, &removed);
    for name in &o.reserved {
        if n.keys.contains_key(name) && !o.keys.contains_key(name) {
            push(
                ChangeKind::FieldReused,
                name,
                format!("key `{name}` declared again, though `x-reserved` recorded its removal: a removed key is never reused"),
            );
        } else if !n.reserved.contains(name) {
            push(
                ChangeKind::ReservedDropped,
                name,
                format!(
                    "`{name}` dropped from `x-reserved`: a later revision could reuse it unnoticed"
                ),
            );
        }
    }
    for name in names {
        let is_marker =
            o.version_key.as_ref() == Some(name) || n.version_key.as_ref() == Some(name);
        let old = declared_or_pattern(o, name);
        let new = declared_or_pattern(n, name);
        match (old, new) {
            (None, Some((key, _))) => push(
                ChangeKind::KvKeyAdded {
                    required: key.required,
                    old_open: o.open,
                },
                name,
                format!(
                    "{} key `{name}` added{}{}",
                    word(key.required),
                    if o.open {
                        ""
                    } else {
                        " where old readers reject unknown keys"
                    },
                    rename_note(&hints, name)
                ),
            ),
            (Some((key, _)), None) => push(
                ChangeKind::KvKeyRemoved {
                    required: key.required,
                    new_open: n.open,
                },
                name,
                format!(
                    "{} key `{name}` removed{}{}",
                    word(key.required),
                    if n.open {
                        ""
                    } else {
                        " where new readers reject unknown keys"
                    },
                    if n.reserved.contains(name.as_str()) {
                        String::new()
                    } else {
                        format!(" (list `{name}` in `x-reserved` so that it is never reused with another meaning)")
                    }
                ),
            ),
            (Some((a, a_src)), Some((b, b_src))) => {
                let mut changes = Vec::new();
                compare(&a, &b, is_marker, &mut changes);
                for (kind, what) in changes {
                    let note = match (&a_src, &b_src) {
                        (Some(p), None) => format!(" (old readers match it by pattern `{p}*`)"),
                        (None, Some(p)) => format!(" (new readers match it by pattern `{p}*`)"),
                        _ => String::new(),
                    };
                    push(kind, name, format!("key `{name}`: {what}{note}"));
                }
            }
            (None, None) => {}
        }
    }
    let prefixes: BTreeSet<&String> = o.patterns.keys().chain(n.patterns.keys()).collect();
    for prefix in prefixes {
        let path = format!("{prefix}*");
        match (o.patterns.get(prefix), n.patterns.get(prefix)) {
            (None, Some(p)) => push(
                ChangeKind::KvKeyAdded {
                    required: p.required,
                    old_open: o.open,
                },
                &path,
                format!("key pattern `{path}` added (min_count {})", p.min_count),
            ),
            (Some(p), None) => push(
                ChangeKind::KvKeyRemoved {
                    required: p.required,
                    new_open: n.open,
                },
                &path,
                format!("key pattern `{path}` removed (min_count {})", p.min_count),
            ),
            (Some(a), Some(b)) => {
                let mut changes = Vec::new();
                compare(a, b, false, &mut changes);
                if a.required && b.required && a.min_count != b.min_count {
                    let kind = if b.min_count > a.min_count {
                        ChangeKind::RangeNarrowed
                    } else {
                        ChangeKind::RangeWidened
                    };
                    changes.push((kind, format!("min_count {} → {}", a.min_count, b.min_count)));
                }
                for (kind, what) in changes {
                    push(kind, &path, format!("key pattern `{path}`: {what}"));
                }
            }
            (None, None) => {}
        }
    }
    if o.open != n.open {
        let word = |open: bool| if open { "ignored" } else { "rejected" };
        let message = format!("unknown keys: {} → {}", word(o.open), word(n.open));
        let kind = if n.open {
            ChangeKind::ModelOpened
        } else {
            ChangeKind::ModelClosed
        };
        push(kind, "", message);
    }
    super::kv_groups::diff(o, n, out);
}

fn word(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

/// The key as `schema` reads it: declared, or as an optional instance of the
/// longest matching pattern (with that pattern's prefix).
fn declared_or_pattern(schema: &KvSchema, name: &str) -> Option<(KvKey, Option<String>)> {
    if let Some(k) = schema.keys.get(name) {
        return Some((k.clone(), None));
    }
    let (prefix, pattern) = schema.pattern_for(name)?;
    Some((
        KvKey {
            required: false,
            min_count: 0,
            ..pattern.clone()
        },
        Some(prefix.to_string()),
    ))
}

fn compare(a: &KvKey, b: &KvKey, is_marker: bool, out: &mut Vec<(ChangeKind, String)>) {
    match (a.required, b.required) {
        (false, true) => out.push((ChangeKind::KvKeyNowRequired, "now required".into())),
        (true, false) => out.push((ChangeKind::KvKeyNowOptional, "now optional".into())),
        _ => {}
    }
    let pinned = a.constant.is_some() && b.constant.is_some();
    match (&a.ty, &b.ty) {
        // A constant on both sides is each side's only value (the loader
        // checks it against its type): the const rules below judge, and a
        // wider or narrower type around it changes nothing.
        _ if pinned => {}
        (KvType::Enum(x), KvType::Enum(y)) => {
            for v in y.difference(x) {
                out.push((
                    ChangeKind::EnumValueAdded,
                    format!("enum value `{v}` added"),
                ));
            }
            for v in x.difference(y) {
                out.push((
                    ChangeKind::EnumValueRemoved,
                    format!("enum value `{v}` removed"),
                ));
            }
        }
        (KvType::String, KvType::String) => min_length(a, b, out),
        _ => {
            if let Some(d) = kv_direction(a, b) {
                out.push((
                    ChangeKind::KvKeyRetyped(d),
                    format!("type {} → {} ({})", type_name(a), type_name(b), d.as_str()),
                ));
            }
        }
    }
    match (&a.constant, &b.constant) {
        (Some(x), Some(y)) if x != y => {
            let kind = if is_marker {
                ChangeKind::VersionMarkerChanged
            } else {
                ChangeKind::ConstChanged
            };
            let what = if is_marker { "version marker" } else { "const" };
            out.push((kind, format!("{what} `{x}` → `{y}`")));
        }
        (None, Some(y)) => out.push((
            ChangeKind::KvKeyRetyped(Direction::Narrowed),
            format!("value fixed to `{y}`"),
        )),
        (Some(x), None) => out.push((
            ChangeKind::KvKeyRetyped(Direction::Widened),
            format!("value no longer fixed to `{x}`"),
        )),
        _ => {}
    }
}

/// The type with its `min_length`, for messages.
fn type_name(k: &KvKey) -> String {
    match k.min_length {
        0 => k.ty.name(),
        n => format!("{} (min_length {n})", k.ty.name()),
    }
}

fn chars(text: &str) -> u64 {
    text.chars().count() as u64
}

/// A string key's `min_length` moved: judged exactly against the values each
/// side allows. Without a `const`, raising it drops the shorter values
/// (narrowed: new readers reject old documents), lowering it admits them
/// (widened). A `const` on one side is that side's only value, so only
/// whether the constant meets the other side's `min_length` matters; with a
/// `const` on both sides the const rules judge (the loader refuses a `const`
/// shorter than its own `min_length`).
fn min_length(a: &KvKey, b: &KvKey, out: &mut Vec<(ChangeKind, String)>) {
    let (x, y) = (a.min_length, b.min_length);
    if x == y {
        return;
    }
    let what = format!("min_length {x} → {y}");
    match (&a.constant, &b.constant) {
        (None, None) => {
            let kind = if y > x {
                ChangeKind::RangeNarrowed
            } else {
                ChangeKind::RangeWidened
            };
            out.push((kind, what));
        }
        (Some(c), None) if chars(c) < y => out.push((
            ChangeKind::RangeNarrowed,
            format!("{what}: the old constant `{c}` is now too short"),
        )),
        (None, Some(c)) if chars(c) < x => out.push((
            ChangeKind::RangeWidened,
            format!("{what}: the new constant `{c}` is shorter than old readers allow"),
        )),
        _ => {}
    }
}

/// The fewest characters any value of a non-string type has.
fn shortest(ty: &KvType) -> u64 {
    match ty {
        KvType::Bool => 4,
        // Decimal digits, at least one (leading zeros only make it longer).
        KvType::Uint(_) => 1,
        KvType::Enum(values) => values.iter().map(|v| chars(v)).min().unwrap_or(0),
        KvType::String => 0,
    }
}

/// Whether every value `a` allows (its type and `min_length`) is a value
/// `b` allows.
fn subset(a: &KvKey, b: &KvKey) -> bool {
    let bools = || ["true".to_string(), "false".to_string()];
    match (&a.ty, &b.ty) {
        (KvType::String, KvType::String) => a.min_length >= b.min_length,
        (x, KvType::String) => shortest(x) >= b.min_length,
        (x, y) if x == y => true,
        (KvType::Uint(x), KvType::Uint(y)) => x <= y,
        (KvType::Enum(x), KvType::Enum(y)) => x.is_subset(y),
        (KvType::Bool, KvType::Enum(y)) => bools().iter().all(|v| y.contains(v)),
        (KvType::Enum(x), KvType::Bool) => x.iter().all(|v| bools().contains(v)),
        (KvType::Enum(x), KvType::Uint(bits)) => x.iter().all(|v| {
            v.bytes().all(|c| c.is_ascii_digit())
                && Dec::parse(v).is_some_and(|d| d <= Dec::unsigned_max(*bits))
        }),
        _ => false,
    }
}

fn kv_direction(a: &KvKey, b: &KvKey) -> Option<Direction> {
    match (subset(a, b), subset(b, a)) {
        (true, true) => None,
        (true, false) => Some(Direction::Widened),
        (false, true) => Some(Direction::Narrowed),
        (false, false) => Some(Direction::Changed),
    }
}

/// Where a KV finding's path is in the schema file: a key, a pattern, or
/// the `open` flag for the whole schema.
pub(super) fn kv_pointer(path: &str) -> String {
    let escaped = path.replace('~', "~0").replace('/', "~1");
    if path.is_empty() {
        "/open".into()
    } else if path.starts_with("groups[") {
        "/groups".into()
    } else if path.ends_with('*') {
        format!("/patterns/{escaped}")
    } else {
        format!("/keys/{escaped}")
    }
}

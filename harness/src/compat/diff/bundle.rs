//! The bundle file schema walk: member files added, removed, moved between
//! required and conditional, read by another family, or given another rule;
//! the open flag; and the version carrier (whose marker the bundle's version
//! is: [`crate::compat::verdict`] resolves it and decides the bump).

use super::{rename_hints, rename_note, Change};
use crate::compat::model::{BundleFile, BundleSchema, Presence};
use crate::compat::rules::{ChangeKind, Direction};
use std::collections::BTreeSet;

pub(super) fn diff(o: &BundleSchema, n: &BundleSchema, out: &mut Vec<Change>) {
    let mut push = |kind, path: &str, message: String| {
        let pointer = match path {
            "" => "/open".to_string(),
            "version_carrier" => "/version_carrier".to_string(),
            file => format!("/files/{}", file.replace('~', "~0").replace('/', "~1")),
        };
        out.push(Change {
            kind,
            path: path.to_string(),
            message,
            pointer: Some(pointer),
        })
    };
    let (added, removed) = (only_in(n, o), only_in(o, n));
    let hints = rename_hints(&added, &removed);
    let names: BTreeSet<&String> = o.files.keys().chain(n.files.keys()).collect();
    let word = |p: Presence| match p {
        Presence::Required => "required",
        Presence::Conditional => "conditional",
    };
    for name in names {
        match (o.files.get(name), n.files.get(name)) {
            (None, Some(f)) => push(
                ChangeKind::BundleFileAdded {
                    required: f.presence == Presence::Required,
                    old_open: o.open,
                },
                name,
                format!(
                    "{} file `{name}` ({}) added{}{}",
                    word(f.presence),
                    f.family,
                    if o.open {
                        ""
                    } else {
                        " where old readers reject unknown files"
                    },
                    rename_note(&hints, name)
                ),
            ),
            (Some(f), None) => push(
                ChangeKind::BundleFileRemoved {
                    required: f.presence == Presence::Required,
                    new_open: n.open,
                },
                name,
                format!(
                    "{} file `{name}` ({}) removed{}",
                    word(f.presence),
                    f.family,
                    if n.open {
                        ""
                    } else {
                        " where new readers reject unknown files"
                    }
                ),
            ),
            (Some(a), Some(b)) => {
                match (a.presence, b.presence) {
                    (Presence::Conditional, Presence::Required) => push(
                        ChangeKind::BundleFileRequired,
                        name,
                        format!("file `{name}` moved from conditional to required"),
                    ),
                    (Presence::Required, Presence::Conditional) => push(
                        ChangeKind::BundleFileConditional,
                        name,
                        format!("file `{name}` moved from required to conditional"),
                    ),
                    _ => {}
                }
                if a.family != b.family {
                    let d = reader_direction(&a.family, &b.family);
                    push(
                        ChangeKind::BundleFileRetyped(d),
                        name,
                        format!(
                            "file `{name}` read as {} → {} ({})",
                            a.family,
                            b.family,
                            d.as_str()
                        ),
                    );
                }
                if a.presence == Presence::Conditional
                    && b.presence == Presence::Conditional
                    && a.when != b.when
                {
                    let show = |w: &Option<String>| w.clone().unwrap_or_else(|| "(none)".into());
                    push(
                        ChangeKind::BundleFileConditionChanged,
                        name,
                        format!(
                            "file `{name}` condition {:?} → {:?}",
                            show(&a.when),
                            show(&b.when)
                        ),
                    );
                }
            }
            (None, None) => {}
        }
    }
    if o.version_carrier != n.version_carrier {
        let show = |c: &Option<String>| match c {
            Some(c) => format!("`{c}`"),
            None => "(none)".into(),
        };
        push(
            ChangeKind::BundleCarrierChanged,
            "version_carrier",
            format!(
                "version carrier {} → {}: readers of one side look for the bundle's version where writers of the other side do not keep it",
                show(&o.version_carrier),
                show(&n.version_carrier)
            ),
        );
    }
    if o.open != n.open {
        let w = |open: bool| if open { "ignored" } else { "rejected" };
        let kind = if n.open {
            ChangeKind::ModelOpened
        } else {
            ChangeKind::ModelClosed
        };
        push(
            kind,
            "",
            format!("unknown files: {} → {}", w(o.open), w(n.open)),
        );
    }
}

/// The files `a` lists and `b` does not.
fn only_in<'s>(a: &'s BundleSchema, b: &BundleSchema) -> Vec<(&'s str, &'s BundleFile)> {
    a.files
        .iter()
        .filter(|(k, _)| !b.files.contains_key(*k))
        .map(|(k, f)| (k.as_str(), f))
        .collect()
}

/// Which way a member's reader moved: every member file is text, so a
/// move to `text` widens and a move from it narrows; any other move reads
/// the file in another way (both directions break).
fn reader_direction(old: &str, new: &str) -> Direction {
    match (old, new) {
        (_, "text") => Direction::Widened,
        ("text", _) => Direction::Narrowed,
        _ => Direction::Changed,
    }
}

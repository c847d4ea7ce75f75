//! Object members: fields added, removed, made required or optional, each
//! judged by what the other side's readers do with the member as an
//! undeclared one: ignore it (open), reject it (closed) or, in a map
//! (`additionalProperties: <schema>`), check it against the map's value
//! schema. A member declared in a map is a key old documents may already
//! hold with any value of the map: it is judged as the value schema moving
//! from the map's to the member's (and back for a removal). Removed names
//! are recorded in `x-reserved`; declaring a reserved name again is
//! `CK-FIELD-REUSED`.

use super::{child, Walker};
use crate::compat::diff::{rename_hints, rename_note};
use crate::compat::model::{Extra, Field, Node, ObjectPart};
use crate::compat::rules::{ChangeKind, Tolerance};

/// A member name as a JSON pointer step.
fn step(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn word(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

impl Walker<'_> {
    pub(super) fn object(&mut self, o: &ObjectPart, n: &ObjectPart, path: &str) {
        let added: Vec<(&str, &Field)> = n
            .fields
            .iter()
            .filter(|(k, _)| !o.fields.contains_key(*k))
            .map(|(k, f)| (k.as_str(), f))
            .collect();
        let removed: Vec<(&str, &Field)> = o
            .fields
            .iter()
            .filter(|(k, _)| !n.fields.contains_key(*k))
            .map(|(k, f)| (k.as_str(), f))
            .collect();
        let hints = rename_hints(&added, &removed);
        for (name, field) in &added {
            let at = child(path, name);
            let note = rename_note(&hints, name);
            let old_reader = match &o.extra {
                Extra::Open => Tolerance::Ignores,
                Extra::Closed => Tolerance::Rejects,
                Extra::Schema(values) => {
                    self.map_member(values, &field.node, true, name, &at);
                    if !field.required && !self.declared_as_values(values, &field.node) {
                        continue;
                    }
                    Tolerance::Ignores
                }
            };
            let how = match old_reader {
                Tolerance::Rejects => " where old readers reject undeclared members",
                Tolerance::Ignores if matches!(o.extra, Extra::Schema(_)) => " to a map",
                Tolerance::Ignores => "",
            };
            self.push_at(
                ChangeKind::FieldAdded {
                    required: field.required,
                    old_reader,
                },
                &at,
                format!("{} field `{name}` added{how}{note}", word(field.required)),
                // A name only `required` lists has no schema of its own.
                field
                    .node
                    .origin
                    .0
                    .clone()
                    .or_else(|| self.here.as_ref().map(|h| format!("{h}/required"))),
            );
        }
        for (name, field) in &removed {
            let at = child(path, name);
            let new_reader = match &n.extra {
                Extra::Open => Tolerance::Ignores,
                Extra::Closed => Tolerance::Rejects,
                Extra::Schema(values) => {
                    self.map_member(values, &field.node, false, name, &at);
                    if !field.required && !self.declared_as_values(values, &field.node) {
                        continue;
                    }
                    Tolerance::Ignores
                }
            };
            let how = match new_reader {
                Tolerance::Rejects => " where new readers reject undeclared members",
                Tolerance::Ignores if matches!(n.extra, Extra::Schema(_)) => " from a map",
                Tolerance::Ignores => "",
            };
            self.push_kw(
                ChangeKind::FieldRemoved {
                    required: field.required,
                    new_reader,
                },
                &at,
                format!("{} field `{name}` removed{how}", word(field.required)),
                &format!("properties/{}", step(name)),
            );
        }
        for (name, of) in &o.fields {
            let Some(nf) = n.fields.get(name) else {
                continue;
            };
            let at = child(path, name);
            match (of.required, nf.required) {
                (false, true) => self.push_kw(
                    ChangeKind::FieldNowRequired,
                    &at,
                    format!("field `{name}` is now required"),
                    "required",
                ),
                (true, false) => self.push_kw(
                    ChangeKind::FieldNowOptional,
                    &at,
                    format!("field `{name}` is now optional"),
                    "required",
                ),
                _ => {}
            }
            self.node(&of.node, &nf.node, &at);
        }
        match (&o.extra, &n.extra) {
            (Extra::Schema(a), Extra::Schema(b)) => self.node(a, b, &child(path, "*")),
            (a, b) => {
                let word = |e: &Extra| match e {
                    Extra::Open => "ignored",
                    Extra::Closed => "rejected",
                    Extra::Schema(_) => "checked against additionalProperties",
                };
                let message = format!("undeclared members: {} → {}", word(a), word(b));
                let kw = "additionalProperties";
                if b.openness() > a.openness() {
                    self.push_kw(ChangeKind::ModelOpened, path, message, kw);
                } else if b.openness() < a.openness() {
                    self.push_kw(ChangeKind::ModelClosed, path, message, kw);
                }
            }
        }
    }

    /// Names the old object reserved (`x-reserved`: fields removed once)
    /// that the new one declares again: a name never changes meaning, so
    /// documents with the old field break the new readers and back.
    pub(super) fn reserved(
        &mut self,
        o: &Node,
        op: &ObjectPart,
        n: &Node,
        np: &ObjectPart,
        path: &str,
    ) {
        for name in &o.kw.reserved {
            if np.fields.contains_key(name) && !op.fields.contains_key(name) {
                self.push_kw(
                    ChangeKind::FieldReused,
                    &child(path, name),
                    format!("field `{name}` declared again, though `x-reserved` recorded its removal: a removed name is never reused"),
                    &format!("properties/{}", step(name)),
                );
            } else if !n.kw.reserved.contains(name) {
                self.push_kw(
                    ChangeKind::ReservedDropped,
                    &child(path, name),
                    format!("`{name}` dropped from `x-reserved`: a later revision could reuse it unnoticed"),
                    "x-reserved",
                );
            }
        }
        // Removed without being recorded: say how to keep it from reuse.
        for name in op.fields.keys() {
            if !np.fields.contains_key(name) && !n.kw.reserved.contains(name) {
                if let Some(last) = self.out.iter_mut().rev().find(|c| {
                    c.path == child(path, name) && matches!(c.kind, ChangeKind::FieldRemoved { .. })
                }) {
                    last.message.push_str(&format!(
                        " (list `{name}` in `x-reserved` so that it is never reused with another meaning)"
                    ));
                }
            }
        }
    }

    /// Whether an optional member declared in a map says no more than the
    /// map's values: nothing to report beyond the value changes (none).
    fn declared_as_values(&self, values: &Node, member: &Node) -> bool {
        Walker::sub(values, member, "").is_empty()
    }

    /// A member declared (`added`) in or removed from a map: the key's
    /// value schema moves between the map's values and the member's.
    fn map_member(&mut self, values: &Node, member: &Node, added: bool, name: &str, at: &str) {
        let changes = if added {
            Walker::sub(values, member, at)
        } else {
            Walker::sub(member, values, at)
        };
        let what = if added {
            "declared in a map whose values it narrows or changes"
        } else {
            "no longer declared in a map whose values differ"
        };
        for change in changes {
            self.push_at(
                change.kind,
                &change.path,
                format!("member `{name}` {what}: {}", change.message),
                change.pointer,
            );
        }
    }
}

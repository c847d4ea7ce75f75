//! The JSON Schema walk: node against node, field by field, through array
//! items, variants and conditionals. Changes found inside `if`/`then`/`else`
//! are wrapped as conditional changes (the gate does not judge them exactly).

mod variants;

use super::{brief, rename_hints, rename_note, tolerance, Change};
use crate::compat::model::{
    covers, ArrayPart, Bound, Extra, JType, JsonSchema, Node, ObjectPart, Range, RangeKind, TypeSet,
};
use crate::compat::rules::{ChangeKind, Direction, Tolerance};
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn diff(old: &JsonSchema, new: &JsonSchema, out: &mut Vec<Change>) {
    let mut w = Walker {
        out,
        in_conditional: false,
    };
    w.node(&old.root, &new.root, "");
}

struct Walker<'o> {
    out: &'o mut Vec<Change>,
    in_conditional: bool,
}

fn child(path: &str, name: &str) -> String {
    let plain = name == "*"
        || (!name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '$'));
    match (plain, path.is_empty()) {
        (true, true) => name.to_string(),
        (true, false) => format!("{path}.{name}"),
        (false, _) => format!("{path}[{}]", serde_json::Value::String(name.to_string())),
    }
}

fn types_text(types: &Option<TypeSet>, nullable: bool) -> String {
    let mut names: Vec<&str> = match types {
        None => vec!["any"],
        Some(t) if t.is_empty() && !nullable => vec!["nothing"],
        Some(t) => t.iter().map(|t| t.as_str()).collect(),
    };
    if nullable && types.is_some() {
        names.push("null");
    }
    names.join("|")
}

fn values_text(values: &BTreeSet<String>) -> String {
    brief(&values.iter().cloned().collect::<Vec<_>>().join(", "))
}

/// Which way the admitted types moved (`None`: same set).
fn type_direction(old: &Option<TypeSet>, new: &Option<TypeSet>) -> Option<Direction> {
    let all: TypeSet = JType::ALL.into_iter().collect();
    let o = old.as_ref().unwrap_or(&all);
    let n = new.as_ref().unwrap_or(&all);
    let widened = n.iter().any(|t| !covers(o, *t));
    let narrowed = o.iter().any(|t| !covers(n, *t));
    direction(widened, narrowed)
}

fn direction(widened: bool, narrowed: bool) -> Option<Direction> {
    match (widened, narrowed) {
        (false, false) => None,
        (true, false) => Some(Direction::Widened),
        (false, true) => Some(Direction::Narrowed),
        (true, true) => Some(Direction::Changed),
    }
}

fn type_kind(d: Direction) -> ChangeKind {
    match d {
        Direction::Widened => ChangeKind::TypeWidened,
        Direction::Narrowed => ChangeKind::TypeNarrowed,
        Direction::Changed => ChangeKind::TypeChanged,
    }
}

/// Whether lower bound `a` admits values `b` does not.
fn looser_min(a: &Option<Bound>, b: &Option<Bound>) -> bool {
    match (a, b) {
        (None, None) | (Some(_), None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => {
            a.value < b.value || (a.value == b.value && !a.exclusive && b.exclusive)
        }
    }
}

/// Whether upper bound `a` admits values `b` does not.
fn looser_max(a: &Option<Bound>, b: &Option<Bound>) -> bool {
    match (a, b) {
        (None, None) | (Some(_), None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => {
            a.value > b.value || (a.value == b.value && !a.exclusive && b.exclusive)
        }
    }
}

fn range_text(r: &Range) -> String {
    let lo = match &r.min {
        None => "(*".to_string(),
        Some(b) => format!("{}{}", if b.exclusive { "(" } else { "[" }, b.value),
    };
    let hi = match &r.max {
        None => "*)".to_string(),
        Some(b) => format!("{}{}", b.value, if b.exclusive { ")" } else { "]" }),
    };
    format!("{lo}, {hi}")
}

impl Walker<'_> {
    fn push(&mut self, kind: ChangeKind, path: &str, message: String) {
        let (kind, message) = if self.in_conditional {
            (
                ChangeKind::Conditional(Box::new(kind)),
                format!("inside if/then/else: {message}"),
            )
        } else {
            (kind, message)
        };
        self.out.push(Change {
            kind,
            path: path.to_string(),
            message,
        });
    }

    /// The changes from `old` to `new` alone, for judging a member against
    /// an `additionalProperties` schema.
    fn sub(old: &Node, new: &Node, path: &str) -> Vec<Change> {
        let mut out = Vec::new();
        Walker {
            out: &mut out,
            in_conditional: false,
        }
        .node(old, new, path);
        out
    }

    fn node(&mut self, o: &Node, n: &Node, path: &str) {
        if o == n {
            return;
        }
        if o.recursive_ref != n.recursive_ref {
            let name = |r: &Option<String>| r.clone().unwrap_or_else(|| "an inline schema".into());
            self.push(
                ChangeKind::ConstraintChanged,
                path,
                format!(
                    "recursive reference changed: {} → {}",
                    name(&o.recursive_ref),
                    name(&n.recursive_ref)
                ),
            );
            return;
        }
        // `oneOf: [X]` is X: a plain schema facing variants is compared as
        // a single variant, when the variants' parent constrains nothing.
        if o.variants.is_empty() != n.variants.is_empty() {
            if !n.variants.is_empty() && variants::only_variants(n) {
                return self.node(&variants::as_variant(o, n.combinator), n, path);
            }
            if !o.variants.is_empty() && variants::only_variants(o) {
                return self.node(o, &variants::as_variant(n, o.combinator), path);
            }
        }
        if o.nullable != n.nullable {
            let (kind, word) = if n.nullable {
                (ChangeKind::NullableAdded, "now allows null")
            } else {
                (ChangeKind::NullableRemoved, "no longer allows null")
            };
            self.push(kind, path, word.to_string());
        }
        self.values(o, n, path);
        self.ranges(o, n, path);
        self.opaque(&o.opaque, &n.opaque, path);
        if (o.object.is_some() || n.object.is_some())
            && o.admits(JType::Object)
            && n.admits(JType::Object)
        {
            let default = ObjectPart::default();
            self.object(
                o.object.as_ref().unwrap_or(&default),
                n.object.as_ref().unwrap_or(&default),
                path,
            );
        }
        if (o.array.is_some() || n.array.is_some())
            && o.admits(JType::Array)
            && n.admits(JType::Array)
        {
            let default = ArrayPart::default();
            self.array(
                o.array.as_ref().unwrap_or(&default),
                n.array.as_ref().unwrap_or(&default),
                path,
            );
        }
        self.variants(o, n, path);
        self.conditional(o, n, path);
    }

    fn values(&mut self, o: &Node, n: &Node, path: &str) {
        let marker = o.version_marker || n.version_marker;
        match (&o.values, &n.values) {
            (Some(a), Some(b)) if a == b => {}
            (Some(a), Some(b)) if marker => self.push(
                ChangeKind::VersionMarkerChanged,
                path,
                format!("version marker {} → {}", values_text(a), values_text(b)),
            ),
            (Some(a), Some(b)) if o.is_const && n.is_const && a.len() == 1 && b.len() == 1 => self
                .push(
                    ChangeKind::ConstChanged,
                    path,
                    format!("const {} → {}", values_text(a), values_text(b)),
                ),
            (Some(a), Some(b)) => {
                for v in b.difference(a) {
                    self.push(
                        ChangeKind::EnumValueAdded,
                        path,
                        format!("enum value {v} added"),
                    );
                }
                for v in a.difference(b) {
                    self.push(
                        ChangeKind::EnumValueRemoved,
                        path,
                        format!("enum value {v} removed"),
                    );
                }
            }
            (None, Some(b)) => {
                // A value set replaces an open domain: narrower, unless it
                // holds values of types the old schema did not admit.
                let widened =
                    type_direction(&o.types, &n.types).is_some_and(|d| d != Direction::Narrowed);
                let kind = if widened {
                    ChangeKind::TypeChanged
                } else {
                    ChangeKind::TypeNarrowed
                };
                self.push(
                    kind,
                    path,
                    format!("{} → only {}", types_text(&o.types, false), values_text(b)),
                );
            }
            (Some(a), None) => {
                let narrowed =
                    type_direction(&o.types, &n.types).is_some_and(|d| d != Direction::Widened);
                let kind = if narrowed {
                    ChangeKind::TypeChanged
                } else {
                    ChangeKind::TypeWidened
                };
                self.push(
                    kind,
                    path,
                    format!("only {} → {}", values_text(a), types_text(&n.types, false)),
                );
            }
            (None, None) => {
                if o.types_from_variants && n.types_from_variants {
                    return; // the variants are compared one by one
                }
                if let Some(d) = type_direction(&o.types, &n.types) {
                    self.push(
                        type_kind(d),
                        path,
                        format!(
                            "type {} {} → {}",
                            d.as_str(),
                            types_text(&o.types, false),
                            types_text(&n.types, false)
                        ),
                    );
                }
            }
        }
    }

    fn ranges(&mut self, o: &Node, n: &Node, path: &str) {
        let kinds: BTreeSet<RangeKind> = o.ranges.keys().chain(n.ranges.keys()).copied().collect();
        let unbounded = Range::default();
        for kind in kinds {
            let a = o.ranges.get(&kind).unwrap_or(&unbounded);
            let b = n.ranges.get(&kind).unwrap_or(&unbounded);
            let width_changed = kind == RangeKind::Value && o.width != n.width;
            if a == b && !width_changed {
                continue;
            }
            let mut widened = looser_min(&b.min, &a.min) || looser_max(&b.max, &a.max);
            let mut narrowed = looser_min(&a.min, &b.min) || looser_max(&a.max, &b.max);
            let what = match kind {
                RangeKind::Value => "value range",
                RangeKind::Length => "length range",
                RangeKind::Items => "item count range",
                RangeKind::Properties => "member count range",
            };
            let mut message = format!("{what} {} → {}", range_text(a), range_text(b));
            if width_changed {
                let name = |w: Option<crate::compat::model::Width>| {
                    w.map_or("no width".to_string(), |w| w.name())
                };
                message = format!(
                    "integer width {} → {} ({message})",
                    name(o.width),
                    name(n.width)
                );
                if !widened && !narrowed {
                    // Same admitted range, different declared width: judge by the width.
                    let bits = |w: Option<crate::compat::model::Width>| w.map_or(0, |w| w.bits);
                    widened = bits(n.width) > bits(o.width);
                    narrowed = !widened;
                }
            }
            let (wide, narrow) = if width_changed {
                (ChangeKind::IntWidened, ChangeKind::IntNarrowed)
            } else {
                (ChangeKind::RangeWidened, ChangeKind::RangeNarrowed)
            };
            if widened {
                self.push(wide, path, message.clone());
            }
            if narrowed {
                self.push(narrow, path, message);
            }
        }
    }

    fn opaque(&mut self, a: &BTreeMap<String, String>, b: &BTreeMap<String, String>, path: &str) {
        let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for key in keys {
            let (x, y) = (a.get(key), b.get(key));
            if x != y {
                let show = |v: Option<&String>| v.map_or("(absent)".to_string(), |t| brief(t));
                self.push(
                    ChangeKind::ConstraintChanged,
                    path,
                    format!("`{key}` changed: {} → {} (not judged)", show(x), show(y)),
                );
            }
        }
    }

    fn object(&mut self, o: &ObjectPart, n: &ObjectPart, path: &str) {
        let added: Vec<(&str, &crate::compat::model::Field)> = n
            .fields
            .iter()
            .filter(|(k, _)| !o.fields.contains_key(*k))
            .map(|(k, f)| (k.as_str(), f))
            .collect();
        let removed: Vec<(&str, &crate::compat::model::Field)> = o
            .fields
            .iter()
            .filter(|(k, _)| !n.fields.contains_key(*k))
            .map(|(k, f)| (k.as_str(), f))
            .collect();
        let hints = rename_hints(&added, &removed);
        for (name, field) in &added {
            let at = child(path, name);
            let old_reader = match &o.extra {
                Extra::Open => Tolerance::Ignores,
                Extra::Closed => Tolerance::Rejects,
                Extra::Schema(s) => tolerance(&Walker::sub(s, &field.node, &at), true),
            };
            let how = match old_reader {
                Tolerance::Ignores => "",
                Tolerance::Rejects => " where old readers reject undeclared members",
                Tolerance::Unknown => {
                    " where old readers check undeclared members against additionalProperties"
                }
            };
            self.push(
                ChangeKind::FieldAdded {
                    required: field.required,
                    old_reader,
                },
                &at,
                format!(
                    "{} field `{name}` added{how}{}",
                    if field.required {
                        "required"
                    } else {
                        "optional"
                    },
                    rename_note(&hints, name)
                ),
            );
        }
        for (name, field) in &removed {
            let at = child(path, name);
            let new_reader = match &n.extra {
                Extra::Open => Tolerance::Ignores,
                Extra::Closed => Tolerance::Rejects,
                Extra::Schema(s) => tolerance(&Walker::sub(&field.node, s, &at), false),
            };
            let how = match new_reader {
                Tolerance::Ignores => "",
                Tolerance::Rejects => " where new readers reject undeclared members",
                Tolerance::Unknown => {
                    " where new readers check undeclared members against additionalProperties"
                }
            };
            self.push(
                ChangeKind::FieldRemoved {
                    required: field.required,
                    new_reader,
                },
                &at,
                format!(
                    "{} field `{name}` removed{how}",
                    if field.required {
                        "required"
                    } else {
                        "optional"
                    }
                ),
            );
        }
        for (name, of) in &o.fields {
            let Some(nf) = n.fields.get(name) else {
                continue;
            };
            let at = child(path, name);
            match (of.required, nf.required) {
                (false, true) => self.push(
                    ChangeKind::FieldNowRequired,
                    &at,
                    format!("field `{name}` is now required"),
                ),
                (true, false) => self.push(
                    ChangeKind::FieldNowOptional,
                    &at,
                    format!("field `{name}` is now optional"),
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
                if b.openness() > a.openness() {
                    self.push(ChangeKind::ModelOpened, path, message);
                } else if b.openness() < a.openness() {
                    self.push(ChangeKind::ModelClosed, path, message);
                }
            }
        }
    }

    fn array(&mut self, o: &ArrayPart, n: &ArrayPart, path: &str) {
        let any = Node::any();
        let at = |part: &ArrayPart, i: usize| -> Node {
            part.prefix
                .get(i)
                .cloned()
                .or_else(|| part.items.as_deref().cloned())
                .unwrap_or_else(|| any.clone())
        };
        for i in 0..o.prefix.len().max(n.prefix.len()) {
            self.node(&at(o, i), &at(n, i), &format!("{path}[{i}]"));
        }
        self.node(
            o.items.as_deref().unwrap_or(&any),
            n.items.as_deref().unwrap_or(&any),
            &format!("{path}[]"),
        );
    }

    fn conditional(&mut self, o: &Node, n: &Node, path: &str) {
        let was = self.in_conditional;
        self.in_conditional = true;
        match (&o.conditional, &n.conditional) {
            (None, None) => {}
            (Some(_), None) => self.push(
                ChangeKind::ConstraintChanged,
                path,
                "if/then/else removed".into(),
            ),
            (None, Some(_)) => self.push(
                ChangeKind::ConstraintChanged,
                path,
                "if/then/else added".into(),
            ),
            (Some(a), Some(b)) => {
                if a.condition != b.condition {
                    self.push(
                        ChangeKind::ConstraintChanged,
                        path,
                        format!(
                            "condition {} → {}",
                            brief(&a.condition),
                            brief(&b.condition)
                        ),
                    );
                }
                let any = Node::any();
                self.node(
                    a.then.as_ref().unwrap_or(&any),
                    b.then.as_ref().unwrap_or(&any),
                    &format!("{path}(then)"),
                );
                self.node(
                    a.otherwise.as_ref().unwrap_or(&any),
                    b.otherwise.as_ref().unwrap_or(&any),
                    &format!("{path}(else)"),
                );
            }
        }
        self.in_conditional = was;
    }
}

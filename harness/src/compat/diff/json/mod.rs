//! The JSON Schema walk: node against node, field by field, through array
//! items, variants, conditionals and the keywords beyond the core model
//! ([`keywords`]). A member declared inside a map (`additionalProperties:
//! <schema>`) is judged against the map's value schema.

mod keywords;
mod object;
mod variants;

use super::{brief, Change};
use crate::compat::model::{
    covers, ArrayPart, Bound, JType, JsonSchema, Node, ObjectPart, Range, RangeKind, TypeSet,
};
use crate::compat::rules::{ChangeKind, Direction};
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn diff(old: &JsonSchema, new: &JsonSchema, out: &mut Vec<Change>) {
    let mut w = Walker { out, here: None };
    w.node(&old.root, &new.root, "");
}

struct Walker<'o> {
    out: &'o mut Vec<Change>,
    /// Where the new node being compared is in the new file.
    here: Option<String>,
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

/// Which way a domain of `types` moves when it becomes exactly `values`.
fn values_direction(types: &Option<TypeSet>, values: &BTreeSet<String>) -> Option<Direction> {
    let outside = values.iter().any(|v| {
        let t = serde_json::from_str::<serde_json::Value>(v)
            .ok()
            .and_then(|v| crate::compat::json_schema::type_of(&v));
        match (types, t) {
            (None, _) => false,
            (Some(set), Some(t)) => !covers(set, t),
            (Some(_), None) => false,
        }
    });
    let booleans = ["true", "false"].map(String::from);
    let all_of_domain = match types {
        Some(t) if t.is_empty() => true,
        Some(t) if t.iter().eq([&JType::Boolean]) => booleans.iter().all(|b| values.contains(b)),
        _ => false,
    };
    direction(outside, !all_of_domain)
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
    /// A change at the node being compared.
    fn push(&mut self, kind: ChangeKind, path: &str, message: String) {
        let pointer = self.here.clone();
        self.push_at(kind, path, message, pointer);
    }

    /// A change at `keyword` (a JSON pointer step or steps) of the node.
    fn push_kw(&mut self, kind: ChangeKind, path: &str, message: String, keyword: &str) {
        let pointer = self.here.as_ref().map(|h| format!("{h}/{keyword}"));
        self.push_at(kind, path, message, pointer);
    }

    fn push_at(&mut self, kind: ChangeKind, path: &str, message: String, pointer: Option<String>) {
        self.out.push(Change {
            kind,
            path: path.to_string(),
            message,
            pointer,
        });
    }

    /// The changes from `old` to `new` alone, for judging a member against
    /// an `additionalProperties` schema.
    fn sub(old: &Node, new: &Node, path: &str) -> Vec<Change> {
        let mut out = Vec::new();
        Walker {
            out: &mut out,
            here: new.origin.0.clone(),
        }
        .node(old, new, path);
        out
    }

    fn node(&mut self, o: &Node, n: &Node, path: &str) {
        if o == n {
            return;
        }
        let outer = self.here.clone();
        if n.origin.0.is_some() {
            self.here = n.origin.0.clone();
        }
        self.node_here(o, n, path);
        self.here = outer;
    }

    fn node_here(&mut self, o: &Node, n: &Node, path: &str) {
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
            self.push_kw(kind, path, word.to_string(), "type");
        }
        self.values(o, n, path);
        self.ranges(o, n, path);
        self.opaque(&o.opaque, &n.opaque, path);
        if (o.object.is_some() || n.object.is_some())
            && o.admits(JType::Object)
            && n.admits(JType::Object)
        {
            let default = ObjectPart::default();
            let (op, np) = (
                o.object.as_ref().unwrap_or(&default),
                n.object.as_ref().unwrap_or(&default),
            );
            self.object(op, np, path);
            self.reserved(o, op, n, np, path);
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
        self.keywords(o, n, path);
    }

    fn values(&mut self, o: &Node, n: &Node, path: &str) {
        let marker = o.version_marker || n.version_marker;
        match (&o.values, &n.values) {
            (Some(a), Some(b)) if a == b => {}
            (Some(a), Some(b)) if marker => self.push_kw(
                ChangeKind::VersionMarkerChanged,
                path,
                format!("version marker {} → {}", values_text(a), values_text(b)),
                "const",
            ),
            (Some(a), Some(b)) if o.is_const && n.is_const && a.len() == 1 && b.len() == 1 => self
                .push_kw(
                    ChangeKind::ConstChanged,
                    path,
                    format!("const {} → {}", values_text(a), values_text(b)),
                    "const",
                ),
            (Some(a), Some(b)) => {
                let kw = if n.is_const { "const" } else { "enum" };
                for v in b.difference(a) {
                    self.push_kw(
                        ChangeKind::EnumValueAdded,
                        path,
                        format!("enum value {v} added"),
                        kw,
                    );
                }
                for v in a.difference(b) {
                    self.push_kw(
                        ChangeKind::EnumValueRemoved,
                        path,
                        format!("enum value {v} removed"),
                        kw,
                    );
                }
            }
            (None, Some(b)) => {
                // A value set replaces a domain of types: narrower unless the
                // domain was exactly those values, wider where it holds values
                // of types the domain did not admit.
                if let Some(d) = values_direction(&o.types, b) {
                    self.push_kw(
                        type_kind(d),
                        path,
                        format!("{} → only {}", types_text(&o.types, false), values_text(b)),
                        if n.is_const { "const" } else { "enum" },
                    );
                }
            }
            (Some(a), None) => {
                if let Some(d) = values_direction(&n.types, a) {
                    self.push_kw(
                        type_kind(d.reversed()),
                        path,
                        format!("only {} → {}", values_text(a), types_text(&n.types, false)),
                        "type",
                    );
                }
            }
            (None, None) => {
                if o.types_from_variants && n.types_from_variants {
                    return; // the variants are compared one by one
                }
                if let Some(d) = type_direction(&o.types, &n.types) {
                    self.push_kw(
                        type_kind(d),
                        path,
                        format!(
                            "type {} {} → {}",
                            d.as_str(),
                            types_text(&o.types, false),
                            types_text(&n.types, false)
                        ),
                        "type",
                    );
                }
            }
        }
    }

    fn ranges(&mut self, o: &Node, n: &Node, path: &str) {
        let kinds: BTreeSet<RangeKind> = o.ranges.keys().chain(n.ranges.keys()).copied().collect();
        let unbounded = Range::default();
        for kind in kinds {
            // A bound only counts where both sides admit what it bounds.
            let applies = |t: JType| o.admits(t) && n.admits(t);
            let relevant = match kind {
                RangeKind::Value => applies(JType::Integer),
                RangeKind::Length => applies(JType::String),
                RangeKind::Items => applies(JType::Array),
                RangeKind::Properties => applies(JType::Object),
            };
            if !relevant {
                continue;
            }
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
            let keyword = if width_changed {
                "x-width"
            } else {
                let (lo, hi) = kind.keywords();
                let exclusive = |b: &Option<Bound>| b.as_ref().is_some_and(|b| b.exclusive);
                match (a.min != b.min, kind) {
                    (true, RangeKind::Value) if exclusive(&b.min) => "exclusiveMinimum",
                    (true, _) => lo,
                    (false, RangeKind::Value) if exclusive(&b.max) => "exclusiveMaximum",
                    (false, _) => hi,
                }
            };
            if widened {
                self.push_kw(wide, path, message.clone(), keyword);
            }
            if narrowed {
                self.push_kw(narrow, path, message, keyword);
            }
        }
    }

    fn opaque(&mut self, a: &BTreeMap<String, String>, b: &BTreeMap<String, String>, path: &str) {
        let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for key in keys {
            let (x, y) = (a.get(key), b.get(key));
            if x != y {
                let show = |v: Option<&String>| v.map_or("(absent)".to_string(), |t| brief(t));
                self.push_kw(
                    ChangeKind::ConstraintChanged,
                    path,
                    format!("`{key}` changed: {} → {} (not judged)", show(x), show(y)),
                    &key.replace('~', "~0").replace('/', "~1"),
                );
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

    /// `if`/`then`/`else` is one more constraint on the node: added it can
    /// only narrow, removed only widen; under the same condition a narrower
    /// `then` or `else` is a narrower whole. A changed condition moves
    /// values between the branches: not judged.
    fn conditional(&mut self, o: &Node, n: &Node, path: &str) {
        let any = Node::any();
        let binds = |c: &crate::compat::model::Conditional| {
            c.then.as_ref().is_some_and(|t| *t != any)
                || c.otherwise.as_ref().is_some_and(|e| *e != any)
        };
        match (&o.conditional, &n.conditional) {
            (None, None) => {}
            (Some(a), None) if binds(a) => self.push(
                ChangeKind::ConstraintWidened,
                path,
                "if/then/else removed".into(),
            ),
            (None, Some(b)) if binds(b) => self.push_kw(
                ChangeKind::ConstraintNarrowed,
                path,
                "if/then/else added".into(),
                "if",
            ),
            (Some(a), Some(b)) if a.condition != b.condition => {
                let branches = if a.then != b.then || a.otherwise != b.otherwise {
                    ", and its branches"
                } else {
                    ""
                };
                self.push_kw(
                    ChangeKind::ConditionChanged,
                    path,
                    format!(
                        "condition {} → {}{branches} (values move between then and else: not judged)",
                        brief(&a.condition),
                        brief(&b.condition)
                    ),
                    "if",
                );
            }
            (Some(a), Some(b)) => {
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
            _ => {}
        }
    }
}

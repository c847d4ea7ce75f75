//! Judges the 2020-12 keywords beyond the core model
//! ([`Keywords`](crate::compat::keywords::Keywords)): a constraint added can
//! only narrow and one removed can only widen; a changed one is compared
//! where its semantics give a direction (`multipleOf` by divisibility,
//! `format` by the formats' inclusions, `dependentRequired` by set
//! inclusion, `contains` counts as bounds, `not` by its inner changes turned
//! round), and is `CK-CONSTRAINT-CHANGED` (unknown) only where they do not (a
//! `pattern` rewritten). Schemas that apply beside a node (`allOf`, `$ref`
//! siblings, `dependentSchemas`, `patternProperties`, `propertyNames`,
//! `unevaluated*`) are walked like the node itself: a narrower part is a
//! narrower whole.

use super::{child, Walker};
use crate::compat::diff::brief;
use crate::compat::keywords::{format_within, Contains, Keywords};
use crate::compat::model::{Extra, JType, Node};
use crate::compat::rules::{classify, ChangeKind, Judgement};
use std::collections::{BTreeMap, BTreeSet};

/// The change kind for a constraint that got wider and/or narrower.
fn moved(widened: bool, narrowed: bool) -> Option<ChangeKind> {
    match (widened, narrowed) {
        (false, false) => None,
        (true, false) => Some(ChangeKind::ConstraintWidened),
        (false, true) => Some(ChangeKind::ConstraintNarrowed),
        (true, true) => Some(ChangeKind::ConstraintReplaced),
    }
}

fn show<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref()
        .map_or("(absent)".to_string(), |v| brief(&v.to_string()))
}

impl Walker<'_> {
    pub(super) fn keywords(&mut self, o: &Node, n: &Node, path: &str) {
        let (a, b) = (&o.kw, &n.kw);
        if a == b {
            return;
        }
        let both = |t: JType| o.admits(t) && n.admits(t);
        if both(JType::String) {
            self.pattern(a, b, path);
            self.format(a, b, path);
        }
        if both(JType::Number) || both(JType::Integer) {
            self.multiple_of(a, b, path);
        }
        if both(JType::Array) {
            if a.unique_items != b.unique_items {
                let kind = moved(a.unique_items, b.unique_items);
                self.push_opt(
                    kind,
                    path,
                    format!("`uniqueItems` {} → {}", a.unique_items, b.unique_items),
                    "uniqueItems",
                );
            }
            self.contains(a.contains.as_deref(), b.contains.as_deref(), path);
        }
        if both(JType::Object) {
            self.dependent_required(&a.dependent_required, &b.dependent_required, path);
            self.part(
                a.property_names.as_deref(),
                b.property_names.as_deref(),
                &format!("{path}(propertyNames)"),
            );
            self.pattern_properties(o, n, path);
        }
        self.not(a.not.as_deref(), b.not.as_deref(), path);
        let labels: BTreeSet<&String> = a.conjuncts.keys().chain(b.conjuncts.keys()).collect();
        for label in labels {
            self.part(
                a.conjuncts.get(label),
                b.conjuncts.get(label),
                &format!("{path}({label})"),
            );
        }
    }

    fn push_opt(&mut self, kind: Option<ChangeKind>, path: &str, message: String, keyword: &str) {
        if let Some(kind) = kind {
            self.push_kw(kind, path, message, keyword);
        }
    }

    /// A schema that applies beside the node: absent is `true`.
    fn part(&mut self, a: Option<&Node>, b: Option<&Node>, path: &str) {
        let any = Node::any();
        self.node(a.unwrap_or(&any), b.unwrap_or(&any), path);
    }

    fn pattern(&mut self, a: &Keywords, b: &Keywords, path: &str) {
        let message = format!("`pattern` {} → {}", show(&a.pattern), show(&b.pattern));
        match (&a.pattern, &b.pattern) {
            (None, None) => {}
            (x, y) if x == y => {}
            (None, Some(_)) => {
                self.push_kw(ChangeKind::ConstraintNarrowed, path, message, "pattern")
            }
            (Some(_), None) => self.push(ChangeKind::ConstraintWidened, path, message),
            _ => self.push_kw(
                ChangeKind::ConstraintChanged,
                path,
                format!("{message} (regular expressions are not compared)"),
                "pattern",
            ),
        }
    }

    fn format(&mut self, a: &Keywords, b: &Keywords, path: &str) {
        let message = format!("`format` {} → {}", show(&a.format), show(&b.format));
        let kind = match (&a.format, &b.format) {
            (None, None) => None,
            (x, y) if x == y => None,
            (None, Some(_)) => Some(ChangeKind::ConstraintNarrowed),
            (Some(_), None) => Some(ChangeKind::ConstraintWidened),
            (Some(x), Some(y)) => moved(!format_within(y, x), !format_within(x, y)),
        };
        self.push_opt(kind, path, message, "format");
    }

    fn multiple_of(&mut self, a: &Keywords, b: &Keywords, path: &str) {
        let message = format!(
            "`multipleOf` {} → {}",
            show(&a.multiple_of),
            show(&b.multiple_of)
        );
        let kind = match (&a.multiple_of, &b.multiple_of) {
            (None, None) => None,
            (x, y) if x == y => None,
            (None, Some(_)) => Some(ChangeKind::ConstraintNarrowed),
            (Some(_), None) => Some(ChangeKind::ConstraintWidened),
            // Every multiple of y is a multiple of x when y is one of x.
            (Some(x), Some(y)) => match (y.is_multiple_of(x), x.is_multiple_of(y)) {
                (Some(true), Some(true)) => None,
                (Some(true), Some(false)) => Some(ChangeKind::ConstraintNarrowed),
                (Some(false), Some(true)) => Some(ChangeKind::ConstraintWidened),
                (Some(false), Some(false)) => Some(ChangeKind::ConstraintReplaced),
                _ => Some(ChangeKind::ConstraintChanged),
            },
        };
        self.push_opt(kind, path, message, "multipleOf");
    }

    fn dependent_required(
        &mut self,
        a: &BTreeMap<String, BTreeSet<String>>,
        b: &BTreeMap<String, BTreeSet<String>>,
        path: &str,
    ) {
        let empty = BTreeSet::new();
        let names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for name in names {
            let (x, y) = (a.get(name).unwrap_or(&empty), b.get(name).unwrap_or(&empty));
            let list = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
            self.push_opt(
                moved(!x.is_subset(y), !y.is_subset(x)),
                &child(path, name),
                format!(
                    "`dependentRequired` of `{name}`: [{}] → [{}]",
                    list(x),
                    list(y)
                ),
                &format!(
                    "dependentRequired/{}",
                    name.replace('~', "~0").replace('/', "~1")
                ),
            );
        }
    }

    fn contains(&mut self, a: Option<&Contains>, b: Option<&Contains>, path: &str) {
        // `minContains: 0` without a maximum lets every array through.
        let effective = |c: Option<&Contains>| c.filter(|c| c.min > 0 || c.max.is_some()).cloned();
        let (a, b) = (effective(a), effective(b));
        let at = format!("{path}(contains)");
        let counts = |c: &Option<Contains>| match c {
            None => "(absent)".to_string(),
            Some(c) => format!(
                "at least {}{}",
                c.min,
                c.max.map_or(String::new(), |m| format!(", at most {m}"))
            ),
        };
        let message = format!("`contains` {} → {}", counts(&a), counts(&b));
        match (&a, &b) {
            (None, None) => {}
            (None, Some(_)) => {
                self.push_kw(ChangeKind::ConstraintNarrowed, &at, message, "contains")
            }
            (Some(_), None) => self.push(ChangeKind::ConstraintWidened, &at, message),
            (Some(x), Some(y)) => {
                let looser_max = |p: Option<u64>, q: Option<u64>| match (p, q) {
                    (None, Some(_)) => true,
                    (Some(p), Some(q)) => p > q,
                    _ => false,
                };
                let widened = y.min < x.min || looser_max(y.max, x.max);
                let narrowed = x.min < y.min || looser_max(x.max, y.max);
                let keyword = if x.min != y.min {
                    "minContains"
                } else {
                    "maxContains"
                };
                self.push_opt(moved(widened, narrowed), &at, message, keyword);
                if x.node != y.node {
                    if x.max.is_none() && y.max.is_none() {
                        // More items matching can only let more arrays through.
                        self.node(&x.node, &y.node, &at);
                    } else {
                        self.push_kw(
                            ChangeKind::ConstraintChanged,
                            &at,
                            "`contains` schema changed under `maxContains` (more matches can break the maximum)".into(),
                            "contains",
                        );
                    }
                }
            }
        }
    }

    /// `patternProperties`: each pattern's schema applies to matching
    /// members beside their declared schema. Where undeclared members are
    /// closed or checked (`additionalProperties`), a pattern added or
    /// removed also moves members between the two: not judged.
    fn pattern_properties(&mut self, o: &Node, n: &Node, path: &str) {
        let (a, b) = (&o.kw.pattern_properties, &n.kw.pattern_properties);
        if a == b {
            return;
        }
        let open = |node: &Node| {
            node.object
                .as_ref()
                .is_none_or(|obj| obj.extra == Extra::Open)
        };
        let same_patterns = a.keys().eq(b.keys());
        let judged = same_patterns || (open(o) && open(n));
        if !judged {
            let list =
                |m: &BTreeMap<String, Node>| m.keys().cloned().collect::<Vec<_>>().join(", ");
            self.push_kw(
                ChangeKind::ConstraintChanged,
                path,
                format!(
                    "`patternProperties` [{}] → [{}] beside `additionalProperties` (members move between the two)",
                    list(a),
                    list(b)
                ),
                "patternProperties",
            );
            return;
        }
        let patterns: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for p in patterns {
            self.part(a.get(p), b.get(p), &format!("{path}[/{p}/]"));
        }
    }

    /// `not`: the values the inner schema rejects. Its inner changes are
    /// turned round: an inner schema that admits more rejects more.
    fn not(&mut self, a: Option<&Node>, b: Option<&Node>, path: &str) {
        if a == b {
            return;
        }
        let never = Node::never();
        let inner = Walker::sub(
            a.unwrap_or(&never),
            b.unwrap_or(&never),
            &format!("{path}(not)"),
        );
        let (mut widened, mut narrowed, mut unknown) = (false, false, false);
        for change in &inner {
            let cl = classify(&change.kind);
            // Inner forward breaking: the inner schema admits more.
            narrowed |= cl.forward == Judgement::Breaking;
            widened |= cl.backward == Judgement::Breaking;
            unknown |= cl.forward == Judgement::Unknown || cl.backward == Judgement::Unknown;
        }
        let what = match (a, b) {
            (None, _) => "`not` added",
            (_, None) => "`not` removed",
            _ => "`not` changed",
        };
        let kind = if unknown {
            Some(ChangeKind::ConstraintChanged)
        } else {
            moved(widened, narrowed)
        };
        let detail: Vec<String> = inner.iter().take(3).map(|c| c.message.clone()).collect();
        self.push_opt(
            kind,
            path,
            format!("{what} (inside: {})", detail.join("; ")),
            "not",
        );
    }
}

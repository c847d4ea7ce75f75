//! Variants (`oneOf`/`anyOf` branches): pairing old and new variants by a
//! discriminator property (`kind` fixed to a distinct constant in each, as
//! in the runpack schemas), else identical ones first and the rest in order;
//! and comparing a plain schema against variants as a single variant.

use super::Walker;
use crate::compat::model::Node;
use crate::compat::rules::ChangeKind;
use std::collections::{BTreeMap, BTreeSet};

impl Walker<'_> {
    pub(super) fn variants(&mut self, o: &Node, n: &Node, path: &str) {
        match (o.variants.is_empty(), n.variants.is_empty()) {
            (true, true) => return,
            // Variants beside other keywords are one more constraint: a
            // value must also match one of them.
            (true, false) => {
                let keyword = n.combinator.unwrap_or("oneOf");
                self.push_kw(
                    ChangeKind::ConstraintNarrowed,
                    path,
                    format!("`{keyword}` added beside the schema's own keywords"),
                    keyword,
                );
                return;
            }
            (false, true) => {
                let keyword = o.combinator.unwrap_or("oneOf");
                self.push(
                    ChangeKind::ConstraintWidened,
                    path,
                    format!("`{keyword}` removed from beside the schema's own keywords"),
                );
                return;
            }
            (false, false) => {}
        }
        let key = discriminator(&o.variants, &n.variants);
        if o.combinator != n.combinator {
            let disjoint = key
                .as_ref()
                .is_some_and(|k| disjoint_by(&o.variants, k) && disjoint_by(&n.variants, k));
            // A value matching several variants passes anyOf, not oneOf;
            // variants told apart by a required constant never overlap.
            if !disjoint {
                let kind = if n.combinator == Some("anyOf") {
                    ChangeKind::ConstraintWidened
                } else {
                    ChangeKind::ConstraintNarrowed
                };
                self.push(
                    kind,
                    path,
                    format!(
                        "{} → {} over variants that may overlap",
                        o.combinator.unwrap_or("none"),
                        n.combinator.unwrap_or("none")
                    ),
                );
            }
        }
        let pairs = match key {
            Some(key) => {
                let label = |v: &Node| {
                    v.object
                        .as_ref()
                        .and_then(|obj| obj.fields.get(&key))
                        .and_then(|f| f.node.values.as_ref())
                        .and_then(|vals| vals.iter().next().cloned())
                        .unwrap_or_default()
                };
                let olds: BTreeMap<String, &Node> =
                    o.variants.iter().map(|v| (label(v), v)).collect();
                let news: BTreeMap<String, &Node> =
                    n.variants.iter().map(|v| (label(v), v)).collect();
                let mut pairs = Vec::new();
                for (k, v) in &olds {
                    pairs.push((Some(*v), news.get(k).copied(), format!("{key}={k}")));
                }
                for (k, v) in &news {
                    if !olds.contains_key(k) {
                        pairs.push((None, Some(*v), format!("{key}={k}")));
                    }
                }
                pairs
            }
            None => positional_pairs(&o.variants, &n.variants),
        };
        for (a, b, label) in pairs {
            let at = format!("{path}<{label}>");
            match (a, b) {
                (Some(a), Some(b)) => self.node(a, b, &at),
                (None, Some(b)) => self.push_at(
                    ChangeKind::VariantAdded,
                    &at,
                    format!("variant <{label}> added"),
                    b.origin.0.clone(),
                ),
                (Some(_), None) => self.push_kw(
                    ChangeKind::VariantRemoved,
                    &at,
                    format!("variant <{label}> removed"),
                    n.combinator.unwrap_or("oneOf"),
                ),
                (None, None) => {}
            }
        }
    }
}

/// Whether a node with variants constrains nothing but through them.
pub(super) fn only_variants(n: &Node) -> bool {
    n.types_from_variants
        && n.values.is_none()
        && n.width.is_none()
        && n.ranges.is_empty()
        && n.object.is_none()
        && n.array.is_none()
        && n.conditional.is_none()
        && n.opaque.is_empty()
        && n.kw.is_empty()
}

/// `node` as a parent with itself as the one variant (null stays on the parent).
pub(super) fn as_variant(node: &Node, combinator: Option<&'static str>) -> Node {
    let mut core = node.clone();
    core.nullable = false;
    core.version_marker = false;
    Node {
        types: node.types.clone(),
        types_from_variants: true,
        nullable: node.nullable,
        variants: vec![core],
        combinator,
        version_marker: node.version_marker,
        ..Node::default()
    }
}

/// A property every variant on both sides fixes to one constant value
/// (`kind` in `{"kind": {"const": "logical"}, ...}`), unique per side.
fn discriminator(old: &[Node], new: &[Node]) -> Option<String> {
    let first = old.first()?.object.as_ref()?;
    'candidates: for name in first.fields.keys() {
        for side in [old, new] {
            let mut seen = BTreeSet::new();
            for v in side {
                let value = v
                    .object
                    .as_ref()
                    .and_then(|o| o.fields.get(name))
                    .and_then(|f| f.node.values.as_ref())
                    .filter(|vals| vals.len() == 1)
                    .and_then(|vals| vals.iter().next());
                match value {
                    Some(value) if seen.insert(value.clone()) => {}
                    _ => continue 'candidates,
                }
            }
        }
        return Some(name.clone());
    }
    None
}

/// Whether no value can match two of `variants`: each admits objects only
/// and requires `key`, which each fixes to its own constant.
fn disjoint_by(variants: &[Node], key: &str) -> bool {
    variants.iter().all(|v| {
        !v.nullable
            && v.types
                .as_ref()
                .is_some_and(|t| t.iter().eq([&crate::compat::model::JType::Object]))
            && v.object
                .as_ref()
                .and_then(|o| o.fields.get(key))
                .is_some_and(|f| f.required)
    })
}

type Pair<'a> = (Option<&'a Node>, Option<&'a Node>, String);

/// Without a discriminator: identical variants pair up; the rest pair in order.
fn positional_pairs<'a>(old: &'a [Node], new: &'a [Node]) -> Vec<Pair<'a>> {
    let mut new_used = vec![false; new.len()];
    let mut old_left = Vec::new();
    for (i, v) in old.iter().enumerate() {
        match new
            .iter()
            .enumerate()
            .position(|(j, w)| !new_used[j] && w == v)
        {
            Some(j) => new_used[j] = true,
            None => old_left.push(i),
        }
    }
    let new_left: Vec<usize> = (0..new.len()).filter(|j| !new_used[*j]).collect();
    let mut pairs = Vec::new();
    for k in 0..old_left.len().max(new_left.len()) {
        let a = old_left.get(k).map(|i| &old[*i]);
        let b = new_left.get(k).map(|j| &new[*j]);
        let label = match (old_left.get(k), new_left.get(k)) {
            (_, Some(j)) => format!("variant {j}"),
            (Some(i), None) => format!("old variant {i}"),
            (None, None) => String::new(),
        };
        pairs.push((a, b, label));
    }
    pairs
}

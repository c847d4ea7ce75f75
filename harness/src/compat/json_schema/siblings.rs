//! Keywords beside a `$ref`: 2020-12 applies them together with the
//! referenced schema. Where they only add bounds or keywords the definition
//! does not set itself (`{"$ref": "#/$defs/name", "maxLength": 8}`), they are
//! merged into the definition's node, so that the same schema written inline
//! compares equal; otherwise they stay a second schema the value must match
//! (a conjunct labelled `$ref siblings`).

use super::bounds;
use crate::compat::model::{JType, Node, Range};

/// Whether `beside` says nothing about types, values or structure: only
/// bounds and the simple keywords.
fn only_bounds_and_keywords(beside: &Node) -> bool {
    beside.types.is_none()
        && beside.nullable
        && beside.values.is_none()
        && beside.width.is_none()
        && beside.object.is_none()
        && beside.array.is_none()
        && beside.variants.is_empty()
        && beside.conditional.is_none()
        && beside.opaque.is_empty()
        && beside.recursive_ref.is_none()
        && beside.kw.conjuncts.is_empty()
        && beside.kw.pattern_properties.is_empty()
        && beside.kw.reserved.is_empty()
}

/// `target` with the keywords `beside` it merged in, or `None` when they do
/// not merge exactly.
pub(super) fn merge(target: &Node, beside: &Node) -> Option<Node> {
    if !only_bounds_and_keywords(beside) || target.recursive_ref.is_some() {
        return None;
    }
    let mut out = target.clone();
    for (kind, range) in &beside.ranges {
        let merged = match out.ranges.get(kind) {
            None => range.clone(),
            Some(own) => Range {
                min: bounds::tighter(own.min.clone(), range.min.clone(), true),
                max: bounds::tighter(own.max.clone(), range.max.clone(), false),
            },
        };
        out.ranges.insert(*kind, merged);
    }
    if let Some(value) = out.ranges.remove(&crate::compat::model::RangeKind::Value) {
        let integer = out
            .types
            .as_ref()
            .is_some_and(|t| t.iter().eq([&JType::Integer]));
        let value = if integer {
            bounds::integer_range(value)
        } else {
            value
        };
        out.ranges
            .insert(crate::compat::model::RangeKind::Value, value);
    }
    let (mine, theirs) = (&mut out.kw, &beside.kw);
    macro_rules! take {
        ($field:ident) => {
            match (&mine.$field, &theirs.$field) {
                (_, None) => {}
                (None, Some(v)) => mine.$field = Some(v.clone()),
                (Some(a), Some(b)) if a == b => {}
                _ => return None,
            }
        };
    }
    take!(pattern);
    take!(format);
    take!(multiple_of);
    take!(contains);
    take!(property_names);
    take!(not);
    mine.unique_items |= theirs.unique_items;
    for (name, names) in &theirs.dependent_required {
        mine.dependent_required
            .entry(name.clone())
            .or_default()
            .extend(names.iter().cloned());
    }
    bounds::pin_values(&mut out);
    bounds::tuple_cap(&mut out);
    Some(out)
}

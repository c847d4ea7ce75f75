//! Numeric bounds of a schema node: `minimum`/`maximum` and their exclusive
//! forms, `x-width`, and length, item and member counts, each as one exact
//! [`Range`].

use super::at;
use crate::compat::model::{Bound, Node, Range, RangeKind, Width};
use crate::compat::num::Dec;
use serde_json::Value;

fn number(
    map: &serde_json::Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<Dec>, String> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::Number(n)) => Dec::parse(&n.to_string())
            .map(Some)
            .ok_or_else(|| format!("{}: `{key}` is not a number", at(path))),
        Some(_) => Err(format!("{}: `{key}` must be a number", at(path))),
    }
}

/// The tighter of two lower (`lower = true`) or upper bounds.
fn tighter(a: Option<Bound>, b: Option<Bound>, lower: bool) -> Option<Bound> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(a), Some(b)) => {
            let ord = a.value.cmp(&b.value);
            let pick_a = match ord {
                std::cmp::Ordering::Equal => a.exclusive,
                std::cmp::Ordering::Greater => lower,
                std::cmp::Ordering::Less => !lower,
            };
            Some(if pick_a { a } else { b })
        }
    }
}

pub(super) fn ranges(
    map: &serde_json::Map<String, Value>,
    path: &str,
    node: &mut Node,
) -> Result<(), String> {
    let inclusive = |v: Option<Dec>| {
        v.map(|value| Bound {
            value,
            exclusive: false,
        })
    };
    let exclusive = |v: Option<Dec>| {
        v.map(|value| Bound {
            value,
            exclusive: true,
        })
    };
    if let Some(w) = map.get("x-width") {
        let name = w
            .as_str()
            .ok_or_else(|| format!("{}: `x-width` must be a string", at(path)))?;
        node.width = Some(Width::parse(name).ok_or_else(|| {
            format!(
                "{}: unknown x-width `{name}` (u8..u128, i8..i128)",
                at(path)
            )
        })?);
    }
    let width = node.width.map(|w| w.range());
    let min = tighter(
        inclusive(number(map, "minimum", path)?),
        exclusive(number(map, "exclusiveMinimum", path)?),
        true,
    );
    let max = tighter(
        inclusive(number(map, "maximum", path)?),
        exclusive(number(map, "exclusiveMaximum", path)?),
        false,
    );
    let (wmin, wmax) = match width {
        Some((lo, hi)) => (inclusive(Some(lo)), inclusive(Some(hi))),
        None => (None, None),
    };
    let value = Range {
        min: tighter(min, wmin, true),
        max: tighter(max, wmax, false),
    };
    if value != Range::default() {
        node.ranges.insert(RangeKind::Value, value);
    }
    for kind in [RangeKind::Length, RangeKind::Items, RangeKind::Properties] {
        let (lo, hi) = kind.keywords();
        let range = Range {
            min: inclusive(number(map, lo, path)?),
            max: inclusive(number(map, hi, path)?),
        };
        if range != Range::default() {
            node.ranges.insert(kind, range);
        }
    }
    Ok(())
}

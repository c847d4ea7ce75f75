//! Numeric bounds of a schema node: `minimum`/`maximum` and their exclusive
//! forms, `x-width`, and length, item and member counts, each as one exact
//! [`Range`].

use super::at;
use crate::compat::model::{Bound, JType, Node, Range, RangeKind, Width};
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
pub(super) fn tighter(a: Option<Bound>, b: Option<Bound>, lower: bool) -> Option<Bound> {
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
    let mut value = Range {
        min: tighter(min, wmin, true),
        max: tighter(max, wmax, false),
    };
    if node
        .types
        .as_ref()
        .is_some_and(|t| t.iter().eq([&JType::Integer]))
    {
        value = integer_range(value);
    }
    if value != Range::default() {
        node.ranges.insert(RangeKind::Value, value);
    }
    for kind in [RangeKind::Length, RangeKind::Items, RangeKind::Properties] {
        let (lo, hi) = kind.keywords();
        let range = Range {
            // A count of at least 0 is no bound.
            min: inclusive(number(map, lo, path)?).filter(|b| b.value != Dec::zero()),
            max: inclusive(number(map, hi, path)?),
        };
        if range != Range::default() {
            node.ranges.insert(kind, range);
        }
    }
    Ok(())
}

/// An integer's range with inclusive integer bounds: `exclusiveMinimum: 0`
/// is `minimum: 1`, `minimum: 0.5` is `minimum: 1`. A bound too large to
/// round exactly is kept as it is.
pub(super) fn integer_range(range: Range) -> Range {
    let lower = |b: Bound| {
        let value = if b.exclusive {
            b.value.floor().and_then(|f| f.add_int(1))
        } else {
            b.value.ceil()
        };
        match value {
            Some(value) => Bound {
                value,
                exclusive: false,
            },
            None => b,
        }
    };
    let upper = |b: Bound| {
        let value = if b.exclusive {
            b.value.ceil().and_then(|c| c.add_int(-1))
        } else {
            b.value.floor()
        };
        match value {
            Some(value) => Bound {
                value,
                exclusive: false,
            },
            None => b,
        }
    };
    Range {
        min: range.min.map(lower),
        max: range.max.map(upper),
    }
}

fn within(range: &Range, value: &Dec) -> bool {
    let above = range.min.as_ref().is_none_or(|b| {
        if b.exclusive {
            *value > b.value
        } else {
            *value >= b.value
        }
    });
    let below = range.max.as_ref().is_none_or(|b| {
        if b.exclusive {
            *value < b.value
        } else {
            *value <= b.value
        }
    });
    above && below
}

/// A node with `const` or `enum` values: the values are its whole domain.
/// Values outside its value or length range are dropped, and those ranges
/// and `x-width` then say nothing more (a version marker `const: 1` is the
/// same value set as `u32` or `u64`).
pub(super) fn pin_values(node: &mut Node) {
    let Some(values) = &mut node.values else {
        return;
    };
    let value_range = node.ranges.remove(&RangeKind::Value);
    let length_range = node.ranges.remove(&RangeKind::Length);
    node.width = None;
    values.retain(|text| match serde_json::from_str::<Value>(text) {
        Ok(Value::Number(n)) => match (&value_range, Dec::parse(&n.to_string())) {
            (Some(r), Some(d)) => within(r, &d),
            _ => true,
        },
        Ok(Value::String(s)) => match &length_range {
            Some(r) => within(
                r,
                &Dec::parse(&s.chars().count().to_string()).unwrap_or_else(Dec::zero),
            ),
            None => true,
        },
        _ => true,
    });
}

/// A tuple closed by `items: false` holds at most its `prefixItems`: a
/// `maxItems` at or above that count says nothing more.
pub(super) fn tuple_cap(node: &mut Node) {
    let Some(array) = &node.array else {
        return;
    };
    if array.items.as_deref() != Some(&Node::never()) {
        return;
    }
    let cap = Dec::parse(&array.prefix.len().to_string()).unwrap_or_else(Dec::zero);
    if let Some(range) = node.ranges.get_mut(&RangeKind::Items) {
        if range.max.as_ref().is_some_and(|b| b.value >= cap) {
            range.max = None;
        }
        if *range == Range::default() {
            node.ranges.remove(&RangeKind::Items);
        }
    }
}

//! Mutating a JSON document: value-level edits on the parsed value (a
//! node's type changed, numbers and strings at their edges, members and
//! elements dropped, added, duplicated or swapped, case variants of enum
//! strings, version markers moved), then a lexical rendering edit (raw
//! tokens, duplicate keys, member order, pretty or compact), then rarely a
//! whole-document edit (BOM, truncation, trailing bytes, CRLF, deep nesting).

use super::edges::{NUMBERS, RAW, STRINGS};
use super::render::{render, Plan};
use super::tree_path::{all_paths, get, get_mut, remove, Step};
use fastrand::Rng;
use serde_json::{Map, Number, Value};

/// A mutated copy of `bytes`; documents that do not parse get byte edits.
pub fn mutate(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let Ok(mut value) = serde_json::from_slice::<Value>(bytes) else {
        return super::bytes::mutate(bytes, rng);
    };
    edit_value(&mut value, rng);
    let plan = lexical_plan(&value, rng);
    let mut out = render(&value, &plan);
    if rng.u8(0..10) == 0 {
        out = whole_document(out, rng);
    }
    out
}

/// One random value-level edit of `root`.
pub fn edit_value(root: &mut Value, rng: &mut Rng) {
    let paths = all_paths(root);
    // Two edits in three go to a scalar: where most format rules bite.
    let leaves: Vec<&Vec<Step>> = paths
        .iter()
        .filter(|p| !matches!(get(root, p), Some(Value::Object(_) | Value::Array(_))))
        .collect();
    let path = if !leaves.is_empty() && rng.u8(0..3) > 0 {
        leaves[rng.usize(..leaves.len())].clone()
    } else {
        paths[rng.usize(..paths.len())].clone()
    };
    let donor = get(root, &paths[rng.usize(..paths.len())]).cloned();
    let Some(node) = get_mut(root, &path) else {
        return;
    };
    match rng.u8(0..10) {
        0 => *node = other_type(node, rng),
        1 | 2 => edge_scalar(node, rng),
        3 if !path.is_empty() => {
            remove(root, &path);
        }
        4 => add_member(node, donor.unwrap_or(Value::Null), rng),
        5 => duplicate_or_swap(node, rng),
        6 => case_variant(node, rng),
        7 => version_marker(root, rng),
        _ => edge_scalar(node, rng),
    }
}

fn other_type(node: &Value, rng: &mut Rng) -> Value {
    let choices = [
        Value::Null,
        Value::Bool(true),
        Value::from(0),
        Value::from(""),
        Value::Array(vec![]),
        Value::Object(Map::new()),
        Value::String(node.to_string()),
        Value::Array(vec![node.clone()]),
    ];
    choices[rng.usize(..choices.len())].clone()
}

fn number(literal: &str) -> Value {
    literal
        .parse::<Number>()
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

/// Replaces a scalar with an edge of its own kind (or near its own value).
fn edge_scalar(node: &mut Value, rng: &mut Rng) {
    match node {
        Value::Number(n) => {
            let lit = n.to_string();
            *node = match (rng.u8(0..3), lit.parse::<i128>()) {
                (0, Ok(i)) => number(&(i + [1, -1][rng.usize(..2)]).to_string()),
                (1, Ok(i)) => number(&(-i).to_string()),
                _ => number(NUMBERS[rng.usize(..NUMBERS.len())]),
            };
        }
        Value::String(s) => {
            *node = Value::String(match rng.u8(0..4) {
                0 => format!("{s}{}", STRINGS[rng.usize(..STRINGS.len())]),
                1 => String::new(),
                _ => STRINGS[rng.usize(..STRINGS.len())].to_string(),
            })
        }
        Value::Bool(b) => match rng.u8(0..4) {
            0 => *node = Value::from(0),
            1 => *node = Value::from(1),
            2 => *node = Value::String(b.to_string()),
            _ => *b = !*b,
        },
        Value::Null => *node = number(NUMBERS[rng.usize(..NUMBERS.len())]),
        Value::Array(items) if !items.is_empty() => {
            let i = rng.usize(..items.len());
            edge_scalar(&mut items[i], rng);
        }
        Value::Object(map) if !map.is_empty() => {
            let k = map.keys().nth(rng.usize(..map.len())).cloned();
            if let Some(child) = k.and_then(|k| map.get_mut(&k)) {
                edge_scalar(child, rng);
            }
        }
        _ => *node = number(NUMBERS[rng.usize(..NUMBERS.len())]),
    }
}

fn add_member(node: &mut Value, donor: Value, rng: &mut Rng) {
    match node {
        Value::Object(map) => {
            let key = match (rng.bool(), map.keys().next()) {
                (true, Some(k)) => case_flip(k),
                _ => ["extra", "", "x-unknown", "version"][rng.usize(..4)].to_string(),
            };
            map.insert(key, donor);
        }
        Value::Array(items) => {
            let at = rng.usize(..=items.len());
            let item = if items.is_empty() {
                donor
            } else {
                items[rng.usize(..items.len())].clone()
            };
            items.insert(at, item);
        }
        _ => {}
    }
}

fn duplicate_or_swap(node: &mut Value, rng: &mut Rng) {
    if let Value::Array(items) = node {
        if items.len() >= 2 && rng.bool() {
            let (a, b) = (rng.usize(..items.len()), rng.usize(..items.len()));
            items.swap(a, b);
        } else if let Some(first) = items.first().cloned() {
            items.push(first);
        } else {
            items.push(Value::Null);
        }
    }
}

fn case_flip(s: &str) -> String {
    if s.chars().any(|c| c.is_ascii_lowercase()) {
        s.to_ascii_uppercase()
    } else {
        s.to_ascii_lowercase()
    }
}

fn case_variant(node: &mut Value, rng: &mut Rng) {
    match node {
        Value::String(s) if !s.is_empty() => {
            let mut chars: Vec<char> = s.chars().collect();
            if rng.bool() {
                chars[0] = chars[0].to_ascii_uppercase();
                *s = chars.into_iter().collect();
            } else {
                *s = case_flip(s);
            }
        }
        Value::Object(map) if !map.is_empty() => {
            let k = map
                .keys()
                .nth(rng.usize(..map.len()))
                .cloned()
                .unwrap_or_default();
            if let Some(v) = map.remove(&k) {
                map.insert(case_flip(&k), v);
            }
        }
        other => edge_scalar(other, rng),
    }
}

/// Moves a member whose key names a version to a neighbouring version.
fn version_marker(root: &mut Value, rng: &mut Rng) {
    let paths: Vec<Vec<Step>> = all_paths(root)
        .into_iter()
        .filter(|p| matches!(p.last(), Some(Step::Key(k)) if k.contains("version")))
        .collect();
    let Some(path) = (!paths.is_empty()).then(|| paths[rng.usize(..paths.len())].clone()) else {
        return;
    };
    if let Some(node) = get_mut(root, &path) {
        *node = match node {
            Value::Number(n) => n
                .as_u64()
                .map(|v| Value::from(v + 1))
                .unwrap_or(Value::from(2)),
            Value::String(s) => Value::String(match s.strip_prefix('v') {
                Some(n) => format!("v{}", n.parse::<u64>().map_or(2, |n| n + 1)),
                None => format!("{s}.1"),
            }),
            _ => Value::from(2),
        };
    }
}

fn lexical_plan(value: &Value, rng: &mut Rng) -> Plan {
    let paths = all_paths(value);
    let pick = |rng: &mut Rng| paths[rng.usize(..paths.len())].clone();
    let objects: Vec<&Vec<Step>> = paths
        .iter()
        .filter(|p| matches!(get(value, p), Some(Value::Object(m)) if !m.is_empty()))
        .collect();
    let mut plan = Plan {
        pretty: rng.bool(),
        ..Plan::default()
    };
    match rng.u8(0..8) {
        0 => plan.raw = Some((pick(rng), RAW[rng.usize(..RAW.len())].to_vec())),
        1 if !objects.is_empty() => {
            plan.duplicate = Some(objects[rng.usize(..objects.len())].clone())
        }
        2 if !objects.is_empty() => {
            plan.reverse = Some(objects[rng.usize(..objects.len())].clone())
        }
        _ => {}
    }
    plan
}

/// An edit of the whole text.
pub fn whole_document(mut out: Vec<u8>, rng: &mut Rng) -> Vec<u8> {
    match rng.u8(0..6) {
        0 => {
            out.splice(0..0, [0xEF, 0xBB, 0xBF]);
        }
        1 if !out.is_empty() => out.truncate(rng.usize(..out.len())),
        2 => out.extend_from_slice([&b" x"[..], b"\n\n", b"{}", b"\0"][rng.usize(..4)]),
        3 => {
            out = out
                .iter()
                .flat_map(|&b| {
                    if b == b'\n' {
                        vec![b'\r', b'\n']
                    } else {
                        vec![b]
                    }
                })
                .collect()
        }
        4 => {
            let depth = [63, 64, 65, 127, 128][rng.usize(..5)];
            let mut deep = vec![b'['; depth];
            deep.extend(&out);
            deep.extend(std::iter::repeat_n(b']', depth));
            out = deep;
        }
        _ => out.insert(0, b' '),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_varied() {
        let doc = br#"{"a": {"b": [1, 2, "x"]}, "version": 1, "s": "up"}"#;
        let run = |seed| {
            let mut rng = Rng::with_seed(seed);
            (0..50).map(|_| mutate(doc, &mut rng)).collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        let outs = run(7);
        let distinct: std::collections::BTreeSet<_> = outs.iter().collect();
        assert!(distinct.len() > 30, "{}", distinct.len());
        assert!(outs
            .iter()
            .any(|o| serde_json::from_slice::<Value>(o).is_err()));
        assert!(outs
            .iter()
            .any(|o| serde_json::from_slice::<Value>(o).is_ok()));
    }
}

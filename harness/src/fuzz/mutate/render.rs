//! Rendering a JSON value back to text with lexical edits no `Value` can
//! hold: one node replaced by raw bytes (`NaN`, a lone surrogate escape,
//! invalid UTF-8), one object's first member written twice (a duplicate
//! key), one object's members in reverse order; compact or pretty.

use super::tree_path::Step;
use serde_json::Value;

/// The lexical edits of one rendering; all optional.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub pretty: bool,
    /// Write these bytes instead of the node at the path.
    pub raw: Option<(Vec<Step>, Vec<u8>)>,
    /// Write this object's first member twice.
    pub duplicate: Option<Vec<Step>>,
    /// Write this object's members last to first.
    pub reverse: Option<Vec<Step>>,
}

/// `value` as JSON text under `plan`.
pub fn render(value: &Value, plan: &Plan) -> Vec<u8> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    node(value, plan, &mut path, 0, &mut out);
    if plan.pretty {
        out.push(b'\n');
    }
    out
}

fn newline(plan: &Plan, depth: usize, out: &mut Vec<u8>) {
    if plan.pretty {
        out.push(b'\n');
        out.extend(std::iter::repeat_n(b' ', depth * 2));
    }
}

fn scalar(v: &Value, out: &mut Vec<u8>) {
    out.extend(serde_json::to_vec(v).unwrap_or_default());
}

fn node(v: &Value, plan: &Plan, path: &mut Vec<Step>, depth: usize, out: &mut Vec<u8>) {
    if let Some((at, bytes)) = &plan.raw {
        if at == path {
            out.extend(bytes);
            return;
        }
    }
    match v {
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            if plan.reverse.as_deref() == Some(path.as_slice()) {
                members.reverse();
            }
            if plan.duplicate.as_deref() == Some(path.as_slice()) {
                if let Some(first) = members.first().copied() {
                    members.insert(0, first);
                }
            }
            out.push(b'{');
            for (i, (k, child)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                newline(plan, depth + 1, out);
                scalar(&Value::String((*k).clone()), out);
                out.extend(if plan.pretty { &b": "[..] } else { &b":"[..] });
                path.push(Step::Key((*k).clone()));
                node(child, plan, path, depth + 1, out);
                path.pop();
            }
            if !members.is_empty() {
                newline(plan, depth, out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, child) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                newline(plan, depth + 1, out);
                path.push(Step::Index(i));
                node(child, plan, path, depth + 1, out);
                path.pop();
            }
            if !items.is_empty() {
                newline(plan, depth, out);
            }
            out.push(b']');
        }
        _ => scalar(v, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn edits_are_lexical() {
        let v = json!({"a": 1, "b": [true]});
        assert_eq!(render(&v, &Plan::default()), br#"{"a":1,"b":[true]}"#);
        let plan = Plan {
            raw: Some((vec![Step::Key("a".into())], b"NaN".to_vec())),
            duplicate: Some(vec![]),
            ..Plan::default()
        };
        assert_eq!(render(&v, &plan), br#"{"a":NaN,"a":NaN,"b":[true]}"#);
        let plan = Plan {
            reverse: Some(vec![]),
            pretty: true,
            ..Plan::default()
        };
        assert_eq!(
            String::from_utf8(render(&v, &plan)).unwrap(),
            "{\n  \"b\": [\n    true\n  ],\n  \"a\": 1\n}\n"
        );
    }
}

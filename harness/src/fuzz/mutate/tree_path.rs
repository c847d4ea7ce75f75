//! Addressing nodes inside a `serde_json::Value`: every node's path, and
//! getting, replacing or removing the node at one.

use serde_json::Value;

/// One step from a container to a child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Every node's path, the root first, in document order.
pub fn all_paths(root: &Value) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    let mut stack = vec![(Vec::new(), root)];
    while let Some((path, v)) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (k, child) in map.iter().rev() {
                    let mut p = path.clone();
                    p.push(Step::Key(k.clone()));
                    stack.push((p, child));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate().rev() {
                    let mut p = path.clone();
                    p.push(Step::Index(i));
                    stack.push((p, child));
                }
            }
            _ => {}
        }
        out.push(path);
    }
    out
}

/// The node at `path`.
pub fn get_mut<'a>(root: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut cur = root;
    for step in path {
        cur = match (step, cur) {
            (Step::Key(k), Value::Object(map)) => map.get_mut(k)?,
            (Step::Index(i), Value::Array(items)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// The node at `path`, read-only.
pub fn get<'a>(root: &'a Value, path: &[Step]) -> Option<&'a Value> {
    let mut cur = root;
    for step in path {
        cur = match (step, cur) {
            (Step::Key(k), Value::Object(map)) => map.get(k)?,
            (Step::Index(i), Value::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// Removes the node at `path` (not the root); whether it was there.
pub fn remove(root: &mut Value, path: &[Step]) -> bool {
    let Some((last, parent)) = path.split_last() else {
        return false;
    };
    match (last, get_mut(root, parent)) {
        (Step::Key(k), Some(Value::Object(map))) => map.remove(k).is_some(),
        (Step::Index(i), Some(Value::Array(items))) if *i < items.len() => {
            items.remove(*i);
            true
        }
        _ => false,
    }
}

/// `a.b[2].c`, the way corpus error paths are written (`$` for the root).
pub fn display(path: &[Step]) -> String {
    let mut s = String::new();
    for step in path {
        match step {
            Step::Key(k) if k == "[]" => s.push_str("[]"),
            Step::Key(k) if s.is_empty() => s.push_str(k),
            Step::Key(k) => {
                s.push('.');
                s.push_str(k);
            }
            Step::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    if s.is_empty() {
        "$".into()
    } else {
        s
    }
}

/// The path of the first node where `a` and `b` differ (`None` if equal).
pub fn first_difference(a: &Value, b: &Value) -> Option<Vec<Step>> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                match y.get(k) {
                    None => return Some(vec![Step::Key(k.clone())]),
                    Some(vb) => {
                        if let Some(mut rest) = first_difference(va, vb) {
                            rest.insert(0, Step::Key(k.clone()));
                            return Some(rest);
                        }
                    }
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map(|k| vec![Step::Key(k.clone())])
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                if let Some(mut rest) = first_difference(va, vb) {
                    rest.insert(0, Step::Index(i));
                    return Some(rest);
                }
            }
            (x.len() != y.len()).then(|| vec![Step::Index(x.len().min(y.len()))])
        }
        _ => (a != b).then(Vec::new),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_get_remove_and_differences() {
        let mut v = json!({"a": [1, {"b": 2}], "c": null});
        let paths = all_paths(&v);
        assert_eq!(paths.len(), 6);
        let b = vec![Step::Key("a".into()), Step::Index(1), Step::Key("b".into())];
        assert_eq!(display(&b), "a[1].b");
        assert_eq!(get(&v, &b), Some(&json!(2)));
        let w = json!({"a": [1, {"b": 3}], "c": null});
        assert_eq!(first_difference(&v, &w), Some(b.clone()));
        assert_eq!(first_difference(&v, &v.clone()), None);
        assert!(remove(&mut v, &b));
        assert_eq!(v, json!({"a": [1, {}], "c": null}));
        assert!(!remove(&mut v, &[]));
    }
}

//! Canonical JSON text (sorted keys, exact numbers in one form), so that
//! equal schema values (`enum` members, opaque keywords) compare equal as
//! text; and the JSON type of a value.

use crate::compat::model::JType;
use crate::compat::num::Dec;
use serde_json::Value;

/// JSON text with object keys sorted and numbers in one canonical form, so
/// that equal values compare equal as text.
pub fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Number(n) => {
            let text = n.to_string();
            match Dec::parse(&text) {
                Some(d) => out.push_str(&d.to_string()),
                None => out.push_str(&text),
            }
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(&map[k], out);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The JSON type of a value (`None` for null).
pub fn type_of(value: &Value) -> Option<JType> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(_) => JType::Boolean,
        Value::Number(n) => {
            if Dec::parse(&n.to_string()).is_some_and(|d| d.is_integer()) {
                JType::Integer
            } else {
                JType::Number
            }
        }
        Value::String(_) => JType::String,
        Value::Array(_) => JType::Array,
        Value::Object(_) => JType::Object,
    })
}

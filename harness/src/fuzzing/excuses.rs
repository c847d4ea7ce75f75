//! The reader rejections `json_schema_differential` excuses: each rests on a
//! rule the family's JSON Schema cannot state (corpus/DECISIONS.md,
//! `beyond-schema` cases), and each is checked at the field the reader
//! names: the value at the error's path must break that very rule. A
//! rejection anywhere else is a disagreement, whatever the rest of the
//! document holds.

use conformkit_reference::runpack::jcs::is_safe_integer_literal;
use conformkit_reference::{ErrorClass, ReadError};
use serde_json::Value;

/// The value at a reader path (`a.b[2].c`; empty: the document).
pub fn value_at<'v>(doc: &'v Value, path: &str) -> Option<&'v Value> {
    let mut at = doc;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, indexes) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            at = at.get(key)?;
        }
        for index in indexes.split('[').filter(|i| !i.is_empty()) {
            at = at.get(index.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(at)
}

/// An integral number written with a fraction, an exponent or as negative
/// zero (`1.0`, `1e2`, `-0`): JSON Schema's `integer` takes it, the readers
/// do not (D-JSON number rule).
fn integral_but_not_an_integer_literal(v: &Value) -> bool {
    let Value::Number(n) = v else { return false };
    let lit = n.to_string();
    let integral = lit.parse::<f64>().is_ok_and(|f| f.fract() == 0.0);
    integral
        && (lit.contains(['.', 'e', 'E'])
            || lit.trim_start_matches('-') == "0" && lit.starts_with('-'))
}

fn is_digest(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        s.len() == 64
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// env pair `i` is not after pair `i - 1` in UTF-8 byte order (D-ENV-2).
fn env_out_of_order(doc: &Value, path: &str) -> bool {
    let Some(i) = path
        .strip_prefix("env[")
        .and_then(|r| r.strip_suffix(']'))
        .and_then(|i| i.parse::<usize>().ok())
    else {
        return false;
    };
    let key = |j: usize| doc.get("env")?.get(j)?.get(0)?.as_str();
    matches!((i.checked_sub(1).and_then(key), key(i)), (Some(a), Some(b)) if a.as_bytes() >= b.as_bytes())
}

/// Whether the reader's rejection rests on a rule the schema cannot state.
pub fn excused(family: &str, err: &ReadError, doc: &Value) -> bool {
    // serde_json keeps the last of duplicate keys and nests without the
    // reader's depth limit: the parsed value cannot show either.
    if matches!(err.class, ErrorClass::DuplicateKey | ErrorClass::TooDeep) {
        return true;
    }
    let reserved = "$serde_json::private::Number";
    if err.class == ErrorClass::InvalidValue
        && err.found.as_deref().is_some_and(|f| f.contains(reserved))
    {
        return true;
    }
    let path = err.path.as_deref().unwrap_or("");
    let Some(value) = value_at(doc, path) else {
        return false;
    };
    if integral_but_not_an_integer_literal(value) {
        return true;
    }
    if family == "environment" && err.class == ErrorClass::InvalidValue {
        return env_out_of_order(doc, path);
    }
    if family.starts_with("runpack") {
        let named = |suffix: &str| path == suffix || path.ends_with(&format!(".{suffix}"));
        return match err.class {
            // D-RP-5/9: a path leaving the root or breaking the path syntax.
            ErrorClass::PathEscape => value.is_string(),
            ErrorClass::InvalidValue if named("manifest_name") => value.is_string(),
            ErrorClass::InvalidValue if named("value") && path.ends_with("hash.value") => {
                !is_digest(value)
            }
            ErrorClass::UnsupportedVersion => {
                named("manifest_version") && value.as_str() != Some("v1")
            }
            _ => matches!(value, Value::Number(n) if !is_safe_integer_literal(&n.to_string())),
        };
    }
    false
}

//! The reader rejections `json_schema_differential` excuses: each rests on a
//! rule the family's JSON Schema cannot state (corpus/DECISIONS.md,
//! `beyond-schema` cases), and each is checked at the field the reader
//! names: the value at the error's path must break that very rule. A
//! rejection anywhere else is a disagreement, whatever the rest of the
//! document holds.

use conformkit_reference::runpack::jcs::is_safe_integer_literal;
use conformkit_reference::{ErrorClass, ReadError};
use serde_json::Value;
use std::collections::BTreeSet;

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

/// The tool output's report breaks the seed's +1 rule (D-RP-7): a passing
/// report has no errors and counts exactly the listed files other than the
/// verifier report (by its artifact kind), a failing one has an error and
/// counts at most that many. JSON Schema cannot relate a count to a list.
fn breaks_plus_one(doc: &Value) -> bool {
    let manifest = &doc["manifest"];
    let own: BTreeSet<&str> = manifest["artifacts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|a| a["kind"] == "verifier_report")
        .filter_map(|a| a["path"].as_str())
        .collect();
    let others = manifest["integrity"]["file_hashes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["path"].as_str())
        .filter(|p| !own.contains(p))
        .collect::<BTreeSet<_>>()
        .len() as u64;
    let report = &doc["report"];
    let (Some(status), Some(count), Some(errors)) = (
        report["status"].as_str(),
        count_of(&report["checked_files"]),
        report["errors"].as_array(),
    ) else {
        return false;
    };
    let fits = if status == "pass" {
        errors.is_empty() && count == others
    } else {
        !errors.is_empty() && count <= others
    };
    !fits
}

/// A count as the schema's `integer` sees it: any integral literal (`-0`,
/// `3.0`, `3e0`), not only the ones `as_u64` takes. `None` for anything
/// else, or beyond 2^53 (no listed-file count is).
fn count_of(v: &Value) -> Option<u64> {
    v.as_u64().or_else(|| {
        let f = v.as_f64()?;
        (f.fract() == 0.0 && (0.0..=9_007_199_254_740_992.0).contains(&f)).then_some(f as u64)
    })
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
    if family == "runpack_export_output"
        && err.class == ErrorClass::InvalidValue
        && path == "report"
    {
        return breaks_plus_one(doc);
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

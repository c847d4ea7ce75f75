//! Loads a `schema.kv.json` (`conformkit-kv-schema/1`, corpus/SCHEMAS.md)
//! into a [`KvSchema`]. Strict: a field the gate does not know could carry a
//! rule it would silently ignore, so unknown fields are refused (annotations
//! `title`, `description`, `seed`, `$comment` and `x-*` excepted).

use super::model::{KvKey, KvSchema, KvType};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

pub const FORMAT: &str = "conformkit-kv-schema/1";

fn is_annotation(key: &str) -> bool {
    matches!(key, "title" | "description" | "seed" | "$comment") || key.starts_with("x-")
}

fn check_fields(map: &Map<String, Value>, allowed: &[&str], what: &str) -> Result<(), String> {
    match map
        .keys()
        .find(|k| !allowed.contains(&k.as_str()) && !is_annotation(k))
    {
        Some(k) => Err(format!("{what}: unknown field `{k}`")),
        None => Ok(()),
    }
}

fn object<'v>(v: &'v Value, what: &str) -> Result<&'v Map<String, Value>, String> {
    v.as_object()
        .ok_or_else(|| format!("{what}: expected an object"))
}

fn boolean(map: &Map<String, Value>, key: &str, what: &str) -> Result<Option<bool>, String> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(format!("{what}: `{key}` must be true or false")),
    }
}

/// Loads a parsed `schema.kv.json`.
pub fn load(schema: &Value) -> Result<KvSchema, String> {
    let map = object(schema, "schema.kv.json")?;
    check_fields(
        map,
        &["format", "version_key", "open", "keys", "patterns"],
        "schema.kv.json",
    )?;
    match map.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        other => {
            return Err(format!(
                "schema.kv.json: `format` must be `{FORMAT}`, found {other:?}"
            ))
        }
    }
    let open = boolean(map, "open", "schema.kv.json")?.ok_or(
        "schema.kv.json: `open` is required (true: unknown keys ignored, false: rejected)",
    )?;
    let version_key = match map.get("version_key") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err("schema.kv.json: `version_key` must be a string".into()),
    };
    let mut kv = KvSchema {
        version_key,
        open,
        keys: Default::default(),
        patterns: Default::default(),
    };
    if let Some(keys) = map.get("keys") {
        for (name, spec) in object(keys, "schema.kv.json: keys")? {
            let what = format!("schema.kv.json: key `{name}`");
            let key = key(spec, &what, false)?;
            kv.keys.insert(name.clone(), key);
        }
    }
    if let Some(patterns) = map.get("patterns") {
        for (name, spec) in object(patterns, "schema.kv.json: patterns")? {
            let what = format!("schema.kv.json: pattern `{name}`");
            let prefix = name
                .strip_suffix('*')
                .filter(|p| !p.contains('*'))
                .ok_or_else(|| format!("{what}: a pattern is a key prefix ending in one `*`"))?;
            kv.patterns
                .insert(prefix.to_string(), key(spec, &what, true)?);
        }
    }
    if let Some(vk) = &kv.version_key {
        let marker = kv
            .keys
            .get(vk)
            .ok_or_else(|| format!("schema.kv.json: version_key `{vk}` is not a declared key"))?;
        if marker.constant.is_none() {
            return Err(format!(
                "schema.kv.json: version_key `{vk}` needs a `const` value"
            ));
        }
    }
    Ok(kv)
}

fn key(spec: &Value, what: &str, pattern: bool) -> Result<KvKey, String> {
    let map = object(spec, what)?;
    let allowed: &[&str] = if pattern {
        &["type", "values", "min_count", "const"]
    } else {
        &["type", "values", "required", "const"]
    };
    check_fields(map, allowed, what)?;
    let ty = match map.get("type").and_then(Value::as_str) {
        Some("string") => KvType::String,
        Some("bool") => KvType::Bool,
        Some("u16") => KvType::Uint(16),
        Some("u32") => KvType::Uint(32),
        Some("u64") => KvType::Uint(64),
        Some("u128") => KvType::Uint(128),
        Some("enum") => {
            let values = map
                .get("values")
                .and_then(Value::as_array)
                .ok_or_else(|| format!("{what}: an enum needs `values`, a list of strings"))?;
            let mut set = BTreeSet::new();
            for v in values {
                set.insert(
                    v.as_str()
                        .ok_or_else(|| format!("{what}: enum values are strings"))?
                        .to_string(),
                );
            }
            if set.is_empty() {
                return Err(format!("{what}: an enum needs at least one value"));
            }
            KvType::Enum(set)
        }
        other => {
            return Err(format!(
                "{what}: `type` must be string, bool, u16, u32, u64, u128 or enum, found {other:?}"
            ))
        }
    };
    if map.contains_key("values") && !matches!(ty, KvType::Enum(_)) {
        return Err(format!("{what}: `values` only goes with type enum"));
    }
    let constant = match map.get("const") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(format!("{what}: `const` is the value text, a string")),
    };
    let (required, min_count) = if pattern {
        let min_count = match map.get("min_count") {
            None => 0,
            Some(v) => v
                .as_u64()
                .ok_or_else(|| format!("{what}: `min_count` must be a non-negative integer"))?,
        };
        (min_count > 0, min_count)
    } else {
        let required = boolean(map, "required", what)?
            .ok_or_else(|| format!("{what}: `required` (true or false) is required"))?;
        (required, 0)
    };
    Ok(KvKey {
        ty,
        required,
        constant,
        min_count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn loads_the_documented_example() {
        let s = json!({
            "format": "conformkit-kv-schema/1",
            "title": "DataGuard report KV v1",
            "version_key": "report.v",
            "open": true,
            "keys": {
                "report.v": { "type": "u32", "required": true, "const": "1" },
                "redaction.mode": { "type": "enum", "values": ["off", "mask"], "required": false }
            },
            "patterns": { "counts.*": { "type": "u64", "min_count": 1 } }
        });
        let kv = load(&s).unwrap();
        assert_eq!(kv.pattern_for("counts.rows").unwrap().0, "counts.");
        assert!(kv.patterns["counts."].required);
        assert_eq!(kv.keys["report.v"].ty, KvType::Uint(32));
    }

    #[test]
    fn refuses_what_it_cannot_judge() {
        let base = |extra: Value| {
            let mut s = json!({"format": "conformkit-kv-schema/1", "open": true, "keys": {}});
            s.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            load(&s)
        };
        assert!(base(json!({})).is_ok());
        assert!(base(json!({"strict": true})).is_err());
        assert!(base(json!({"keys": {"a": {"type": "u8", "required": true}}})).is_err());
        assert!(base(json!({"keys": {"a": {"type": "u16"}}})).is_err());
        assert!(base(json!({"patterns": {"a.*.b": {"type": "u16"}}})).is_err());
        assert!(base(json!({"version_key": "v"})).is_err());
        assert!(load(&json!({"format": "conformkit-kv-schema/1", "keys": {}})).is_err());
    }
}

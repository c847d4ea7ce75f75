//! Loads a `schema.kv.json` (`conformkit-kv-schema/1`, corpus/SCHEMAS.md)
//! into a [`KvSchema`]. Strict: a field the gate does not know could carry a
//! rule it would silently ignore, so unknown fields are refused (annotations
//! `title`, `description`, `seed`, `$comment` and `x-*` excepted), and so
//! are declarations that contradict themselves (`min_length` on a non-string,
//! a `const` shorter than its `min_length`, a group mixing both rule forms).

use super::model::{KvGroup, KvGroupRule, KvKey, KvSchema, KvType};
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
        &[
            "format",
            "version_key",
            "open",
            "keys",
            "patterns",
            "groups",
        ],
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
        groups: Vec::new(),
        reserved: Default::default(),
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
    if let Some(groups) = map.get("groups") {
        let list = groups
            .as_array()
            .ok_or("schema.kv.json: `groups` must be a list")?;
        for (i, spec) in list.iter().enumerate() {
            kv.groups
                .push(group(spec, &format!("schema.kv.json: groups[{i}]"))?);
        }
    }
    if let Some(list) = map.get("x-reserved") {
        let names: Option<std::collections::BTreeSet<String>> = list
            .as_array()
            .and_then(|l| l.iter().map(|v| v.as_str().map(str::to_string)).collect());
        kv.reserved = names.ok_or("schema.kv.json: `x-reserved` must list key names")?;
        if let Some(name) = kv.reserved.iter().find(|n| kv.keys.contains_key(*n)) {
            return Err(format!(
                "schema.kv.json: key `{name}` is both declared and listed in `x-reserved`"
            ));
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
        &["type", "values", "min_count", "const", "min_length"]
    } else {
        &["type", "values", "required", "const", "min_length"]
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
        // Absent means optional (corpus/SCHEMAS.md lists optional keys
        // without it).
        (boolean(map, "required", what)?.unwrap_or(false), 0)
    };
    let min_length = match map.get("min_length") {
        None => 0,
        Some(v) => v
            .as_u64()
            .ok_or_else(|| format!("{what}: `min_length` must be a non-negative integer"))?,
    };
    if map.contains_key("min_length") && ty != KvType::String {
        return Err(format!("{what}: `min_length` only goes with type string"));
    }
    if let Some(c) = &constant {
        if !value_of(&ty, c) {
            return Err(format!(
                "{what}: `const` `{c}` is not a value of type {}",
                ty.name()
            ));
        }
        if (c.chars().count() as u64) < min_length {
            return Err(format!(
                "{what}: `const` `{c}` is shorter than `min_length` {min_length}: no value is allowed"
            ));
        }
    }
    Ok(KvKey {
        ty,
        required,
        constant,
        min_count,
        min_length,
    })
}

/// A list of key names (at least one; repeats collapse).
fn key_list(v: Option<&Value>, field: &str, what: &str) -> Result<BTreeSet<String>, String> {
    let list = v
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{what}: `{field}` must be a list of key names"))?;
    let mut keys = BTreeSet::new();
    for k in list {
        let k = k
            .as_str()
            .filter(|k| !k.is_empty())
            .ok_or_else(|| format!("{what}: `{field}` holds key names (non-empty strings)"))?;
        keys.insert(k.to_string());
    }
    if keys.is_empty() {
        return Err(format!("{what}: `{field}` names no key"));
    }
    Ok(keys)
}

fn group(spec: &Value, what: &str) -> Result<KvGroup, String> {
    let map = object(spec, what)?;
    check_fields(
        map,
        &[
            "name",
            "all_or_none",
            "when",
            "then_required",
            "otherwise_absent",
        ],
        what,
    )?;
    let name = match map.get("name") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(format!("{what}: `name` must be a string")),
    };
    let rule = match (map.get("all_or_none"), map.get("when")) {
        (Some(keys), None) => {
            if map.contains_key("then_required") || map.contains_key("otherwise_absent") {
                return Err(format!(
                    "{what}: `then_required` and `otherwise_absent` only go with `when`"
                ));
            }
            KvGroupRule::AllOrNone(key_list(Some(keys), "all_or_none", what)?)
        }
        (None, Some(when)) => {
            let w = object(when, &format!("{what}: when"))?;
            check_fields(w, &["key", "equals"], &format!("{what}: when"))?;
            let text = |field: &str| {
                w.get(field)
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .ok_or_else(|| format!("{what}: `when.{field}` must be a string"))
            };
            KvGroupRule::When {
                key: text("key")?,
                equals: text("equals")?,
                then_required: key_list(map.get("then_required"), "then_required", what)?,
                otherwise_absent: boolean(map, "otherwise_absent", what)?.unwrap_or(false),
            }
        }
        (Some(_), Some(_)) => {
            return Err(format!(
                "{what}: a group is either `all_or_none` or `when`, not both"
            ))
        }
        (None, None) => {
            return Err(format!(
                "{what}: a group needs `all_or_none` or `when` / `then_required`"
            ))
        }
    };
    Ok(KvGroup { name, rule })
}

/// Whether `text` is a value of the KV type `ty`.
fn value_of(ty: &KvType, text: &str) -> bool {
    match ty {
        KvType::String => true,
        KvType::Bool => text == "true" || text == "false",
        KvType::Enum(values) => values.contains(text),
        KvType::Uint(bits) => {
            !text.is_empty()
                && text.bytes().all(|b| b.is_ascii_digit())
                && crate::compat::num::Dec::parse(text)
                    .is_some_and(|d| d <= crate::compat::num::Dec::unsigned_max(*bits))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The example of corpus/SCHEMAS.md.
    #[test]
    fn loads_the_documented_example() {
        let s = json!({
            "format": "conformkit-kv-schema/1",
            "title": "DataGuard report KV v1",
            "version_key": "report.v",
            "open": true,
            "keys": {
                "report.v": { "type": "u32", "required": true, "const": "1" },
                "report.kind": { "type": "string", "required": true, "const": "dataguard" },
                "expected.codec_id": { "type": "u16", "required": true },
                "schema.registry_root": { "type": "string", "required": true, "min_length": 1 },
                "policy.redaction.mode": { "type": "enum", "values": ["off", "mask", "hash", "drop"] },
                "policy.redaction.rules": { "type": "u32" },
                "cost.enabled": { "type": "bool" },
                "cost.center": { "type": "string", "min_length": 1 },
                "cost.bytes": { "type": "u64" }
            },
            "patterns": { "counts.*": { "type": "u64", "min_count": 1 } },
            "groups": [
                { "name": "redaction", "all_or_none": ["policy.redaction.mode", "policy.redaction.rules"] },
                {
                    "name": "cost attribution",
                    "when": { "key": "cost.enabled", "equals": "true" },
                    "then_required": ["cost.center", "cost.bytes"],
                    "otherwise_absent": true
                }
            ]
        });
        let kv = load(&s).unwrap();
        assert_eq!(kv.pattern_for("counts.rows").unwrap().0, "counts.");
        assert!(kv.patterns["counts."].required);
        assert_eq!(kv.keys["report.v"].ty, KvType::Uint(32));
        assert!(
            !kv.keys["cost.bytes"].required,
            "absent `required` is optional"
        );
        assert_eq!(kv.keys["cost.center"].min_length, 1);
        assert_eq!(kv.keys["cost.bytes"].min_length, 0);
        assert_eq!(kv.groups.len(), 2);
        assert_eq!(
            kv.groups[1],
            KvGroup {
                name: Some("cost attribution".into()),
                rule: KvGroupRule::When {
                    key: "cost.enabled".into(),
                    equals: "true".into(),
                    then_required: ["cost.bytes", "cost.center"].map(String::from).into(),
                    otherwise_absent: true,
                },
            }
        );
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
        assert!(base(json!({"keys": {"a": {"type": "u16"}}})).is_ok());
        assert!(base(json!({"keys": {"a": {"type": "u16", "const": "65535"}}})).is_ok());
        assert!(
            base(json!({"keys": {"a": {"type": "string", "min_length": 2, "const": "ab"}}}))
                .is_ok()
        );
        assert!(base(json!({"patterns": {"a.*": {"type": "string", "min_length": 1}}})).is_ok());
        assert!(base(json!({"groups": []})).is_ok());
        assert!(base(
            json!({"groups": [{"when": {"key": "a", "equals": "x"}, "then_required": ["b"]}]})
        )
        .is_ok());
        for bad in [
            json!({"strict": true}),
            json!({"keys": {"a": {"type": "u8", "required": true}}}),
            json!({"keys": {"a": {"type": "u16", "required": "yes"}}}),
            json!({"patterns": {"a.*.b": {"type": "u16"}}}),
            json!({"version_key": "v"}),
            json!({"keys": {"a": {"type": "u16", "min_length": 1}}}),
            json!({"keys": {"a": {"type": "enum", "values": ["x"], "min_length": 1}}}),
            json!({"keys": {"a": {"type": "string", "min_length": -1}}}),
            json!({"keys": {"a": {"type": "string", "min_length": 3, "const": "ab"}}}),
            json!({"keys": {"a": {"type": "u16", "const": "65536"}}}),
            json!({"keys": {"a": {"type": "u16"}}, "x-reserved": ["a"]}),
            json!({"x-reserved": "a"}),
            json!({"keys": {"a": {"type": "u16", "const": "x"}}}),
            json!({"keys": {"a": {"type": "bool", "const": "yes"}}}),
            json!({"keys": {"a": {"type": "enum", "values": ["x"], "const": "y"}}}),
            json!({"groups": {}}),
            json!({"groups": [{"name": "g"}]}),
            json!({"groups": [{"all_or_none": []}]}),
            json!({"groups": [{"all_or_none": ["a", 1]}]}),
            json!({"groups": [{"all_or_none": ["a"], "otherwise_absent": true}]}),
            json!({"groups": [{"all_or_none": ["a"], "when": {"key": "a", "equals": "x"}}]}),
            json!({"groups": [{"when": {"key": "a", "equals": "x"}}]}),
            json!({"groups": [{"when": {"key": "a", "equals": true}, "then_required": ["b"]}]}),
            json!({"groups": [{"when": {"key": "a", "equals": "x", "not": "y"}, "then_required": ["b"]}]}),
            json!({"groups": [{"all_or_none": ["a", "b"], "any_of": ["c"]}]}),
        ] {
            assert!(base(bad.clone()).is_err(), "{bad}");
        }
        assert!(load(&json!({"format": "conformkit-kv-schema/1", "keys": {}})).is_err());
    }
}

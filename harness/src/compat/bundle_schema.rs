//! Loads a `schema.bundle.json` (`conformkit-bundle-schema/1`,
//! corpus/SCHEMAS.md) into a [`BundleSchema`]. Strict like the KV loader:
//! unknown fields are refused, annotations excepted.

use super::model::{BundleFile, BundleSchema, Presence};
use serde_json::{Map, Value};

pub const FORMAT: &str = "conformkit-bundle-schema/1";

fn check_fields(map: &Map<String, Value>, allowed: &[&str], what: &str) -> Result<(), String> {
    let annotation =
        |k: &str| matches!(k, "title" | "description" | "seed" | "$comment") || k.starts_with("x-");
    match map
        .keys()
        .find(|k| !allowed.contains(&k.as_str()) && !annotation(k))
    {
        Some(k) => Err(format!("{what}: unknown field `{k}`")),
        None => Ok(()),
    }
}

/// Loads a parsed `schema.bundle.json`.
pub fn load(schema: &Value) -> Result<BundleSchema, String> {
    let what = "schema.bundle.json";
    let map = schema
        .as_object()
        .ok_or_else(|| format!("{what}: expected an object"))?;
    check_fields(map, &["format", "open", "files"], what)?;
    match map.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        other => {
            return Err(format!(
                "{what}: `format` must be `{FORMAT}`, found {other:?}"
            ))
        }
    }
    let open = match map.get("open") {
        Some(Value::Bool(b)) => *b,
        _ => {
            return Err(format!(
                "{what}: `open` (true: unknown files ignored, false: rejected) is required"
            ))
        }
    };
    let mut bundle = BundleSchema {
        open,
        files: Default::default(),
    };
    let files = map
        .get("files")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{what}: `files` must be an object"))?;
    for (name, spec) in files {
        let what = format!("{what}: file `{name}`");
        if name.is_empty()
            || name.starts_with('/')
            || name
                .split('/')
                .any(|c| c.is_empty() || c == "." || c == "..")
        {
            return Err(format!(
                "{what}: a file is a relative path without `.` or `..`"
            ));
        }
        let spec = spec
            .as_object()
            .ok_or_else(|| format!("{what}: expected an object"))?;
        check_fields(spec, &["presence", "family", "when"], &what)?;
        let presence = match spec.get("presence").and_then(Value::as_str) {
            Some("required") => Presence::Required,
            Some("conditional") => Presence::Conditional,
            other => {
                return Err(format!(
                    "{what}: `presence` must be required or conditional, found {other:?}"
                ))
            }
        };
        let family = spec
            .get("family")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{what}: `family` (a string) is required"))?
            .to_string();
        let when = match spec.get("when") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(format!("{what}: `when` must be a string")),
        };
        if when.is_some() && presence == Presence::Required {
            return Err(format!("{what}: `when` only goes with a conditional file"));
        }
        bundle.files.insert(
            name.clone(),
            BundleFile {
                presence,
                family,
                when,
            },
        );
    }
    Ok(bundle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn loads_and_refuses() {
        let ok = json!({"format": FORMAT, "open": true, "files": {
            "spec.kv": {"presence": "required", "family": "spec_kv"},
            "runtime_config.txt": {"presence": "conditional", "family": "text", "when": "if configured"}
        }});
        let b = load(&ok).unwrap();
        assert_eq!(b.files["spec.kv"].presence, Presence::Required);
        for bad in [
            json!({"format": FORMAT, "files": {}}),
            json!({"format": FORMAT, "open": true, "files": {"../x": {"presence": "required", "family": "text"}}}),
            json!({"format": FORMAT, "open": true, "files": {"x": {"presence": "maybe", "family": "text"}}}),
            json!({"format": FORMAT, "open": true, "files": {"x": {"presence": "required", "family": "text", "hash": "y"}}}),
        ] {
            assert!(load(&bad).is_err(), "{bad}");
        }
    }
}

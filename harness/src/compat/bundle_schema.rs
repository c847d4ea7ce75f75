//! Loads a `schema.bundle.json` (`conformkit-bundle-schema/1`,
//! corpus/SCHEMAS.md) into a [`BundleSchema`]. Strict like the KV loader:
//! unknown fields are refused, annotations excepted. A `version_carrier`
//! must name a required member read by a versioned family
//! (`<family>/<version>`); that the family version exists and has a version
//! marker is checked against the whole schema set ([`super::schema_set`]).

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
    check_fields(map, &["format", "open", "files", "version_carrier"], what)?;
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
    let version_carrier = match map.get("version_carrier") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(format!("{what}: `version_carrier` must be a file name")),
    };
    let mut bundle = BundleSchema {
        open,
        version_carrier,
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
    if let Some(carrier) = &bundle.version_carrier {
        let file = bundle.files.get(carrier).ok_or_else(|| {
            format!("{what}: version_carrier `{carrier}` is not a file of `files`")
        })?;
        if file.presence != Presence::Required {
            return Err(format!(
                "{what}: version_carrier `{carrier}` must be a required file (a bundle without it would have no version)"
            ));
        }
        if carrier_family(&file.family).is_none() {
            return Err(format!(
                "{what}: version_carrier `{carrier}` is read as `{}`, not a `<family>/<version>` with a version marker",
                file.family
            ));
        }
    }
    Ok(bundle)
}

/// The family and version folder a member's `family` names (`policy_audit/v1`).
pub fn carrier_family(family: &str) -> Option<(&str, &str)> {
    let (f, v) = family.split_once('/')?;
    (!f.is_empty() && !v.is_empty() && !v.contains('/')).then_some((f, v))
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
        assert_eq!(b.version_carrier, None);
        let carried = json!({"format": FORMAT, "open": true, "version_carrier": "policy_audit.json", "files": {
            "policy_audit.json": {"presence": "required", "family": "policy_audit/v1"}
        }});
        assert_eq!(
            load(&carried).unwrap().version_carrier.as_deref(),
            Some("policy_audit.json")
        );
        for bad in [
            json!({"format": FORMAT, "files": {}}),
            json!({"format": FORMAT, "open": true, "files": {"../x": {"presence": "required", "family": "text"}}}),
            json!({"format": FORMAT, "open": true, "files": {"x": {"presence": "maybe", "family": "text"}}}),
            json!({"format": FORMAT, "open": true, "files": {"x": {"presence": "required", "family": "text", "hash": "y"}}}),
            json!({"format": FORMAT, "open": true, "version_carrier": 1, "files": {}}),
            json!({"format": FORMAT, "open": true, "version_carrier": "a.json", "files": {}}),
            json!({"format": FORMAT, "open": true, "version_carrier": "a.json", "files": {
                "a.json": {"presence": "conditional", "family": "audit/v1", "when": "sometimes"}}}),
            json!({"format": FORMAT, "open": true, "version_carrier": "a.json", "files": {
                "a.json": {"presence": "required", "family": "json"}}}),
            json!({"format": FORMAT, "open": true, "version_carrier": "a.json", "files": {
                "a.json": {"presence": "required", "family": "audit/v1/x"}}}),
        ] {
            assert!(load(&bad).is_err(), "{bad}");
        }
    }
}

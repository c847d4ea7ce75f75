//! The gate's own keywords kept beside a JSON Schema: `schema.meta.json`
//! (`conformkit-schema-meta/1`, corpus/SCHEMAS.md) maps JSON pointers into
//! `schema.json` to the `x-` keywords (`x-width`, `x-version-marker`,
//! `x-reserved`) of the schema object each names, so that `schema.json` holds
//! only standard keywords and loads in strict validators (ajv's default
//! strict mode refuses unknown keywords). [`merge`] puts them back where the
//! inline form has them; the gate then reads the merged value as it reads an
//! inline schema, so both forms give the same judgement.

use serde_json::{Map, Value};

/// The sidecar's file name, beside `schema.json`.
pub const FILE: &str = "schema.meta.json";

/// The sidecar's `format`.
pub const FORMAT: &str = "conformkit-schema-meta/1";

/// Keywords whose value is one subschema.
const ONE: &[&str] = &[
    "items",
    "additionalItems",
    "additionalProperties",
    "unevaluatedItems",
    "unevaluatedProperties",
    "propertyNames",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "contentSchema",
];

/// Keywords whose value maps names to subschemas.
const MAP: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// Keywords whose value is a list of subschemas.
const LIST: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Adds `meta`'s annotations to `schema`. Errors name the annotation's
/// pointer and what was expected; `schema` may be partly changed then.
pub fn merge(schema: &mut Value, meta: &Value) -> Result<(), String> {
    let top = meta.as_object().ok_or("must be a JSON object")?;
    for key in top.keys() {
        if !matches!(
            key.as_str(),
            "format" | "annotations" | "title" | "description" | "$comment"
        ) {
            return Err(format!(
                "unknown member `{key}` (format, annotations, title, description, $comment)"
            ));
        }
    }
    match top.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        Some(other) => return Err(format!("`format` must be `{FORMAT}`, found `{other}`")),
        None => return Err(format!("`format` must be the string `{FORMAT}`")),
    }
    let annotations = top
        .get("annotations")
        .and_then(Value::as_object)
        .ok_or("`annotations` must be an object mapping JSON pointers to x- keywords")?;
    for (pointer, keywords) in annotations {
        let what = format!("annotations `{pointer}`");
        let keywords = keywords
            .as_object()
            .ok_or_else(|| format!("{what}: must be an object of x- keywords"))?;
        let target = schema_object(schema, pointer).map_err(|e| format!("{what}: {e}"))?;
        for (key, value) in keywords {
            if !key.starts_with("x-") {
                return Err(format!(
                    "{what}: `{key}` is not an x- keyword (validation keywords belong in schema.json)"
                ));
            }
            if target.contains_key(key) {
                return Err(format!(
                    "{what}: `{key}` is also in schema.json there (keep one)"
                ));
            }
            target.insert(key.clone(), value.clone());
        }
    }
    Ok(())
}

/// The schema object `pointer` names: the root (`""`), or a path through
/// subschema keywords only (`/properties/a`, `/$defs/u32`, `/oneOf/0`).
fn schema_object<'v>(
    schema: &'v mut Value,
    pointer: &str,
) -> Result<&'v mut Map<String, Value>, String> {
    if !(pointer.is_empty() || pointer.starts_with('/')) {
        return Err("not a JSON pointer (\"\" or starting with `/`)".into());
    }
    let steps: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut at = schema;
    let mut i = 0;
    while i < steps.len() {
        let keyword = steps[i].as_str();
        let inner = if ONE.contains(&keyword) {
            i += 1;
            at.get_mut(keyword)
        } else if MAP.contains(&keyword) || LIST.contains(&keyword) {
            let Some(name) = steps.get(i + 1) else {
                return Err(format!("`{keyword}` holds subschemas: name one of them"));
            };
            i += 2;
            let container = at.get_mut(keyword);
            match container {
                Some(Value::Object(m)) if MAP.contains(&keyword) => m.get_mut(name),
                Some(Value::Array(a)) if LIST.contains(&keyword) => {
                    name.parse::<usize>().ok().and_then(|n| a.get_mut(n))
                }
                _ => None,
            }
        } else {
            return Err(format!(
                "step `{keyword}` is not a keyword holding subschemas"
            ));
        };
        at = inner.ok_or("names nothing in schema.json")?;
    }
    at.as_object_mut()
        .ok_or_else(|| "names a schema that is not an object (true/false take no keywords)".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn meta(annotations: Value) -> Value {
        json!({"format": FORMAT, "annotations": annotations})
    }

    #[test]
    fn merged_keywords_land_where_the_pointers_say() {
        let mut schema = json!({
            "properties": {"a/b": {"type": "integer"}, "v": {"const": 1}},
            "$defs": {"n": {"type": "integer"}},
            "oneOf": [{"type": "object"}]
        });
        let m = meta(json!({
            "": {"x-reserved": ["old"]},
            "/properties/a~1b": {"x-width": "u32"},
            "/properties/v": {"x-version-marker": true},
            "/$defs/n": {"x-width": "u64"},
            "/oneOf/0": {"x-note": 1}
        }));
        merge(&mut schema, &m).unwrap();
        assert_eq!(
            schema,
            json!({
                "properties": {"a/b": {"type": "integer", "x-width": "u32"},
                               "v": {"const": 1, "x-version-marker": true}},
                "$defs": {"n": {"type": "integer", "x-width": "u64"}},
                "oneOf": [{"type": "object", "x-note": 1}],
                "x-reserved": ["old"]
            })
        );
    }

    #[test]
    fn bad_sidecars_are_refused_with_the_reason() {
        let schema = json!({"properties": {"a": {"type": "integer"}, "t": true}, "x-width": "u8"});
        let cases = [
            (json!([]), "must be a JSON object"),
            (json!({"annotations": {}}), "`format` must be"),
            (json!({"format": "x", "annotations": {}}), "found `x`"),
            (json!({"format": FORMAT}), "`annotations` must be"),
            (
                json!({"format": FORMAT, "annotations": {}, "extra": 1}),
                "unknown member `extra`",
            ),
            (
                meta(json!({"/properties/a": 1})),
                "must be an object of x- keywords",
            ),
            (
                meta(json!({"/properties/a": {"maximum": 3}})),
                "`maximum` is not an x- keyword",
            ),
            (meta(json!({"": {"x-width": "u8"}})), "also in schema.json"),
            (
                meta(json!({"properties/a": {"x-a": 1}})),
                "not a JSON pointer",
            ),
            (meta(json!({"/properties/b": {"x-a": 1}})), "names nothing"),
            (meta(json!({"/properties": {"x-a": 1}})), "name one of them"),
            (meta(json!({"/type": {"x-a": 1}})), "step `type`"),
            (meta(json!({"/properties/t": {"x-a": 1}})), "true/false"),
            (meta(json!({"/oneOf/0": {"x-a": 1}})), "names nothing"),
        ];
        for (m, expected) in cases {
            let err = merge(&mut schema.clone(), &m).unwrap_err();
            assert!(err.contains(expected), "{m}: {err}");
        }
    }
}

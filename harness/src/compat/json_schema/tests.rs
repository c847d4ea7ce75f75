//! Unit tests of the JSON Schema loader: equal forms load equal, shapes are
//! checked, bounds and values normalize.

use super::*;
use crate::compat::model::RangeKind;
use serde_json::json;

#[test]
fn nullable_forms_agree() {
    let a = load(&json!({"type": ["string", "null"]})).unwrap().root;
    let b = load(&json!({"oneOf": [{"type": "null"}, {"type": "string"}]}))
        .unwrap()
        .root;
    let c = load(&json!({"anyOf": [{"type": "string"}, {"type": "null"}], "description": "x"}))
        .unwrap()
        .root;
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert!(a.nullable);
}

#[test]
fn refs_and_recursion() {
    let s = json!({
        "$defs": {"tree": {"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/tree"}}}}},
        "$ref": "#/$defs/tree"
    });
    let root = load(&s).unwrap().root;
    let kids = &root.object.as_ref().unwrap().fields["kids"].node;
    let item = kids.array.as_ref().unwrap().items.as_ref().unwrap();
    assert_eq!(item.recursive_ref.as_deref(), Some("#/$defs/tree"));
    assert!(load(&json!({"$ref": "other.json#/x"})).is_err());
    assert!(load(&json!({"$ref": "#/$defs/missing"})).is_err());
}

#[test]
fn width_bounds_and_marker() {
    let s = json!({"type": "object", "properties": {
        "v": {"type": "integer", "const": 1, "x-version-marker": true},
        "n": {"type": "integer", "minimum": 0, "maximum": 18446744073709551615u64, "x-width": "u64"}
    }});
    let doc = load(&s).unwrap();
    assert_eq!(doc.marker, Some(("v".to_string(), "1".to_string())));
    let n = &doc.root.object.as_ref().unwrap().fields["n"].node;
    let r = &n.ranges[&RangeKind::Value];
    assert_eq!(
        r.max.as_ref().unwrap().value.to_string(),
        "18446744073709551615"
    );
    assert!(load(&json!({"x-width": "u7"})).is_err());
    assert!(load(&json!({"type": "integer", "x-version-marker": true})).is_err());
}

#[test]
fn keyword_shapes_are_checked() {
    for bad in [
        json!({"pattern": 1}),
        json!({"multipleOf": 0}),
        json!({"uniqueItems": "yes"}),
        json!({"minContains": -1, "contains": {}}),
        json!({"dependentRequired": {"a": [1]}}),
        json!({"allOf": {}}),
        json!({"x-reserved": "a"}),
        json!({"properties": {"a": {}}, "x-reserved": ["a"]}),
        json!({"$schema": "http://json-schema.org/draft-07/schema#"}),
    ] {
        assert!(load(&bad).is_err(), "{bad}");
    }
    let ok = json!({"$schema": "https://json-schema.org/draft/2020-12/schema",
                    "properties": {"b": {}}, "x-reserved": ["a"],
                    "contains": {}, "minContains": 0, "multipleOf": 0.5});
    assert!(load(&ok).is_ok());
}

#[test]
fn equivalent_bounds_and_values_normalize() {
    let a = load(&json!({"type": "integer", "minimum": 1}))
        .unwrap()
        .root;
    let b = load(&json!({"type": "integer", "exclusiveMinimum": 0.5}))
        .unwrap()
        .root;
    assert_eq!(a, b);
    let tuple = json!({"type": "array", "prefixItems": [{}], "items": false});
    let mut capped = tuple.clone();
    capped["maxItems"] = json!(1);
    assert_eq!(load(&tuple).unwrap().root, load(&capped).unwrap().root);
    let marker = |w: &str| {
        load(&json!({"type": "integer", "const": 7, "x-width": w}))
            .unwrap()
            .root
    };
    assert_eq!(marker("u8"), marker("u64"));
}

#[test]
fn canonical_text() {
    assert_eq!(
        canonical(&json!({"b": 1.50, "a": [true, null]})),
        r#"{"a":[true,null],"b":1.5}"#
    );
}

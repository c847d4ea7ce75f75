//! Rows for removed names recorded in `x-reserved` (buf's `reserved`): a
//! field removed in one revision and declared again with another type in
//! the next passes each step on its own, so the step that declares a
//! reserved name again is the one that fails. These rows are one-way: the
//! reverse of a reuse is a removal that records the name.

use crate::{kv, row, run, Row};
use serde_json::{json, Value};

fn object(props: Value, reserved: &[&str]) -> Value {
    let mut o = json!({"type": "object", "properties": props, "required": ["id"]});
    if !reserved.is_empty() {
        o["x-reserved"] = json!(reserved);
    }
    o
}

fn one_way(name: &str, old: Value, new: Value, expect: &[&'static str]) -> Row {
    Row {
        mirrored: false,
        ..row(name, old, new, expect)
    }
}

/// A KV schema declaring `keys` (beside the version key), reserving `reserved`.
fn kv_schema(keys: Value, reserved: &[&str]) -> Value {
    let mut s = kv(true, keys, json!({}));
    if !reserved.is_empty() {
        s["x-reserved"] = json!(reserved);
    }
    s
}

fn kv_row(name: &str, old: Value, new: Value, expect: &[&'static str]) -> Row {
    Row {
        file: "schema.kv.json",
        ..one_way(name, old, new, expect)
    }
}

pub fn rows() -> Vec<Row> {
    let id = json!({"type": "string"});
    let unit = json!({"unit": {"type": "string"}});
    vec![
        kv_row(
            "KV key reserved, declared again with another type",
            kv_schema(json!({}), &["unit"]),
            kv_schema(json!({"unit": {"type": "u32"}}), &[]),
            &[
                "CK-FIELD-REUSED breaking breaking error",
                "CK-KV-KEY-ADDED-OPTIONAL ok ok info",
            ],
        ),
        kv_row(
            "KV key dropped from x-reserved",
            kv_schema(json!({}), &["unit"]),
            kv_schema(json!({}), &[]),
            &["CK-RESERVED-DROPPED n/a n/a error"],
        ),
        kv_row(
            "KV key removed and reserved",
            kv_schema(unit, &[]),
            kv_schema(json!({}), &["unit"]),
            &["CK-KV-KEY-REMOVED-OPTIONAL ok ok warn"],
        ),
        one_way(
            "field removed and its name reserved",
            object(json!({"id": id, "note": {"type": "string"}}), &[]),
            object(json!({"id": id}), &["note"]),
            &["CK-FIELD-REMOVED-OPTIONAL ok ok warn"],
        ),
        one_way(
            "reserved name declared again with another type",
            object(json!({"id": id}), &["note"]),
            object(json!({"id": id, "note": {"type": "integer"}}), &[]),
            &[
                "CK-FIELD-REUSED breaking breaking error",
                "CK-FIELD-ADDED-OPTIONAL ok ok info",
            ],
        ),
        one_way(
            "reserved name dropped from x-reserved",
            object(json!({"id": id}), &["note"]),
            object(json!({"id": id}), &[]),
            &["CK-RESERVED-DROPPED n/a n/a error"],
        ),
        one_way(
            "a name reserved, nothing else",
            object(json!({"id": id}), &[]),
            object(json!({"id": id}), &["note"]),
            &[],
        ),
    ]
}

/// A removal that does not record the name says how to; one that does, not.
#[test]
fn removal_messages_point_at_x_reserved() {
    let id = json!({"type": "string"});
    let old = object(json!({"id": id, "note": {"type": "string"}}), &[]);
    let message = |new: &Value| {
        run("schema.json", &old, "schema.json", new)
            .into_iter()
            .find(|c| c.rule == "CK-FIELD-REMOVED-OPTIONAL")
            .expect("removal")
            .message
    };
    assert!(message(&object(json!({"id": id}), &[])).contains("list `note` in `x-reserved`"));
    assert!(!message(&object(json!({"id": id}), &["note"])).contains("x-reserved"));
}

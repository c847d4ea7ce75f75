//! Rows for removed names recorded in `x-reserved` (buf's `reserved`): a
//! field removed in one revision and declared again with another type in
//! the next passes each step on its own, so the step that declares a
//! reserved name again is the one that fails. These rows are one-way: the
//! reverse of a reuse is a removal that records the name.

use crate::{row, run, Row};
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

pub fn rows() -> Vec<Row> {
    let id = json!({"type": "string"});
    vec![
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

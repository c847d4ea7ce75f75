//! Findings point at the line and column of the changed keyword in the new
//! schema file (text, JSON and GitHub output carry them), and a change to a
//! `$defs` definition is reported once, at the definition, naming the
//! places that use it.

use conformkit::compat::{compare_texts, Classified};
use serde_json::{json, Value};

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

fn run(old: &Value, new: &Value) -> Vec<Classified> {
    compare_texts("schema.json", &pretty(old), "schema.json", &pretty(new)).unwrap()
}

/// The 1-based line and column of the first occurrence of `needle`.
fn place(text: &str, needle: &str) -> (u32, u32) {
    let at = text.find(needle).expect("needle");
    let before = &text[..at];
    let line = before.matches('\n').count() as u32 + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count() as u32
        + 1;
    (line, column)
}

fn base() -> Value {
    json!({
        "type": "object",
        "$defs": {"Counter": {"type": "integer", "minimum": 0, "maximum": 100}},
        "properties": {
            "scanned": {"$ref": "#/$defs/Counter"},
            "selected": {"$ref": "#/$defs/Counter"},
            "note": {"type": "string"}
        },
        "required": ["scanned", "selected"]
    })
}

#[test]
fn a_definition_edit_is_one_finding_at_the_definition() {
    let mut new = base();
    new["$defs"]["Counter"]["maximum"] = json!(1000);
    let got = run(&base(), &new);
    assert_eq!(got.len(), 1, "{got:?}");
    let text = pretty(&new);
    assert_eq!((got[0].line, got[0].column), {
        let (l, c) = place(&text, "\"maximum\"");
        (Some(l), Some(c))
    });
    assert!(
        got[0]
            .message
            .contains("in definition `#/$defs/Counter`, used at `scanned`, `selected`"),
        "{}",
        got[0].message
    );
}

#[test]
fn added_and_removed_members_point_into_the_new_file() {
    let mut new = base();
    new["properties"]["owner"] = json!({"type": "string"});
    new["properties"].as_object_mut().unwrap().remove("note");
    new["properties"]["scanned"]["maximum"] = json!(50);
    let got = run(&base(), &new);
    let text = pretty(&new);
    let at = |rule: &str| {
        let c = got
            .iter()
            .find(|c| c.rule == rule)
            .unwrap_or_else(|| panic!("{rule}: {got:?}"));
        (c.line.unwrap(), c.column.unwrap())
    };
    // The added member: its name.
    assert_eq!(at("CK-FIELD-ADDED-OPTIONAL"), place(&text, "\"owner\""));
    // The removed one is not in the new file: the object it left.
    assert_eq!(
        at("CK-FIELD-REMOVED-OPTIONAL"),
        place(&text, "\"properties\"")
    );
    // A keyword beside a $ref: the keyword itself.
    assert_eq!(at("CK-RANGE-NARROWED"), place(&text, "\"maximum\": 50"));
}

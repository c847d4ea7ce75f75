//! Rows for the keywords the gate judges by their semantics: a constraint
//! added narrows (new readers may reject old documents), removed widens
//! (old readers may reject new documents), changed is compared where the
//! keyword gives a direction; and members declared inside a map
//! (`additionalProperties: <schema>`), judged against the map's values.

use crate::{row, with_field, Model, Row};
use serde_json::{json, Value};

const NARROWED: &str = "CK-CONSTRAINT-NARROWED ok breaking error";
const WIDENED: &str = "CK-CONSTRAINT-WIDENED breaking ok error";
const REPLACED: &str = "CK-CONSTRAINT-REPLACED breaking breaking error";

/// A field row (open model) in both directions: `old → new` expects
/// `forward`, `new → old` expects `backward`.
fn both_ways(
    rows: &mut Vec<Row>,
    name: &str,
    old: Value,
    new: Value,
    forward: &[&'static str],
    backward: &[&'static str],
) {
    rows.push(row(
        name,
        with_field(Model::Open, old.clone()),
        with_field(Model::Open, new.clone()),
        forward,
    ));
    rows.push(row(
        format!("{name}, reversed"),
        with_field(Model::Open, new),
        with_field(Model::Open, old),
        backward,
    ));
}

pub fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    let string = json!({"type": "string"});
    both_ways(
        &mut rows,
        "pattern added",
        string.clone(),
        json!({"type": "string", "pattern": "^[a-z]+$"}),
        &[NARROWED],
        &[WIDENED],
    );
    both_ways(
        &mut rows,
        "format added",
        string.clone(),
        json!({"type": "string", "format": "date-time"}),
        &[NARROWED],
        &[WIDENED],
    );
    both_ways(
        &mut rows,
        "format email to idn-email (every email address is one)",
        json!({"type": "string", "format": "email"}),
        json!({"type": "string", "format": "idn-email"}),
        &[WIDENED],
        &[NARROWED],
    );
    both_ways(
        &mut rows,
        "format date to date-time (disjoint)",
        json!({"type": "string", "format": "date"}),
        json!({"type": "string", "format": "date-time"}),
        &[REPLACED],
        &[REPLACED],
    );
    let list = json!({"type": "array", "items": {"type": "string"}});
    both_ways(
        &mut rows,
        "uniqueItems added",
        list.clone(),
        json!({"type": "array", "items": {"type": "string"}, "uniqueItems": true}),
        &[NARROWED],
        &[WIDENED],
    );
    let int = json!({"type": "integer"});
    let multiple = |m: u32| json!({"type": "integer", "multipleOf": m});
    both_ways(
        &mut rows,
        "multipleOf added",
        int.clone(),
        multiple(2),
        &[NARROWED],
        &[WIDENED],
    );
    both_ways(
        &mut rows,
        "multipleOf 2 to 4 (every multiple of 4 is one of 2)",
        multiple(2),
        multiple(4),
        &[NARROWED],
        &[WIDENED],
    );
    both_ways(
        &mut rows,
        "multipleOf 2 to 3",
        multiple(2),
        multiple(3),
        &[REPLACED],
        &[REPLACED],
    );
    both_ways(
        &mut rows,
        "not added",
        string.clone(),
        json!({"type": "string", "not": {"const": ""}}),
        &[NARROWED],
        &[WIDENED],
    );
    both_ways(
        &mut rows,
        "not made wider (rejects more)",
        json!({"type": "string", "not": {"const": "a"}}),
        json!({"type": "string", "not": {"enum": ["a", "b"]}}),
        &[NARROWED],
        &[WIDENED],
    );
    let obj = json!({"type": "object", "properties": {"ok": {"type": "boolean"}, "error": {"type": "string"}}});
    let mut conditional = obj.clone();
    conditional["if"] = json!({"properties": {"ok": {"const": false}}});
    conditional["then"] = json!({"required": ["error"]});
    both_ways(
        &mut rows,
        "if/then/else added",
        obj.clone(),
        conditional,
        &[NARROWED],
        &[WIDENED],
    );
    let defs = |beside: Value| {
        let mut field = json!({"$ref": "#/$defs/Name"});
        for (k, v) in beside.as_object().into_iter().flatten() {
            field[k] = v.clone();
        }
        json!({"type": "object", "$defs": {"Name": {"type": "string"}},
               "properties": {"name": field}, "required": ["name"]})
    };
    rows.push(row(
        "keyword beside a $ref added",
        defs(json!({})),
        defs(json!({"maxLength": 8})),
        &["CK-RANGE-NARROWED ok breaking error"],
    ));
    rows.push(row(
        "keyword beside a $ref removed",
        defs(json!({"maxLength": 8})),
        defs(json!({})),
        &["CK-RANGE-WIDENED breaking ok error"],
    ));
    both_ways(
        &mut rows,
        "allOf branch added",
        json!({"type": "object"}),
        json!({"type": "object", "allOf": [{"required": ["id"]}]}),
        &["CK-FIELD-ADDED-REQUIRED ok breaking error"],
        &["CK-FIELD-REMOVED-REQUIRED breaking ok error"],
    );
    both_ways(
        &mut rows,
        "propertyNames added",
        json!({"type": "object"}),
        json!({"type": "object", "propertyNames": {"type": "string", "maxLength": 16}}),
        &["CK-RANGE-NARROWED ok breaking error"],
        &["CK-RANGE-WIDENED breaking ok error"],
    );
    both_ways(
        &mut rows,
        "contains added",
        list.clone(),
        json!({"type": "array", "items": {"type": "string"}, "contains": {"const": "x"}}),
        &[NARROWED],
        &[WIDENED],
    );
    both_ways(
        &mut rows,
        "minContains raised",
        json!({"type": "array", "contains": {"const": "x"}}),
        json!({"type": "array", "contains": {"const": "x"}, "minContains": 2}),
        &[NARROWED],
        &[WIDENED],
    );
    both_ways(
        &mut rows,
        "dependentRequired added",
        json!({"type": "object"}),
        json!({"type": "object", "dependentRequired": {"card": ["billing"]}}),
        &[NARROWED],
        &[WIDENED],
    );
    both_ways(
        &mut rows,
        "dependentRequired grew",
        json!({"type": "object", "dependentRequired": {"card": ["billing"]}}),
        json!({"type": "object", "dependentRequired": {"card": ["billing", "cvc"]}}),
        &[NARROWED],
        &[WIDENED],
    );
    both_ways(
        &mut rows,
        "patternProperties added to an open object",
        json!({"type": "object"}),
        json!({"type": "object", "patternProperties": {"^x-": {"type": "string"}}}),
        &[
            "CK-TYPE-NARROWED ok breaking error",
            "CK-NULLABLE-REMOVED ok breaking error",
        ],
        &[
            "CK-TYPE-WIDENED breaking ok error",
            "CK-NULLABLE-ADDED breaking ok error",
        ],
    );
    rows.push(row(
        "patternProperties added beside additionalProperties false",
        json!({"type": "object", "additionalProperties": false}),
        json!({"type": "object", "additionalProperties": false, "patternProperties": {"^x-": {"type": "string"}}}),
        &["CK-CONSTRAINT-CHANGED unknown unknown warn"],
    ));
    both_ways(
        &mut rows,
        "anyOf added beside a type",
        json!({"type": "string"}),
        json!({"type": "string", "anyOf": [{"maxLength": 3}, {"pattern": "^x"}]}),
        &[NARROWED],
        &[WIDENED],
    );
    both_ways(
        &mut rows,
        "oneOf to anyOf over variants that overlap",
        json!({"oneOf": [{"type": "string"}, {"type": "string", "maxLength": 3}]}),
        json!({"anyOf": [{"type": "string"}, {"type": "string", "maxLength": 3}]}),
        &[WIDENED],
        &[NARROWED],
    );

    // Maps: a member declared where the map's values were checked.
    let map = |props: Value, required: &[&str]| {
        json!({"type": "object", "properties": {"kind_counts": {
            "type": "object", "properties": props, "required": required,
            "additionalProperties": {"type": "integer", "minimum": 0}}}})
    };
    rows.push(row(
        "member declared in a map, narrower than the map's values",
        map(json!({}), &[]),
        map(json!({"error": {"type": "integer", "minimum": 1}}), &[]),
        &["CK-RANGE-NARROWED ok breaking error"],
    ));
    rows.push(row(
        "member of a map no longer declared, the map's values wider",
        map(json!({"error": {"type": "integer", "minimum": 1}}), &[]),
        map(json!({}), &[]),
        &["CK-RANGE-WIDENED breaking ok error"],
    ));
    rows.push(row(
        "member declared in a map with the map's own value schema",
        map(json!({}), &[]),
        map(json!({"error": {"type": "integer", "minimum": 0}}), &[]),
        &["CK-FIELD-ADDED-OPTIONAL ok ok info"],
    ));
    rows.push(row(
        "member declared in a map with a disjoint type",
        map(json!({}), &[]),
        map(json!({"error": {"type": "string"}}), &[]),
        &["CK-TYPE-CHANGED breaking breaking error"],
    ));
    rows.push(row(
        "required member declared in a map",
        map(json!({}), &[]),
        map(
            json!({"error": {"type": "integer", "minimum": 0}}),
            &["error"],
        ),
        &["CK-FIELD-ADDED-REQUIRED ok breaking error"],
    ));
    rows
}

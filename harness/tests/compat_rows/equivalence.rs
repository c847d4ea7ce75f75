//! Rows for schemas that are written differently but admit the same
//! documents: they must give no finding (both directions: the table runs
//! every row reversed too). A few near misses beside them must still give
//! their finding, so that the normalization is shown not to swallow them.

use crate::{kv, row, with_field, Model, Row};
use serde_json::{json, Value};

pub fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    let mut field = |name: &str, old: Value, new: Value, expect: &[&'static str]| {
        rows.push(row(
            name,
            with_field(Model::Open, old),
            with_field(Model::Open, new),
            expect,
        ));
    };
    field(
        "integer minimum 1 is exclusiveMinimum 0",
        json!({"type": "integer", "minimum": 1}),
        json!({"type": "integer", "exclusiveMinimum": 0}),
        &[],
    );
    field(
        "integer maximum 9 is exclusiveMaximum 10 and maximum 9.5",
        json!({"type": "integer", "maximum": 9}),
        json!({"type": "integer", "exclusiveMaximum": 10, "maximum": 9.5}),
        &[],
    );
    field(
        "number minimum 1 is not exclusiveMinimum 0",
        json!({"type": "number", "minimum": 1}),
        json!({"type": "number", "exclusiveMinimum": 0}),
        &["CK-RANGE-WIDENED breaking ok error"],
    );
    let pair = json!([{"type": "string"}, {"type": "string"}]);
    field(
        "maxItems implied by prefixItems and items false",
        json!({"type": "array", "prefixItems": pair, "items": false}),
        json!({"type": "array", "prefixItems": pair, "items": false, "maxItems": 2}),
        &[],
    );
    field(
        "maxItems below the tuple's length still narrows",
        json!({"type": "array", "prefixItems": pair, "items": false}),
        json!({"type": "array", "prefixItems": pair, "items": false, "maxItems": 1}),
        &["CK-RANGE-NARROWED ok breaking error"],
    );
    field(
        "zero lower counts and uniqueItems false are no constraints",
        json!({"type": "array"}),
        json!({"type": "array", "minItems": 0, "uniqueItems": false}),
        &[],
    );
    field(
        "enum values outside the range are no values",
        json!({"type": "integer", "enum": [1, 2]}),
        json!({"type": "integer", "enum": [1, 2, 300], "maximum": 255}),
        &[],
    );
    field(
        "boolean is enum [true, false]",
        json!({"type": "boolean"}),
        json!({"enum": [true, false]}),
        &[],
    );
    let marker = |width: &str| json!({"type": "object", "properties": {"v": {"type": "integer", "const": 1, "x-width": width, "x-version-marker": true}}, "required": ["v"]});
    rows.push(row(
        "version marker width changed while its const pins the value",
        marker("u32"),
        marker("u64"),
        &[],
    ));
    let kv_marker = |ty: &str| {
        let mut s = kv(true, json!({}), json!({}));
        s["keys"]["report.v"]["type"] = json!(ty);
        s
    };
    rows.push(Row {
        file: "schema.kv.json",
        ..row(
            "KV version key width changed while its const pins the value",
            kv_marker("u32"),
            kv_marker("u64"),
            &[],
        )
    });
    let stamp = |combinator: &str, required: bool| {
        let variant = |kind: &str, value: Value| {
            let mut v =
                json!({"type": "object", "properties": {"kind": {"const": kind}, "value": value}});
            if required {
                v["required"] = json!(["kind", "value"]);
            }
            v
        };
        json!({"type": "object", "properties": {"at": {combinator: [
            variant("logical", json!({"type": "integer"})),
            variant("unix_millis", json!({"type": "integer"})),
        ]}}})
    };
    rows.push(row(
        "oneOf is anyOf over variants a required const tells apart",
        stamp("oneOf", true),
        stamp("anyOf", true),
        &[],
    ));
    rows.push(row(
        "oneOf to anyOf when the discriminator may be absent",
        stamp("oneOf", false),
        stamp("anyOf", false),
        &["CK-CONSTRAINT-WIDENED breaking ok error"],
    ));
    rows
}

/// Keywords beside a `$ref` merge with the definition: the same schema
/// written inline is no change, and a keyword that conflicts with the
/// definition's own still gives its finding.
pub fn ref_sibling_rows() -> Vec<Row> {
    let with_ref = |beside: Value| {
        let mut field = json!({"$ref": "#/$defs/Name"});
        for (k, v) in beside.as_object().into_iter().flatten() {
            field[k] = v.clone();
        }
        json!({"type": "object", "$defs": {"Name": {"type": "string", "maxLength": 64}},
               "properties": {"name": field}})
    };
    let inline = |schema: Value| json!({"type": "object", "properties": {"name": schema}});
    vec![
        row(
            "a bound beside a $ref is the same schema inline",
            with_ref(json!({"maxLength": 8, "pattern": "^[a-z]+$"})),
            inline(json!({"type": "string", "maxLength": 8, "pattern": "^[a-z]+$"})),
            &[],
        ),
        row(
            "a looser bound beside a $ref changes nothing",
            with_ref(json!({"maxLength": 100})),
            inline(json!({"type": "string", "maxLength": 64})),
            &[],
        ),
        row(
            "a bound beside a $ref against a wider inline schema",
            with_ref(json!({"maxLength": 8})),
            inline(json!({"type": "string", "maxLength": 64})),
            &["CK-RANGE-WIDENED breaking ok error"],
        ),
    ]
}

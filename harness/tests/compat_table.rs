//! Table-driven test of the schema-change gate's classification: every
//! change kind on synthetic schema pairs (JSON Schema, KV key schema, bundle
//! file schema), each JSON object change under an open and a closed content
//! model, with the expected rule, forward judgement (old readers of new
//! documents), backward judgement (new readers of old documents) and level.
//!
//! Every row is also run the other way round (new → old): the findings must
//! mirror, since old readers of new documents in one direction are new
//! readers of old documents in the other.

use conformkit::compat::rules::RULES;
use conformkit::compat::{compare_texts, Classified, Judgement, Level};
use serde_json::{json, Value};
use std::collections::BTreeSet;

mod compat_rows;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Model {
    Open,
    Closed,
}

/// `{"type": "object", "properties": props, "required": required}`, closed
/// with `additionalProperties: false` for [`Model::Closed`].
fn object(model: Model, props: Value, required: &[&str]) -> Value {
    let mut o = json!({"type": "object", "properties": props, "required": required});
    if model == Model::Closed {
        o["additionalProperties"] = json!(false);
    }
    o
}

/// A document whose root declares the field `f` with schema `field`.
fn with_field(model: Model, field: Value) -> Value {
    object(
        model,
        json!({"id": {"type": "string"}, "f": field}),
        &["id", "f"],
    )
}

struct Row {
    name: String,
    file: &'static str,
    /// The new side's file when the format changes.
    new_file: Option<&'static str>,
    old: Value,
    new: Value,
    /// `"<rule> <forward> <backward> <level>"`, any order.
    expect: Vec<&'static str>,
    /// Whether the reverse pair must mirror the findings. Only contract
    /// rules about recorded history (`x-reserved`) are one-way.
    mirrored: bool,
}

fn row(name: impl Into<String>, old: Value, new: Value, expect: &[&'static str]) -> Row {
    Row {
        name: name.into(),
        file: "schema.json",
        new_file: None,
        old,
        new,
        expect: expect.to_vec(),
        mirrored: true,
    }
}

fn judgement(j: Judgement) -> &'static str {
    j.as_str()
}

fn describe(c: &Classified) -> String {
    format!(
        "{} {} {} {}",
        c.rule,
        judgement(c.forward),
        judgement(c.backward),
        c.level.as_str()
    )
}

fn json_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for model in [Model::Open, Model::Closed] {
        let m = format!("{model:?}").to_lowercase();
        let base = object(model, json!({"id": {"type": "string"}}), &["id"]);
        let plus_opt = object(
            model,
            json!({"id": {"type": "string"}, "note": {"type": "string"}}),
            &["id"],
        );
        let plus_req = object(
            model,
            json!({"id": {"type": "string"}, "note": {"type": "string"}}),
            &["id", "note"],
        );
        let (open, closed) = (model == Model::Open, model == Model::Closed);
        rows.push(row(
            format!("optional field added, {m}"),
            base.clone(),
            plus_opt.clone(),
            if open {
                &["CK-FIELD-ADDED-OPTIONAL ok ok info"]
            } else {
                &["CK-FIELD-ADDED-CLOSED breaking ok error"]
            },
        ));
        rows.push(row(
            format!("required field added, {m}"),
            base.clone(),
            plus_req.clone(),
            if open {
                &["CK-FIELD-ADDED-REQUIRED ok breaking error"]
            } else {
                &["CK-FIELD-ADDED-REQUIRED breaking breaking error"]
            },
        ));
        rows.push(row(
            format!("optional field removed, {m}"),
            plus_opt.clone(),
            base.clone(),
            if open {
                &["CK-FIELD-REMOVED-OPTIONAL ok ok warn"]
            } else {
                &["CK-FIELD-REMOVED-CLOSED ok breaking error"]
            },
        ));
        rows.push(row(
            format!("required field removed, {m}"),
            plus_req.clone(),
            base.clone(),
            if open {
                &["CK-FIELD-REMOVED-REQUIRED breaking ok error"]
            } else {
                &["CK-FIELD-REMOVED-REQUIRED breaking breaking error"]
            },
        ));
        let renamed_opt = object(
            model,
            json!({"id": {"type": "string"}, "remark": {"type": "string"}}),
            &["id"],
        );
        rows.push(row(
            format!("optional field renamed, {m}"),
            plus_opt.clone(),
            renamed_opt,
            if open {
                &[
                    "CK-FIELD-REMOVED-OPTIONAL ok ok warn",
                    "CK-FIELD-ADDED-OPTIONAL ok ok info",
                ]
            } else {
                &[
                    "CK-FIELD-REMOVED-CLOSED ok breaking error",
                    "CK-FIELD-ADDED-CLOSED breaking ok error",
                ]
            },
        ));
        let renamed_req = object(
            model,
            json!({"id": {"type": "string"}, "remark": {"type": "string"}}),
            &["id", "remark"],
        );
        rows.push(row(
            format!("required field renamed, {m}"),
            plus_req.clone(),
            renamed_req,
            if open {
                &[
                    "CK-FIELD-REMOVED-REQUIRED breaking ok error",
                    "CK-FIELD-ADDED-REQUIRED ok breaking error",
                ]
            } else {
                &[
                    "CK-FIELD-REMOVED-REQUIRED breaking breaking error",
                    "CK-FIELD-ADDED-REQUIRED breaking breaking error",
                ]
            },
        ));
        rows.push(row(
            format!("field made required, {m}"),
            plus_opt.clone(),
            plus_req.clone(),
            &["CK-FIELD-NOW-REQUIRED ok breaking error"],
        ));
        rows.push(row(
            format!("field made optional, {m}"),
            plus_req.clone(),
            plus_opt.clone(),
            &["CK-FIELD-NOW-OPTIONAL breaking ok error"],
        ));
        // Changes to a field's value: the content model does not matter.
        let field_rows: Vec<(&str, Value, Value, &[&'static str])> = vec![
            (
                "type widened (string to string|integer)",
                json!({"type": "string"}),
                json!({"type": ["string", "integer"]}),
                &["CK-TYPE-WIDENED breaking ok error"],
            ),
            (
                "type widened (integer to number)",
                json!({"type": "integer"}),
                json!({"type": "number"}),
                &["CK-TYPE-WIDENED breaking ok error"],
            ),
            (
                "type narrowed (number to integer)",
                json!({"type": "number"}),
                json!({"type": "integer"}),
                &["CK-TYPE-NARROWED ok breaking error"],
            ),
            (
                "type changed (string to boolean)",
                json!({"type": "string"}),
                json!({"type": "boolean"}),
                &["CK-TYPE-CHANGED breaking breaking error"],
            ),
            (
                "integer width widened u64 to u128",
                json!({"type": "integer", "minimum": 0, "maximum": 18446744073709551615u64, "x-width": "u64"}),
                json!({"type": "integer", "minimum": 0, "maximum": 340282366920938463463374607431768211455u128, "x-width": "u128"}),
                &["CK-INT-WIDENED breaking ok error"],
            ),
            (
                "integer width narrowed u32 to u16",
                json!({"type": "integer", "minimum": 0, "maximum": 4294967295u64, "x-width": "u32"}),
                json!({"type": "integer", "minimum": 0, "maximum": 65535, "x-width": "u16"}),
                &["CK-INT-NARROWED ok breaking error"],
            ),
            (
                "maximum raised",
                json!({"type": "integer", "maximum": 10}),
                json!({"type": "integer", "maximum": 20}),
                &["CK-RANGE-WIDENED breaking ok error"],
            ),
            (
                "minimum raised",
                json!({"type": "integer", "minimum": 0}),
                json!({"type": "integer", "minimum": 1}),
                &["CK-RANGE-NARROWED ok breaking error"],
            ),
            (
                "maxLength lowered",
                json!({"type": "string", "maxLength": 10}),
                json!({"type": "string", "maxLength": 5}),
                &["CK-RANGE-NARROWED ok breaking error"],
            ),
            (
                "enum value added",
                json!({"type": "string", "enum": ["dry_run", "execute"]}),
                json!({"type": "string", "enum": ["dry_run", "execute", "plan"]}),
                &["CK-ENUM-VALUE-ADDED breaking ok error"],
            ),
            (
                "enum value removed",
                json!({"type": "string", "enum": ["dry_run", "execute"]}),
                json!({"type": "string", "enum": ["execute"]}),
                &["CK-ENUM-VALUE-REMOVED ok breaking error"],
            ),
            (
                "const changed",
                json!({"const": "stop_pipeline"}),
                json!({"const": "continue"}),
                &["CK-CONST-CHANGED breaking breaking error"],
            ),
            (
                "enum introduced on a string",
                json!({"type": "string"}),
                json!({"type": "string", "enum": ["a", "b"]}),
                &["CK-TYPE-NARROWED ok breaking error"],
            ),
            (
                "nullability added (type list)",
                json!({"type": "string"}),
                json!({"type": ["string", "null"]}),
                &["CK-NULLABLE-ADDED breaking ok error"],
            ),
            (
                "nullability added (oneOf null branch)",
                json!({"type": "string"}),
                json!({"oneOf": [{"type": "null"}, {"type": "string"}]}),
                &["CK-NULLABLE-ADDED breaking ok error"],
            ),
            (
                "nullability removed",
                json!({"anyOf": [{"type": "string"}, {"type": "null"}]}),
                json!({"type": "string"}),
                &["CK-NULLABLE-REMOVED ok breaking error"],
            ),
            (
                "nullability form changed only",
                json!({"type": ["string", "null"]}),
                json!({"oneOf": [{"type": "null"}, {"type": "string", "description": "x"}]}),
                &[],
            ),
            (
                "pattern changed (not judged)",
                json!({"type": "string", "pattern": "^[a-f0-9]{64}$"}),
                json!({"type": "string", "pattern": "^[a-f0-9]+$"}),
                &["CK-CONSTRAINT-CHANGED unknown unknown warn"],
            ),
            (
                "array items widened",
                json!({"type": "array", "items": {"type": "string"}}),
                json!({"type": "array", "items": {"type": ["string", "null"]}}),
                &["CK-NULLABLE-ADDED breaking ok error"],
            ),
            (
                "tuple grew a position",
                json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}], "items": false}),
                json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}, {"type": "string"}], "items": false}),
                &["CK-TYPE-WIDENED breaking ok error"],
            ),
            (
                "annotations only",
                json!({"type": "string", "description": "a"}),
                json!({"type": "string", "description": "b", "title": "t", "x-note": 1}),
                &[],
            ),
        ];
        for (name, old, new, expect) in field_rows {
            rows.push(row(
                format!("{name}, {m}"),
                with_field(model, old),
                with_field(model, new),
                expect,
            ));
        }
        // Nested objects: the model of the object that gains the field counts.
        let nested = |fields: Value, req: &[&str]| {
            object(
                Model::Open,
                json!({"input": object(model, fields, req)}),
                &["input"],
            )
        };
        rows.push(row(
            format!("nested optional field added, {m} inner"),
            nested(json!({"last_n": {"type": "integer"}}), &["last_n"]),
            nested(
                json!({"last_n": {"type": "integer"}, "lane": {"type": "string"}}),
                &["last_n"],
            ),
            if open {
                &["CK-FIELD-ADDED-OPTIONAL ok ok info"]
            } else {
                &["CK-FIELD-ADDED-CLOSED breaking ok error"]
            },
        ));
        if closed {
            rows.push(row(
                "model closed",
                object(Model::Open, json!({"id": {"type": "string"}}), &["id"]),
                object(Model::Closed, json!({"id": {"type": "string"}}), &["id"]),
                &["CK-CLOSED-MODEL ok breaking error"],
            ));
            rows.push(row(
                "model opened",
                object(Model::Closed, json!({"id": {"type": "string"}}), &["id"]),
                object(Model::Open, json!({"id": {"type": "string"}}), &["id"]),
                &["CK-OPEN-MODEL breaking ok error"],
            ));
            rows.push(row(
                "model opened and field added at once",
                object(Model::Closed, json!({"id": {"type": "string"}}), &["id"]),
                object(
                    Model::Open,
                    json!({"id": {"type": "string"}, "note": {"type": "string"}}),
                    &["id"],
                ),
                &[
                    "CK-OPEN-MODEL breaking ok error",
                    "CK-FIELD-ADDED-CLOSED breaking ok error",
                ],
            ));
        }
    }

    // additionalProperties as a schema: undeclared members are checked.
    let constrained = |props: Value, extra: Value| json!({"type": "object", "properties": props, "additionalProperties": extra});
    rows.push(row(
        "field added that the old additionalProperties schema admits",
        constrained(json!({}), json!({"type": "string"})),
        constrained(
            json!({"note": {"type": "string"}}),
            json!({"type": "string"}),
        ),
        &["CK-FIELD-ADDED-OPTIONAL ok ok info"],
    ));
    rows.push(row(
        "field added that the old additionalProperties schema rejects",
        constrained(json!({}), json!({"type": "string"})),
        constrained(
            json!({"count": {"type": "integer"}}),
            json!({"type": "string"}),
        ),
        // Old documents may hold `count` with any string: both ways break.
        &["CK-TYPE-CHANGED breaking breaking error"],
    ));
    rows.push(row(
        "field added that narrows the additionalProperties schema",
        constrained(json!({}), json!({"type": "string"})),
        constrained(
            json!({"hash": {"type": "string", "pattern": "^[0-9a-f]+$"}}),
            json!({"type": "string"}),
        ),
        &["CK-CONSTRAINT-NARROWED ok breaking error"],
    ));
    rows.push(row(
        "additionalProperties schema widened",
        constrained(json!({}), json!({"type": "string"})),
        constrained(json!({}), json!({"type": ["string", "integer"]})),
        &["CK-TYPE-WIDENED breaking ok error"],
    ));
    rows.push(row(
        "additionalProperties from open to a schema",
        constrained(json!({}), json!(true)),
        constrained(json!({}), json!({"type": "string"})),
        &["CK-CLOSED-MODEL ok breaking error"],
    ));

    // Variants (oneOf with a discriminator), as in the runpack input schema.
    let ts = |kind: &str, value: Value| {
        json!({"type": "object", "additionalProperties": false,
               "properties": {"kind": {"const": kind}, "value": value},
               "required": ["kind", "value"]})
    };
    let stamp = |variants: Vec<Value>| json!({"type": "object", "properties": {"generated_at": {"oneOf": variants}}, "required": ["generated_at"]});
    rows.push(row(
        "variant added",
        stamp(vec![ts("unix_millis", json!({"type": "integer"}))]),
        stamp(vec![
            ts("unix_millis", json!({"type": "integer"})),
            ts("logical", json!({"type": "integer", "minimum": 0})),
        ]),
        &["CK-VARIANT-ADDED breaking ok error"],
    ));
    rows.push(row(
        "variant removed",
        stamp(vec![
            ts("unix_millis", json!({"type": "integer"})),
            ts("logical", json!({"type": "integer", "minimum": 0})),
            ts("wall", json!({"type": "string"})),
        ]),
        stamp(vec![
            ts("logical", json!({"type": "integer", "minimum": 0})),
            ts("unix_millis", json!({"type": "integer"})),
        ]),
        &["CK-VARIANT-REMOVED ok breaking error"],
    ));
    rows.push(row(
        "change inside a variant",
        stamp(vec![
            ts("unix_millis", json!({"type": "integer"})),
            ts("logical", json!({"type": "integer", "minimum": 0})),
        ]),
        stamp(vec![
            ts("unix_millis", json!({"type": "integer"})),
            ts("logical", json!({"type": "integer", "minimum": 1})),
        ]),
        &["CK-RANGE-NARROWED ok breaking error"],
    ));

    // if/then/else: under the same condition a branch is judged like any
    // schema; a changed condition is not judged.
    let conditional = |then_required: &[&str]| {
        json!({"type": "object",
               "properties": {"ok": {"type": "boolean"}, "description": {"type": "string"}, "error": {"type": "string"}},
               "required": ["ok"],
               "if": {"properties": {"ok": {"const": true}}},
               "then": {"required": then_required},
               "else": {"required": ["error"]}})
    };
    rows.push(row(
        "requirement added inside then (under the same condition)",
        conditional(&["description"]),
        conditional(&["description", "error"]),
        &["CK-FIELD-ADDED-REQUIRED ok breaking error"],
    ));
    rows.push(row(
        "if condition changed",
        conditional(&["description"]),
        {
            let mut s = conditional(&["description"]);
            s["if"] = json!({"properties": {"ok": {"const": false}}});
            s
        },
        &["CK-CONDITIONAL-CHANGED unknown unknown warn"],
    ));

    // Version marker.
    let marker = |v: u32| json!({"type": "object", "properties": {"audit_v": {"type": "integer", "const": v, "x-version-marker": true}}, "required": ["audit_v"]});
    rows.push(row(
        "version marker changed",
        marker(1),
        marker(2),
        &["CK-VERSION-MARKER-CHANGED breaking breaking error"],
    ));

    // Local $ref into $defs: one finding for the definition, naming its uses.
    let with_defs = |max: u64| {
        json!({"type": "object",
               "$defs": {"Counter": {"type": "integer", "minimum": 0, "maximum": max}},
               "properties": {"scanned": {"$ref": "#/$defs/Counter"}, "selected": {"$ref": "#/$defs/Counter"}},
               "required": ["scanned", "selected"]})
    };
    rows.push(row(
        "definition behind $ref widened",
        with_defs(100),
        with_defs(1000),
        &["CK-RANGE-WIDENED breaking ok error"],
    ));
    rows
}

fn kv(open: bool, keys: Value, patterns: Value) -> Value {
    json!({"format": "conformkit-kv-schema/1", "version_key": "report.v", "open": open,
           "keys": merge(json!({"report.v": {"type": "u32", "required": true, "const": "1"}}), keys),
           "patterns": patterns})
}

fn merge(mut a: Value, b: Value) -> Value {
    if let (Some(a), Some(b)) = (a.as_object_mut(), b.as_object()) {
        for (k, v) in b {
            a.insert(k.clone(), v.clone());
        }
    }
    a
}

fn kv_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    let r = |name: String, old: Value, new: Value, expect: &[&'static str]| Row {
        name,
        file: "schema.kv.json",
        new_file: None,
        old,
        new,
        expect: expect.to_vec(),
        mirrored: true,
    };
    for open in [true, false] {
        let m = if open { "open" } else { "closed" };
        let base = kv(open, json!({}), json!({}));
        let opt = kv(
            open,
            json!({"redaction.mode": {"type": "enum", "values": ["off", "mask"], "required": false}}),
            json!({}),
        );
        let req = kv(
            open,
            json!({"expected.codec_id": {"type": "u16", "required": true}}),
            json!({}),
        );
        rows.push(r(
            format!("KV optional key added, {m}"),
            base.clone(),
            opt.clone(),
            if open {
                &["CK-KV-KEY-ADDED-OPTIONAL ok ok info"]
            } else {
                &["CK-KV-KEY-ADDED-CLOSED breaking ok error"]
            },
        ));
        rows.push(r(
            format!("KV required key added, {m}"),
            base.clone(),
            req.clone(),
            if open {
                &["CK-KV-KEY-ADDED-REQUIRED ok breaking error"]
            } else {
                &["CK-KV-KEY-ADDED-REQUIRED breaking breaking error"]
            },
        ));
        rows.push(r(
            format!("KV optional key removed, {m}"),
            opt.clone(),
            base.clone(),
            if open {
                &["CK-KV-KEY-REMOVED-OPTIONAL ok ok warn"]
            } else {
                &["CK-KV-KEY-REMOVED-CLOSED ok breaking error"]
            },
        ));
        rows.push(r(
            format!("KV required key removed, {m}"),
            req.clone(),
            base.clone(),
            if open {
                &["CK-KV-KEY-REMOVED-REQUIRED breaking ok error"]
            } else {
                &["CK-KV-KEY-REMOVED-REQUIRED breaking breaking error"]
            },
        ));
        let key = |spec: Value| kv(open, json!({"k": spec}), json!({}));
        let key_rows: Vec<(&str, Value, Value, &[&'static str])> = vec![
            (
                "made required",
                json!({"type": "string", "required": false}),
                json!({"type": "string", "required": true}),
                &["CK-KV-KEY-NOW-REQUIRED ok breaking error"],
            ),
            (
                "made optional",
                json!({"type": "string", "required": true}),
                json!({"type": "string", "required": false}),
                &["CK-KV-KEY-NOW-OPTIONAL breaking ok error"],
            ),
            (
                "retyped u64 to u128",
                json!({"type": "u64", "required": true}),
                json!({"type": "u128", "required": true}),
                &["CK-KV-KEY-RETYPED breaking ok error"],
            ),
            (
                "retyped u32 to u16",
                json!({"type": "u32", "required": true}),
                json!({"type": "u16", "required": true}),
                &["CK-KV-KEY-RETYPED ok breaking error"],
            ),
            (
                "retyped u16 to bool",
                json!({"type": "u16", "required": true}),
                json!({"type": "bool", "required": true}),
                &["CK-KV-KEY-RETYPED breaking breaking error"],
            ),
            (
                "retyped enum to string",
                json!({"type": "enum", "values": ["off"], "required": true}),
                json!({"type": "string", "required": true}),
                &["CK-KV-KEY-RETYPED breaking ok error"],
            ),
            (
                "enum value added",
                json!({"type": "enum", "values": ["off", "mask"], "required": false}),
                json!({"type": "enum", "values": ["off", "mask", "hash"], "required": false}),
                &["CK-ENUM-VALUE-ADDED breaking ok error"],
            ),
            (
                "enum value removed",
                json!({"type": "enum", "values": ["off", "mask"], "required": false}),
                json!({"type": "enum", "values": ["off"], "required": false}),
                &["CK-ENUM-VALUE-REMOVED ok breaking error"],
            ),
            (
                "const changed",
                json!({"type": "string", "required": true, "const": "dataguard"}),
                json!({"type": "string", "required": true, "const": "dataguard2"}),
                &["CK-CONST-CHANGED breaking breaking error"],
            ),
            (
                "min_length raised (empty values now rejected)",
                json!({"type": "string", "required": true}),
                json!({"type": "string", "required": true, "min_length": 1}),
                &["CK-RANGE-NARROWED ok breaking error"],
            ),
            (
                "min_length lowered",
                json!({"type": "string", "min_length": 3}),
                json!({"type": "string", "min_length": 1}),
                &["CK-RANGE-WIDENED breaking ok error"],
            ),
            (
                "min_length unchanged, const dropped (the constant meets it)",
                json!({"type": "string", "min_length": 2, "const": "abc"}),
                json!({"type": "string", "min_length": 2}),
                &["CK-KV-KEY-RETYPED breaking ok error"],
            ),
            (
                "const dropped, min_length raised past the constant",
                json!({"type": "string", "min_length": 1, "const": "ab"}),
                json!({"type": "string", "min_length": 3}),
                &[
                    "CK-KV-KEY-RETYPED breaking ok error",
                    "CK-RANGE-NARROWED ok breaking error",
                ],
            ),
            (
                "const kept, min_length raised up to it (nothing changes)",
                json!({"type": "string", "min_length": 1, "const": "abc"}),
                json!({"type": "string", "min_length": 3, "const": "abc"}),
                &[],
            ),
            (
                "retyped bool to string with min_length 4 (true, false fit)",
                json!({"type": "bool"}),
                json!({"type": "string", "min_length": 4}),
                &["CK-KV-KEY-RETYPED breaking ok error"],
            ),
            (
                "retyped u16 to string with min_length 2 (0 to 9 no longer fit)",
                json!({"type": "u16"}),
                json!({"type": "string", "min_length": 2}),
                &["CK-KV-KEY-RETYPED breaking breaking error"],
            ),
            (
                "retyped enum to string with min_length (every value fits)",
                json!({"type": "enum", "values": ["off", "mask"]}),
                json!({"type": "string", "min_length": 3}),
                &["CK-KV-KEY-RETYPED breaking ok error"],
            ),
        ];
        for (name, old, new, expect) in key_rows {
            rows.push(r(format!("KV key {name}, {m}"), key(old), key(new), expect));
        }
        rows.push(r(
            format!("KV key pattern added, {m}"),
            base.clone(),
            kv(
                open,
                json!({}),
                json!({"counts.*": {"type": "u64", "min_count": 1}}),
            ),
            if open {
                &["CK-KV-KEY-ADDED-REQUIRED ok breaking error"]
            } else {
                &["CK-KV-KEY-ADDED-REQUIRED breaking breaking error"]
            },
        ));
        rows.push(r(
            format!("KV key pattern min_count raised, {m}"),
            kv(
                open,
                json!({}),
                json!({"counts.*": {"type": "u64", "min_count": 1}}),
            ),
            kv(
                open,
                json!({}),
                json!({"counts.*": {"type": "u64", "min_count": 2}}),
            ),
            &["CK-RANGE-NARROWED ok breaking error"],
        ));
        rows.push(r(
            format!("KV key matched by pattern declared with a wider type, {m}"),
            kv(open, json!({}), json!({"counts.*": {"type": "u32"}})),
            kv(
                open,
                json!({"counts.rows": {"type": "u64", "required": false}}),
                json!({"counts.*": {"type": "u32"}}),
            ),
            &["CK-KV-KEY-RETYPED breaking ok error"],
        ));
        rows.push(r(
            format!("KV pattern min_length raised, {m}"),
            kv(open, json!({}), json!({"labels.*": {"type": "string"}})),
            kv(
                open,
                json!({}),
                json!({"labels.*": {"type": "string", "min_length": 1}}),
            ),
            &["CK-RANGE-NARROWED ok breaking error"],
        ));
        // A group naming a key only the new schema declares: old documents
        // of an open schema may carry it (an extension with the same
        // meaning) without its partner; a closed schema's never do.
        let a = json!({"a": {"type": "u32"}});
        let ab = json!({"a": {"type": "u32"}, "b": {"type": "u32"}});
        rows.push(r(
            format!("KV key added with a group tying it to an existing key, {m}"),
            kv(open, a.clone(), json!({})),
            with_groups(
                kv(open, ab.clone(), json!({})),
                json!([{"name": "pair", "all_or_none": ["a", "b"]}]),
            ),
            if open {
                &[
                    "CK-KV-KEY-ADDED-OPTIONAL ok ok info",
                    "CK-KV-GROUP-NARROWED ok breaking error",
                ]
            } else {
                &[
                    "CK-KV-KEY-ADDED-CLOSED breaking ok error",
                    "CK-KV-GROUP-NARROWED ok breaking error",
                ]
            },
        ));
    }
    rows.extend(kv_group_rows());
    rows.push(r(
        "KV version marker changed".into(),
        kv(true, json!({}), json!({})),
        {
            let mut s = kv(true, json!({}), json!({}));
            s["keys"]["report.v"]["const"] = json!("2");
            s
        },
        &["CK-VERSION-MARKER-CHANGED breaking breaking error"],
    ));
    rows.push(r(
        "KV schema closed".into(),
        kv(true, json!({}), json!({})),
        kv(false, json!({}), json!({})),
        &["CK-CLOSED-MODEL ok breaking error"],
    ));
    rows.push(r(
        "KV schema opened".into(),
        kv(false, json!({}), json!({})),
        kv(true, json!({}), json!({})),
        &["CK-OPEN-MODEL breaking ok error"],
    ));
    rows
}

fn with_groups(mut schema: Value, groups: Value) -> Value {
    schema["groups"] = groups;
    schema
}

/// Group changes on one open KV schema with optional keys `a`, `b`, `c`,
/// the bool `flag` and the required `r1`, `r2`.
fn kv_group_rows() -> Vec<Row> {
    let keys = json!({
        "a": {"type": "u32"}, "b": {"type": "u32"}, "c": {"type": "string", "min_length": 1},
        "flag": {"type": "bool"},
        "r1": {"type": "u64", "required": true}, "r2": {"type": "u64", "required": true}
    });
    let s = |groups: Value| with_groups(kv(true, keys.clone(), json!({})), groups);
    let when = |equals: &str, then: &[&str], otherwise_absent: bool| {
        json!([{"name": "cost", "when": {"key": "flag", "equals": equals},
                "then_required": then, "otherwise_absent": otherwise_absent}])
    };
    let r = |name: &str, old: Value, new: Value, expect: &[&'static str]| Row {
        name: format!("KV group: {name}"),
        file: "schema.kv.json",
        new_file: None,
        old,
        new,
        expect: expect.to_vec(),
        mirrored: true,
    };
    let mut rows = vec![
        r(
            "all_or_none group added",
            s(json!([])),
            s(json!([{"name": "pair", "all_or_none": ["a", "b"]}])),
            &["CK-KV-GROUP-NARROWED ok breaking error"],
        ),
        r(
            "when group added",
            s(json!([])),
            s(when("true", &["a"], false)),
            &["CK-KV-GROUP-NARROWED ok breaking error"],
        ),
        r(
            "key added to all_or_none",
            s(json!([{"name": "pair", "all_or_none": ["a", "b"]}])),
            s(json!([{"name": "pair", "all_or_none": ["a", "b", "c"]}])),
            &["CK-KV-GROUP-NARROWED ok breaking error"],
        ),
        r(
            "then_required key added",
            s(when("true", &["a"], false)),
            s(when("true", &["a", "b"], false)),
            &["CK-KV-GROUP-NARROWED ok breaking error"],
        ),
        r(
            "otherwise_absent switched on",
            s(when("true", &["a"], false)),
            s(when("true", &["a"], true)),
            &["CK-KV-GROUP-NARROWED ok breaking error"],
        ),
        r(
            "when value changed",
            s(when("true", &["a"], true)),
            s(when("false", &["a"], true)),
            &[
                "CK-KV-GROUP-NARROWED ok breaking error",
                "CK-KV-GROUP-WIDENED breaking ok error",
            ],
        ),
        r(
            "all_or_none key replaced",
            s(json!([{"name": "pair", "all_or_none": ["a", "b"]}])),
            s(json!([{"name": "pair", "all_or_none": ["a", "c"]}])),
            &[
                "CK-KV-GROUP-NARROWED ok breaking error",
                "CK-KV-GROUP-WIDENED breaking ok error",
            ],
        ),
        r(
            "group renamed (name is prose)",
            s(json!([{"name": "pair", "all_or_none": ["a", "b"]}])),
            s(json!([{"name": "partners", "all_or_none": ["b", "a"]}])),
            &[],
        ),
        r(
            "group over required keys added (already kept)",
            s(json!([])),
            s(json!([{"name": "required pair", "all_or_none": ["r1", "r2"]}])),
            &["CK-KV-GROUP-RESTATED ok ok info"],
        ),
        r(
            "when group that can never fire added (`yes` is no bool)",
            s(json!([])),
            s(when("yes", &["a"], false)),
            &["CK-KV-GROUP-RESTATED ok ok info"],
        ),
        r(
            "all_or_none split into an equivalent chain",
            s(json!([{"all_or_none": ["a", "b", "c"]}])),
            s(json!([{"all_or_none": ["a", "b"]}, {"all_or_none": ["b", "c"]}])),
            &[
                "CK-KV-GROUP-RESTATED ok ok info",
                "CK-KV-GROUP-RESTATED ok ok info",
                "CK-KV-GROUP-RESTATED ok ok info",
            ],
        ),
    ];
    // Seventeen keys tied together: 2^17 presence combinations, past the
    // search bound.
    let many: Vec<String> = (0..17).map(|i| format!("k{i:02}")).collect();
    let many_keys: serde_json::Map<String, Value> = many
        .iter()
        .map(|k| (k.clone(), json!({"type": "u32"})))
        .collect();
    let big = kv(true, Value::Object(many_keys), json!({}));
    rows.push(r(
        "all_or_none over more keys than the search covers",
        big.clone(),
        with_groups(big, json!([{"name": "all", "all_or_none": many}])),
        &["CK-KV-GROUP-UNJUDGED ok unknown warn"],
    ));
    rows
}

fn bundle(open: bool, files: Value) -> Value {
    json!({"format": "conformkit-bundle-schema/1", "open": open,
           "files": merge(json!({"spec.kv": {"presence": "required", "family": "spec_kv"}}), files)})
}

fn bundle_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    let r = |name: String, old: Value, new: Value, expect: &[&'static str]| Row {
        name,
        file: "schema.bundle.json",
        new_file: None,
        old,
        new,
        expect: expect.to_vec(),
        mirrored: true,
    };
    let cond = |when: &str| json!({"presence": "conditional", "family": "text", "when": when});
    let req = json!({"presence": "required", "family": "runtime/v1"});
    for open in [true, false] {
        let m = if open { "open" } else { "closed" };
        let base = bundle(open, json!({}));
        let with_cond = bundle(
            open,
            json!({"runtime_config.txt": cond("a config was given")}),
        );
        let with_req = bundle(open, json!({"runtime.json": req.clone()}));
        rows.push(r(
            format!("conditional file added, {m}"),
            base.clone(),
            with_cond.clone(),
            if open {
                &["CK-BUNDLE-FILE-ADDED-CONDITIONAL ok ok info"]
            } else {
                &["CK-BUNDLE-FILE-ADDED-CLOSED breaking ok error"]
            },
        ));
        rows.push(r(
            format!("required file added, {m}"),
            base.clone(),
            with_req.clone(),
            if open {
                &["CK-BUNDLE-FILE-ADDED-REQUIRED ok breaking error"]
            } else {
                &["CK-BUNDLE-FILE-ADDED-REQUIRED breaking breaking error"]
            },
        ));
        rows.push(r(
            format!("conditional file removed, {m}"),
            with_cond.clone(),
            base.clone(),
            if open {
                &["CK-BUNDLE-FILE-REMOVED-CONDITIONAL ok ok warn"]
            } else {
                &["CK-BUNDLE-FILE-REMOVED-CLOSED ok breaking error"]
            },
        ));
        rows.push(r(
            format!("required file removed, {m}"),
            with_req.clone(),
            base.clone(),
            if open {
                &["CK-BUNDLE-FILE-REMOVED-REQUIRED breaking ok error"]
            } else {
                &["CK-BUNDLE-FILE-REMOVED-REQUIRED breaking breaking error"]
            },
        ));
        rows.push(r(
            format!("file moved from conditional to required, {m}"),
            bundle(
                open,
                json!({"runtime_config.txt": cond("a config was given")}),
            ),
            bundle(
                open,
                json!({"runtime_config.txt": {"presence": "required", "family": "text"}}),
            ),
            &["CK-BUNDLE-FILE-REQUIRED ok breaking error"],
        ));
        rows.push(r(
            format!("file moved from required to conditional, {m}"),
            bundle(
                open,
                json!({"runtime_config.txt": {"presence": "required", "family": "text"}}),
            ),
            bundle(
                open,
                json!({"runtime_config.txt": cond("a config was given")}),
            ),
            &["CK-BUNDLE-FILE-CONDITIONAL breaking ok error"],
        ));
        rows.push(r(
            format!("member read by another family version, {m}"),
            with_req.clone(),
            bundle(
                open,
                json!({"runtime.json": {"presence": "required", "family": "runtime/v2"}}),
            ),
            &["CK-BUNDLE-FILE-RETYPED breaking breaking error"],
        ));
        // Every member file is text: a JSON member read as text takes every
        // old file (backward ok); old readers may get text that is not JSON.
        let member = |family: &str| {
            bundle(
                open,
                json!({"notes.json": {"presence": "required", "family": family}}),
            )
        };
        rows.push(r(
            format!("member read as text instead of json, {m}"),
            member("json"),
            member("text"),
            &["CK-BUNDLE-FILE-RETYPED breaking ok error"],
        ));
        rows.push(r(
            format!("member read as json instead of text, {m}"),
            member("text"),
            member("json"),
            &["CK-BUNDLE-FILE-RETYPED ok breaking error"],
        ));
        rows.push(r(
            format!("conditional file's rule changed, {m}"),
            with_cond.clone(),
            bundle(
                open,
                json!({"runtime_config.txt": cond("always when the runtime has a config file")}),
            ),
            &["CK-BUNDLE-FILE-CONDITION-CHANGED unknown unknown warn"],
        ));
    }
    let versioned = json!({
        "policy_audit.json": {"presence": "required", "family": "policy_audit/v1"},
        "runtime.json": {"presence": "required", "family": "runtime/v1"}
    });
    let carried = |carrier: Option<&str>| {
        let mut b = bundle(true, versioned.clone());
        if let Some(c) = carrier {
            b["version_carrier"] = json!(c);
        }
        b
    };
    rows.push(r(
        "version carrier declared".into(),
        carried(None),
        carried(Some("policy_audit.json")),
        &["CK-BUNDLE-CARRIER-CHANGED breaking breaking error"],
    ));
    rows.push(r(
        "version carrier moved to another member".into(),
        carried(Some("policy_audit.json")),
        carried(Some("runtime.json")),
        &["CK-BUNDLE-CARRIER-CHANGED breaking breaking error"],
    ));
    rows.push(r(
        "bundle closed".into(),
        bundle(true, json!({})),
        bundle(false, json!({})),
        &["CK-CLOSED-MODEL ok breaking error"],
    ));
    rows.push(r(
        "bundle opened".into(),
        bundle(false, json!({})),
        bundle(true, json!({})),
        &["CK-OPEN-MODEL breaking ok error"],
    ));
    rows
}

fn run(file_old: &str, old: &Value, file_new: &str, new: &Value) -> Vec<Classified> {
    compare_texts(file_old, &old.to_string(), file_new, &new.to_string())
        .unwrap_or_else(|e| panic!("schemas load: {e}"))
}

#[test]
fn every_change_kind_is_classified_both_ways() {
    let format_change = Row {
        name: "schema file format changed".into(),
        file: "schema.json",
        new_file: Some("schema.kv.json"),
        old: json!({"type": "object"}),
        new: kv(true, json!({}), json!({})),
        expect: vec!["CK-SCHEMA-FORMAT-CHANGED breaking breaking error"],
        mirrored: true,
    };
    let rows: Vec<Row> = json_rows()
        .into_iter()
        .chain(compat_rows::keywords::rows())
        .chain(compat_rows::equivalence::rows())
        .chain(compat_rows::equivalence::ref_sibling_rows())
        .chain(compat_rows::reserved::rows())
        .chain(kv_rows())
        .chain(bundle_rows())
        .chain([format_change])
        .collect();
    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    for row in &rows {
        let new_file = row.new_file.unwrap_or(row.file);
        let forward = run(row.file, &row.old, new_file, &row.new);
        let mut got: Vec<String> = forward.iter().map(describe).collect();
        let mut want: Vec<String> = row.expect.iter().map(|s| s.to_string()).collect();
        got.sort();
        want.sort();
        if got != want {
            failures.push(format!(
                "{}:\n  expected {want:?}\n  got      {got:?}\n  messages {:?}",
                row.name,
                forward
                    .iter()
                    .map(|c| format!("{} {}", c.path, c.message))
                    .collect::<Vec<_>>()
            ));
        }
        seen.extend(forward.iter().map(|c| c.rule));
        if let Some(c) = forward.iter().find(|c| c.line.is_none()) {
            failures.push(format!("{}: no line for {} {}", row.name, c.rule, c.path));
        }

        // The reverse pair mirrors: forward there is backward here.
        let reverse = run(new_file, &row.new, row.file, &row.old);
        seen.extend(reverse.iter().map(|c| c.rule));
        let mut a: Vec<(&str, &str)> = forward
            .iter()
            .map(|c| (c.forward.as_str(), c.backward.as_str()))
            .collect();
        let mut b: Vec<(&str, &str)> = reverse
            .iter()
            .map(|c| (c.backward.as_str(), c.forward.as_str()))
            .collect();
        a.sort();
        b.sort();
        if row.mirrored && a != b {
            failures.push(format!(
                "{} reversed does not mirror: forward {a:?}, reverse swapped {b:?} ({:?})",
                row.name,
                reverse.iter().map(describe).collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );

    // Every rule a schema pair can produce is exercised by some row (the
    // rest are about whole schema sets: compat_verdict.rs and compat_git.rs).
    const SET_LEVEL: &[&str] = &[
        "CK-FAMILY-ADDED",
        "CK-FAMILY-REMOVED",
        "CK-VERSION-ADDED",
        "CK-VERSION-REMOVED",
        "CK-VERSION-MARKER-UNCHANGED",
        "CK-VERSION-MARKER-REMOVED",
        "CK-CORPUS-OUTCOME-CHANGED",
        "CK-CORPUS-NO-READER",
        "CK-CORPUS-COVERAGE-MISSING",
    ];
    let schema_level: Vec<&str> = RULES
        .iter()
        .map(|(id, _, _)| *id)
        .filter(|id| !SET_LEVEL.contains(id))
        .collect();
    let missing: Vec<&&str> = schema_level
        .iter()
        .filter(|id| !seen.contains(**id))
        .collect();
    assert!(missing.is_empty(), "rules no row exercises: {missing:?}");
}

#[test]
fn rename_is_reported_as_remove_plus_add_with_a_hint() {
    let got = run(
        "schema.json",
        &json!({"type": "object", "properties": {"lane": {"type": "string"}}}),
        "schema.json",
        &json!({"type": "object", "properties": {"lane_name": {"type": "string"}}}),
    );
    let added = got
        .iter()
        .find(|c| c.rule == "CK-FIELD-ADDED-OPTIONAL")
        .expect("added");
    assert_eq!(added.path, "lane_name");
    assert!(
        added.message.contains("removed `lane`"),
        "{}",
        added.message
    );
    assert!(got
        .iter()
        .any(|c| c.rule == "CK-FIELD-REMOVED-OPTIONAL" && c.path == "lane"));
}

#[test]
fn paths_name_where_the_change_is() {
    let old = json!({"type": "object", "properties": {
        "actions": {"type": "array", "items": {"type": "object", "properties": {"role": {"type": "string"}}}},
        "env": {"type": "array", "items": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}]}}
    }});
    let mut new = old.clone();
    new["properties"]["actions"]["items"]["properties"]["role"] = json!({"type": "integer"});
    new["properties"]["env"]["items"]["prefixItems"][1] = json!({"type": ["string", "null"]});
    let got = run("schema.json", &old, "schema.json", &new);
    let paths: BTreeSet<&str> = got.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, BTreeSet::from(["actions[].role", "env[][1]"]));
    assert!(got.iter().all(|c| c.level == Level::Error));
}

/// docs/compat.md has a table row for every rule, with the rule's level.
#[test]
fn every_rule_is_documented_with_its_level() {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/compat.md"),
    )
    .expect("docs/compat.md");
    let mut problems = Vec::new();
    for (id, level, _) in RULES {
        let rows: Vec<&str> = doc
            .lines()
            .filter(|l| l.starts_with(&format!("| `{id}` |")))
            .collect();
        if rows.is_empty() {
            problems.push(format!("{id}: no table row"));
        }
        for row in rows {
            let last = row
                .trim_end_matches('|')
                .rsplit('|')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .next()
                .unwrap_or("");
            if last != level.as_str() {
                problems.push(format!(
                    "{id}: documented level `{last}`, rule level `{}`",
                    level.as_str()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The gate reads JSON Schema 2020-12 only: a schema declaring another
/// dialect (where `items: [..]` beside `minItems` means something else) is
/// a "could not run" (exit 2), so a dialect change is never judged as if
/// nothing had changed.
#[test]
fn other_dialects_are_refused() {
    let body = json!({"type": "array", "items": [{"type": "string"}], "minItems": 1});
    let with = |dialect: &str| {
        let mut s = body.clone();
        s["$schema"] = json!(dialect);
        s.to_string()
    };
    let modern = with("https://json-schema.org/draft/2020-12/schema");
    let draft7 = with("http://json-schema.org/draft-07/schema#");
    let err = compare_texts("schema.json", &modern, "schema.json", &draft7)
        .expect_err("a dialect change is refused");
    assert!(
        err.0.contains("2020-12") && err.0.contains("draft-07"),
        "{err}"
    );
    assert!(compare_texts("schema.json", &draft7, "schema.json", &modern).is_err());
    let fragment = with("https://json-schema.org/draft/2020-12/schema#");
    assert_eq!(
        compare_texts("schema.json", &modern, "schema.json", &fragment).unwrap(),
        []
    );
}

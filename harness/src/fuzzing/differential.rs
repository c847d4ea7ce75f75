//! Differential fuzz property: for every JSON family, the reference reader and
//! the family's JSON Schema (validated by the `jsonschema` crate over
//! serde_json's parse) must agree on accept/reject.
//!
//! Disagreements the schema cannot express are excused, and only those (the
//! same rules the corpus tags `beyond-schema`, corpus/DECISIONS.md): the
//! reader rejects for a duplicate key, nesting beyond its limit, the reserved
//! serde_json key, an integer written with a fraction or exponent (`1.0`),
//! negative zero, environment's key order, or in the runpack families an
//! integer beyond ±(2^53-1), a path leaving the root or breaking the path
//! syntax (D-RP-5/9), a manifest version other than "v1", or a digest that is
//! not 64 lowercase hex. Anything else is a bug in the reader or the
//! schema, and the target panics naming the family and both verdicts.

use conformkit_reference::{all_families, ErrorClass, Input, Limits, ReadError, Shape};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

fn validators() -> &'static HashMap<&'static str, jsonschema::Validator> {
    static CELL: OnceLock<HashMap<&'static str, jsonschema::Validator>> = OnceLock::new();
    CELL.get_or_init(|| {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
        let mut out = HashMap::new();
        for f in all_families()
            .iter()
            .filter(|f| f.info().shape == (Shape::File { ext: "json" }))
        {
            let info = f.info();
            let path = corpus.join(info.id).join(info.version).join("schema.json");
            let text = std::fs::read_to_string(&path).expect("schema present");
            let schema: Value = serde_json::from_str(&text).expect("schema parses");
            out.insert(
                info.id,
                jsonschema::validator_for(&schema).expect("schema compiles"),
            );
        }
        out
    })
}

fn numbers(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Number(n) => out.push(n.to_string()),
        Value::Array(items) => items.iter().for_each(|i| numbers(i, out)),
        Value::Object(map) => map.values().for_each(|i| numbers(i, out)),
        _ => {}
    }
}

/// Whether the reader's rejection rests on a rule the schema cannot state.
fn beyond_schema(family: &str, err: &ReadError, parsed: &Value) -> bool {
    if matches!(err.class, ErrorClass::DuplicateKey | ErrorClass::TooDeep) {
        return true;
    }
    let reserved = "$serde_json::private::Number";
    if err.class == ErrorClass::InvalidValue
        && err.found.as_deref().is_some_and(|f| f.contains(reserved))
    {
        return true;
    }
    // The runpack families' own rules (D-RP-*): paths stay inside the root,
    // only manifest_version "v1" is read, digests are 64 lowercase hex.
    if family.starts_with("runpack") {
        let at = |suffix: &str| err.path.as_deref().is_some_and(|p| p.ends_with(suffix));
        let digest = at("hash.value");
        let path_syntax = at("manifest_name") || at(".path") || at("output_dir");
        if matches!(
            err.class,
            ErrorClass::PathEscape | ErrorClass::UnsupportedVersion
        ) || (err.class == ErrorClass::InvalidValue && (digest || path_syntax))
        {
            return true;
        }
    }
    if family == "environment"
        && err.class == ErrorClass::InvalidValue
        && err.path.as_deref().is_some_and(|p| p.starts_with("env"))
    {
        return true;
    }
    let mut lits = Vec::new();
    numbers(parsed, &mut lits);
    lits.iter().any(|l| {
        l.contains(['.', 'e', 'E'])
            || l == "-0"
            || (family.starts_with("runpack")
                && !conformkit_reference::runpack::jcs::is_safe_integer_literal(l))
    })
}

/// The property this target asserts on one input (panics on a violation).
pub fn check(data: &[u8]) {
    let Some((&selector, doc)) = data.split_first() else {
        return;
    };
    let json: Vec<_> = all_families()
        .iter()
        .filter(|f| f.info().shape == (Shape::File { ext: "json" }))
        .collect();
    let fam = json[selector as usize % json.len()];
    let id = fam.info().id;
    let Ok(parsed) = serde_json::from_slice::<Value>(doc) else {
        // Not JSON to serde_json: the reader must reject it too.
        assert!(
            fam.read(Input::Bytes(doc), &Limits::default()).is_err(),
            "{id}: reader accepted what serde_json refuses"
        );
        return;
    };
    let by_schema = validators()[id].is_valid(&parsed);
    match fam.read(Input::Bytes(doc), &Limits::default()) {
        Ok(_) => assert!(
            by_schema,
            "{id}: reader accepts, schema rejects: {}",
            String::from_utf8_lossy(doc)
        ),
        Err(e) => assert!(
            !by_schema || beyond_schema(id, &e, &parsed),
            "{id}: schema accepts, reader rejects ({e}): {}",
            String::from_utf8_lossy(doc)
        ),
    }
}

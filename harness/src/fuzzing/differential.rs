//! Differential fuzz property: for every JSON family, the reference reader and
//! the family's JSON Schema (embedded, `schemas.rs`; validated by the
//! `jsonschema` crate over serde_json's parse) must agree on accept/reject.
//!
//! A reader rejection the schema does not share is excused only where the
//! value at the error's path breaks a rule the schema cannot state
//! (`excuses.rs`). Anything else is a bug in the reader or the schema, and
//! the target panics naming the family and both verdicts.

use super::excuses::excused;
use super::schemas::schema;
use super::select::{json_family, JSON_FAMILIES};
use conformkit_reference::{Input, Limits, ReadError};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

fn validators() -> &'static HashMap<&'static str, jsonschema::Validator> {
    static CELL: OnceLock<HashMap<&'static str, jsonschema::Validator>> = OnceLock::new();
    CELL.get_or_init(|| {
        (0..JSON_FAMILIES.len() as u8)
            .map(|s| {
                let info = json_family(s).info();
                let text = schema(info.id, info.version).expect("schema embedded");
                let schema: Value = serde_json::from_str(text).expect("schema parses");
                let validator = jsonschema::validator_for(&schema).expect("schema compiles");
                (info.id, validator)
            })
            .collect()
    })
}

/// Judges the reader's verdict on `doc` for family `id` against the
/// schema's: `Err` describes a disagreement no rule excuses.
pub fn judge(id: &str, doc: &[u8], reader: Result<(), ReadError>) -> Result<(), String> {
    let text = String::from_utf8_lossy(doc);
    let Ok(parsed) = serde_json::from_slice::<Value>(doc) else {
        return match reader {
            Ok(()) => Err(format!(
                "{id}: reader accepted what serde_json refuses: {text}"
            )),
            Err(_) => Ok(()),
        };
    };
    let by_schema = validators()[id].is_valid(&parsed);
    match reader {
        Ok(()) if !by_schema => Err(format!("{id}: reader accepts, schema rejects: {text}")),
        Err(e) if by_schema && !excused(id, &e, &parsed) => Err(format!(
            "{id}: schema accepts, reader rejects ({e}): {text}"
        )),
        _ => Ok(()),
    }
}

/// The property this target asserts on one input (panics on a violation).
pub fn check(data: &[u8]) {
    let Some((&selector, doc)) = data.split_first() else {
        return;
    };
    let fam = json_family(selector);
    let reader = fam.read(Input::Bytes(doc), &Limits::default()).map(|_| ());
    if let Err(disagreement) = judge(fam.info().id, doc, reader) {
        panic!("{disagreement}");
    }
}

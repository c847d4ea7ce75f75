//! The reference reader and the family's JSON Schema (validated by the
//! `jsonschema` crate) must agree on accept/reject for every case of every
//! JSON family. Cases whose rule the schema cannot express are tagged
//! `beyond-schema`; the test lists them and fails if a tagged case does in
//! fact agree (so the tag stays true): the rules of `schema_rules`, which
//! the Python `jsonschema` and ajv tests apply too. The schema judges the
//! value a lenient parser gives (`lenient_json`): JavaScript's
//! `JSON.parse` and Python's `json` keep an unpaired surrogate escape, which
//! serde_json refuses, so such an escape becomes U+FFFD before validation.

mod lenient_json;
mod schema_rules;

use conformkit::corpus::default_root;
use schema_rules::{json_cases, Agreement};
use std::collections::BTreeMap;

fn schema_accepts(validator: &jsonschema::Validator, bytes: &[u8]) -> bool {
    lenient_json::parse(bytes).is_some_and(|value| validator.is_valid(&value))
}

#[test]
fn reference_reader_and_schema_agree() {
    let root = default_root();
    let mut validators: BTreeMap<String, Option<jsonschema::Validator>> = BTreeMap::new();
    let mut agreement = Agreement::default();
    for rc in json_cases(&root) {
        let key = rc.key.clone();
        let validator = validators.entry(key.clone()).or_insert_with(|| {
            let path = root.join(&key).join("schema.json");
            let text = std::fs::read_to_string(&path).ok()?;
            let schema: serde_json::Value = serde_json::from_str(&text).expect("schema parses");
            Some(
                jsonschema::validator_for(&schema)
                    .unwrap_or_else(|e| panic!("{key}: bad schema: {e}")),
            )
        });
        let Some(validator) = validator else {
            panic!("{key}: a JSON family needs corpus/{key}/schema.json");
        };
        let bytes = std::fs::read(&rc.case.input).expect("input readable");
        agreement.judge("schema", &rc, schema_accepts(validator, &bytes));
    }
    println!(
        "checked {} cases; beyond the schema ({}):",
        agreement.checked,
        agreement.beyond.len()
    );
    for line in &agreement.beyond {
        println!("  {line}");
    }
    assert!(agreement.checked > 0, "no JSON family cases found");
    assert!(
        agreement.disagreements.is_empty(),
        "disagreements:\n{}",
        agreement.disagreements.join("\n")
    );
}

//! The reference reader and the family's JSON Schema (validated by the
//! `jsonschema` crate) must agree on accept/reject for every case of every
//! JSON family. Cases whose rule the schema cannot express are tagged
//! `beyond-schema`; the test lists them and fails if a tagged case does in
//! fact agree (so the tag stays true). The schema judges the value a
//! lenient parser gives (`lenient_json`): JavaScript's
//! `JSON.parse` and Python's `json` keep an unpaired surrogate escape, which
//! serde_json refuses, so such an escape becomes U+FFFD before validation.

mod lenient_json;

use conformkit::corpus::{default_root, load_corpus, Case};
use conformkit_reference::{family, Limits, Shape};
use std::collections::BTreeMap;

fn schema_accepts(validator: &jsonschema::Validator, bytes: &[u8]) -> bool {
    lenient_json::parse(bytes).is_some_and(|value| validator.is_valid(&value))
}

#[test]
fn reference_reader_and_schema_agree() {
    let root = default_root();
    let cases = load_corpus(&root).expect("corpus loads");
    let mut validators: BTreeMap<String, Option<jsonschema::Validator>> = BTreeMap::new();
    let mut disagreements = Vec::new();
    let mut beyond = Vec::new();
    let mut checked = 0;
    for case in &cases {
        let Some(fam) = family(&case.family, Some(&case.version)) else {
            continue;
        };
        if fam.info().shape != (Shape::File { ext: "json" }) {
            continue;
        }
        let key = format!("{}/{}", case.family, case.version);
        let validator = validators.entry(key.clone()).or_insert_with(|| {
            let path = root
                .join(&case.family)
                .join(&case.version)
                .join("schema.json");
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
        let bytes = std::fs::read(&case.input).expect("input readable");
        let by_schema = schema_accepts(validator, &bytes);
        let by_reader = fam.read_path(&case.input, &Limits::default()).is_ok();
        checked += 1;
        let tagged = case.has_tag("beyond-schema");
        match (by_schema == by_reader, tagged) {
            (true, false) => {}
            (false, true) => beyond.push(describe(case, by_schema, by_reader)),
            (false, false) => disagreements.push(describe(case, by_schema, by_reader)),
            (true, true) => disagreements.push(format!(
                "{}: tagged beyond-schema but schema and reader agree",
                case.id
            )),
        }
    }
    println!(
        "checked {checked} cases; beyond the schema ({}):",
        beyond.len()
    );
    for line in &beyond {
        println!("  {line}");
    }
    assert!(checked > 0, "no JSON family cases found");
    assert!(
        disagreements.is_empty(),
        "disagreements:\n{}",
        disagreements.join("\n")
    );
}

fn describe(case: &Case, by_schema: bool, by_reader: bool) -> String {
    let word = |b: bool| if b { "accepts" } else { "rejects" };
    format!(
        "{}: schema {}, reader {}",
        case.id,
        word(by_schema),
        word(by_reader)
    )
}

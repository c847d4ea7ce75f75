//! `corpus/runpack/v1/schema.json` (seed 003's closed manifest schema plus
//! `anchor_policy`, D-RP-2) and the runpack cases agree: every manifest of an
//! accepted runpack validates, and the case with unknown manifest members,
//! which the reference reader ignores, is `either` and refused by the schema.

mod lenient_json;

use conformkit::corpus::{default_root, load_corpus, Expect};

#[test]
fn accepted_runpack_manifests_validate_against_the_runpack_schema() {
    let root = default_root();
    let text = std::fs::read_to_string(root.join("runpack/v1/schema.json")).expect("schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema parses");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in load_corpus(&root).expect("corpus loads") {
        if case.family != "runpack" || case.meta.expect != Expect::Accept {
            continue;
        }
        let path = case.input.join("manifest.json");
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let value: serde_json::Value = match serde_json::from_slice(&bytes) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{}: manifest does not parse: {e}", case.id));
                continue;
            }
        };
        checked += 1;
        for error in validator.iter_errors(&value) {
            failures.push(format!(
                "{}: {} at {}",
                case.id,
                error,
                error.instance_path()
            ));
        }
    }
    assert!(checked > 10, "only {checked} accepted runpacks found");
    assert!(
        failures.is_empty(),
        "schema refuses:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_unknown_member_case_is_either_and_refused_by_the_schema() {
    let root = default_root();
    let text = std::fs::read_to_string(root.join("runpack/v1/schema.json")).expect("schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema parses");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let case = root.join("runpack/v1/manifest.extra-field");
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(case.join("case.json")).unwrap()).unwrap();
    assert_eq!(
        meta["expect"], "either",
        "D-RP-2: the seed closes the manifest"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(case.join("input/manifest.json")).unwrap()).unwrap();
    assert!(
        !validator.is_valid(&manifest),
        "the closed schema must refuse an unknown member"
    );
}

/// A runpack reject is tagged `beyond-schema` exactly when its manifest
/// passes the runpack schema: the fault is in a rule the schema cannot state
/// (hashes, paths on disk, the +1 rule, JCS bytes, a duplicate key). A
/// manifest that is not JSON at all counts as refused by the schema.
#[test]
fn runpack_rejects_beyond_the_schema_are_tagged() {
    let root = default_root();
    let text = std::fs::read_to_string(root.join("runpack/v1/schema.json")).expect("schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema parses");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut wrong = Vec::new();
    for case in load_corpus(&root).expect("corpus loads") {
        if case.family != "runpack" || case.meta.expect == Expect::Accept {
            continue;
        }
        let manifest = std::fs::read(case.input.join("manifest.json")).unwrap_or_default();
        let by_schema = lenient_json::parse(&manifest).is_some_and(|v| validator.is_valid(&v));
        let tagged = case.has_tag("beyond-schema");
        // An `either` case the schema refuses agrees with the schema's answer.
        let schema_answer_allowed = case.meta.expect == Expect::Either && !by_schema;
        if by_schema != tagged && !schema_answer_allowed {
            wrong.push(format!(
                "{}: schema {} the manifest, tagged beyond-schema: {tagged}",
                case.id,
                if by_schema { "accepts" } else { "refuses" }
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

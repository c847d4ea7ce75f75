//! Snapshots of the `runpack_export` tool input and output writers'
//! canonical output (D-ALL-6: serde_json's pretty form, fields in the seed's
//! alphabetical order, one trailing newline) for the corpus `maximal`,
//! `minimal` and `seed-example` cases. Absent nullable fields are written as
//! `null` (D-RP-8); the closed output manifest never carries
//! `anchor_policy` (D-RP-2). The seed's own examples are already in this
//! form, so for them the writer must reproduce the seed's text exactly.

use conformkit_reference::{family, Input, Limits, Written};
use std::path::Path;

/// The corpus case's input and the writer's output for its model, after
/// checking the model against expected.json and the round trip.
fn input_and_written(family_id: &str, case: &str) -> (Vec<u8>, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus")
        .join(family_id)
        .join("v1")
        .join(case);
    let fam = family(family_id, Some("v1")).expect("registered");
    let input = std::fs::read(dir.join("input.json")).expect("corpus input");
    let model = fam
        .read(Input::Bytes(&input), &Limits::default())
        .expect("an accepted case");
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("expected.json")).expect("expected.json"))
            .expect("expected.json parses");
    assert_eq!(
        model, expected,
        "{family_id}/{case}: the reader gives the case's model"
    );
    let Written::File(bytes) = fam.write(&model).expect("the model writes") else {
        panic!("{family_id} is a one-file family");
    };
    let back = fam.read(Input::Bytes(&bytes), &Limits::default());
    assert_eq!(
        back,
        Ok(model),
        "{family_id}/{case}: the written document reads back"
    );
    let text = String::from_utf8(bytes).expect("the writer emits UTF-8");
    // insta trims the final newline, so the one-newline rule is checked here.
    assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
    (input, text)
}

fn written(family_id: &str, case: &str) -> String {
    input_and_written(family_id, case).1
}

#[test]
fn input_maximal() {
    insta::assert_snapshot!("input_maximal", written("runpack_export_input", "maximal"));
}

#[test]
fn input_minimal_nulls_written() {
    insta::assert_snapshot!("input_minimal", written("runpack_export_input", "minimal"));
}

#[test]
fn input_seed_example_is_reproduced() {
    let (input, text) = input_and_written("runpack_export_input", "seed-example");
    assert_eq!(
        text.as_bytes(),
        input.as_slice(),
        "the seed's example, verbatim"
    );
    insta::assert_snapshot!("input_seed_example", text);
}

#[test]
fn output_maximal() {
    insta::assert_snapshot!(
        "output_maximal",
        written("runpack_export_output", "maximal")
    );
}

#[test]
fn output_seed_example_is_reproduced() {
    let (input, text) = input_and_written("runpack_export_output", "seed-example");
    assert_eq!(
        text.as_bytes(),
        input.as_slice(),
        "the seed's example, verbatim"
    );
    insta::assert_snapshot!("output_seed_example", text);
}

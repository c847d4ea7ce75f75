//! Snapshots of the spec_validation.json writer's canonical output (D-ALL-6)
//! for the corpus cases of each outcome: `ok` first, then only the field of
//! that outcome (D-SV-1), two-space indent, one trailing newline.

use conformkit_reference::{family, Input, Limits, Written};
use std::path::Path;

/// The corpus case's input, read, checked against its expected model,
/// written through the registry, and read back to the same model.
fn written(case: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/spec_validation/v1")
        .join(case);
    let fam = family("spec_validation", Some("v1")).expect("registered");
    let input = std::fs::read(dir.join("input.json")).expect("corpus input");
    let model = fam
        .read(Input::Bytes(&input), &Limits::default())
        .expect("an accepted case");
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("expected.json")).expect("expected.json"))
            .expect("expected.json parses");
    assert_eq!(model, expected, "{case}: the reader gives the case's model");
    let Written::File(bytes) = fam.write(&model).expect("the model writes") else {
        panic!("spec_validation is a one-file family");
    };
    let back = fam.read(Input::Bytes(&bytes), &Limits::default());
    assert_eq!(back, Ok(model), "{case}: the written document reads back");
    let text = String::from_utf8(bytes).expect("the writer emits UTF-8");
    // insta trims the final newline, so the one-newline rule is checked here.
    assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
    text
}

#[test]
fn maximal_ok_with_description() {
    insta::assert_snapshot!("maximal", written("maximal"));
}

#[test]
fn failed_with_error() {
    insta::assert_snapshot!("failed", written("failed"));
}

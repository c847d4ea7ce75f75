//! Snapshot of the runtime.json writer's canonical output (D-ALL-6) for the
//! corpus `maximal` case: `crate.name` and `crate.version` nested under
//! `crate` (D-RT-1), two-space indent, one trailing newline.

use conformkit_reference::{family, Input, Limits, Written};
use std::path::Path;

#[test]
fn maximal() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/runtime/v1/maximal");
    let fam = family("runtime", Some("v1")).expect("registered");
    let input = std::fs::read(dir.join("input.json")).expect("corpus input");
    let model = fam
        .read(Input::Bytes(&input), &Limits::default())
        .expect("an accepted case");
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("expected.json")).expect("expected.json"))
            .expect("expected.json parses");
    assert_eq!(model, expected, "the reader gives the case's model");
    let Written::File(bytes) = fam.write(&model).expect("the model writes") else {
        panic!("runtime is a one-file family");
    };
    assert_eq!(
        fam.read(Input::Bytes(&bytes), &Limits::default()),
        Ok(model),
        "the written document reads back"
    );
    let text = String::from_utf8(bytes).expect("the writer emits UTF-8");
    assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
    insta::assert_snapshot!("maximal", text);
}

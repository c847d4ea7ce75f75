//! Snapshot of the incident bundle writer's canonical output for the corpus
//! `maximal` model: every member file, in order, with its exact bytes.

use conformkit_reference::{family, Written};
use std::path::Path;

#[test]
fn maximal_bundle_canonical_output() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/incident_bundle/v1/maximal");
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
    let fam = family("incident_bundle", Some("v1")).unwrap();
    let Written::Directory(files) = fam.write(&model).unwrap() else {
        panic!("a bundle is a directory");
    };
    let mut text = String::new();
    for (name, bytes) in &files {
        text.push_str(&format!("===== {name} ({} bytes)\n", bytes.len()));
        text.push_str(&String::from_utf8_lossy(bytes));
        if !bytes.ends_with(b"\n") {
            text.push_str("\n[no trailing newline]\n");
        }
    }
    insta::assert_snapshot!(text);
}

//! A model the format cannot carry is refused with a `WriteError`, never a
//! panic: a KV key outside the key syntax, a value with a line break, in the
//! DataGuard report and in the incident bundle's `spec.kv`.

use conformkit_reference::family;
use std::path::Path;

fn corpus_model(rel: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus")
        .join(rel);
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn bundle_spec_kv_with_an_unwritable_key_is_refused() {
    let mut model = corpus_model("incident_bundle/v1/maximal/expected.json");
    model["spec.kv"]["bad key with spaces"] = "x".into();
    let err = family("incident_bundle", None)
        .unwrap()
        .write(&model)
        .unwrap_err();
    assert!(err.0.contains("spec.kv"), "{err}");
    let mut model = corpus_model("incident_bundle/v1/maximal/expected.json");
    model["spec.kv"]["model"] = "two\nlines".into();
    assert!(family("incident_bundle", None)
        .unwrap()
        .write(&model)
        .is_err());
}

#[test]
fn dataguard_value_with_a_line_break_is_refused() {
    let mut model = corpus_model("dataguard_report/v1/maximal/expected.json");
    model["schema.registry_root"] = "/srv/a\nreport.v=2".into();
    assert!(family("dataguard_report", None)
        .unwrap()
        .write(&model)
        .is_err());
}

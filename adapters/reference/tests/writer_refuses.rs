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

#[test]
fn bundle_runtime_config_starting_with_a_bom_is_refused() {
    let fam = family("incident_bundle", None).unwrap();
    let mut model = corpus_model("incident_bundle/v1/maximal/expected.json");
    // U+FEFF inside the text is ordinary text and is written.
    model["runtime_config.txt"] = "threads=4\u{feff}\n".into();
    assert!(fam.write(&model).is_ok());
    model["runtime_config.txt"] = "\u{feff}threads=4\n".into();
    let err = fam.write(&model).unwrap_err();
    assert!(err.0.contains("runtime_config.txt"), "{err}");
}

#[test]
fn bundle_snapshot_beside_another_model_is_refused() {
    let fam = family("incident_bundle", None).unwrap();
    let model = corpus_model("incident_bundle/v1/maximal/expected.json");
    assert_eq!(model["policy_audit.json"]["spec"]["model"], "SingleRing");
    assert!(model.get("single_ring_snapshot.json").is_some());
    assert!(fam.write(&model).is_ok());
    // The SingleRing snapshot moved to the LaneGraph member.
    let mut moved = model.clone();
    let snapshot = moved
        .as_object_mut()
        .unwrap()
        .remove("single_ring_snapshot.json")
        .unwrap();
    moved["lane_graph_state.json"] = snapshot.clone();
    let err = fam.write(&moved).unwrap_err();
    assert!(err.0.contains("lane_graph_state.json"), "{err}");
    // A failed parse allows neither snapshot.
    let failed = corpus_model("incident_bundle/v1/failed-parse/expected.json");
    assert_eq!(failed["policy_audit.json"]["ok"], false);
    let mut with_snapshot = failed.clone();
    with_snapshot["single_ring_snapshot.json"] = snapshot;
    assert!(fam.write(&failed).is_ok());
    assert!(fam.write(&with_snapshot).is_err());
}

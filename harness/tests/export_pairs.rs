//! A `runpack_export` input and its output, paired by case name
//! (`pair.*` in both families): the output's manifest records the input's
//! `generated_at` and ids (seed 003: "generated_at se registra en el
//! manifiesto"), and carries a report with a `verifier_report` artifact
//! exactly when the input asks for verification ("include_verification
//! agrega un artefacto de informe de verificación").

use conformkit::corpus::{default_root, load_corpus, Case};
use serde_json::Value;

fn doc(case: &Case) -> Value {
    serde_json::from_slice(&std::fs::read(&case.input).expect("input")).expect("a JSON input")
}

#[test]
fn every_export_input_pair_matches_its_output() {
    let cases = load_corpus(&default_root()).expect("corpus loads");
    let pairs: Vec<&Case> = cases
        .iter()
        .filter(|c| c.family == "runpack_export_input" && c.name.starts_with("pair."))
        .collect();
    assert!(!pairs.is_empty(), "no runpack_export_input/v1/pair.* case");
    for input in pairs {
        let output = cases
            .iter()
            .find(|c| c.family == "runpack_export_output" && c.name == input.name)
            .unwrap_or_else(|| panic!("{}: no runpack_export_output case of that name", input.id));
        let (i, o) = (doc(input), doc(output));
        let m = &o["manifest"];
        for field in [
            "generated_at",
            "tenant_id",
            "namespace_id",
            "scenario_id",
            "run_id",
        ] {
            assert_eq!(i[field], m[field], "{}: {field} not recorded", input.id);
        }
        let asks = i["include_verification"] == Value::Bool(true);
        let has_report_artifact = m["artifacts"]
            .as_array()
            .expect("artifacts")
            .iter()
            .any(|a| a["kind"] == "verifier_report");
        assert_eq!(asks, !o["report"].is_null(), "{}: report", input.id);
        assert_eq!(asks, has_report_artifact, "{}: verifier_report", input.id);
    }
}

//! The reference runpack writer on a fixed export: its exact files
//! (snapshot), determinism, the refusals it owes (integers beyond 2^53,
//! unsafe or duplicate paths), and the export output family reproducing the
//! seed's own example byte for byte.

use conformkit_reference::runpack::fields::Timestamp;
use conformkit_reference::runpack::manifest::Security;
use conformkit_reference::runpack::writer::{
    export, ArtifactSpec, ExportSpec, DEFAULT_MANIFEST_NAME,
};
use conformkit_reference::{family, Input, Limits, Written};
use serde_json::json;

fn fixed(include_verification: bool) -> ExportSpec {
    ExportSpec {
        scenario_id: "example-scenario".into(),
        tenant_id: 1,
        namespace_id: 1,
        run_id: "run-0001".into(),
        generated_at: Timestamp {
            kind: "unix_millis".into(),
            value: 1_710_000_000_000,
        },
        include_verification,
        verifier_mode: "offline_strict".into(),
        security: Some(Security {
            dev_permissive: false,
            namespace_authority: "registry".into(),
        }),
        anchor_policy: None,
        artifacts: vec![
            ArtifactSpec {
                artifact_id: "scenario_spec".into(),
                kind: "scenario_spec".into(),
                path: "scenario_spec.json".into(),
                content_type: Some("application/json".into()),
                required: true,
                value: json!({"scenario_id": "example-scenario", "weights": [4.50, 1e21, 2e-3, -0.0]}),
            },
            ArtifactSpec {
                artifact_id: "decision_log".into(),
                kind: "decision_log".into(),
                path: "decision_log.json".into(),
                content_type: None,
                required: true,
                value: json!([{"\u{fb33}": 1, "\u{1f600}": 2, "decision": "allow"}]),
            },
        ],
    }
}

fn as_text(files: &[(String, Vec<u8>)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(p, b)| (p.clone(), String::from_utf8(b.clone()).unwrap()))
        .collect()
}

#[test]
fn fixed_export_files() {
    let exported = export(&fixed(true), DEFAULT_MANIFEST_NAME).unwrap();
    assert_eq!(
        exported,
        export(&fixed(true), DEFAULT_MANIFEST_NAME).unwrap()
    );
    insta::assert_json_snapshot!("fixed_export_with_verification", as_text(&exported.files));
    let without = export(&fixed(false), DEFAULT_MANIFEST_NAME).unwrap();
    insta::assert_json_snapshot!("fixed_export_without_verification", as_text(&without.files));
}

#[test]
fn refusals() {
    let mut big = fixed(false);
    big.artifacts[1].value = serde_json::from_str("[9007199254740993]").unwrap();
    assert!(export(&big, DEFAULT_MANIFEST_NAME)
        .unwrap_err()
        .0
        .contains("out_of_range"));
    for bad in [
        "../x.json",
        "/x.json",
        "a//b.json",
        "scenario_spec.json",
        "manifest.json",
    ] {
        let mut s = fixed(false);
        s.artifacts[1].path = bad.into();
        assert!(export(&s, DEFAULT_MANIFEST_NAME).is_err(), "{bad}");
    }
    let mut s = fixed(true);
    s.artifacts[1].path = "verifier_report.json".into();
    assert!(export(&s, DEFAULT_MANIFEST_NAME).is_err());
    let mut s = fixed(false);
    s.artifacts[1].path = "scenario_spec.json/x.json".into();
    assert!(export(&s, DEFAULT_MANIFEST_NAME).is_err());
    let mut s = fixed(false);
    s.tenant_id = 1 << 53;
    assert!(export(&s, DEFAULT_MANIFEST_NAME).is_err());
    let mut s = fixed(false);
    s.artifacts.remove(0);
    assert!(export(&s, DEFAULT_MANIFEST_NAME).is_err());
}

#[test]
fn seed_examples_round_trip_byte_for_byte() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    for (fam, case) in [
        ("runpack_export_input", "seed-example"),
        ("runpack_export_output", "seed-example"),
    ] {
        let bytes = std::fs::read(root.join(fam).join("v1").join(case).join("input.json")).unwrap();
        let f = family(fam, Some("v1")).unwrap();
        let model = f.read(Input::Bytes(&bytes), &Limits::default()).unwrap();
        assert_eq!(f.write(&model).unwrap(), Written::File(bytes), "{fam}");
    }
}

//! Properties of the runpack writer and verifier: whatever the writer
//! exports verifies (with the +1 rule when it adds its report), the same
//! input always gives the same bytes, and changing any single byte of any
//! artifact makes verification fail with `integrity`.

use conformkit_reference::runpack::fields::Timestamp;
use conformkit_reference::runpack::verifier::verify;
use conformkit_reference::runpack::writer::{
    export, ArtifactSpec, ExportSpec, DEFAULT_MANIFEST_NAME,
};
use conformkit_reference::{ErrorClass, Limits};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::Path;

/// The kinds an export's further artifacts may have (one scenario spec is
/// always first; the verifier report is the writer's own).
const KINDS: [&str; 9] = [
    "trigger_log",
    "gate_eval_log",
    "decision_log",
    "packet_log",
    "dispatch_log",
    "evidence_log",
    "submission_log",
    "tool_transcript",
    "custom",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-(1i64 << 53) + 1..(1i64 << 53)).prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| serde_json::from_str(&serde_json::to_string(&f).unwrap()).unwrap()),
        "\\PC{0,12}".prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("\\PC{0,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn spec() -> impl Strategy<Value = ExportSpec> {
    let artifacts = prop::collection::vec(
        (0..KINDS.len(), any::<bool>(), any::<bool>(), value()),
        0..5,
    );
    (
        "[a-z0-9-]{1,12}",
        1i64..(1 << 53),
        1i64..(1 << 53),
        any::<bool>(),
        0i64..(1 << 53),
        any::<bool>(),
        value(),
        artifacts,
    )
        .prop_map(
            |(id, tenant, namespace, logical, ts, verification, spec_value, rest)| {
                let mut artifacts = vec![ArtifactSpec {
                    artifact_id: "scenario_spec".into(),
                    kind: "scenario_spec".into(),
                    path: "scenario_spec.json".into(),
                    content_type: Some("application/json".into()),
                    required: true,
                    value: spec_value,
                }];
                for (i, (kind, nested, typed, value)) in rest.into_iter().enumerate() {
                    artifacts.push(ArtifactSpec {
                        artifact_id: format!("a{i}"),
                        kind: KINDS[kind].into(),
                        path: if nested {
                            format!("logs/a{i}.json")
                        } else {
                            format!("a{i}.json")
                        },
                        content_type: typed.then(|| "application/json".to_string()),
                        required: typed,
                        value,
                    });
                }
                ExportSpec {
                    scenario_id: id.clone(),
                    tenant_id: tenant,
                    namespace_id: namespace,
                    run_id: format!("run-{id}"),
                    generated_at: Timestamp {
                        kind: if logical { "logical" } else { "unix_millis" }.into(),
                        value: ts,
                    },
                    include_verification: verification,
                    verifier_mode: "offline_strict".into(),
                    security: None,
                    anchor_policy: None,
                    artifacts,
                }
            },
        )
}

fn materialize(files: &[(String, Vec<u8>)], dir: &Path) {
    for (rel, bytes) in files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn writer_output_verifies_and_any_byte_change_fails(spec in spec(), pick in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(), flip in 1u8..=255) {
        let exported = export(&spec, DEFAULT_MANIFEST_NAME).unwrap();
        prop_assert_eq!(&exported, &export(&spec, DEFAULT_MANIFEST_NAME).unwrap());
        let tmp = tempfile::tempdir().unwrap();
        materialize(&exported.files, tmp.path());
        let limits = Limits::default();
        let v = verify(tmp.path(), DEFAULT_MANIFEST_NAME, &limits).unwrap();
        let listed = exported.manifest.integrity.file_hashes.len() as u64;
        prop_assert_eq!(v.report.status.as_str(), "pass", "{:?}", v.errors);
        prop_assert_eq!(v.report.checked_files, listed);
        if let Some(r) = &exported.report {
            prop_assert_eq!(r.checked_files + 1, listed);
        }

        let artifacts: Vec<_> = exported.files.iter().filter(|(p, _)| p != DEFAULT_MANIFEST_NAME).collect();
        let (rel, bytes) = artifacts[pick.index(artifacts.len())];
        let mut changed = bytes.clone();
        let i = at.index(changed.len());
        changed[i] ^= flip;
        std::fs::write(tmp.path().join(rel), &changed).unwrap();
        let v = verify(tmp.path(), DEFAULT_MANIFEST_NAME, &limits).unwrap();
        prop_assert_eq!(v.report.status.as_str(), "fail");
        prop_assert_eq!(v.errors[0].class, ErrorClass::Integrity);
        prop_assert_eq!(v.errors[0].file.as_deref(), Some(rel.as_str()));
    }
}

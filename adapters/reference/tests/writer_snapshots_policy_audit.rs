//! Snapshots of the canonical `policy_audit.json` writer (D-ALL-6, D-PA-11):
//! field order, null handling, and which outcome field is written. The
//! documents are built here, not read, so the snapshots pin the writer alone.

use conformkit_reference::families::policy_audit::{
    LaneGraphSummary, PolicyAudit, PolicyAuditV1, SingleRingSummary, SpecSummary,
};
use conformkit_reference::families::runtime::CrateId;
use conformkit_reference::family::Format;
use conformkit_reference::{Input, Limits, Written};
use std::collections::BTreeMap;

fn base(ok: bool) -> PolicyAudit {
    PolicyAudit {
        ok,
        policy_version: 1,
        mode: "enforce".into(),
        enforced: true,
        stage_failure_policy: "stop_pipeline".into(),
        spec_path: "/srv/byteor/pipelines/zürich-orders/spec.kv".into(),
        lane_path: Some("/dev/shm/byteor/zürich-orders".into()),
        wait: Some("spin_then_park".into()),
        runtime_crate: CrateId {
            name: "byteor-runtime".into(),
            version: "1.4.0-rc.2+build.7".into(),
        },
        spec: None,
        error: None,
    }
}

fn text(doc: &PolicyAudit) -> String {
    let Written::File(bytes) = PolicyAuditV1::write(doc).expect("document renders") else {
        panic!("policy_audit writes one file");
    };
    String::from_utf8(bytes).expect("the writer emits UTF-8")
}

fn single_ring() -> PolicyAudit {
    PolicyAudit {
        spec: Some(SpecSummary {
            model: "SingleRing".into(),
            single_ring: Some(SingleRingSummary {
                shards: 4,
                ordering: "strict".into(),
                producer: "multi".into(),
                scheduling: "dedicated_threads".into(),
                shard_key: "account_id — hashed".into(),
                stages: 3,
            }),
            lane_graph: None,
        }),
        ..base(true)
    }
}

#[test]
fn single_ring_record() {
    insta::assert_snapshot!("single_ring", text(&single_ring()));
}

#[test]
fn lane_graph_record_sorts_kind_maps() {
    let lane_kinds = BTreeMap::from([
        ("sequenced_slots".to_string(), 1),
        ("events".to_string(), 3),
        ("journal".to_string(), 1),
    ]);
    let role_kinds = BTreeMap::from([
        ("stage".to_string(), 3),
        ("router".to_string(), 1),
        ("bridge".to_string(), 1),
    ]);
    let doc = PolicyAudit {
        mode: "audit".into(),
        enforced: false,
        lane_path: None,
        spec: Some(SpecSummary {
            model: "LaneGraph".into(),
            single_ring: None,
            lane_graph: Some(LaneGraphSummary {
                on_full: "block".into(),
                lanes: 5,
                roles: 5,
                endpoints: 2,
                lane_kinds,
                role_kinds,
            }),
        }),
        ..base(true)
    };
    insta::assert_snapshot!("lane_graph", text(&doc));
}

#[test]
fn failed_record_writes_nulls_and_error_only() {
    let doc = PolicyAudit {
        lane_path: None,
        wait: None,
        error: Some("spec.kv line 7: unknown model `Ring`".into()),
        ..base(false)
    };
    insta::assert_snapshot!("failed", text(&doc));
}

/// The corpus's reviewed maximal documents are written in the canonical form,
/// so reading then writing them reproduces their bytes.
#[test]
fn corpus_maximal_documents_are_canonical() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/policy_audit/v1");
    for case in ["maximal", "maximal.lane-graph", "failed"] {
        let bytes = std::fs::read(dir.join(case).join("input.json")).expect("corpus case");
        let doc = PolicyAuditV1::read(Input::Bytes(&bytes), &Limits::default()).expect("valid");
        assert_eq!(
            text(&doc),
            String::from_utf8(bytes).expect("UTF-8"),
            "{case}"
        );
    }
    assert_eq!(
        text(&single_ring()),
        String::from_utf8(std::fs::read(dir.join("maximal/input.json")).expect("maximal"))
            .expect("UTF-8")
    );
}

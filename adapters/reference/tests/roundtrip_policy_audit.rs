//! Property: every valid policy audit record survives write-then-read
//! unchanged, typed and through the registry's model interface. The
//! strategies generate only records the format allows (D-PA-*): version 1,
//! the constant stage failure policy, one outcome, one model member.

use conformkit_reference::families::policy_audit::{
    LaneGraphSummary, PolicyAudit, PolicyAuditV1, SingleRingSummary, SpecSummary,
};
use conformkit_reference::families::runtime::CrateId;
use conformkit_reference::registry::Format;
use conformkit_reference::{family, Input, Limits, Written};
use proptest::collection::btree_map;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Any text, non-ASCII and control characters included, except the one
/// substring the reference parser reserves (D-ALL-8).
fn text() -> impl Strategy<Value = String> {
    any::<String>().prop_filter("reserved text (D-ALL-8)", |s| {
        !s.contains("private::Number")
    })
}

fn kinds() -> impl Strategy<Value = BTreeMap<String, u32>> {
    btree_map(text(), any::<u32>(), 0..5)
}

fn single_ring() -> impl Strategy<Value = SpecSummary> {
    (any::<u32>(), text(), text(), text(), text(), any::<u32>()).prop_map(
        |(shards, ordering, producer, scheduling, shard_key, stages)| SpecSummary {
            model: "SingleRing".into(),
            single_ring: Some(SingleRingSummary {
                shards,
                ordering,
                producer,
                scheduling,
                shard_key,
                stages,
            }),
            lane_graph: None,
        },
    )
}

fn lane_graph() -> impl Strategy<Value = SpecSummary> {
    (
        text(),
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        kinds(),
        kinds(),
    )
        .prop_map(
            |(on_full, lanes, roles, endpoints, lane_kinds, role_kinds)| SpecSummary {
                model: "LaneGraph".into(),
                single_ring: None,
                lane_graph: Some(LaneGraphSummary {
                    on_full,
                    lanes,
                    roles,
                    endpoints,
                    lane_kinds,
                    role_kinds,
                }),
            },
        )
}

/// `(spec, error)` for one outcome: a summary when ok, an error when not.
fn outcome() -> impl Strategy<Value = (bool, Option<SpecSummary>, Option<String>)> {
    prop_oneof![
        prop_oneof![single_ring(), lane_graph()].prop_map(|s| (true, Some(s), None)),
        text().prop_map(|e| (false, None, Some(e))),
    ]
}

fn record() -> impl Strategy<Value = PolicyAudit> {
    (
        (text(), any::<bool>(), text()),
        (proptest::option::of(text()), proptest::option::of(text())),
        (text(), text()),
        outcome(),
    )
        .prop_map(
            |(
                (mode, enforced, spec_path),
                (lane_path, wait),
                (name, version),
                (ok, spec, error),
            )| {
                PolicyAudit {
                    ok,
                    policy_version: 1,
                    mode,
                    enforced,
                    stage_failure_policy: "stop_pipeline".into(),
                    spec_path,
                    lane_path,
                    wait,
                    runtime_crate: CrateId { name, version },
                    spec,
                    error,
                }
            },
        )
}

proptest! {
    #[test]
    fn write_then_read_is_identity(doc in record()) {
        let Written::File(bytes) = PolicyAuditV1::write(&doc).expect("document renders") else {
            panic!("policy_audit writes one file");
        };
        let back = PolicyAuditV1::read(Input::Bytes(&bytes), &Limits::default());
        prop_assert_eq!(back, Ok(doc));
    }

    #[test]
    fn model_interface_round_trips(doc in record()) {
        let fam = family("policy_audit", Some("v1")).expect("registered");
        let model = serde_json::to_value(&doc).expect("serializes");
        let written = fam.write(&model).expect("a valid model writes");
        let Written::File(bytes) = written else {
            panic!("policy_audit writes one file");
        };
        prop_assert_eq!(fam.read(Input::Bytes(&bytes), &Limits::default()), Ok(model));
    }
}

//! Proptest strategies for DataGuard reports, shared by the DataGuard test
//! files: valid reports of every shape the model allows.

use conformkit_reference::families::dataguard_report::{
    Cost, Counters, DataGuardReport, Redaction, RedactionMode, SchemaSelection,
};
use proptest::prelude::*;

fn segment() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{1,6}"
}

fn counter_name() -> impl Strategy<Value = String> {
    prop::collection::vec(segment(), 1..4).prop_map(|s| s.join("."))
}

/// A string KV can carry: no CR, no LF; at least `min` characters.
fn kv_string(min: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        any::<char>().prop_filter("no CR/LF", |c| *c != '\r' && *c != '\n'),
        min..12,
    )
    .prop_map(|v| v.into_iter().collect())
}

pub fn report() -> impl Strategy<Value = DataGuardReport> {
    let mode = prop::sample::select(RedactionMode::ALL.to_vec());
    let cost = prop_oneof![
        Just(None),
        Just(Some(Cost::Disabled)),
        (kv_string(1), any::<u64>())
            .prop_map(|(center, bytes)| Some(Cost::Enabled { center, bytes })),
    ];
    (
        kv_string(1),
        any::<u16>(),
        prop::option::of((kv_string(1), any::<u32>())),
        prop::option::of((mode, any::<u32>())),
        cost,
        prop::collection::btree_map(counter_name(), any::<u64>(), 1..16),
    )
        .prop_map(
            |(registry_root, codec_id, schema, redaction, cost, counts)| DataGuardReport {
                version: 1,
                kind: "dataguard".to_string(),
                registry_root,
                codec_id,
                schema: schema.map(|(id, version)| SchemaSelection { id, version }),
                redaction: redaction.map(|(mode, rules)| Redaction { mode, rules }),
                cost,
                counts: counts.into_iter().collect::<Counters>(),
            },
        )
}

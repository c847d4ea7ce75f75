//! Proptest strategies for VALID documents of the families the round-trip
//! properties cover, shared by several test files (`mod strategies;`).
//!
//! Each strategy generates only what its format allows, from the seed and
//! the pinned decisions (corpus/DECISIONS.md), not from the reader's code:
//! the constants (artifact kinds, the integer range, key syntax) are written
//! out here so that a reader that drifts from them fails the property.
//! Strings range over all of Unicode, control characters included.

// Each test binary uses only some of these.
#![allow(dead_code)]

use conformkit_reference::families::environment::env_vars::EnvVars;
use conformkit_reference::families::environment::Environment;
use conformkit_reference::families::incident_bundle::IncidentBundle;
use conformkit_reference::families::policy_audit::{
    LaneGraphSummary, PolicyAudit, SingleRingSummary, SpecSummary,
};
use conformkit_reference::families::runpack_export_input::ExportInput;
use conformkit_reference::families::runpack_export_output::ExportOutput;
use conformkit_reference::families::runtime::{CrateId, Runtime};
use conformkit_reference::families::spec_validation::SpecValidation;
use conformkit_reference::runpack::fields::{HashDigest, Timestamp};
use conformkit_reference::runpack::manifest::{Artifact, FileHash, Integrity, Manifest, Security};
use conformkit_reference::runpack::report::Report;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

// ----- text -----------------------------------------------------------------

/// The object keys the reference JSON parser reserves (D-ALL-8).
const RESERVED_KEYS: [&str; 2] = [
    "$serde_json::private::Number",
    "$serde_json::private::RawValue",
];

/// Any Unicode scalar values. (`any::<String>()` is the regex `\PC*`, which
/// never yields a control or format character: no NUL, tab, CR, LF, DEL or
/// U+FEFF. `any::<char>()` ranges over every scalar value and favours those.)
pub fn chars() -> impl Strategy<Value = String> {
    vec(any::<char>(), 0..24).prop_map(String::from_iter)
}

/// Any string value. The reserved tokens are ordinary text inside a string
/// value (D-ALL-8), so they are generated too.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => chars(),
        3 => any::<String>(),
        1 => Just(String::new()),
        1 => "[a-z0-9._:/ -]{1,24}",
        1 => prop::sample::select(RESERVED_KEYS.to_vec()).prop_map(str::to_string),
    ]
}

/// Any string usable as a JSON object key: everything but the two reserved
/// tokens (D-ALL-8, a limit of the reference reader).
pub fn key_text() -> impl Strategy<Value = String> {
    prop_oneof![chars(), any::<String>(), "[a-z_]{1,12}"]
        .prop_filter("reserved key (D-ALL-8)", |k| {
            !RESERVED_KEYS.contains(&k.as_str())
        })
}

// ----- spec_validation.json, runtime.json ------------------------------------

/// D-SV-1: `description` exactly when ok, `error` exactly when not.
pub fn spec_validation() -> impl Strategy<Value = SpecValidation> {
    (any::<bool>(), text()).prop_map(|(ok, text)| SpecValidation {
        ok,
        description: ok.then(|| text.clone()),
        error: (!ok).then_some(text),
    })
}

pub fn crate_id() -> impl Strategy<Value = CrateId> {
    (text(), text()).prop_map(|(name, version)| CrateId { name, version })
}

pub fn runtime() -> impl Strategy<Value = Runtime> {
    crate_id().prop_map(|krate| Runtime { krate })
}

// ----- policy_audit.json -----------------------------------------------------

fn kinds() -> impl Strategy<Value = BTreeMap<String, u32>> {
    btree_map(key_text(), any::<u32>(), 0..5)
}

pub fn single_ring() -> impl Strategy<Value = SpecSummary> {
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

pub fn lane_graph() -> impl Strategy<Value = SpecSummary> {
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

/// A policy audit record the format allows (D-PA-*): version 1, the constant
/// stage failure policy, one outcome, one model member.
pub fn policy_audit() -> impl Strategy<Value = PolicyAudit> {
    (
        (text(), any::<bool>(), text()),
        (option::of(text()), option::of(text())),
        crate_id(),
        outcome(),
    )
        .prop_map(
            |((mode, enforced, spec_path), (lane_path, wait), runtime_crate, (ok, spec, error))| {
                PolicyAudit {
                    ok,
                    policy_version: 1,
                    mode,
                    enforced,
                    stage_failure_policy: "stop_pipeline".into(),
                    spec_path,
                    lane_path,
                    wait,
                    runtime_crate,
                    spec,
                    error,
                }
            },
        )
}

// ----- environment.json ------------------------------------------------------

/// Env keys, values, args: any text, shell-like names weighted.
pub fn env_text() -> impl Strategy<Value = String> {
    prop_oneof![
        chars(),
        any::<String>(),
        "[A-Za-z_][A-Za-z0-9_]{0,12}",
        Just(String::new())
    ]
}

prop_compose! {
    /// An environment document; env pairs in key (UTF-8 byte) order, keys
    /// unique (D-ENV-2).
    pub fn environment()(
        pid in any::<u32>(),
        cwd in option::of(env_text()),
        args in vec(env_text(), 0..6),
        // A BTreeMap iterates in `str` order, which is UTF-8 byte order.
        env in btree_map(env_text(), env_text(), 0..8),
        proc_status in option::of(env_text()),
    ) -> Environment {
        Environment {
            pid,
            cwd,
            args,
            env: EnvVars::new(env.into_iter().collect()).expect("BTreeMap order is byte order"),
            proc_status,
        }
    }
}

// ----- KV (spec.kv) ----------------------------------------------------------

/// A key in the KV key syntax (D-KV-6): dot-separated non-empty segments of
/// `[A-Za-z0-9_-]`.
pub fn kv_key() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{1,8}(\\.[A-Za-z0-9_-]{1,8}){0,3}"
}

/// A KV value: any text without CR or LF (D-KV-7: literal, no escapes, so
/// a line break cannot be carried), `=`, spaces and `null` included.
pub fn kv_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => chars().prop_map(|s| s.replace(['\r', '\n'], "")),
        1 => Just(String::new()),
        1 => prop::sample::select(vec!["null", "=", "a=b=c", " padded ", "\t"])
            .prop_map(str::to_string),
    ]
}

/// The `spec.kv` member: keys unique (D-KV-9), any order on disk (D-KV-10).
pub fn spec_kv() -> impl Strategy<Value = BTreeMap<String, String>> {
    btree_map(kv_key(), kv_value(), 0..8)
}

// ----- opaque JSON (bundle snapshots) ------------------------------------------

/// A number literal of the RFC 8259 grammar, kept exact by the reader:
/// `-0`, trailing zeros, exponents and integers past every width included.
fn number_literal() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u128>().prop_map(|n| n.to_string()),
        "-?(0|[1-9][0-9]{0,40})(\\.[0-9]{1,12})?([eE][+-]?[0-9]{1,3})?",
        prop::sample::select(vec!["-0", "1.50", "1E400", "-0.0e-0"]).prop_map(str::to_string),
    ]
    .prop_map(|literal| serde_json::from_str(&literal).expect("a JSON number literal"))
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number_literal(),
        text().prop_map(Value::String),
    ]
}

/// Any JSON value, nested a few levels (well within the depth limit).
pub fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..5).prop_map(Value::Array),
            btree_map(key_text(), inner, 0..5).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A JSON object (a snapshot member, D-IB-6).
pub fn json_object() -> impl Strategy<Value = Map<String, Value>> {
    btree_map(key_text(), json_value(), 0..6).prop_map(|m| m.into_iter().collect())
}

// ----- incident bundle ---------------------------------------------------------

/// `runtime_config.txt`: any UTF-8 text without a leading byte order mark
/// (D-IB-4, D-ALL-1), CR and LF included.
pub fn runtime_config() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => chars(),
        1 => Just(String::new()),
        1 => Just("threads=4\r\nqueue=1024\n".to_string()),
    ]
    .prop_filter("a leading BOM is refused (D-IB-4)", |t| {
        !t.starts_with('\u{feff}')
    })
}

prop_compose! {
    /// A whole bundle: a snapshot member only beside a parsed spec of its
    /// model (D-IB-5), each either present or absent.
    pub fn incident_bundle()(
        spec in spec_kv(),
        spec_validation in spec_validation(),
        runtime in runtime(),
        policy_audit in policy_audit(),
        environment in environment(),
        runtime_config in option::of(runtime_config()),
        snapshot in option::of(json_object()),
    ) -> IncidentBundle {
        let model = policy_audit.spec.as_ref().map(|s| s.model.clone());
        let (single_ring_snapshot, lane_graph_state) = match model.as_deref() {
            Some("SingleRing") => (snapshot, None),
            Some("LaneGraph") => (None, snapshot),
            _ => (None, None),
        };
        IncidentBundle {
            spec,
            spec_validation,
            runtime,
            policy_audit,
            environment,
            runtime_config,
            single_ring_snapshot,
            lane_graph_state,
        }
    }
}

// ----- Decision Gate runpack_export ------------------------------------------

/// 2^53 - 1: the integers JCS writes exactly (D-RP-3).
pub const MAX_SAFE: i64 = (1 << 53) - 1;

/// The artifact kinds of the seed's output schema.
const ARTIFACT_KINDS: [&str; 11] = [
    "scenario_spec",
    "trigger_log",
    "gate_eval_log",
    "decision_log",
    "packet_log",
    "dispatch_log",
    "evidence_log",
    "submission_log",
    "tool_transcript",
    "verifier_report",
    "custom",
];

/// An integer in `min..=2^53-1`, its ends weighted.
pub fn safe_int(min: i64) -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => min..=MAX_SAFE,
        1 => Just(min),
        1 => Just(MAX_SAFE),
        1 => min..=(min + 1000),
    ]
}

/// `generated_at`: unix millis anywhere in ±(2^53-1), logical from 0.
pub fn timestamp() -> impl Strategy<Value = Timestamp> {
    prop_oneof![
        safe_int(-MAX_SAFE).prop_map(|value| Timestamp {
            kind: "unix_millis".into(),
            value
        }),
        safe_int(0).prop_map(|value| Timestamp {
            kind: "logical".into(),
            value
        }),
    ]
}

/// A SHA-256 digest: 64 lowercase hex digits (D-RP-4).
pub fn digest() -> impl Strategy<Value = HashDigest> {
    "[0-9a-f]{64}".prop_map(|value| HashDigest {
        algorithm: "sha256".into(),
        value,
    })
}

/// A manifest name: a runpack-relative path (D-RP-9, D-RP-5), `/`-separated
/// non-empty names that are not `.` or `..`, without `\`, NUL or a drive
/// prefix.
pub fn relative_path() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        chars(),
        "[a-z0-9._-]{1,12}",
        Just("..a".to_string()),
        Just("manifest-ñ.json".to_string()),
    ]
    .prop_map(|s| s.replace(['/', '\\', '\0'], "_"))
    .prop_filter("a name, not empty, `.` or `..`", |s| {
        !s.is_empty() && s != "." && s != ".."
    });
    vec(name, 1..4).prop_map(|names| {
        let path = names.join("/");
        let b = path.as_bytes();
        if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
            format!("_{path}")
        } else {
            path
        }
    })
}

prop_compose! {
    /// A `runpack_export` tool input (seed 003, closed schema).
    pub fn export_input()(
        generated_at in timestamp(),
        include_verification in any::<bool>(),
        manifest_name in option::of(relative_path()),
        namespace_id in safe_int(1),
        output_dir in option::of(text()),
        run_id in text(),
        scenario_id in text(),
        tenant_id in safe_int(1),
    ) -> ExportInput {
        ExportInput {
            generated_at,
            include_verification,
            manifest_name,
            namespace_id,
            output_dir,
            run_id,
            scenario_id,
            tenant_id,
        }
    }
}

fn artifact() -> impl Strategy<Value = Artifact> {
    (
        text(),
        option::of(text()),
        digest(),
        prop::sample::select(ARTIFACT_KINDS.to_vec()),
        text(),
        any::<bool>(),
    )
        .prop_map(
            |(artifact_id, content_type, hash, kind, path, required)| Artifact {
                artifact_id,
                content_type,
                hash,
                kind: kind.to_string(),
                path,
                required,
            },
        )
}

fn integrity() -> impl Strategy<Value = Integrity> {
    (
        vec(
            (digest(), text()).prop_map(|(hash, path)| FileHash { hash, path }),
            0..4,
        ),
        digest(),
    )
        .prop_map(|(file_hashes, root_hash)| Integrity {
            file_hashes,
            root_hash,
        })
}

prop_compose! {
    /// The closed manifest of a tool output: no `anchor_policy` (D-RP-2). A
    /// document, so nothing ties the hashes to each other (D-RP-10).
    pub fn closed_manifest()(
        artifacts in vec(artifact(), 0..4),
        generated_at in timestamp(),
        integrity in integrity(),
        namespace_id in safe_int(1),
        run_id in text(),
        scenario_id in text(),
        security in option::of((any::<bool>(), text()).prop_map(
            |(dev_permissive, namespace_authority)| Security { dev_permissive, namespace_authority },
        )),
        spec_hash in digest(),
        tenant_id in safe_int(1),
        verifier_mode in prop::sample::select(vec!["offline_strict", "offline_with_fetch"]),
    ) -> Manifest {
        Manifest {
            anchor_policy: None,
            artifacts,
            generated_at,
            hash_algorithm: "sha256".into(),
            integrity,
            manifest_version: "v1".into(),
            namespace_id,
            run_id,
            scenario_id,
            security,
            spec_hash,
            tenant_id,
            verifier_mode: verifier_mode.into(),
        }
    }
}

/// An export-time report over `others` listed files, by the +1 rule
/// (D-RP-7): `pass` with no errors counting exactly `others`, or `fail`
/// with at least one error counting at most `others`.
pub fn report(others: u64) -> impl Strategy<Value = Report> {
    let pass = Just(Report::pass(others));
    let fail = (0..=others, vec(text(), 1..4)).prop_map(|(checked_files, errors)| Report {
        checked_files,
        errors,
        status: "fail".into(),
    });
    prop_oneof![pass, fail]
}

/// The listed files an export-time report counts: every distinct path in
/// `file_hashes` but those of `verifier_report` artifacts.
fn others(m: &Manifest) -> u64 {
    let own: Vec<&str> = m
        .artifacts
        .iter()
        .filter(|a| a.kind == "verifier_report")
        .map(|a| a.path.as_str())
        .collect();
    let paths: std::collections::BTreeSet<&str> = m
        .integrity
        .file_hashes
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| !own.contains(p))
        .collect();
    paths.len() as u64
}

/// A `runpack_export` tool output (seed 003, closed schema), its report
/// consistent with its manifest.
pub fn export_output() -> impl Strategy<Value = ExportOutput> {
    closed_manifest().prop_flat_map(|manifest| {
        let n = others(&manifest);
        (Just(manifest), option::of(report(n)), option::of(text())).prop_map(
            |(manifest, report, storage_uri)| ExportOutput {
                manifest,
                report,
                storage_uri,
            },
        )
    })
}

//! Snapshots of the replay audit writer's canonical output (D-ALL-6): field
//! order as the seed lists it, two-space indent, one trailing newline, and
//! `created_unix_ms` as exact integer digits past u64 and up to u128::MAX.

use conformkit_reference::families::replay_audit::{
    AuditV1, ReplayAudit, ReplayAuditAction, ReplayAuditInput, ReplayAuditPolicy, ReplayAuditV1,
    ReplayMode,
};
use conformkit_reference::family::Format;
use conformkit_reference::{Input, Limits, Written};

fn written(doc: &ReplayAudit) -> String {
    let Written::File(bytes) = ReplayAuditV1::write(doc).expect("document renders") else {
        panic!("replay_audit is a one-file family");
    };
    let back = ReplayAuditV1::read(Input::Bytes(&bytes), &Limits::default())
        .expect("the writer's output reads back");
    assert_eq!(&back, doc, "the snapshot document survives a round trip");
    let text = String::from_utf8(bytes).expect("the writer emits UTF-8");
    // insta trims the final newline, so the one-newline rule is checked here.
    assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
    text
}

fn action(action: &str, stage: &str, target: &str, decision: &str) -> ReplayAuditAction {
    ReplayAuditAction {
        action: action.into(),
        role: "consumer".into(),
        input_lane: "órdenes→ledger".into(),
        output_lane: "ledger.out".into(),
        stage: stage.into(),
        target: target.into(),
        decision: decision.into(),
    }
}

#[test]
fn maximal() {
    let doc = ReplayAudit {
        audit_v: AuditV1,
        // 2^65 + 1: past u64::MAX, and not exactly representable as a double.
        created_unix_ms: 36_893_488_147_419_103_233,
        bundle_dir: "/var/lib/byteor/incidents/ñandú".into(),
        spec_sha256: "2de027250d2faa7ae57c81cdfa3e71f6488086139b0dd3fab94027588aaf87eb".into(),
        input: ReplayAuditInput {
            journal_lane: "órdenes→ledger".into(),
            journal_path: "/var/lib/byteor/journal/órdenes.lane".into(),
            last_n: 3,
            scanned_records: u64::MAX,
            selected_bytes: 196_608,
            sample_sha256: vec![
                "e726a5453d03e803f2765818acecef3e8fc08fe27a29738310a3f281a9144614".into(),
                "e6eb439c6325ac05864ce95f9de433ec1525131b162f3770fea6458c8fc4bfcb".into(),
            ],
        },
        policy: ReplayAuditPolicy {
            env: "prod (Zürich)".into(),
            approval_provided: true,
            mode: ReplayMode::Execute,
        },
        actions: vec![
            action("replay", "dedupe", "stage:dedupe", "allowed"),
            action(
                "publish",
                "notify",
                "webhook:alerts 🚨",
                "denied: needs \"ops-2\"\n\tsee runbook",
            ),
        ],
    };
    insta::assert_snapshot!("maximal", written(&doc));
}

#[test]
fn minimal_dry_run_at_u128_max() {
    let doc = ReplayAudit {
        audit_v: AuditV1,
        created_unix_ms: u128::MAX,
        bundle_dir: String::new(),
        spec_sha256: String::new(),
        input: ReplayAuditInput {
            journal_lane: String::new(),
            journal_path: String::new(),
            last_n: 0,
            scanned_records: 0,
            selected_bytes: 0,
            sample_sha256: vec![],
        },
        policy: ReplayAuditPolicy {
            env: String::new(),
            approval_provided: false,
            mode: ReplayMode::DryRun,
        },
        actions: vec![],
    };
    insta::assert_snapshot!("minimal_dry_run_at_u128_max", written(&doc));
}

//! Property: every valid replay audit document survives write-then-read
//! unchanged, typed and through the normalized model, and the writer's
//! bytes are a fixed point. Strings range over all of Unicode (control
//! characters included) and integers over their full widths.

mod strategies;

use conformkit_reference::families::replay_audit::{
    AuditV1, ReplayAudit, ReplayAuditAction, ReplayAuditInput, ReplayAuditPolicy, ReplayAuditV1,
    ReplayMode,
};
use conformkit_reference::family::Format;
use conformkit_reference::{family, Input, Limits, Written};
use proptest::collection::vec;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        // `any::<String>()` never yields a control character; this does.
        strategies::chars(),
        "[0-9a-f]{64}",
        Just(String::new()),
        "[a-z._:/ -]{1,24}",
    ]
}

fn mode() -> impl Strategy<Value = ReplayMode> {
    prop_oneof![Just(ReplayMode::DryRun), Just(ReplayMode::Execute)]
}

fn wide_u128() -> impl Strategy<Value = u128> {
    prop_oneof![
        any::<u128>(),
        any::<u64>().prop_map(u128::from),
        Just(u128::from(u64::MAX) + 1),
        Just(u128::MAX),
        Just(0),
    ]
}

fn action() -> impl Strategy<Value = ReplayAuditAction> {
    (text(), text(), text(), text(), text(), text(), text()).prop_map(
        |(action, role, input_lane, output_lane, stage, target, decision)| ReplayAuditAction {
            action,
            role,
            input_lane,
            output_lane,
            stage,
            target,
            decision,
        },
    )
}

prop_compose! {
    fn input()(
        journal_lane in text(),
        journal_path in text(),
        last_n in any::<u64>(),
        scanned_records in any::<u64>(),
        selected_bytes in any::<u64>(),
        sample_sha256 in vec(text(), 0..5),
    ) -> ReplayAuditInput {
        ReplayAuditInput { journal_lane, journal_path, last_n, scanned_records, selected_bytes, sample_sha256 }
    }
}

prop_compose! {
    fn audit()(
        created_unix_ms in wide_u128(),
        bundle_dir in text(),
        spec_sha256 in text(),
        input in input(),
        env in text(),
        approval_provided in any::<bool>(),
        mode in mode(),
        actions in vec(action(), 0..5),
    ) -> ReplayAudit {
        ReplayAudit {
            audit_v: AuditV1,
            created_unix_ms,
            bundle_dir,
            spec_sha256,
            input,
            policy: ReplayAuditPolicy { env, approval_provided, mode },
            actions,
        }
    }
}

fn bytes(w: Written) -> Vec<u8> {
    match w {
        Written::File(b) => b,
        Written::Directory(_) => panic!("replay_audit is a one-file family"),
    }
}

proptest! {
    #[test]
    fn typed_write_then_read_is_identity(doc in audit()) {
        let out = bytes(ReplayAuditV1::write(&doc).expect("document renders"));
        let back = ReplayAuditV1::read(Input::Bytes(&out), &Limits::default());
        prop_assert_eq!(back.as_ref(), Ok(&doc));
        // The canonical form is a fixed point.
        prop_assert_eq!(bytes(ReplayAuditV1::write(&doc).expect("document renders")), out);
    }

    #[test]
    fn model_write_then_read_is_identity(doc in audit()) {
        let fam = family("replay_audit", Some("v1")).expect("registered");
        let model = serde_json::to_value(&doc).expect("serializes");
        // The model carries the u128 as its exact digits, never a float.
        prop_assert_eq!(model["created_unix_ms"].to_string(), doc.created_unix_ms.to_string());
        let out = bytes(fam.write(&model).expect("a valid model writes"));
        prop_assert_eq!(fam.read(Input::Bytes(&out), &Limits::default()), Ok(model));
    }
}

#[test]
fn a_model_with_another_version_does_not_write() {
    let fam = family("replay_audit", Some("v1")).expect("registered");
    let mut model: serde_json::Value = serde_json::from_str(include_str!(
        "../../../corpus/replay_audit/v1/maximal/expected.json"
    ))
    .expect("corpus model parses");
    assert!(fam.write(&model).is_ok());
    model["audit_v"] = serde_json::json!(2);
    assert!(fam.write(&model).is_err(), "audit_v 2 is not a v1 model");
}

//! Property: every valid policy audit record survives write-then-read
//! unchanged, typed and through the registry's model interface. The
//! strategies generate only records the format allows (D-PA-*): version 1,
//! the constant stage failure policy, one outcome, one model member.

mod strategies;

use conformkit_reference::families::policy_audit::PolicyAuditV1;
use conformkit_reference::family::Format;
use conformkit_reference::{family, Input, Limits, Written};
use proptest::prelude::*;
use strategies::policy_audit as record;

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

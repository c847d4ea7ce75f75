//! Property: every valid spec_validation.json document (D-SV-1: the field of
//! its outcome only) survives write-then-read unchanged, typed and through
//! the registry's normalized model.

mod strategies;

use conformkit_reference::families::spec_validation::SpecValidationV1;
use conformkit_reference::family::Format;
use conformkit_reference::{family, Input, Limits, Written};
use proptest::prelude::*;
use strategies::spec_validation;

fn bytes(w: Written) -> Vec<u8> {
    match w {
        Written::File(b) => b,
        Written::Directory(_) => panic!("spec_validation is a one-file family"),
    }
}

proptest! {
    #[test]
    fn typed_write_then_read_is_identity(doc in spec_validation()) {
        let out = bytes(SpecValidationV1::write(&doc).expect("document renders"));
        prop_assert_eq!(SpecValidationV1::read(Input::Bytes(&out), &Limits::default()), Ok(doc));
    }

    #[test]
    fn model_write_then_read_is_identity(doc in spec_validation()) {
        let fam = family("spec_validation", Some("v1")).expect("registered");
        let model = serde_json::to_value(&doc).expect("serializes");
        let out = bytes(fam.write(&model).expect("a valid model writes"));
        prop_assert_eq!(fam.read(Input::Bytes(&out), &Limits::default()), Ok(model));
    }
}

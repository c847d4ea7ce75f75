//! Property: every valid `runpack_export` tool input and output (seed 003's
//! closed schemas, integers within ±(2^53-1), digests of 64 lowercase hex
//! digits, a manifest name that is a runpack-relative path, a report that
//! agrees with its manifest by the +1 rule: D-RP-3, 4, 7, 9)
//! survives write-then-read unchanged, typed and through the registry's
//! normalized model, integers exact.

mod strategies;

use conformkit_reference::families::runpack_export_input::RunpackExportInputV1;
use conformkit_reference::families::runpack_export_output::RunpackExportOutputV1;
use conformkit_reference::family::Format;
use conformkit_reference::{family, Input, Limits, Written};
use proptest::prelude::*;
use strategies::{export_input, export_output};

fn bytes(w: Written) -> Vec<u8> {
    match w {
        Written::File(b) => b,
        Written::Directory(_) => panic!("a runpack_export document is one file"),
    }
}

proptest! {
    #[test]
    fn input_typed_write_then_read_is_identity(doc in export_input()) {
        let out = bytes(RunpackExportInputV1::write(&doc).expect("document renders"));
        prop_assert_eq!(RunpackExportInputV1::read(Input::Bytes(&out), &Limits::default()), Ok(doc));
    }

    #[test]
    fn input_model_write_then_read_is_identity(doc in export_input()) {
        let fam = family("runpack_export_input", Some("v1")).expect("registered");
        let model = serde_json::to_value(&doc).expect("serializes");
        // Integers are exact digits in the model, never floats.
        prop_assert_eq!(model["tenant_id"].to_string(), doc.tenant_id.to_string());
        prop_assert_eq!(model["generated_at"]["value"].to_string(), doc.generated_at.value.to_string());
        let out = bytes(fam.write(&model).expect("a valid model writes"));
        prop_assert_eq!(fam.read(Input::Bytes(&out), &Limits::default()), Ok(model));
    }

    #[test]
    fn output_typed_write_then_read_is_identity(doc in export_output()) {
        let out = bytes(RunpackExportOutputV1::write(&doc).expect("document renders"));
        prop_assert_eq!(RunpackExportOutputV1::read(Input::Bytes(&out), &Limits::default()), Ok(doc));
    }

    #[test]
    fn output_model_write_then_read_is_identity(doc in export_output()) {
        let fam = family("runpack_export_output", Some("v1")).expect("registered");
        let model = serde_json::to_value(&doc).expect("serializes");
        prop_assert_eq!(
            model["manifest"]["namespace_id"].to_string(),
            doc.manifest.namespace_id.to_string()
        );
        let out = bytes(fam.write(&model).expect("a valid model writes"));
        prop_assert_eq!(fam.read(Input::Bytes(&out), &Limits::default()), Ok(model));
    }
}

//! Property: every valid incident bundle survives write-then-read unchanged,
//! typed and through the registry's normalized model, its members written to
//! a real directory. The bundle is composed from the member strategies:
//! spec.kv keys in the KV key syntax (D-KV-6) with line-free values,
//! optional runtime_config text (D-IB-4), and a snapshot object only beside
//! a parsed spec of its model (D-IB-5), numbers kept as written (D-IB-6).

mod strategies;

use conformkit_reference::families::incident_bundle::IncidentBundleV1;
use conformkit_reference::family::Format;
use conformkit_reference::{family, Input, Limits, Written};
use proptest::prelude::*;
use std::path::Path;
use strategies::incident_bundle;

/// Writes a directory artifact's files under `dir`.
fn materialize(written: Written, dir: &Path) {
    let Written::Directory(files) = written else {
        panic!("a bundle is a directory");
    };
    for (name, bytes) in files {
        assert!(
            !name.contains('/'),
            "members sit directly in the bundle root"
        );
        std::fs::write(dir.join(name), bytes).expect("temp dir writable");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn typed_write_then_read_is_identity(doc in incident_bundle()) {
        let tmp = tempfile::tempdir().expect("temp dir");
        materialize(IncidentBundleV1::write(&doc).expect("a valid bundle writes"), tmp.path());
        prop_assert_eq!(IncidentBundleV1::read(Input::Dir(tmp.path()), &Limits::default()), Ok(doc));
    }

    #[test]
    fn model_write_then_read_is_identity(doc in incident_bundle()) {
        let fam = family("incident_bundle", Some("v1")).expect("registered");
        let model = serde_json::to_value(&doc).expect("serializes");
        let tmp = tempfile::tempdir().expect("temp dir");
        materialize(fam.write(&model).expect("a valid model writes"), tmp.path());
        prop_assert_eq!(fam.read(Input::Dir(tmp.path()), &Limits::default()), Ok(model));
    }
}

//! Fuzz property: the DataGuard report KV reader. Any bytes end in a model or a
//! classified error; an accepted model survives write-then-read unchanged.

use conformkit_reference::{family, Input, Limits, Written};

/// The property this target asserts on one input (panics on a violation).
pub fn check(data: &[u8]) {
    let fam = family("dataguard_report", None).expect("dataguard_report is registered");
    let limits = Limits::default();
    if let Ok(model) = fam.read(Input::Bytes(data), &limits) {
        let Ok(Written::File(bytes)) = fam.write(&model) else {
            panic!("an accepted model must be writable as one file");
        };
        let again = fam
            .read(Input::Bytes(&bytes), &limits)
            .expect("writer output reads back");
        assert_eq!(again, model, "round trip changed the model");
    }
}

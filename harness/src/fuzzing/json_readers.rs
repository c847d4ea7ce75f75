//! Fuzz property: every JSON family reader. The first byte picks the family
//! (by id, `select::JSON_FAMILIES`),
//! the rest is the document. Any bytes end in a model or a classified error;
//! an accepted model survives write-then-read unchanged.

use conformkit_reference::{Input, Limits, Written};

/// The property this target asserts on one input (panics on a violation).
pub fn check(data: &[u8]) {
    let Some((&selector, doc)) = data.split_first() else {
        return;
    };
    let fam = super::select::json_family(selector);
    let limits = Limits::default();
    if let Ok(model) = fam.read(Input::Bytes(doc), &limits) {
        let Ok(Written::File(bytes)) = fam.write(&model) else {
            panic!(
                "{}: an accepted model must be writable as one file",
                fam.info().id
            );
        };
        let again = fam
            .read(Input::Bytes(&bytes), &limits)
            .expect("writer output reads back");
        assert_eq!(
            again,
            model,
            "{}: round trip changed the model",
            fam.info().id
        );
    }
}

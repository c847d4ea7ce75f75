//! The JSON family a `json_readers` / `json_schema_differential` input is
//! read as: its first byte indexes a fixed list of family ids, so adding a
//! family to the registry (or reordering it) never repoints saved
//! regressions or corpora. New families are appended, never inserted.

use conformkit_reference::{family, Family};

/// Selector byte `n` picks `JSON_FAMILIES[n % len]`. Append only.
pub const JSON_FAMILIES: &[&str] = &[
    "spec_validation",
    "runtime",
    "environment",
    "replay_audit",
    "policy_audit",
    "compile_report",
    "runpack_export_input",
    "runpack_export_output",
];

/// The family a selector byte picks (its newest registered version).
pub fn json_family(selector: u8) -> &'static dyn Family {
    let id = JSON_FAMILIES[selector as usize % JSON_FAMILIES.len()];
    family(id, None).expect("every JSON_FAMILIES id is registered")
}

/// The selector byte that picks `id`, if it is a fuzzed JSON family.
pub fn selector_of(id: &str) -> Option<u8> {
    JSON_FAMILIES.iter().position(|f| *f == id).map(|i| i as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use conformkit_reference::{all_families, Shape};
    use std::collections::BTreeSet;

    #[test]
    fn the_list_is_exactly_the_registered_json_families() {
        let registered: BTreeSet<&str> = all_families()
            .iter()
            .filter(|f| f.info().shape == (Shape::File { ext: "json" }))
            .map(|f| f.info().id)
            .collect();
        let listed: BTreeSet<&str> = JSON_FAMILIES.iter().copied().collect();
        assert_eq!(listed.len(), JSON_FAMILIES.len(), "an id is listed twice");
        assert_eq!(listed, registered);
    }

    #[test]
    fn saved_regressions_keep_their_family() {
        // The first bytes of the inputs under fuzz/regressions/: what they
        // were saved as must still be what they select.
        assert_eq!(json_family(5).info().id, "compile_report");
        assert_eq!(json_family(6).info().id, "runpack_export_input");
        assert_eq!(json_family(1).info().id, "runtime");
        assert_eq!(json_family(8 + 2).info().id, "environment");
        assert_eq!(selector_of("runpack_export_output"), Some(7));
    }
}

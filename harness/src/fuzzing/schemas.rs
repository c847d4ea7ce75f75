//! The JSON Schemas `json_schema_differential` validates against, embedded
//! at build time so the target runs anywhere (a fuzzing runner has no
//! checkout beside the binary).

/// `(family id, version, schema text)` for every fuzzed JSON family.
pub const SCHEMAS: &[(&str, &str, &str)] = &[
    (
        "spec_validation",
        "v1",
        include_str!("../../../corpus/spec_validation/v1/schema.json"),
    ),
    (
        "runtime",
        "v1",
        include_str!("../../../corpus/runtime/v1/schema.json"),
    ),
    (
        "environment",
        "v1",
        include_str!("../../../corpus/environment/v1/schema.json"),
    ),
    (
        "replay_audit",
        "v1",
        include_str!("../../../corpus/replay_audit/v1/schema.json"),
    ),
    (
        "policy_audit",
        "v1",
        include_str!("../../../corpus/policy_audit/v1/schema.json"),
    ),
    (
        "compile_report",
        "v1",
        include_str!("../../../corpus/compile_report/v1/schema.json"),
    ),
    (
        "runpack_export_input",
        "v1",
        include_str!("../../../corpus/runpack_export_input/v1/schema.json"),
    ),
    (
        "runpack_export_output",
        "v1",
        include_str!("../../../corpus/runpack_export_output/v1/schema.json"),
    ),
];

/// The embedded schema of `id` at `version`.
pub fn schema(id: &str, version: &str) -> Option<&'static str> {
    SCHEMAS
        .iter()
        .find(|(i, v, _)| *i == id && *v == version)
        .map(|(_, _, text)| *text)
}

#[cfg(test)]
mod tests {
    use super::schema;
    use crate::fuzzing::select::json_family;

    #[test]
    fn every_fuzzed_family_has_its_schema_as_on_disk() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
        for selector in 0..super::super::select::JSON_FAMILIES.len() as u8 {
            let info = json_family(selector).info();
            let on_disk = std::fs::read_to_string(
                corpus.join(info.id).join(info.version).join("schema.json"),
            )
            .unwrap();
            assert_eq!(
                schema(info.id, info.version),
                Some(on_disk.as_str()),
                "{}",
                info.id
            );
        }
    }
}

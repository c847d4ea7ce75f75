//! The corpus covers every case kind the contract asks for, in every family:
//! each registered family has a corpus, and each has at least one case
//! tagged with every required kind for its shape.

use conformkit::corpus::{default_root, load_corpus, Case};
use conformkit_reference::{all_families, Shape};
use std::collections::BTreeSet;

const JSON_KINDS: &[&str] = &[
    "minimal",
    "maximal",
    "missing-field",
    "wrong-type",
    "null",
    "extra-fields",
    "bom",
    "invalid-utf8",
    "crlf",
];
const KV_KINDS: &[&str] = &[
    "minimal",
    "maximal",
    "missing-field",
    "wrong-type",
    "bound",
    "extra-fields",
    "future-version",
    "bom",
    "invalid-utf8",
    "crlf",
    "kv-eq-in-value",
    "kv-duplicate-key",
    "kv-blank-lines",
    "kv-no-trailing-newline",
    "kv-whitespace",
];

#[test]
fn every_family_has_every_case_kind() {
    let root = default_root();
    let cases = load_corpus(&root).expect("corpus loads");
    let mut missing = Vec::new();
    for fam in all_families() {
        let info = fam.info();
        let mine: Vec<&Case> = cases
            .iter()
            .filter(|c| c.family == info.id && c.version == info.version)
            .collect();
        let tags: BTreeSet<&str> = mine
            .iter()
            .flat_map(|c| c.meta.tags.iter().map(String::as_str))
            .collect();
        let mut wanted: Vec<&str> = match info.shape {
            Shape::File { ext: "kv" } => KV_KINDS.to_vec(),
            Shape::File { .. } => JSON_KINDS.to_vec(),
            Shape::Directory => vec!["minimal", "maximal", "missing-file", "extra-fields"],
        };
        if let Shape::File { ext: "json" } = info.shape {
            let schema =
                std::fs::read_to_string(root.join(info.id).join(info.version).join("schema.json"))
                    .unwrap_or_default();
            if schema.contains("\"integer\"") {
                wanted.push("bound");
            }
            if schema.contains("\"enum\"") {
                wanted.push("enum");
            }
            if info.version_marker.is_some() {
                wanted.push("future-version");
            }
        }
        for kind in wanted {
            if !tags.contains(kind) {
                missing.push(format!(
                    "{}/{}: no case tagged `{kind}`",
                    info.id, info.version
                ));
            }
        }
    }
    assert!(missing.is_empty(), "coverage gaps:\n{}", missing.join("\n"));
}

#[test]
fn every_case_has_a_registered_family() {
    let cases = load_corpus(&default_root()).expect("corpus loads");
    for case in &cases {
        assert!(
            conformkit_reference::family(&case.family, Some(&case.version)).is_some(),
            "{}: no registered family",
            case.id
        );
    }
}

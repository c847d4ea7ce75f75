//! The shipped JSON Schemas load in ajv (`Ajv2020`, default options, which
//! are strict; again with `strictRequired`), and ajv's verdict on every case
//! of every JSON family follows the schema-agreement rules (`schema_rules`,
//! as schema_agreement.rs for the Rust validator). One run of
//! `tools/ajv/schema_verdicts.mjs` judges every case. ajv reads numbers as
//! doubles: a case holding an integer literal beyond 2^53-1, where a double
//! no longer tells neighbouring integers apart, may differ and is listed
//! instead (D-ALL-10). Needs Node.js 20 and the ajv version
//! `tools/ajv/package.json` pins (`npm ci --prefix tools/ajv`; .ci/run
//! does it): without it the test skips with a notice, and fails when
//! `CI=true` (tests/requirement).

mod requirement;
mod schema_rules;

use conformkit::corpus::default_root;
use schema_rules::{describe, json_cases, Agreement};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// What the script prints.
#[derive(Deserialize)]
struct Verdicts {
    ajv: String,
    verdicts: BTreeMap<String, bool>,
    unsafe_integers: BTreeSet<String>,
}

#[test]
fn ajv_loads_every_schema_and_agrees_with_the_reader() {
    let root = default_root();
    let dir = root.join("../tools/ajv");
    let dir = dir.canonicalize().unwrap_or(dir);
    let Some(node) = requirement::require_or_skip(
        "ajv_loads_every_schema_and_agrees_with_the_reader",
        requirement::ajv(&dir),
        requirement::INSTALL_AJV,
    ) else {
        return;
    };
    let script = dir.join("schema_verdicts.mjs");
    let out = match Command::new(node).arg(&script).arg(&root).output() {
        Ok(o) if o.status.success() => o,
        Ok(o) => panic!(
            "{} failed ({}): {}",
            script.display(),
            o.status,
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => panic!("node does not run: {e}"),
    };
    let ajv: Verdicts =
        serde_json::from_slice(&out.stdout).expect("the script prints its verdicts");
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("package.json")).unwrap()).unwrap();
    assert_eq!(
        Some(ajv.ajv.as_str()),
        package["dependencies"]["ajv"].as_str(),
        "the installed ajv is not the pinned one: run `npm ci --prefix tools/ajv`"
    );
    let mut agreement = Agreement::default();
    let mut imprecise = Vec::new();
    let mut seen = 0;
    for rc in json_cases(&root) {
        let by_ajv = *ajv
            .verdicts
            .get(&rc.case.id)
            .unwrap_or_else(|| panic!("ajv did not judge {}", rc.case.id));
        seen += 1;
        let differs = (by_ajv != rc.accepted) != rc.case.has_tag("beyond-schema");
        if differs && ajv.unsafe_integers.contains(&rc.case.id) {
            imprecise.push(describe("ajv", &rc.case, by_ajv, rc.accepted));
            continue;
        }
        agreement.judge("ajv", &rc, by_ajv);
    }
    println!(
        "ajv {}: {} cases judged by the rules, {} beyond the schema, {} beyond double precision (of {} with an integer beyond 2^53-1):",
        ajv.ajv,
        agreement.checked,
        agreement.beyond.len(),
        imprecise.len(),
        ajv.unsafe_integers.len()
    );
    for line in &imprecise {
        println!("  {line}");
    }
    assert_eq!(
        seen,
        ajv.verdicts.len(),
        "ajv judged cases the corpus does not have"
    );
    assert!(
        agreement.checked > 500,
        "only {} cases judged",
        agreement.checked
    );
    assert!(
        agreement.disagreements.is_empty(),
        "{}",
        agreement.disagreements.join("\n")
    );
}

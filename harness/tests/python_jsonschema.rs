//! The shipped JSON Schemas load in Python's `jsonschema` without options,
//! and its verdict on every case of every JSON family follows the
//! schema-agreement rules (`schema_rules`, as schema_agreement.rs for the
//! Rust `jsonschema` crate): the reader's verdict, or the other one for a
//! case tagged `beyond-schema`. Python's `json` keeps an unpaired surrogate
//! and the last of two equal keys, as the Rust test's `lenient_json` does.
//! Runs `tools/schema_verdicts.py` once; needs `python3` with `jsonschema`
//! (.ci/run installs it): without it the test skips with a notice, and
//! fails when `CI=true` (tests/requirement).

mod requirement;
mod schema_rules;

use conformkit::corpus::default_root;
use schema_rules::{json_cases, Agreement};
use std::collections::BTreeMap;
use std::process::Command;

#[test]
fn python_jsonschema_loads_every_schema_and_agrees_with_the_reader() {
    let root = default_root();
    let script = root.join("../tools/schema_verdicts.py");
    let Some(python) = requirement::require_or_skip(
        "python_jsonschema_loads_every_schema_and_agrees_with_the_reader",
        requirement::python_jsonschema(),
        requirement::INSTALL_PYTHON_JSONSCHEMA,
    ) else {
        return;
    };
    let out = Command::new(python).arg(&script).arg(&root).output();
    let out = match out {
        Ok(o) if o.status.success() => o,
        Ok(o) => panic!(
            "{} failed ({}): {}",
            script.display(),
            o.status,
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => panic!("python3 does not run: {e}"),
    };
    let python: BTreeMap<String, bool> =
        serde_json::from_slice(&out.stdout).expect("the script prints {id: bool}");
    let mut agreement = Agreement::default();
    for rc in json_cases(&root) {
        let by_python = *python
            .get(&rc.case.id)
            .unwrap_or_else(|| panic!("Python jsonschema did not judge {}", rc.case.id));
        agreement.judge("Python jsonschema", &rc, by_python);
    }
    println!(
        "Python jsonschema: {} cases judged, {} beyond the schema",
        agreement.checked,
        agreement.beyond.len()
    );
    assert_eq!(
        agreement.checked,
        python.len(),
        "the script judged cases the corpus does not have"
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

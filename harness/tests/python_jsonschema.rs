//! The shipped JSON Schemas load in Python's `jsonschema` without options,
//! and it gives every case of every JSON family the same verdict as the Rust
//! `jsonschema` crate that harness/tests/schema_agreement.rs holds against
//! the reference reader (both judge the value a lenient parser gives: an
//! unpaired surrogate kept, the last of two equal keys). Runs
//! `tools/schema_verdicts.py`; needs `python3` with `jsonschema` (.ci/run
//! installs it): without it the test skips with a notice, and fails when
//! `CI=true` (tests/requirement).

mod lenient_json;

mod requirement;

use conformkit::corpus::{default_root, load_corpus};
use std::collections::BTreeMap;
use std::process::Command;

#[test]
fn python_jsonschema_agrees_with_the_rust_validator() {
    let root = default_root();
    let script = root.join("../tools/schema_verdicts.py");
    let Some(python) = requirement::require_or_skip(
        "python_jsonschema_agrees_with_the_rust_validator",
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
    let mut validators = BTreeMap::new();
    let mut differ = Vec::new();
    let mut compared = 0;
    for case in load_corpus(&root).expect("corpus loads") {
        let Some(&by_python) = python.get(&case.id) else {
            continue;
        };
        let key = format!("{}/{}", case.family, case.version);
        let validator = validators.entry(key.clone()).or_insert_with(|| {
            let text = std::fs::read_to_string(root.join(&key).join("schema.json")).unwrap();
            jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
        });
        let bytes = std::fs::read(&case.input).unwrap();
        let by_rust = lenient_json::parse(&bytes).is_some_and(|v| validator.is_valid(&v));
        compared += 1;
        if by_rust != by_python {
            differ.push(format!(
                "{}: Rust jsonschema {by_rust}, Python jsonschema {by_python}",
                case.id
            ));
        }
    }
    assert_eq!(
        compared,
        python.len(),
        "the script judged cases the corpus does not have"
    );
    assert!(compared > 500, "only {compared} cases compared");
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

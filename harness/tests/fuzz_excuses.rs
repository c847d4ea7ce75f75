//! The differential target's excuses (`conformkit::fuzzing::excuses`) hold
//! only at the field and for the rule they concern: a reader bug planted
//! next to an excused literal is still reported.

use conformkit::corpus::{default_root, load_corpus, Expect};
use conformkit::fuzzing::differential::judge;
use conformkit::fuzzing::excuses::{excused, value_at};
use conformkit::fuzzing::select::selector_of;
use conformkit::reference::{ErrorClass, ReadError};
use serde_json::{json, Value};

fn err(class: ErrorClass, path: &str) -> ReadError {
    ReadError::new(class, "planted").at(path)
}

fn doc(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn paths_resolve_to_the_value_the_reader_names() {
    let d = json!({"a": {"b": [1, {"c": 2}]}, "env": [["k", "v"]]});
    assert_eq!(value_at(&d, "a.b[1].c"), Some(&json!(2)));
    assert_eq!(value_at(&d, "env[0][1]"), Some(&json!("v")));
    assert_eq!(value_at(&d, "a.x"), None);
}

#[test]
fn an_integral_fraction_is_excused_only_where_the_reader_points() {
    let d = doc(r#"{"n": 1.0, "m": 2, "e": 1e2, "z": -0}"#);
    for at in ["n", "e", "z"] {
        assert!(
            excused("compile_report", &err(ErrorClass::WrongType, at), &d),
            "{at}"
        );
    }
    // A planted rejection of the plain integer beside them.
    assert!(!excused(
        "compile_report",
        &err(ErrorClass::WrongType, "m"),
        &d
    ));
    // A non-integral number: the schema's `integer` rejects it too, so a
    // reader rejecting it while the schema accepts has no excuse.
    let d = doc(r#"{"note": 1.5, "m": 2}"#);
    assert!(!excused(
        "runtime",
        &err(ErrorClass::InvalidValue, "note"),
        &d
    ));
    assert!(!excused("runtime", &err(ErrorClass::MissingField, "m"), &d));
}

#[test]
fn env_order_is_excused_only_for_an_out_of_order_pair() {
    let unsorted = doc(r#"{"env": [["b", "1"], ["a", "2"]]}"#);
    let sorted = doc(r#"{"env": [["a", "1"], ["b", "2"]]}"#);
    let e = err(ErrorClass::InvalidValue, "env[1]");
    assert!(excused("environment", &e, &unsorted));
    assert!(!excused("environment", &e, &sorted));
    assert!(!excused(
        "environment",
        &err(ErrorClass::InvalidValue, "env[0]"),
        &unsorted
    ));
}

#[test]
fn runpack_rules_hold_at_their_own_fields() {
    let fam = "runpack_export_output";
    let bad = doc(r#"{"hash": {"value": "ABC"}, "manifest_version": "v2", "n": 9007199254740993}"#);
    let good = doc(&format!(
        r#"{{"hash": {{"value": "{}"}}, "manifest_version": "v1", "n": 1}}"#,
        "a".repeat(64)
    ));
    let digest = err(ErrorClass::InvalidValue, "hash.value");
    let version = err(ErrorClass::UnsupportedVersion, "manifest_version");
    let big = err(ErrorClass::InvalidValue, "n");
    for e in [&digest, &version, &big] {
        assert!(excused(fam, e, &bad), "{e}");
        assert!(!excused(fam, e, &good), "{e}");
    }
    // The big integer excuse is the runpack families' rule only.
    assert!(!excused("compile_report", &big, &bad));
    // Path syntax excuses no longer cover `.path` or `output_dir`.
    let paths = doc(r#"{"a": {"path": "x"}, "output_dir": "y"}"#);
    assert!(!excused(
        fam,
        &err(ErrorClass::InvalidValue, "a.path"),
        &paths
    ));
    assert!(!excused(
        fam,
        &err(ErrorClass::InvalidValue, "output_dir"),
        &paths
    ));
}

#[test]
fn a_planted_reader_bug_beside_an_excused_literal_is_reported() {
    // A document each family's schema accepts, with an extra member holding
    // a literal the old excuses waved through anywhere in the document.
    let cases = load_corpus(&default_root()).unwrap();
    let mut tried = 0;
    for case in cases
        .iter()
        .filter(|c| c.meta.expect == Expect::Accept && selector_of(&c.family).is_some())
    {
        let Ok(Value::Object(mut map)) =
            serde_json::from_slice(&std::fs::read(&case.input).unwrap())
        else {
            continue;
        };
        let Some(first) = map.keys().next().cloned() else {
            continue;
        };
        map.insert("note".into(), doc("1.0"));
        let bytes = serde_json::to_vec(&Value::Object(map)).unwrap();
        if judge(&case.family, &bytes, Ok(())).is_err() {
            continue; // The schema refuses the extra member: nothing to plant.
        }
        tried += 1;
        let planted = err(ErrorClass::InvalidValue, &first);
        assert!(
            judge(&case.family, &bytes, Err(planted)).is_err(),
            "{}: a rejection at {first} hidden by \"note\": 1.0",
            case.id
        );
    }
    assert!(tried > 0, "no family's schema takes an extra member");
}

#[test]
fn the_plus_one_excuse_holds_only_when_the_report_breaks_the_rule() {
    let output = |status: &str, count: &str, errors: &str| {
        doc(&format!(
            r#"{{"manifest": {{"artifacts": [
                  {{"kind": "scenario_spec", "path": "a.json"}},
                  {{"kind": "decision_log", "path": "b.json"}},
                  {{"kind": "verifier_report", "path": "verifier_report.json"}}],
                "integrity": {{"file_hashes": [
                  {{"path": "a.json"}}, {{"path": "b.json"}}, {{"path": "verifier_report.json"}}]}}}},
              "report": {{"status": "{status}", "checked_files": {count}, "errors": {errors}}}}}"#
        ))
    };
    let at_report = err(ErrorClass::InvalidValue, "report");
    // Broken: a pass that counts the report itself, a fail without errors.
    assert!(excused(
        "runpack_export_output",
        &at_report,
        &output("pass", "3", "[]")
    ));
    assert!(excused(
        "runpack_export_output",
        &at_report,
        &output("fail", "2", "[]")
    ));
    // The count written as any integral literal the schema's `integer`
    // takes (a fuzz finding: `-0` in a pass over 3 files).
    for count in ["-0", "3.0", "3e0"] {
        assert!(
            excused(
                "runpack_export_output",
                &at_report,
                &output("pass", count, "[]")
            ),
            "{count}"
        );
    }
    assert!(!excused(
        "runpack_export_output",
        &at_report,
        &output("pass", "2.0", "[]")
    ));
    // Consistent reports: a reader that rejects them is reported.
    assert!(!excused(
        "runpack_export_output",
        &at_report,
        &output("pass", "2", "[]")
    ));
    assert!(!excused(
        "runpack_export_output",
        &at_report,
        &output("fail", "1", r#"["x"]"#)
    ));
    // The same rejection in another family is not excused either.
    assert!(!excused(
        "runpack_export_input",
        &at_report,
        &output("pass", "3", "[]")
    ));
}

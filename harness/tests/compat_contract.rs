//! Contract rules over whole schema sets beyond the schema diff: removing a
//! family's version marker is a finding that no bump lowers (the family
//! becomes unversioned), in place and across a new major folder; a version
//! folder added without accept and reject corpus cases is a finding.

use conformkit::compat::{run, Level, Options, Report, SourceSpec};
use serde_json::{json, Value};
use std::path::Path;

fn write(root: &Path, rel: &str, value: &Value) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, value.to_string()).unwrap();
}

fn gate(old: &Path, new: &Path) -> Report {
    gate_with(old, new, false)
}

fn gate_with(old: &Path, new: &Path, replay: bool) -> Report {
    run(&Options {
        old: SourceSpec::Dir(old.to_path_buf()),
        new: SourceSpec::Dir(new.to_path_buf()),
        repo: ".".into(),
        corpus_path: "corpus".into(),
        fail_on: Level::Error,
        replay,
        limits: Default::default(),
    })
    .expect("gate runs")
}

fn marked() -> Value {
    json!({"type": "object",
           "properties": {"audit_v": {"type": "integer", "const": 1, "x-version-marker": true},
                          "env": {"type": "string"}},
           "required": ["audit_v"]})
}

fn unmarked() -> Value {
    json!({"type": "object", "properties": {"env": {"type": "string"}}})
}

fn removed(r: &Report) -> Vec<(&str, &str, Level, Option<&str>)> {
    r.findings
        .iter()
        .filter(|f| f.rule == "CK-VERSION-MARKER-REMOVED")
        .map(|f| {
            (
                f.version.as_str(),
                f.path.as_str(),
                f.level,
                f.bump.as_deref(),
            )
        })
        .collect()
}

#[test]
fn removing_the_version_marker_in_place_is_an_error() {
    let (old, new) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write(old.path(), "audit/v1/schema.json", &marked());
    write(new.path(), "audit/v1/schema.json", &unmarked());
    let r = gate(old.path(), new.path());
    assert_eq!(removed(&r), [("v1", "audit_v", Level::Error, None)]);
    assert!(!r.passed);
}

#[test]
fn a_new_major_folder_without_marker_is_not_accepted_by_its_bump() {
    let (old, new) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write(old.path(), "audit/v1/schema.json", &marked());
    write(new.path(), "audit/v1/schema.json", &marked());
    write(new.path(), "audit/v2/schema.json", &unmarked());
    let r = gate(old.path(), new.path());
    assert_eq!(removed(&r), [("v2", "audit_v", Level::Error, None)]);
    assert!(!r.passed, "{:?}", r.findings);
    // The other findings of the bumped comparison are still lowered.
    assert!(r
        .findings
        .iter()
        .filter(|f| f.rule != "CK-VERSION-MARKER-REMOVED")
        .all(|f| f.level == Level::Info));
}

#[test]
fn keeping_the_marker_gives_no_such_finding() {
    let (old, new) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write(old.path(), "audit/v1/schema.json", &marked());
    write(new.path(), "audit/v1/schema.json", &marked());
    let r = gate(old.path(), new.path());
    assert!(removed(&r).is_empty());
    assert!(r.passed);
}

/// A case folder: `accept` with an expected model, or `reject`.
fn case(root: &Path, id: &str, accept: bool) {
    let dir = root.join(id);
    let meta = if accept {
        json!({"description": "d", "expect": "accept", "seed": "s", "since": "v1"})
    } else {
        json!({"description": "d", "expect": "reject", "error_class": "invalid_value", "seed": "s", "since": "v1"})
    };
    write(&dir, "case.json", &meta);
    write(&dir, "input.json", &json!({"audit_v": 1}));
    if accept {
        write(&dir, "expected.json", &json!({"audit_v": 1}));
    }
}

fn coverage(r: &Report) -> Vec<(&str, &str)> {
    r.findings
        .iter()
        .filter(|f| f.rule == "CK-CORPUS-COVERAGE-MISSING")
        .map(|f| (f.version.as_str(), f.level.as_str()))
        .collect()
}

#[test]
fn a_version_added_without_reject_cases_is_a_finding() {
    let (old, new) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for root in [old.path(), new.path()] {
        write(root, "audit/v1/schema.json", &marked());
        case(root, "audit/v1/ok", true);
        case(root, "audit/v1/bad", false);
    }
    let mut v2 = marked();
    v2["properties"]["audit_v"]["const"] = json!(2);
    write(new.path(), "audit/v2/schema.json", &v2);
    case(new.path(), "audit/v2/ok", true);
    let r = gate_with(old.path(), new.path(), true);
    assert_eq!(coverage(&r), [("v2", "error")]);
    assert!(r
        .findings
        .iter()
        .any(|f| f.message.contains("no reject case")));
    assert!(!r.passed);

    // With a reject case too, the new version is covered.
    case(new.path(), "audit/v2/bad", false);
    let r = gate_with(old.path(), new.path(), true);
    assert_eq!(coverage(&r), []);
}

/// A schema set whose new revision declares another dialect is refused
/// (exit 2), not compared with 2020-12 meanings.
#[test]
fn a_dialect_change_stops_the_gate() {
    let (old, new) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write(old.path(), "audit/v1/schema.json", &marked());
    let mut draft7 = marked();
    draft7["$schema"] = json!("http://json-schema.org/draft-07/schema#");
    write(new.path(), "audit/v1/schema.json", &draft7);
    let err = run(&Options {
        old: SourceSpec::Dir(old.path().to_path_buf()),
        new: SourceSpec::Dir(new.path().to_path_buf()),
        repo: ".".into(),
        corpus_path: "corpus".into(),
        fail_on: Level::Error,
        replay: false,
        limits: Default::default(),
    })
    .expect_err("refused");
    assert!(
        err.0.contains("audit/v1/schema.json") && err.0.contains("2020-12"),
        "{err}"
    );
}

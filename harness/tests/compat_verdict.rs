//! The contract over whole schema sets (directory mode): breaking changes
//! fail unless a major version bump accepts them (a new version folder, or
//! a higher version marker); families and versions added or removed;
//! `--fail-on`; and exit 2 when a schema cannot be read.

use conformkit::compat::{run, Level, Options, Report, SourceSpec};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

fn write(root: &Path, rel: &str, value: &Value) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, value.to_string()).unwrap();
}

fn audit(marker: Value, required: &[&str]) -> Value {
    let ty = if marker.is_string() {
        "string"
    } else {
        "integer"
    };
    json!({"type": "object",
           "properties": {
               "audit_v": {"type": ty, "const": marker, "x-version-marker": true},
               "env": {"type": "string"},
               "mode": {"type": "string", "enum": ["dry_run", "execute"]}},
           "required": required})
}

fn gate(old: &Path, new: &Path) -> Report {
    run(&Options {
        old: SourceSpec::Dir(old.to_path_buf()),
        new: SourceSpec::Dir(new.to_path_buf()),
        repo: ".".into(),
        corpus_path: "corpus".into(),
        fail_on: Level::Error,
        replay: false,
        limits: Default::default(),
    })
    .expect("gate runs")
}

/// `(rule, version, level, bump)` of every finding.
fn summary(report: &Report) -> Vec<(String, String, &'static str, Option<String>)> {
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.to_string(),
                f.version.clone(),
                f.level.as_str(),
                f.bump.clone(),
            )
        })
        .collect()
}

fn pair() -> (tempfile::TempDir, tempfile::TempDir) {
    let old = tempfile::tempdir().unwrap();
    let new = tempfile::tempdir().unwrap();
    write(
        old.path(),
        "audit/v1/schema.json",
        &audit(json!(1), &["audit_v", "env"]),
    );
    (old, new)
}

#[test]
fn breaking_change_without_bump_fails() {
    let (old, new) = pair();
    write(
        new.path(),
        "audit/v1/schema.json",
        &audit(json!(1), &["audit_v", "env", "mode"]),
    );
    let r = gate(old.path(), new.path());
    assert_eq!(
        summary(&r),
        [("CK-FIELD-NOW-REQUIRED".into(), "v1".into(), "error", None)]
    );
    assert!(!r.passed);
    assert_eq!(r.exit_code, 100);
}

#[test]
fn new_major_version_folder_accepts_breaking_changes() {
    let (old, new) = pair();
    write(
        new.path(),
        "audit/v1/schema.json",
        &audit(json!(1), &["audit_v", "env"]),
    );
    write(
        new.path(),
        "audit/v2/schema.json",
        &audit(json!(2), &["audit_v", "env", "mode"]),
    );
    let r = gate(old.path(), new.path());
    let bump = Some("v1 → v2".to_string());
    assert_eq!(
        summary(&r),
        [
            ("CK-VERSION-ADDED".into(), "v2".into(), "info", None),
            (
                "CK-VERSION-MARKER-CHANGED".into(),
                "v2".into(),
                "info",
                bump.clone()
            ),
            (
                "CK-FIELD-NOW-REQUIRED".into(),
                "v2".into(),
                "info",
                bump.clone()
            ),
        ]
    );
    let marker = &r.findings[1];
    assert_eq!(
        (marker.rule_level, marker.path.as_str()),
        (Level::Error, "audit_v")
    );
    assert_eq!(r.findings[2].old_version.as_deref(), Some("v1"));
    assert!(r.passed);
    assert_eq!(r.exit_code, 0);
}

#[test]
fn new_major_folder_must_change_the_marker() {
    let (old, new) = pair();
    write(
        new.path(),
        "audit/v1/schema.json",
        &audit(json!(1), &["audit_v", "env"]),
    );
    write(
        new.path(),
        "audit/v2/schema.json",
        &audit(json!(1), &["audit_v", "env", "mode"]),
    );
    let r = gate(old.path(), new.path());
    let bump = Some("v1 → v2".to_string());
    assert_eq!(
        summary(&r),
        [
            ("CK-VERSION-ADDED".into(), "v2".into(), "info", None),
            (
                "CK-VERSION-MARKER-UNCHANGED".into(),
                "v2".into(),
                "error",
                None
            ),
            ("CK-FIELD-NOW-REQUIRED".into(), "v2".into(), "info", bump),
        ]
    );
    assert_eq!(r.findings[1].path, "audit_v");
    assert!(!r.passed);
}

#[test]
fn minor_version_folder_is_no_bump() {
    let (old, new) = pair();
    write(
        new.path(),
        "audit/v1/schema.json",
        &audit(json!(1), &["audit_v", "env"]),
    );
    write(
        new.path(),
        "audit/v1.1/schema.json",
        &audit(json!(1), &["audit_v", "env", "mode"]),
    );
    let r = gate(old.path(), new.path());
    assert_eq!(
        summary(&r),
        [
            ("CK-VERSION-ADDED".into(), "v1.1".into(), "info", None),
            ("CK-FIELD-NOW-REQUIRED".into(), "v1.1".into(), "error", None),
        ]
    );
    assert!(!r.passed);
}

#[test]
fn version_marker_bump_in_place_accepts_breaking_changes() {
    let (old, new) = pair();
    write(
        new.path(),
        "audit/v1/schema.json",
        &audit(json!(2), &["audit_v"]),
    );
    let r = gate(old.path(), new.path());
    let bump = Some("version marker 1 → 2".to_string());
    assert_eq!(
        summary(&r),
        [
            (
                "CK-VERSION-MARKER-CHANGED".into(),
                "v1".into(),
                "info",
                bump.clone()
            ),
            (
                "CK-FIELD-NOW-OPTIONAL".into(),
                "v1".into(),
                "info",
                bump.clone()
            ),
        ]
    );
    assert!(r.passed);

    // Lowering the marker is no bump.
    let r = gate(new.path(), old.path());
    assert_eq!(r.findings.len(), 2);
    assert!(r
        .findings
        .iter()
        .all(|f| f.level == Level::Error && f.bump.is_none()));
    assert!(!r.passed);

    // String markers: the first number is the major version.
    let (old, new) = pair();
    write(
        old.path(),
        "audit/v1/schema.json",
        &audit(json!("v1"), &["audit_v", "env"]),
    );
    write(
        new.path(),
        "audit/v1/schema.json",
        &audit(json!("v1.1"), &["audit_v"]),
    );
    let r = gate(old.path(), new.path());
    assert_eq!(r.findings.len(), 2, "{:?}", summary(&r));
    assert!(
        r.findings.iter().all(|f| f.level == Level::Error),
        "{:?}",
        summary(&r)
    );
}

#[test]
fn families_and_versions_added_and_removed() {
    let (old, new) = pair();
    write(
        old.path(),
        "gone/v1/schema.json",
        &json!({"type": "object"}),
    );
    write(
        old.path(),
        "audit/v0/schema.json",
        &audit(json!(0), &["audit_v"]),
    );
    write(
        new.path(),
        "audit/v1/schema.json",
        &audit(json!(1), &["audit_v", "env"]),
    );
    write(
        new.path(),
        "fresh/v1/schema.json",
        &json!({"type": "object"}),
    );
    let r = gate(old.path(), new.path());
    assert_eq!(
        summary(&r),
        [
            ("CK-VERSION-REMOVED".into(), "v0".into(), "error", None),
            ("CK-FAMILY-ADDED".into(), "v1".into(), "info", None),
            ("CK-FAMILY-REMOVED".into(), "v1".into(), "error", None),
        ]
    );
    let families: Vec<&str> = r.findings.iter().map(|f| f.family.as_str()).collect();
    assert_eq!(families, ["audit", "fresh", "gone"]);
}

fn binary(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .arg("compat")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn fail_on_threshold_and_could_not_run() {
    let (old, new) = pair();
    // Only an optional field removed from an open object: warn.
    let mut s = audit(json!(1), &["audit_v", "env"]);
    s["properties"].as_object_mut().unwrap().remove("mode");
    write(new.path(), "audit/v1/schema.json", &s);
    let (o, n) = (old.path().to_str().unwrap(), new.path().to_str().unwrap());
    let out = binary(&["--old", o, "--new", n, "--skip-corpus"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("warn  CK-FIELD-REMOVED-OPTIONAL audit/v1 mode"));
    let out = binary(&["--old", o, "--new", n, "--skip-corpus", "--fail-on", "warn"]);
    assert_eq!(out.status.code(), Some(100));

    // An unreadable schema: exit 2, naming the file.
    write(
        new.path(),
        "audit/v1/schema.json",
        &json!({"type": "integer", "x-width": "u7"}),
    );
    let out = binary(&["--old", o, "--new", n, "--skip-corpus"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("audit/v1/schema.json") && err.contains("u7"),
        "{err}"
    );

    // A version folder without a schema: exit 2.
    std::fs::remove_file(new.path().join("audit/v1/schema.json")).unwrap();
    std::fs::create_dir_all(new.path().join("audit/v1/some-case")).unwrap();
    let out = binary(&["--old", o, "--new", n, "--skip-corpus"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no schema"));
}

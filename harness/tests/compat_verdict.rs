//! The contract over whole schema sets (directory mode): breaking changes
//! fail unless a major version bump accepts them (a new version folder, or
//! a higher version marker); families and versions added or removed;
//! `--fail-on`; a bundle's version through its version carrier; and exit 2
//! when a schema cannot be read.

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
    let bump = Some("version folder v1 → v2".to_string());
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
    // The spoiled bump accepts nothing: the other findings keep their level.
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
            ("CK-FIELD-NOW-REQUIRED".into(), "v2".into(), "error", None),
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
    let bump = Some("version marker `audit_v` 1 → 2".to_string());
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

/// A bundle schema whose members `audit.json` and `other.json` are read by
/// the given family versions, carrying its version in `carrier`; `extra`
/// adds members.
fn bundle(carrier: Option<&str>, audit: &str, other: &str, extra: Value) -> Value {
    let mut files = json!({
        "audit.json": {"presence": "required", "family": audit},
        "other.json": {"presence": "required", "family": other}
    });
    files
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let mut b = json!({"format": "conformkit-bundle-schema/1", "open": true, "files": files});
    if let Some(c) = carrier {
        b["version_carrier"] = json!(c);
    }
    b
}

/// Old set: `audit/v1` (marker 1), `other/v1` (marker `"o1"`) and a bundle
/// `incident/v1` carried by `audit.json`.
fn bundle_pair() -> (tempfile::TempDir, tempfile::TempDir) {
    let (old, new) = pair();
    for root in [old.path(), new.path()] {
        write(
            root,
            "audit/v1/schema.json",
            &audit(json!(1), &["audit_v", "env"]),
        );
        write(
            root,
            "other/v1/schema.json",
            &audit(json!("o1"), &["audit_v"]),
        );
    }
    write(
        old.path(),
        "incident/v1/schema.bundle.json",
        &bundle(Some("audit.json"), "audit/v1", "other/v1", json!({})),
    );
    (old, new)
}

fn required_extra() -> Value {
    json!({"extra.json": {"presence": "required", "family": "json"}})
}

#[test]
fn a_bump_of_the_carrier_marker_bumps_the_bundle() {
    // In place: audit/v1's marker 1 → 2.
    let (old, new) = bundle_pair();
    write(
        new.path(),
        "audit/v1/schema.json",
        &audit(json!(2), &["audit_v", "env"]),
    );
    write(
        new.path(),
        "incident/v1/schema.bundle.json",
        &bundle(Some("audit.json"), "audit/v1", "other/v1", required_extra()),
    );
    let r = gate(old.path(), new.path());
    // The bundle's bump names the carrier's marker.
    let bump = Some("version marker `audit.json:audit_v` 1 → 2".to_string());
    assert_eq!(
        summary(&r),
        [
            (
                "CK-VERSION-MARKER-CHANGED".into(),
                "v1".into(),
                "info",
                Some("version marker `audit_v` 1 → 2".to_string())
            ),
            (
                "CK-BUNDLE-FILE-ADDED-REQUIRED".into(),
                "v1".into(),
                "info",
                bump.clone()
            ),
        ]
    );
    assert!(r.passed);
    let incident = r.compared.iter().find(|c| c.family == "incident").unwrap();
    assert_eq!(incident.bump, bump);

    // The same bundle change without the bump fails.
    let (old, new) = bundle_pair();
    write(
        new.path(),
        "incident/v1/schema.bundle.json",
        &bundle(Some("audit.json"), "audit/v1", "other/v1", required_extra()),
    );
    let r = gate(old.path(), new.path());
    assert_eq!(
        summary(&r),
        [(
            "CK-BUNDLE-FILE-ADDED-REQUIRED".into(),
            "v1".into(),
            "error",
            None
        )]
    );

    // By reading the carrier with a newer family version: audit/v1 → audit/v2.
    let (old, new) = bundle_pair();
    write(
        new.path(),
        "audit/v2/schema.json",
        &audit(json!(2), &["audit_v"]),
    );
    write(
        new.path(),
        "incident/v1/schema.bundle.json",
        &bundle(Some("audit.json"), "audit/v2", "other/v1", json!({})),
    );
    let r = gate(old.path(), new.path());
    let rules: Vec<_> = summary(&r)
        .into_iter()
        .filter(|f| f.0.starts_with("CK-BUNDLE"))
        .collect();
    assert_eq!(
        rules,
        [("CK-BUNDLE-FILE-RETYPED".into(), "v1".into(), "info", bump)]
    );
}

#[test]
fn a_new_major_bundle_folder_must_move_the_carrier_marker() {
    let (old, new) = bundle_pair();
    write(
        new.path(),
        "incident/v1/schema.bundle.json",
        &bundle(Some("audit.json"), "audit/v1", "other/v1", json!({})),
    );
    write(
        new.path(),
        "incident/v2/schema.bundle.json",
        &bundle(Some("audit.json"), "audit/v1", "other/v1", required_extra()),
    );
    let r = gate(old.path(), new.path());
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
            (
                "CK-BUNDLE-FILE-ADDED-REQUIRED".into(),
                "v2".into(),
                "error",
                None
            ),
        ]
    );
    assert_eq!(r.findings[1].path, "audit.json:audit_v");
}

#[test]
fn a_moved_carrier_is_accepted_only_when_old_readers_see_the_bump() {
    // incident/v2 carries its version in other.json (read as other/v2, "o2"),
    // while audit.json, where v1 readers look, still says 1.
    let (old, new) = bundle_pair();
    write(
        new.path(),
        "other/v2/schema.json",
        &audit(json!("o2"), &["audit_v"]),
    );
    write(
        new.path(),
        "incident/v1/schema.bundle.json",
        &bundle(Some("audit.json"), "audit/v1", "other/v1", json!({})),
    );
    write(
        new.path(),
        "incident/v2/schema.bundle.json",
        &bundle(Some("other.json"), "audit/v1", "other/v2", json!({})),
    );
    let r = gate(old.path(), new.path());
    let carrier: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "CK-BUNDLE-CARRIER-CHANGED")
        .collect();
    assert_eq!(carrier.len(), 1, "{:?}", summary(&r));
    assert_eq!(
        (
            carrier[0].level,
            carrier[0].bump.as_deref(),
            carrier[0].path.as_str()
        ),
        (Level::Error, None, "version_carrier")
    );
    assert!(!r.passed);

    // audit.json read as audit/v2 (marker 2): v1 readers refuse v2 bundles.
    write(
        new.path(),
        "audit/v2/schema.json",
        &audit(json!(2), &["audit_v"]),
    );
    write(
        new.path(),
        "incident/v2/schema.bundle.json",
        &bundle(Some("other.json"), "audit/v2", "other/v2", json!({})),
    );
    let r = gate(old.path(), new.path());
    let carrier = r
        .findings
        .iter()
        .find(|f| f.rule == "CK-BUNDLE-CARRIER-CHANGED")
        .unwrap();
    assert_eq!(
        (carrier.level, carrier.rule_level, carrier.bump.as_deref()),
        (Level::Info, Level::Error, Some("version folder v1 → v2"))
    );
    assert!(r.passed, "{:?}", summary(&r));
}

#[test]
fn a_carrier_without_a_marker_stops_the_gate() {
    let (old, new) = bundle_pair();
    write(
        new.path(),
        "plain/v1/schema.json",
        &json!({"type": "object"}),
    );
    for missing in ["plain/v1", "absent/v1"] {
        write(
            new.path(),
            "incident/v1/schema.bundle.json",
            &bundle(Some("audit.json"), missing, "other/v1", json!({})),
        );
        let err = run(&Options {
            old: SourceSpec::Dir(old.path().to_path_buf()),
            new: SourceSpec::Dir(new.path().to_path_buf()),
            repo: ".".into(),
            corpus_path: "corpus".into(),
            fail_on: Level::Error,
            replay: false,
            limits: Default::default(),
        })
        .unwrap_err();
        assert!(
            err.0.contains("incident/v1/schema.bundle.json") && err.0.contains(missing),
            "{err}"
        );
    }
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

//! The schema-change gate in git-revision mode, end to end through the
//! binary: a temporary repository with two commits (JSON, KV and bundle
//! schemas changed, a family added, an old corpus case whose expectation
//! this build's reader no longer meets), compared as revisions; the JSON
//! report is checked against harness/schemas/compat.schema.json.

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

const GIT_ENV: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
];

fn git(repo: &Path, args: &[&str]) {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(repo).args([
        "-c",
        "user.name=compat test",
        "-c",
        "user.email=compat@test.invalid",
        "-c",
        "commit.gpgsign=false",
        "-c",
        "init.defaultBranch=main",
    ]);
    for v in GIT_ENV {
        cmd.env_remove(v);
    }
    let out = cmd
        .args(args)
        .output()
        .expect("git runs (the gate needs git)");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn write(path: &Path, value: &Value) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn compat(repo: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_conformkit"));
    for v in GIT_ENV {
        cmd.env_remove(v);
    }
    cmd.arg("compat")
        .arg("--repo")
        .arg(repo)
        .args(args)
        .output()
        .expect("conformkit runs")
}

fn widget(required: &[&str], count_width: &str, count_max: Value) -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "owner": {"type": "string"},
            "count": {"type": "integer", "minimum": 0, "maximum": count_max, "x-width": count_width}
        },
        "required": required
    })
}

/// Builds the repository: commit 1 (old) and commit 2 (new).
fn repository(dir: &Path) -> usize {
    let corpus = dir.join("corpus");
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/runtime/v1");
    copy_dir(&real, &corpus.join("runtime/v1"));
    let real_cases = std::fs::read_dir(&real)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("case.json").is_file())
        .count();
    // An old case whose expected model the current reader does not produce.
    let stale = corpus.join("runtime/v1/stale-model");
    write(
        &stale.join("case.json"),
        &json!({"description": "expects a model the reader no longer produces", "expect": "accept",
                "tags": [], "seed": "test", "since": "v1"}),
    );
    write(
        &stale.join("input.json"),
        &json!({"crate": {"name": "a", "version": "1"}}),
    );
    write(
        &stale.join("expected.json"),
        &json!({"crate": {"name": "a", "version": "2"}}),
    );
    // widget: open object; `owner` declared but optional; u64 count.
    let old_widget = {
        let mut w = widget(&["name", "count"], "u64", json!(18446744073709551615u64));
        w["properties"].as_object_mut().unwrap().remove("owner");
        w
    };
    write(&corpus.join("widget/v1/schema.json"), &old_widget);
    // A case of a family this build has no reader for: not replayed, warned.
    let orphan = corpus.join("widget/v1/name-missing");
    write(
        &orphan.join("case.json"),
        &json!({"description": "no name", "expect": "reject", "error_class": "missing_field",
                "tags": ["missing-field"], "seed": "test", "since": "v1"}),
    );
    write(&orphan.join("input.json"), &json!({"count": 1}));
    write(
        &corpus.join("gauge/v1/schema.kv.json"),
        &json!({"format": "conformkit-kv-schema/1", "version_key": "gauge.v", "open": true,
                "keys": {"gauge.v": {"type": "u32", "required": true, "const": "1"}}}),
    );
    write(
        &corpus.join("box/v1/schema.bundle.json"),
        &json!({"format": "conformkit-bundle-schema/1", "open": true, "files": {
            "runtime.json": {"presence": "required", "family": "runtime/v1"},
            "notes.txt": {"presence": "conditional", "family": "text", "when": "notes were taken"}}}),
    );
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "old"]);

    // The new commit.
    write(
        &corpus.join("widget/v1/schema.json"),
        &widget(
            &["name", "count", "owner"],
            "u128",
            json!(340282366920938463463374607431768211455u128),
        ),
    );
    write(
        &corpus.join("gauge/v1/schema.kv.json"),
        &json!({"format": "conformkit-kv-schema/1", "version_key": "gauge.v", "open": true,
                "keys": {"gauge.v": {"type": "u32", "required": true, "const": "1"},
                         "gauge.unit": {"type": "string", "required": false}}}),
    );
    write(
        &corpus.join("box/v1/schema.bundle.json"),
        &json!({"format": "conformkit-bundle-schema/1", "open": true, "files": {
            "runtime.json": {"presence": "required", "family": "runtime/v1"},
            "notes.txt": {"presence": "required", "family": "text"}}}),
    );
    write(
        &corpus.join("dial/v1/schema.json"),
        &json!({"type": "object"}),
    );
    std::fs::remove_dir_all(&stale).unwrap();
    std::fs::remove_dir_all(&orphan).unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "new"]);
    real_cases + 1
}

fn findings(report: &Value) -> BTreeSet<(String, String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                format!(
                    "{}/{}",
                    f["family"].as_str().unwrap(),
                    f["version"].as_str().unwrap()
                ),
                f["path"].as_str().unwrap().to_string(),
                f["level"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn set(items: &[(&str, &str, &str, &str)]) -> BTreeSet<(String, String, String, String)> {
    items
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect()
}

#[test]
fn git_revisions_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    let old_cases = repository(repo);

    let out = compat(
        repo,
        &["--old", "HEAD~1", "--new", "HEAD", "--format", "json"],
    );
    assert_eq!(
        out.status.code(),
        Some(100),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let expected = set(&[
        ("CK-FIELD-ADDED-REQUIRED", "widget/v1", "owner", "error"),
        ("CK-INT-WIDENED", "widget/v1", "count", "error"),
        ("CK-KV-KEY-ADDED-OPTIONAL", "gauge/v1", "gauge.unit", "info"),
        ("CK-BUNDLE-FILE-REQUIRED", "box/v1", "notes.txt", "error"),
        ("CK-FAMILY-ADDED", "dial/v1", "", "info"),
        // A family added without accept and reject cases.
        ("CK-CORPUS-COVERAGE-MISSING", "dial/v1", "", "error"),
        (
            "CK-CORPUS-OUTCOME-CHANGED",
            "runtime/v1",
            "stale-model",
            "error",
        ),
        ("CK-CORPUS-NO-READER", "widget/v1", "", "warn"),
    ]);
    assert_eq!(findings(&report), expected, "{report:#}");
    assert_eq!(report["old"]["kind"], "git");
    assert_eq!(report["old"]["commit"].as_str().unwrap().len(), 40);
    assert_eq!(report["corpus"]["checked"], old_cases);
    assert_eq!(report["corpus"]["changed"], 1);
    assert_eq!(report["corpus"]["without_reader"], 1);
    assert_eq!(report["summary"], json!({"error": 5, "warn": 1, "info": 2}));
    let owner = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "CK-FIELD-ADDED-REQUIRED")
        .unwrap();
    assert_eq!(owner["file"], "corpus/widget/v1/schema.json");
    // The line and column of `"owner"` in the pretty-printed new schema.
    assert_eq!((&owner["line"], &owner["column"]), (&json!(13), &json!(5)));
    assert_eq!(
        (owner["forward"].as_str(), owner["backward"].as_str()),
        (Some("ok"), Some("breaking"))
    );

    // The report matches its published schema.
    let schema_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/compat.schema.json"),
    )
    .unwrap();
    let schema: Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "report does not match compat.schema.json: {errors:?}"
    );

    // GitHub annotations point at the lines of the schema files.
    let out = compat(
        repo,
        &["--old", "HEAD~1", "--new", "HEAD", "--format", "github"],
    );
    assert_eq!(out.status.code(), Some(100));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().any(|l| l.starts_with(
            "::error file=corpus/widget/v1/schema.json,line=13,col=5,title=CK-FIELD-ADDED-REQUIRED widget/v1 owner::"
        )),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with(
            "::notice file=corpus/gauge/v1/schema.kv.json,line=4,col=5,title=CK-KV-KEY-ADDED-OPTIONAL"
        )),
        "{text}"
    );
    assert!(
        text.lines()
            .filter(|l| l.starts_with("::"))
            .all(|l| l.contains(",line=")),
        "every annotation has a line: {text}"
    );
    assert!(text.lines().last().unwrap().contains("FAIL"), "{text}");

    // A revision against a directory holding the same tree: the same findings.
    let out = compat(
        repo,
        &[
            "--old",
            "git:HEAD~1",
            "--new",
            &format!("dir:{}", repo.display()),
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(100));
    let mixed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(findings(&mixed), expected);
    assert_eq!(mixed["new"]["kind"], "dir");

    // A revision against itself: nothing, exit 0.
    let out = compat(repo, &["--old", "HEAD", "--new", "HEAD"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("0 finding(s)"), "{text}");

    // Could not run: exit 2 with the reason.
    let out = compat(repo, &["--old", "no-such-branch", "--new", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-branch"));
    let out = compat(
        repo,
        &[
            "--old",
            "HEAD~1",
            "--new",
            "HEAD",
            "--corpus-path",
            "nowhere",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere"));
    let elsewhere = tempfile::tempdir().unwrap();
    let out = compat(elsewhere.path(), &["--old", "HEAD~1", "--new", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
}

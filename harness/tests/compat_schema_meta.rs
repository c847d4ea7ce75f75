//! The schema-change gate reads a schema's gate keywords from
//! `schema.meta.json` as it reads them inline (corpus/SCHEMAS.md): the
//! repository's schema set in the sidecar form and in the inline form
//! (directories, and git revisions before and after a move to the sidecar)
//! judge the same, a change made in a sidecar (a width, a version marker) is
//! flagged as it is inline, and a sidecar that names no schema object is a
//! classified error (exit 2) naming the file and the pointer.

use conformkit::compat::schema_meta;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const SCHEMA_FILES: &[&str] = &[
    "schema.json",
    "schema.kv.json",
    "schema.bundle.json",
    schema_meta::FILE,
];

fn corpus() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus")
}

/// The corpus's schema files under `to` (no cases); with `inline`, each
/// sidecar merged into its schema.json instead of copied.
fn schemas(to: &Path, inline: bool) -> usize {
    let mut sidecars = 0;
    for family in std::fs::read_dir(corpus()).unwrap() {
        let family = family.unwrap().path();
        if !family.is_dir() {
            continue;
        }
        for version in std::fs::read_dir(&family).unwrap() {
            let version = version.unwrap().path();
            let dest = to
                .join(family.file_name().unwrap())
                .join(version.file_name().unwrap());
            for name in SCHEMA_FILES {
                let from = version.join(name);
                if !from.is_file() {
                    continue;
                }
                std::fs::create_dir_all(&dest).unwrap();
                if *name == schema_meta::FILE {
                    sidecars += 1;
                    if inline {
                        continue;
                    }
                } else if *name == "schema.json" && inline {
                    let mut schema = read(&from);
                    if let Ok(meta) = std::fs::read(version.join(schema_meta::FILE)) {
                        let meta = serde_json::from_slice(&meta).unwrap();
                        schema_meta::merge(&mut schema, &meta).unwrap();
                    }
                    write(&dest.join(name), &schema);
                    continue;
                }
                std::fs::copy(&from, dest.join(name)).unwrap();
            }
        }
    }
    sidecars
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn write(path: &Path, value: &Value) {
    std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
}

fn compat(repo: &Path, old: &str, new: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .args([
            "compat",
            "--skip-corpus",
            "--format",
            "json",
            "--corpus-path",
            ".",
        ])
        .arg("--repo")
        .arg(repo)
        .args(["--old", old, "--new", new])
        .output()
        .unwrap()
}

/// The rule ids the gate reported (exit 0 or 100), sorted.
fn rules(out: &Output) -> Vec<String> {
    assert!(
        matches!(out.status.code(), Some(0 | 100)),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut ids: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn sidecar_and_inline_forms_judge_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let (side, inline) = (tmp.path().join("side"), tmp.path().join("inline"));
    assert!(
        schemas(&side, false) >= 3,
        "the corpus keeps its gate keywords in sidecars"
    );
    schemas(&inline, true);
    let (s, i) = (side.to_str().unwrap(), inline.to_str().unwrap());
    assert_eq!(rules(&compat(tmp.path(), i, s)), Vec::<String>::new());
    assert_eq!(rules(&compat(tmp.path(), s, i)), Vec::<String>::new());

    // Without its sidecars the set loses what the gate judges: the bundle's
    // version carrier has no version marker any more.
    let bare = tmp.path().join("bare");
    schemas(&bare, false);
    for meta in ["environment", "policy_audit", "replay_audit"] {
        std::fs::remove_file(bare.join(meta).join("v1").join(schema_meta::FILE)).unwrap();
    }
    let out = compat(tmp.path(), i, bare.to_str().unwrap());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_change_in_a_sidecar_is_flagged_as_inline() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    schemas(&old, false);
    schemas(&new, false);
    let env = new.join("environment/v1").join(schema_meta::FILE);
    let mut meta = read(&env);
    meta["annotations"]["/properties/pid"]["x-width"] = "u64".into();
    write(&env, &meta);
    let replay = new.join("replay_audit/v1").join(schema_meta::FILE);
    let mut meta = read(&replay);
    meta["annotations"]["/properties/audit_v"]
        .as_object_mut()
        .unwrap()
        .remove("x-version-marker");
    write(&replay, &meta);
    let found = rules(&compat(
        tmp.path(),
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ));
    assert!(found.contains(&"CK-INT-WIDENED".to_string()), "{found:?}");
    assert!(
        found.contains(&"CK-VERSION-MARKER-REMOVED".to_string()),
        "{found:?}"
    );
}

#[test]
fn a_sidecar_naming_no_schema_object_is_a_classified_error() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    schemas(&old, false);
    schemas(&new, false);
    let env = new.join("environment/v1").join(schema_meta::FILE);
    let mut meta = read(&env);
    meta["annotations"]["/properties/gone"] = serde_json::json!({"x-width": "u8"});
    write(&env, &meta);
    let out = compat(tmp.path(), old.to_str().unwrap(), new.to_str().unwrap());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("environment/v1/schema.meta.json: annotations `/properties/gone`: names nothing in schema.json"),
        "{err}"
    );
}

fn git(repo: &Path, args: &[&str]) {
    let out = Command::new("git")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .arg("-C")
        .arg(repo)
        .args([
            "-c",
            "user.name=compat test",
            "-c",
            "user.email=compat@test.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git runs (the gate needs git)");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn git_revisions_in_either_form_judge_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    git(repo, &["init", "-q"]);
    schemas(&repo.join("corpus"), true);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "inline"]);
    std::fs::remove_dir_all(repo.join("corpus")).unwrap();
    schemas(&repo.join("corpus"), false);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "sidecar"]);
    let out = Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .args(["compat", "--skip-corpus", "--format", "json"])
        .arg("--repo")
        .arg(repo)
        .args(["--old", "git:HEAD~1", "--new", "git:HEAD"])
        .env_remove("GIT_DIR")
        .output()
        .unwrap();
    assert_eq!(rules(&out), Vec::<String>::new());
}

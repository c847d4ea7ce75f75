//! The `conformkit` binary on its own, as `cargo install` or a CI step
//! leaves it: copied into an empty folder, run there with no source tree
//! in reach (no `./corpus`, no `CONFORMKIT_CORPUS`), it certifies the
//! reference against the corpus built into it, and that corpus has the
//! fingerprint of the repository's `corpus/`. `--corpus`,
//! `CONFORMKIT_CORPUS` and a checkout's `./corpus` still override it, and
//! `corpus export` writes the
//! corpus as plain files with a manifest whose sums match the files.

mod support;

use conformkit::corpus::{fingerprint, load_corpus};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{OnceLock, RwLock};

/// Held for writing while a binary is copied and for reading while a child
/// is spawned: a fork during the copy would inherit the file open for
/// writing and make its exec fail with "Text file busy".
static SPAWN: RwLock<()> = RwLock::new(());
use support::TempCorpus;

/// The fingerprint of the repository's corpus (the one `build.rs` embedded).
fn source_fingerprint() -> &'static str {
    static PRINT: OnceLock<String> = OnceLock::new();
    PRINT.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
        fingerprint(&load_corpus(&root).unwrap()).unwrap()
    })
}

/// An empty folder holding only a copy of the built binary.
struct Installed {
    dir: tempfile::TempDir,
}

impl Installed {
    fn new() -> Installed {
        let dir = tempfile::tempdir().unwrap();
        {
            let _copying = SPAWN.write().unwrap();
            std::fs::copy(
                env!("CARGO_BIN_EXE_conformkit"),
                dir.path().join("conformkit"),
            )
            .unwrap();
        }
        std::fs::create_dir(dir.path().join("tmp")).unwrap();
        Installed { dir }
    }

    /// Runs the copy from its own folder, without the corpus variable and
    /// with its own `TMPDIR`.
    fn run(&self, args: &[&str], env: &[(&str, &Path)]) -> Output {
        let mut command = Command::new(self.dir.path().join("conformkit"));
        command
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("CONFORMKIT_CORPUS")
            .env("TMPDIR", self.path("tmp"));
        for (key, value) in env {
            command.env(key, value);
        }
        let child = {
            let _spawning = SPAWN.read().unwrap();
            command
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        child.wait_with_output().unwrap()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
}

fn results_of(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("results.json")).unwrap()).unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn one_case_corpus() -> TempCorpus {
    let corpus = TempCorpus {
        dir: tempfile::tempdir().unwrap(),
    };
    corpus.runtime_case("only", "{", Err("syntax"));
    corpus
}

#[test]
fn a_copied_binary_certifies_the_reference_from_an_empty_folder() {
    let bin = Installed::new();
    let out = bin.run(&["certify", "--report-dir", "out"], &[]);
    let text = stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains(&format!(
            "corpus: built into this binary ({})",
            source_fingerprint()
        )),
        "{text}"
    );
    let results = results_of(&bin.path("out"));
    assert_eq!(results["corpus"]["fingerprint"], source_fingerprint());
    let cases = load_corpus(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus")).unwrap();
    assert_eq!(results["corpus"]["cases"], cases.len());
    // The corpus was unpacked under TMPDIR and is gone once the command ends.
    let leftover: Vec<_> = std::fs::read_dir(bin.path("tmp")).unwrap().collect();
    assert!(leftover.is_empty(), "{leftover:?}");
}

#[test]
fn the_version_names_the_built_in_corpus() {
    let bin = Installed::new();
    let out = bin.run(&["--version"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("(corpus {})", source_fingerprint())),
        "{text}"
    );
}

#[test]
fn the_corpus_flag_and_variable_override_the_built_in_corpus() {
    let bin = Installed::new();
    let corpus = one_case_corpus();
    let flag = corpus.root().to_str().unwrap();
    let out = bin.run(&["certify", "--corpus", flag, "--report-dir", "flag"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(!stdout(&out).contains("built into this binary"));
    assert_eq!(results_of(&bin.path("flag"))["corpus"]["cases"], 1);

    let out = bin.run(
        &["certify", "--report-dir", "env"],
        &[("CONFORMKIT_CORPUS", corpus.root())],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let results = results_of(&bin.path("env"));
    assert_eq!(results["corpus"]["cases"], 1);
    assert_ne!(results["corpus"]["fingerprint"], source_fingerprint());

    // A checkout's ./corpus (it has DECISIONS.md) also comes first.
    let local = bin.path("corpus/runtime/v1/only");
    std::fs::create_dir_all(&local).unwrap();
    for file in ["case.json", "input.json"] {
        std::fs::copy(
            corpus.root().join("runtime/v1/only").join(file),
            local.join(file),
        )
        .unwrap();
    }
    std::fs::write(bin.path("corpus/DECISIONS.md"), "# decisions\n").unwrap();
    let out = bin.run(&["certify", "--report-dir", "local"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(!stdout(&out).contains("built into this binary"));
    assert_eq!(results_of(&bin.path("local"))["corpus"]["cases"], 1);
}

/// Every file the manifest lists, checked against its SHA-256 or link target.
fn check_manifest(root: &Path, manifest: &Value) -> usize {
    let mut checked = 0;
    for case in manifest["cases"].as_array().unwrap() {
        let dir = root.join(case["path"].as_str().unwrap());
        assert!(dir.join("case.json").is_file(), "{case}");
        for file in case["files"].as_array().unwrap() {
            let path = dir.join(file["path"].as_str().unwrap());
            if let Some(target) = file["symlink"].as_str() {
                assert_eq!(std::fs::read_link(&path).unwrap(), Path::new(target));
            } else {
                let sum = hex::encode(Sha256::digest(std::fs::read(&path).unwrap()));
                assert_eq!(file["sha256"], sum, "{}", path.display());
            }
            checked += 1;
        }
    }
    checked
}

#[test]
fn corpus_export_writes_plain_files_and_a_manifest_of_sums() {
    let bin = Installed::new();
    let out = bin.run(&["corpus", "export", "--out", "export"], &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let root = bin.path("export");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(root.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["format"], conformkit::corpus::MANIFEST_FORMAT);
    assert_eq!(manifest["fingerprint"], source_fingerprint());
    // The exported folder is the same corpus, symlinks and all.
    let exported = load_corpus(&root).unwrap();
    assert_eq!(fingerprint(&exported).unwrap(), source_fingerprint());
    let ids: Vec<&str> = manifest["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = exported.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, expected);
    assert!(check_manifest(&root, &manifest) > exported.len());
    let links = manifest["cases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["files"].as_array().unwrap())
        .filter(|f| f.get("symlink").is_some())
        .count();
    assert!(
        links > 0,
        "the corpus's symlink cases are exported as links"
    );

    // A tampered file no longer matches its sum.
    let first = &manifest["cases"][0];
    let victim = root.join(first["path"].as_str().unwrap()).join("case.json");
    std::fs::write(&victim, "{}").unwrap();
    let caught = std::panic::catch_unwind(|| check_manifest(&root, &manifest));
    assert!(caught.is_err(), "check_manifest must see the changed bytes");
}

#[test]
fn corpus_export_refuses_a_folder_that_is_not_empty() {
    let bin = Installed::new();
    std::fs::create_dir(bin.path("busy")).unwrap();
    std::fs::write(bin.path("busy/keep.txt"), "mine").unwrap();
    let out = bin.run(&["corpus", "export", "--out", "busy"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("busy") && err.contains("not empty"), "{err}");
    assert_eq!(
        std::fs::read_to_string(bin.path("busy/keep.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn an_unusable_temporary_folder_is_a_clear_usage_error() {
    let bin = Installed::new();
    let missing = bin.path("no-such-dir");
    let out = bin.run(&["list"], &[("TMPDIR", &missing)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot create a temporary folder for the built-in corpus")
            && err.contains("no-such-dir")
            && err.contains("--corpus DIR"),
        "{err}"
    );
}

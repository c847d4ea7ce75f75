//! Shared by the certify tests: small temporary corpora, the Python test
//! adapters under `tests/fixtures/adapters/`, and running the built
//! `conformkit certify` with its `results.json` checked against
//! `harness/schemas/results.schema.json`.

#![allow(dead_code)]

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The Python interpreter itself (not a shim), so startup stays fast.
pub fn python() -> &'static str {
    static PYTHON: OnceLock<String> = OnceLock::new();
    PYTHON.get_or_init(|| {
        Command::new("python3")
            .args(["-c", "import sys; print(sys.executable)"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "python3".to_string())
    })
}

/// Single-quotes `s` for `/bin/sh`.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The directory of the test adapters.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/adapters")
}

/// The `--adapter` command running `script` from the fixtures.
pub fn adapter(script: &str) -> String {
    format!(
        "{} {}",
        sh_quote(python()),
        sh_quote(&fixtures().join(script).display().to_string())
    )
}

/// A corpus in a temporary directory.
pub struct TempCorpus {
    pub dir: tempfile::TempDir,
}

impl TempCorpus {
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Adds `runtime/v1/<name>` with `input.json` = `input`; `expected` is
    /// the model for an accept case, `class` the class for a reject case.
    pub fn runtime_case(&self, name: &str, input: &str, outcome: Result<Value, &str>) {
        let dir = self.root().join("runtime/v1").join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("input.json"), input).unwrap();
        let meta = match &outcome {
            Ok(model) => {
                std::fs::write(dir.join("expected.json"), model.to_string()).unwrap();
                json!({"description": name, "expect": "accept", "tags": [], "seed": "test", "since": "v1"})
            }
            Err(class) => {
                json!({"description": name, "expect": "reject", "error_class": class, "tags": [], "seed": "test", "since": "v1"})
            }
        };
        std::fs::write(dir.join("case.json"), meta.to_string()).unwrap();
    }
}

fn runtime_model(name: &str, version: &str) -> Value {
    json!({"crate": {"name": name, "version": version}})
}

fn runtime_input(name: &str, version: &str) -> String {
    runtime_model(name, version).to_string()
}

/// Four runtime/v1 cases in id order; the second one's input contains
/// `victim` (the faulty adapters misbehave on it):
/// `a-first` (accept), `b-victim` (accept), `c-after` (reject
/// missing_field), `d-last` (accept).
pub fn fault_corpus() -> TempCorpus {
    let corpus = TempCorpus {
        dir: tempfile::tempdir().unwrap(),
    };
    corpus.runtime_case(
        "a-first",
        &runtime_input("first", "1.0.0"),
        Ok(runtime_model("first", "1.0.0")),
    );
    corpus.runtime_case(
        "b-victim",
        &runtime_input("victim", "2.0.0"),
        Ok(runtime_model("victim", "2.0.0")),
    );
    corpus.runtime_case(
        "c-after",
        "{\"crate\": {\"name\": \"after\"}}",
        Err("missing_field"),
    );
    corpus.runtime_case(
        "d-last",
        &runtime_input("last", "4.0.0"),
        Ok(runtime_model("last", "4.0.0")),
    );
    corpus
}

/// One `conformkit certify` run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    /// `results.json`, when written; always schema-checked.
    pub results: Option<Value>,
    pub report_dir: tempfile::TempDir,
}

impl Run {
    pub fn results(&self) -> &Value {
        self.results.as_ref().unwrap_or_else(|| {
            panic!(
                "no results.json (exit {}):\n{}\n{}",
                self.code, self.stdout, self.stderr
            )
        })
    }

    /// The result of case `id`.
    pub fn case(&self, id: &str) -> &Value {
        self.results()["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("no case {id} in the results"))
    }

    /// `id` -> outcome, for every case.
    pub fn outcomes(&self) -> Vec<(String, String)> {
        self.results()["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["id"].as_str().unwrap().to_string(),
                    c["outcome"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
}

/// Runs `conformkit certify <args> --report-dir <tmp>` with `env` added.
pub fn certify(args: &[&str], env: &[(&str, &str)]) -> Run {
    let report_dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .arg("certify")
        .args(args)
        .arg("--report-dir")
        .arg(report_dir.path())
        // The repository's corpus in place (what the built-in one is made
        // from), so runs do not unpack the built-in copy each time; `env`
        // or `--corpus` still override it.
        .env("CONFORMKIT_CORPUS", conformkit::corpus::default_root())
        .envs(env.iter().copied())
        .output()
        .expect("conformkit runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !stderr.contains("unrecognized subcommand 'certify'"),
        "{} is a build without `certify`: another worktree sharing CARGO_TARGET_DIR rebuilt it; rerun",
        env!("CARGO_BIN_EXE_conformkit")
    );
    let results_path = report_dir.path().join("results.json");
    let results = std::fs::read_to_string(&results_path).ok().map(|text| {
        let value: Value = serde_json::from_str(&text).expect("results.json is JSON");
        check_results_schema(&value);
        value
    });
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr,
        results,
        report_dir,
    }
}

/// Asserts `value` is valid against `harness/schemas/results.schema.json`.
pub fn check_results_schema(value: &Value) {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/results.schema.json");
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        jsonschema::validator_for(&schema).expect("results schema compiles")
    });
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "results.json does not match its schema:\n{}",
        errors.join("\n")
    );
}

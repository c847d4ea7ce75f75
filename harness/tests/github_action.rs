//! The GitHub Action's run step (`.github/actions/conformkit.sh`, called by
//! `action.yml`) run locally with GitHub's files (`GITHUB_STEP_SUMMARY`,
//! `GITHUB_OUTPUT`, `RUNNER_TEMP`) pointed at temporary files and the
//! built binary as `conformkit`: the summary gets `report.md` appended, the
//! outputs are set, failing cases become `::error` annotations, the report
//! folder holds the reports and the SARIF log, and the step exits with
//! conformkit's code. Also: `action.yml` passes every input the script reads.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{adapter, fault_corpus, TempCorpus};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn script() -> PathBuf {
    repo().join(".github/actions/conformkit.sh")
}

/// One run of the script and the GitHub files it wrote.
struct Step {
    code: i32,
    stdout: String,
    summary: String,
    outputs: String,
    temp: tempfile::TempDir,
}

impl Step {
    fn output(&self, key: &str) -> &str {
        self.outputs
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("no output {key} in {:?}", self.outputs))
    }

    fn errors(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|l| l.starts_with("::error "))
            .collect()
    }
}

/// Runs the script with `env` and a summary that already has a line in it.
fn step(corpus: Option<&TempCorpus>, env: &[(&str, &str)]) -> Step {
    let temp = tempfile::tempdir().unwrap();
    let summary = temp.path().join("summary.md");
    let outputs = temp.path().join("output.txt");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let mut command = Command::new("bash");
    command
        .arg(script())
        .env("CK_BIN", env!("CARGO_BIN_EXE_conformkit"))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("RUNNER_TEMP", temp.path())
        .env_remove("CONFORMKIT_CORPUS")
        .current_dir(temp.path());
    for var in [
        "CK_COMMAND",
        "CK_ADAPTER",
        "CK_FAMILIES",
        "CK_REPORT_DIR",
        "CK_OLD",
        "CK_NEW",
    ] {
        command.env_remove(var);
    }
    if let Some(corpus) = corpus {
        command.env("CONFORMKIT_CORPUS", corpus.root());
    }
    command.envs(env.iter().copied());
    let out = command.output().unwrap();
    Step {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        summary: std::fs::read_to_string(&summary).unwrap(),
        outputs: std::fs::read_to_string(&outputs).unwrap_or_default(),
        temp,
    }
}

#[test]
fn a_conformant_implementation_passes_with_a_summary_and_outputs() {
    let corpus = fault_corpus();
    let tiny = adapter("tiny.py");
    let step = step(
        Some(&corpus),
        &[("CK_ADAPTER", &tiny), ("CK_FAMILIES", "runtime")],
    );
    assert_eq!(step.code, 0, "{}", step.stdout);
    assert_eq!(step.output("exit-code"), "0");
    let dir = PathBuf::from(step.output("report-dir"));
    assert_eq!(
        dir,
        step.temp.path().join("conformkit-report"),
        "RUNNER_TEMP by default"
    );
    let report = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert_eq!(
        step.summary,
        format!("earlier step\n{report}"),
        "appended, not replaced"
    );
    for file in [
        "results.json",
        "junit.xml",
        "index.html",
        "conformkit.sarif",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    assert!(step.errors().is_empty(), "{}", step.stdout);
    assert!(
        step.stdout.contains("::notice title=conformkit::"),
        "{}",
        step.stdout
    );
}

#[test]
fn failing_cases_fail_the_step_with_annotations() {
    let corpus = fault_corpus();
    let crash = adapter("crash_on_victim.py");
    let report_dir = tempfile::tempdir().unwrap();
    let report_arg = report_dir.path().join("out").display().to_string();
    let step = step(
        Some(&corpus),
        &[
            ("CK_ADAPTER", &crash),
            ("TINY_CLASS", "syntax"),
            ("CK_REPORT_DIR", &report_arg),
            ("CK_LEVEL", "2"),
        ],
    );
    assert_eq!(step.code, 1, "{}", step.stdout);
    assert_eq!(step.output("exit-code"), "1");
    assert_eq!(step.output("report-dir"), report_arg);
    let errors = step.errors();
    assert_eq!(errors.len(), 2, "{}", step.stdout);
    assert!(
        errors[0].starts_with("::error title=conformkit%3A runtime/v1/b-victim::expected accept, the implementation crash"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].contains("runtime/v1/c-after::expected reject (missing_field), the implementation rejected as syntax"),
        "{}",
        errors[1]
    );
    assert!(step.summary.starts_with("earlier step\n") && step.summary.contains("not conformant"));
    let sarif: serde_json::Value = serde_json::from_slice(
        &std::fs::read(Path::new(&report_arg).join("conformkit.sarif")).unwrap(),
    )
    .unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 2);
}

#[test]
fn compat_of_a_tree_with_itself_has_no_findings() {
    let root = format!("dir:{}", repo().display());
    let step = step(
        None,
        &[
            ("CK_COMMAND", "compat"),
            ("CK_OLD", &root),
            ("CK_NEW", &root),
        ],
    );
    assert_eq!(step.code, 0, "{}\n{}", step.stdout, step.summary);
    assert_eq!(step.output("exit-code"), "0");
    assert!(
        step.summary
            .starts_with("earlier step\n## conformkit compat: "),
        "{}",
        step.summary
    );
    let dir = PathBuf::from(step.output("report-dir"));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("compat.json")).unwrap()).unwrap();
    assert!(json.is_object());
    assert!(step.errors().is_empty(), "{}", step.stdout);
}

#[test]
fn usage_errors_exit_2_with_an_annotation() {
    let step_bad = step(None, &[("CK_COMMAND", "bogus")]);
    assert_eq!(step_bad.code, 2);
    assert!(step_bad
        .stdout
        .contains("::error title=conformkit action::unknown command 'bogus'"));
    let step_missing = step(None, &[("CK_COMMAND", "compat")]);
    assert_eq!(step_missing.code, 2);
    assert!(step_missing
        .stdout
        .contains("compat needs the old revision"));
}

/// Every `CK_*` variable the script reads, and every one `action.yml` sets.
fn variables(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("CK_") {
        let name: String = rest[i..]
            .chars()
            .take_while(|c| c.is_ascii_uppercase() || *c == '_')
            .collect();
        out.insert(name);
        rest = &rest[i + 3..];
    }
    out
}

#[test]
fn action_yml_passes_every_input_the_script_reads() {
    let action = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    assert!(action.contains("run: bash \"$GITHUB_ACTION_PATH/.github/actions/conformkit.sh\""));
    let script = std::fs::read_to_string(script()).unwrap();
    let mut read = variables(&script);
    // Set by the install step through PATH, not by an input.
    read.remove("CK_BIN");
    // The env of the run step (the install step has its own).
    let run_step = action
        .split("- name: ")
        .find(|step| step.contains("id: run"))
        .expect("a step with id: run");
    let set: BTreeSet<String> = run_step
        .lines()
        .filter_map(|l| l.trim().split_once(": ${{ inputs."))
        .map(|(name, _)| name.to_string())
        .filter(|name| name.starts_with("CK_"))
        .collect();
    assert_eq!(read, set);
}

/// The input names `action.yml` declares (two-space keys under `inputs:`).
fn declared_inputs(action: &str) -> BTreeSet<String> {
    let inputs = action
        .split_once("\ninputs:\n")
        .and_then(|(_, rest)| rest.split_once("\noutputs:\n"))
        .expect("inputs: then outputs:")
        .0;
    inputs
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.trim().strip_suffix(':'))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_example_workflows_use_declared_inputs_only() {
    let action = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    let declared = declared_inputs(&action);
    assert!(
        declared.contains("adapter") && declared.contains("old"),
        "{declared:?}"
    );
    for example in ["certify-implementation.yml", "schema-gate.yml"] {
        let text = std::fs::read_to_string(repo().join("docs/examples").join(example)).unwrap();
        let (_, with) = text
            .split_once("uses: OWNER/conformkit@REV\n        with:\n")
            .unwrap_or_else(|| panic!("{example}: no step using the action"));
        let used: Vec<&str> = with
            .lines()
            .take_while(|l| l.starts_with("          "))
            .filter_map(|l| l.trim().split_once(':').map(|(k, _)| k))
            .collect();
        assert!(!used.is_empty(), "{example}");
        for input in used {
            assert!(
                declared.contains(input),
                "{example}: `{input}` is not an input of action.yml"
            );
        }
    }
}

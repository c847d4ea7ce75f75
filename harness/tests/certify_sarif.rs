//! `certify --sarif FILE` end to end: the log validates against the
//! SARIF 2.1.0 JSON Schema (`tests/fixtures/sarif/`, formats checked) and
//! holds one result per case that fails the run or is an expected failure,
//! each naming the case id, the expectation and what the implementation
//! did, under the rule of its kind of failure; passing cases get none.

mod support;

use serde_json::{json, Value};
use std::path::Path;
use support::{adapter, certify, fault_corpus};

fn sarif_validator() -> jsonschema::Validator {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif/sarif-schema-2.1.0.json");
    let mut schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    drop_broken_language_pattern(&mut schema);
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// The official schema's pattern for the `language` properties (a stray
/// `]`) is not a valid regex, so the draft-07 meta-schema check refuses to
/// compile it. It is dropped from the in-memory copy only; conformkit never
/// writes a `language`, and every other keyword stays.
fn drop_broken_language_pattern(value: &mut Value) {
    const BROKEN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match value {
        Value::Object(map) => {
            if map.get("pattern").and_then(Value::as_str) == Some(BROKEN) {
                map.remove("pattern");
            }
            map.values_mut().for_each(drop_broken_language_pattern);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_broken_language_pattern),
        _ => {}
    }
}

fn schema_errors(validator: &jsonschema::Validator, log: &Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Certifies `script` on `corpus` with `--sarif`; the exit code and the log.
fn sarif_run(root: &Path, script: &str, extra: &[&str], env: &[(&str, &str)]) -> (i32, Value) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nested/certify.sarif");
    let root = root.display().to_string();
    let command = adapter(script);
    let sarif = out.display().to_string();
    let mut args = vec![
        "--corpus",
        root.as_str(),
        "--adapter",
        command.as_str(),
        "--sarif",
        sarif.as_str(),
    ];
    args.extend_from_slice(extra);
    let run = certify(&args, env);
    let text = std::fs::read_to_string(&out)
        .unwrap_or_else(|e| panic!("no SARIF written ({e}): {}\n{}", run.stdout, run.stderr));
    (
        run.code,
        serde_json::from_str(&text).expect("the SARIF log is JSON"),
    )
}

fn results_by_case(log: &Value) -> Vec<(String, Value)> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["properties"]["caseId"].as_str().unwrap().to_string(),
                r.clone(),
            )
        })
        .collect()
}

#[test]
fn one_valid_result_per_failing_case() {
    let corpus = fault_corpus();
    // The corpus claims a model the input does not give: a wrong model.
    corpus.runtime_case(
        "e-wrong-model",
        r#"{"crate": {"name": "e", "version": "5.0.0"}}"#,
        Ok(json!({"crate": {"name": "not-e", "version": "5.0.0"}})),
    );
    let list = corpus.root().join("xfail.txt");
    std::fs::write(
        &list,
        "runtime/v1/d-last  # thought broken\nruntime/v1/e-wrong-model  # models later\n",
    )
    .unwrap();
    let list = list.display().to_string();
    // b-victim crashes; every rejection says `syntax`, so c-after has the
    // wrong class; d-last passes although listed.
    let (code, log) = sarif_run(
        corpus.root(),
        "crash_on_victim.py",
        &["--expected-failures", &list],
        &[("TINY_CLASS", "syntax")],
    );
    assert_eq!(code, 1);
    let errors = schema_errors(&sarif_validator(), &log);
    assert!(errors.is_empty(), "{errors:#?}\n{log:#}");
    assert_eq!(log["version"], "2.1.0");
    let rules: Vec<&str> = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();

    let results = results_by_case(&log);
    let ids: Vec<&str> = results.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "runtime/v1/b-victim",
            "runtime/v1/c-after",
            "runtime/v1/d-last",
            "runtime/v1/e-wrong-model"
        ],
        "a-first passes and gets no result"
    );
    let expect = [
        (
            "conformkit/fault",
            "expected accept, the implementation crash",
        ),
        (
            "conformkit/wrong-error-class",
            "expected reject (missing_field), the implementation rejected as syntax",
        ),
        ("conformkit/unexpected-pass", "remove it from the list"),
        (
            "conformkit/wrong-verdict",
            "expected accept, the implementation accepted",
        ),
    ];
    for ((id, result), (rule, words)) in results.iter().zip(expect) {
        assert_eq!(result["ruleId"], rule, "{id}");
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index], rule, "{id}: ruleIndex");
        assert_eq!(result["level"], "error");
        let message = result["message"]["text"].as_str().unwrap();
        assert!(
            message.starts_with(&format!("{id}: ")) && message.contains(words),
            "{message}"
        );
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            format!("corpus/{id}/case.json")
        );
        assert_eq!(
            result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            id.as_str()
        );
    }
    // The expected failure is there, suppressed with the list's reason.
    let (_, listed) = &results[3];
    assert_eq!(listed["suppressions"][0]["kind"], "external");
    assert_eq!(listed["suppressions"][0]["justification"], "models later");
    assert!(results[..3]
        .iter()
        .all(|(_, r)| r.get("suppressions").is_none()));
}

#[test]
fn a_clean_run_has_no_results_and_validates() {
    let corpus = fault_corpus();
    let (code, log) = sarif_run(corpus.root(), "tiny.py", &[], &[]);
    assert_eq!(code, 0);
    assert!(schema_errors(&sarif_validator(), &log).is_empty());
    assert_eq!(log["runs"][0]["results"], json!([]));
}

#[test]
fn the_schema_check_rejects_a_broken_log() {
    let corpus = fault_corpus();
    let (_, log) = sarif_run(corpus.root(), "crash_on_victim.py", &[], &[]);
    let validator = sarif_validator();
    assert!(schema_errors(&validator, &log).is_empty());
    let mut bad_level = log.clone();
    bad_level["runs"][0]["results"][0]["level"] = json!("fatal");
    assert!(!schema_errors(&validator, &bad_level).is_empty());
    let mut no_message = log.clone();
    no_message["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!schema_errors(&validator, &no_message).is_empty());
    let mut bad_kind = log.clone();
    bad_kind["runs"][0]["results"][0]["kind"] = json!("broken");
    assert!(!schema_errors(&validator, &bad_kind).is_empty());
    let mut bad_uri = log;
    bad_uri["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"] = json!("http://[not a host/");
    assert!(
        !schema_errors(&validator, &bad_uri).is_empty(),
        "formats are checked"
    );
}

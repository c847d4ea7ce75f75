//! The SARIF output (`--format sarif`) is a valid SARIF 2.1.0 log: checked
//! against the SARIF 2.1.0 JSON schema that the `serde-sarif` crate ships
//! (found in Cargo's registry sources, not copied into this repository), with
//! one result per finding at its file, line and column.

use conformkit::compat::output::sarif;
use conformkit::compat::{run, Level, Options, Report, SourceSpec};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A report with findings at known lines: a required field added, a bound
/// narrowed, and a version added (no line).
fn report() -> Report {
    let (old, new) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let schema = |extra: Value| {
        let mut s = json!({"type": "object",
                           "properties": {"n": {"type": "integer", "maximum": 10}},
                           "required": ["n"]});
        for (k, v) in extra.as_object().unwrap() {
            s["properties"][k] = v.clone();
        }
        serde_json::to_string_pretty(&s).unwrap()
    };
    write(old.path(), "w/v1/schema.json", &schema(json!({})));
    let mut narrowed: Value = serde_json::from_str(&schema(json!({}))).unwrap();
    narrowed["properties"]["n"]["maximum"] = json!(5);
    write(
        new.path(),
        "w/v1/schema.json",
        &serde_json::to_string_pretty(&narrowed).unwrap(),
    );
    write(
        new.path(),
        "w/v2/schema.json",
        &schema(json!({"m": {"type": "string"}})),
    );
    run(&Options {
        old: SourceSpec::Dir(old.path().to_path_buf()),
        new: SourceSpec::Dir(new.path().to_path_buf()),
        repo: ".".into(),
        corpus_path: "corpus".into(),
        fail_on: Level::Error,
        replay: false,
        limits: Default::default(),
    })
    .expect("gate runs")
}

/// `src/schema.json` of the `serde-sarif` package this build uses: the
/// version Cargo.lock pins, in Cargo's registry sources (downloaded by the
/// build itself, so this needs neither the network nor `cargo metadata`,
/// which wants the packages of every platform).
fn sarif_schema() -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock");
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"serde-sarif\""))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_string())
        .expect("serde-sarif in Cargo.lock");
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cargo"));
    let dir = std::fs::read_dir(cargo_home.join("registry/src"))
        .expect("Cargo's registry sources")
        .flatten()
        .map(|index| index.path().join(format!("serde-sarif-{version}")))
        .find(|d| d.join("src/schema.json").is_file())
        .unwrap_or_else(|| {
            panic!(
                "serde-sarif {version} sources not found under {}",
                cargo_home.display()
            )
        });
    let text = std::fs::read_to_string(dir.join("src/schema.json")).expect("the SARIF schema");
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    // The published schema's `language` patterns have a stray `]`, which
    // the draft-07 meta-schema's `format: regex` refuses; this log never
    // sets `language`, so those patterns are replaced (in memory) by the one
    // they mean.
    assert!(repair_language_patterns(&mut schema) > 0);
    assert!(
        schema["title"]
            .as_str()
            .unwrap_or_default()
            .contains("2.1.0"),
        "{}",
        schema["title"]
    );
    schema
}

/// Replaces every `pattern` that is the published schema's broken language
/// tag pattern; returns how many.
fn repair_language_patterns(schema: &mut Value) -> usize {
    const BROKEN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match schema {
        Value::Object(map) => {
            let mut n = 0;
            for (key, value) in map.iter_mut() {
                if key == "pattern" && value == BROKEN {
                    *value = json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
                    n += 1;
                } else {
                    n += repair_language_patterns(value);
                }
            }
            n
        }
        Value::Array(items) => items.iter_mut().map(repair_language_patterns).sum(),
        _ => 0,
    }
}

#[test]
fn sarif_log_is_valid_and_places_every_finding() {
    let report = report();
    assert!(report.findings.len() >= 3, "{:?}", report.findings);
    let log: Value = serde_json::from_str(&sarif::render(&report)).unwrap();

    let schema = sarif_schema();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(
        errors.is_empty(),
        "not valid SARIF 2.1.0: {errors:?}\n{log:#}"
    );
    // The check can fail: a log missing its required `version` does not pass.
    let mut broken = log.clone();
    broken.as_object_mut().unwrap().remove("version");
    assert!(!validator.is_valid(&broken));

    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), report.findings.len());
    for (result, finding) in results.iter().zip(&report.findings) {
        assert_eq!(result["ruleId"], finding.rule);
        let place = &result["locations"][0]["physicalLocation"];
        assert_eq!(place["artifactLocation"]["uri"], finding.file.as_str());
        let line = place["region"]["startLine"].as_u64().unwrap();
        assert_eq!(line, u64::from(finding.line.unwrap_or(1)));
    }
    let narrowed = results
        .iter()
        .find(|r| r["ruleId"] == "CK-RANGE-NARROWED")
        .expect("the narrowed bound");
    assert_eq!(narrowed["level"], "error");
    let region = &narrowed["locations"][0]["physicalLocation"]["region"];
    // `"maximum": 5` in the pretty-printed new schema (keys sorted:
    // `{` / `"properties": {` / `"n": {` / `"maximum": 5`): line 4, column 7.
    assert_eq!(
        (&region["startLine"], &region["startColumn"]),
        (&json!(4), &json!(7))
    );
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().any(|r| r["id"] == "CK-RANGE-NARROWED"));
}

//! The protocol's JSON Schemas (harness/schemas/protocol/) against reality:
//! every message the harness sends in real runs (recorded by a test
//! adapter) is valid against its request schema, every response of a
//! correct program against its response schema; a set of sample responses
//! is judged alike by the schemas and by the harness's own parser; the
//! error classes match the taxonomy; docs/protocol.md names them all.

mod support;

use conformkit::adapter::process::protocol::{self, Response};
use conformkit_reference::ErrorClass;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use support::{adapter, certify, fault_corpus};

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/protocol")
}

fn load(name: &str) -> Value {
    let path = schema_dir().join(format!("{name}.schema.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn validator(name: &str) -> jsonschema::Validator {
    jsonschema::validator_for(&load(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn errors(v: &jsonschema::Validator, value: &Value) -> Vec<String> {
    v.iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// Runs the recording adapter with `extra` arguments; returns the log.
fn record(extra: &[&str]) -> Vec<(String, Value)> {
    let corpus = fault_corpus();
    let log = corpus.root().join("record.jsonl");
    let root = corpus.root().display().to_string();
    let command = adapter("recorder.py");
    let mut args = vec!["--corpus", root.as_str(), "--adapter", command.as_str()];
    args.extend_from_slice(extra);
    let log_arg = log.display().to_string();
    let run = certify(&args, &[("RECORD_FILE", log_arg.as_str())]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| {
            let entry: Value = serde_json::from_str(l).unwrap();
            let line: Value = serde_json::from_str(entry["line"].as_str().unwrap())
                .unwrap_or_else(|e| panic!("not JSON: {e}: {l}"));
            (entry["dir"].as_str().unwrap().to_string(), line)
        })
        .collect()
}

#[test]
fn real_messages_match_their_schemas() {
    let mut log = record(&[]);
    log.extend(record(&["--role", "writer"]));
    log.extend(record(&["--per-case"]));
    let mut validators = BTreeMap::new();
    let mut ops_by_id: BTreeMap<u64, String> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for (dir, message) in &log {
        let (schema, id) = if dir == "in" {
            let op = message["op"]
                .as_str()
                .expect("every request has an op")
                .to_string();
            let id = message["id"].as_u64().expect("every request has an id");
            ops_by_id.insert(id, op.clone());
            (format!("{op}-request"), id)
        } else {
            let id = message["id"].as_u64().expect("every response has an id");
            let op = ops_by_id.get(&id).expect("a response answers a request");
            (format!("{op}-response"), id)
        };
        let v = validators
            .entry(schema.clone())
            .or_insert_with(|| validator(&schema));
        let errs = errors(v, message);
        assert!(
            errs.is_empty(),
            "{schema} (id {id}): {message}\n{}",
            errs.join("\n")
        );
        seen.insert(schema);
        // Ids restart per run; keep the map per run honest.
        if dir == "out" {
            ops_by_id.remove(&id);
        }
    }
    let want: BTreeSet<String> = [
        "hello-request",
        "hello-response",
        "read-request",
        "read-response",
        "write-request",
        "write-response",
        "shutdown-request",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(seen, want);
}

/// What the harness makes of `line` as the response to an `op` request with id 7.
fn harness_accepts(op: &str, line: &str) -> bool {
    match protocol::parse_response(line.as_bytes(), 7, 1 << 20) {
        Err(_) => false,
        Ok(Response::Err(_)) => true,
        Ok(Response::Ok(map)) => match op {
            "hello" => protocol::hello_capabilities(&map).is_ok(),
            "read" => protocol::read_model(map).is_ok(),
            "write" => true,
            _ => unreachable!(),
        },
    }
}

const HELLO_OK: &str = r#"{"id": 7, "ok": true, "protocol": 1, "implementation": {"name": "x", "version": "1", "language": "go"}, "roles": ["reader"], "families": {"runtime": ["v1"]}}"#;

/// Sample responses: (op, line, valid). Beyond what a schema can check (so
/// not sampled here, but covered by the protocol unit tests): the id must
/// be the request's, written as an integer literal; no duplicate keys.
const SAMPLES: &[(&str, &str, bool)] = &[
    ("hello", HELLO_OK, true),
    (
        "hello",
        r#"{"id": 7, "ok": true, "protocol": 1, "implementation": {"name": "x", "version": "1", "language": "go", "homepage": "https://example.org", "extra": 1}, "roles": ["reader", "writer"], "families": {"runtime": ["v1", "v2"], "spec_validation": ["v1"]}, "more": true}"#,
        true,
    ),
    (
        "hello",
        r#"{"id": 7, "ok": false, "error": {"message": "protocol 1 is not supported"}}"#,
        true,
    ),
    (
        "hello",
        r#"{"id": 7, "ok": true, "protocol": 2, "implementation": {"name": "x", "version": "1", "language": "go"}, "roles": ["reader"], "families": {"runtime": ["v1"]}}"#,
        false,
    ),
    (
        "hello",
        r#"{"id": 7, "ok": true, "protocol": 1, "implementation": {"name": "", "version": "1", "language": "go"}, "roles": ["reader"], "families": {"runtime": ["v1"]}}"#,
        false,
    ),
    (
        "hello",
        r#"{"id": 7, "ok": true, "protocol": 1, "implementation": {"name": "x", "language": "go"}, "roles": ["reader"], "families": {"runtime": ["v1"]}}"#,
        false,
    ),
    (
        "hello",
        r#"{"id": 7, "ok": true, "protocol": 1, "implementation": {"name": "x", "version": "1", "language": "go", "homepage": 3}, "roles": ["reader"], "families": {}}"#,
        false,
    ),
    (
        "hello",
        r#"{"id": 7, "ok": true, "protocol": 1, "implementation": {"name": "x", "version": "1", "language": "go"}, "roles": [], "families": {"runtime": ["v1"]}}"#,
        false,
    ),
    (
        "hello",
        r#"{"id": 7, "ok": true, "protocol": 1, "implementation": {"name": "x", "version": "1", "language": "go"}, "roles": ["reader", "reader"], "families": {"runtime": ["v1"]}}"#,
        false,
    ),
    (
        "hello",
        r#"{"id": 7, "ok": true, "protocol": 1, "implementation": {"name": "x", "version": "1", "language": "go"}, "roles": ["parser"], "families": {"runtime": ["v1"]}}"#,
        false,
    ),
    (
        "hello",
        r#"{"id": 7, "ok": true, "protocol": 1, "implementation": {"name": "x", "version": "1", "language": "go"}, "roles": ["reader"], "families": {"Runtime": ["v1"]}}"#,
        false,
    ),
    (
        "hello",
        r#"{"id": 7, "ok": true, "protocol": 1, "implementation": {"name": "x", "version": "1", "language": "go"}, "roles": ["reader"], "families": {"runtime": []}}"#,
        false,
    ),
    (
        "hello",
        r#"{"id": 7, "ok": true, "protocol": 1, "implementation": {"name": "x", "version": "1", "language": "go"}, "roles": ["reader"], "families": {"runtime": ["v1", "v1"]}}"#,
        false,
    ),
    (
        "hello",
        r#"{"id": 7, "ok": true, "protocol": 1, "implementation": {"name": "x", "version": "1", "language": "go"}, "roles": ["reader"], "families": {"runtime": "v1"}}"#,
        false,
    ),
    (
        "hello",
        r#"{"id": 7, "ok": true, "implementation": {"name": "x", "version": "1", "language": "go"}, "roles": ["reader"], "families": {"runtime": ["v1"]}}"#,
        false,
    ),
    ("hello", r#"{"id": 7, "ok": false}"#, false),
    (
        "read",
        r#"{"id": 7, "ok": true, "model": {"crate": {"name": "a", "version": "1"}}}"#,
        true,
    ),
    ("read", r#"{"id": 7, "ok": true, "model": null}"#, true),
    (
        "read",
        r#"{"id": 7, "ok": true, "model": 340282366920938463463374607431768211455}"#,
        true,
    ),
    (
        "read",
        r#"{"id": 7, "ok": false, "error": {"class": "missing_field", "message": "crate.name"}}"#,
        true,
    ),
    (
        "read",
        r#"{"id": 7, "ok": false, "error": {"message": "unclassified", "detail": {"line": 3}}}"#,
        true,
    ),
    ("read", r#"{"id": 7, "ok": true}"#, false),
    (
        "read",
        r#"{"id": 7, "ok": false, "error": {"class": "bad_vibes", "message": "m"}}"#,
        false,
    ),
    (
        "read",
        r#"{"id": 7, "ok": false, "error": {"class": "syntax"}}"#,
        false,
    ),
    (
        "read",
        r#"{"id": 7, "ok": false, "error": {"class": 3, "message": "m"}}"#,
        false,
    ),
    (
        "read",
        r#"{"id": 7, "ok": false, "error": "syntax"}"#,
        false,
    ),
    ("read", r#"{"id": 7, "ok": "yes", "model": 1}"#, false),
    ("read", r#"{"ok": true, "model": 1}"#, false),
    ("read", r#"{"id": "7", "ok": true, "model": 1}"#, false),
    ("read", r#"{"id": 7, "model": 1}"#, false),
    ("read", r#"[7, true]"#, false),
    ("write", r#"{"id": 7, "ok": true}"#, true),
    (
        "write",
        r#"{"id": 7, "ok": false, "error": {"message": "cannot write u128 in this language"}}"#,
        true,
    ),
    ("write", r#"{"id": 7, "ok": false, "error": {}}"#, false),
    ("write", r#"{"id": 7, "ok": null}"#, false),
];

#[test]
fn schemas_and_harness_agree_on_sample_responses() {
    let mut validators = BTreeMap::new();
    let mut disagreements = Vec::new();
    for (op, line, valid) in SAMPLES {
        let schema = format!("{op}-response");
        let v = validators
            .entry(schema.clone())
            .or_insert_with(|| validator(&schema));
        let value: Value = serde_json::from_str(line).unwrap();
        let by_schema = v.is_valid(&value);
        let by_harness = harness_accepts(op, line);
        if by_schema != *valid || by_harness != *valid {
            disagreements.push(format!(
                "{op}: schema {by_schema}, harness {by_harness}, want {valid}: {line}"
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn error_classes_match_the_taxonomy_everywhere() {
    let wire: Vec<Value> = ErrorClass::ALL
        .iter()
        .map(|c| Value::String(c.as_str().to_string()))
        .collect();
    let error = load("error");
    assert_eq!(
        error["properties"]["class"]["enum"],
        Value::Array(wire.clone())
    );
    // Each response schema embeds the same error object.
    for name in ["hello-response", "read-response", "write-response"] {
        let embedded = &load(name)["$defs"]["error"];
        for key in ["type", "required", "properties", "description"] {
            assert_eq!(embedded[key], error[key], "{name}: $defs/error/{key}");
        }
    }
    let results: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/results.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(results["$defs"]["error_class"]["enum"], Value::Array(wire));
}

#[test]
fn every_schema_compiles_and_the_docs_name_them() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/protocol.md"))
            .unwrap();
    let mut count = 0;
    for entry in std::fs::read_dir(schema_dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let stem = name
            .strip_suffix(".schema.json")
            .expect("only schemas here");
        validator(stem);
        assert!(
            docs.contains(&name),
            "docs/protocol.md does not mention {name}"
        );
        count += 1;
    }
    assert_eq!(count, 8);
    for class in ErrorClass::ALL {
        assert!(
            docs.contains(&format!("`{}`", class.as_str())),
            "docs/protocol.md does not list `{class}`"
        );
    }
}

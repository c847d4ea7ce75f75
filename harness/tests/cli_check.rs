//! `conformkit check` end to end: on every corpus input the command's exit
//! code and output agree with the case's expectation (0 and the expected
//! model for accept, 1 and the expected class for reject; for `either`, one
//! of the two consistently), and usage errors exit 2.

use conformkit::corpus::{default_root, load_corpus, Expect};
use std::process::Command;

fn check(family: &str, path: &std::path::Path) -> (i32, serde_json::Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .args(["check", "--json", family])
        .arg(path)
        .output()
        .expect("conformkit runs");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), json)
}

#[test]
fn check_agrees_with_every_case() {
    let cases = load_corpus(&default_root()).expect("corpus loads");
    let mut wrong = Vec::new();
    for case in &cases {
        let (code, out) = check(&format!("{}/{}", case.family, case.version), &case.input);
        let class = out["error"]["class"].as_str().map(str::to_string);
        let want_class = case.meta.error_class.map(|c| c.as_str().to_string());
        let ok = match (case.meta.expect, code) {
            (Expect::Accept | Expect::Either, 0) => Some(&out["model"]) == case.expected.as_ref(),
            (Expect::Reject | Expect::Either, 1) => class == want_class,
            _ => false,
        };
        if !ok {
            wrong.push(format!("{}: exit {code}, output {out}", case.id));
        }
    }
    assert!(
        wrong.is_empty(),
        "check disagrees with:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn usage_errors_exit_2() {
    let (code, _) = check("no_such_family", std::path::Path::new("."));
    assert_eq!(code, 2);
    let (code, _) = check("runtime", std::path::Path::new("/no/such/path"));
    assert_eq!(code, 2);
}

#[test]
fn human_output_names_file_line_and_path() {
    let root = default_root();
    let out = Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .args(["check", "runtime"])
        .arg(root.join("runtime/v1/wrong-type.crate.name/input.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("wrong_type at crate.name: expected string, found number"),
        "{text}"
    );
}

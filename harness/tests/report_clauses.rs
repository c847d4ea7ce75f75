//! A failing case names the seed clauses it checks (corpus/CLAUSES.json) in
//! results.json, the Markdown report and the HTML drill-down.

mod support;

use support::{adapter, certify};

#[test]
fn failing_cases_name_their_seed_clauses() {
    // TINY_CLASS=none: every rejection comes without a class, so every
    // reject case fails level 2.
    let run = certify(
        &[
            "--adapter",
            &adapter("tiny.py"),
            "--family",
            "spec_validation",
        ],
        &[("TINY_CLASS", "none")],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let case = run.case("spec_validation/v1/ok-missing-description");
    assert_eq!(case["level2"], false, "{case}");
    let clauses: Vec<&str> = case["clauses"]
        .as_array()
        .expect("clauses listed")
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(clauses.contains(&"SV-2"), "{clauses:?}");
    let md = std::fs::read_to_string(run.report_dir.path().join("report.md")).unwrap();
    assert!(md.contains("seed clauses: "), "{md}");
    let html = std::fs::read_to_string(run.report_dir.path().join("index.html")).unwrap();
    assert!(
        html.contains("<dt>seed clauses</dt>"),
        "no clause row in the HTML"
    );
}

//! `junit.xml` parsed with a real XML parser (roxmltree, which rejects
//! anything not well-formed): one `<testcase>` per case, the counts in the
//! attributes match the elements, failures carry the diff, and everything
//! a detail can hold (`<`, `&`, `]]>`, quotes, control characters) comes
//! through escaped; on the synthetic runs and on real certify runs.

mod report_support;
mod support;

use conformkit::report;
use report_support::{synthetic_runs, NASTY_DETAIL};
use roxmltree::{Document, Node};

fn junit(runs: &[conformkit::results::RunResult]) -> String {
    let files = report::render(runs);
    let file = files.iter().find(|f| f.path == "junit.xml").unwrap();
    String::from_utf8(file.bytes.clone()).unwrap()
}

fn attr_usize(node: Node, name: &str) -> usize {
    node.attribute(name)
        .unwrap_or_else(|| panic!("no {name} on {node:?}"))
        .parse()
        .unwrap()
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |n| n.is_element() && n.has_tag_name(name))
}

/// Checks every suite's and the root's counts against their elements;
/// returns (tests, failures, errors, skipped) of the root.
fn check_counts(doc: &Document) -> (usize, usize, usize, usize) {
    let root = doc.root_element();
    assert!(root.has_tag_name("testsuites"));
    let mut sum = (0, 0, 0, 0);
    for suite in children(root, "testsuite") {
        let cases: Vec<Node> = children(suite, "testcase").collect();
        let count = |tag: &str| {
            cases
                .iter()
                .filter(|c| children(**c, tag).next().is_some())
                .count()
        };
        let counted = (
            cases.len(),
            count("failure"),
            count("error"),
            count("skipped"),
        );
        let declared = (
            attr_usize(suite, "tests"),
            attr_usize(suite, "failures"),
            attr_usize(suite, "errors"),
            attr_usize(suite, "skipped"),
        );
        assert_eq!(counted, declared, "{:?}", suite.attribute("name"));
        sum = (
            sum.0 + counted.0,
            sum.1 + counted.1,
            sum.2 + counted.2,
            sum.3 + counted.3,
        );
    }
    let declared = (
        attr_usize(root, "tests"),
        attr_usize(root, "failures"),
        attr_usize(root, "errors"),
        attr_usize(root, "skipped"),
    );
    assert_eq!(sum, declared);
    sum
}

fn testcase<'a, 'i>(doc: &'a Document<'i>, classname: &str, name: &str) -> Node<'a, 'i> {
    doc.descendants()
        .find(|n| {
            n.has_tag_name("testcase")
                && n.attribute("classname") == Some(classname)
                && n.attribute("name") == Some(name)
        })
        .unwrap_or_else(|| panic!("no testcase {classname} {name}"))
}

#[test]
fn synthetic_runs_one_testcase_per_case_with_counts() {
    let runs = synthetic_runs();
    let xml = junit(&runs);
    let doc = Document::parse(&xml).expect("junit.xml is well-formed XML");
    // 7 + 6 + 1 cases; failures: alpha 2 + beta 1; errors: alpha's crash;
    // skipped: alpha's expected failure + beta's 2 undeclared cases.
    assert_eq!(check_counts(&doc), (14, 3, 1, 3));
    let ids: Vec<String> = runs
        .iter()
        .flat_map(|r| r.cases.iter().map(|c| c.id.clone()))
        .collect();
    let names: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|n| n.attribute("name").unwrap().to_string())
        .collect();
    assert_eq!(names, ids);
    // A suite per run and family version.
    let suites: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .map(|n| n.attribute("name").unwrap())
        .collect();
    assert_eq!(
        suites,
        [
            "alpha 1.0.0 (reader): runtime/v1",
            "alpha 1.0.0 (reader): spec_validation/v1",
            "beta <b>&\"x\" 2.0 (reader): runtime/v1",
            "beta <b>&\"x\" 2.0 (reader): runtime/v2",
            "beta <b>&\"x\" 2.0 (reader): spec_validation/v1",
            "alpha 1.0.0 (writer): runtime/v1",
        ]
    );
}

#[test]
fn failures_carry_the_escaped_diff() {
    let xml = junit(&synthetic_runs());
    let doc = Document::parse(&xml).unwrap();
    let case = testcase(
        &doc,
        "alpha-reader.runtime.v1",
        "runtime/v1/extra-field.root",
    );
    let failure = children(case, "failure").next().expect("a failure");
    assert_eq!(failure.attribute("type"), Some("level1"));
    assert_eq!(
        failure.attribute("message"),
        Some("expected accept, accepted")
    );
    // The parsed text is the detail, with the control characters XML
    // cannot carry shown as \u{..}, and nothing else changed.
    let expected = NASTY_DETAIL
        .replace('\u{1}', "\\u{1}")
        .replace('\u{1b}', "\\u{1b}")
        .replace('\u{7f}', "\\u{7f}");
    assert_eq!(failure.text(), Some(expected.as_str()));
    assert!(expected.contains("a<b & c]]>"));
    // The raw file never holds them unescaped.
    assert!(!xml.contains("]]>") && !xml.contains('\u{1}') && !xml.contains('\u{1b}'));

    let crash = testcase(
        &doc,
        "alpha-reader.spec_validation.v1",
        "spec_validation/v1/null.ok",
    );
    let error = children(crash, "error").next().expect("an error");
    assert_eq!(error.attribute("type"), Some("crash"));
    let xfail = testcase(
        &doc,
        "alpha-reader.spec_validation.v1",
        "spec_validation/v1/syntax.truncated",
    );
    assert_eq!(
        children(xfail, "skipped")
            .next()
            .unwrap()
            .attribute("message"),
        Some("expected failure: truncated input is read as valid")
    );
    let wrong_class = testcase(&doc, "alpha-reader.runtime.v1", "runtime/v1/missing.crate");
    assert_eq!(
        children(wrong_class, "failure")
            .next()
            .unwrap()
            .attribute("type"),
        Some("level2")
    );
    let misread = testcase(
        &doc,
        "beta-b-x-reader.runtime.v1",
        "runtime/v1/future-version",
    );
    assert_eq!(
        children(misread, "failure")
            .next()
            .unwrap()
            .attribute("type"),
        Some("level1")
    );
    // Not stable: times are there.
    assert!(case.attribute("time").is_some());
}

#[test]
fn every_character_round_trips_through_attributes_and_text() {
    let mut runs = synthetic_runs();
    let nasty: String = (0u32..0x80)
        .filter_map(char::from_u32)
        .chain("é\u{fffe}\u{ffff}\u{10348}\"'<>&]]>\r\n".chars())
        .collect();
    runs[0].cases[1].detail = Some(nasty.clone());
    runs[0].cases[1].stderr = Some(nasty.clone());
    runs[0].implementation.implementation.name = nasty.clone();
    let xml = junit(&runs);
    let doc = Document::parse(&xml).expect("well-formed whatever the text");
    check_counts(&doc);
    let shown = conformkit::report::text::show_controls(&nasty);
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert_eq!(failure.text(), Some(shown.as_str()));
    let stderr = doc
        .descendants()
        .find(|n| n.has_tag_name("system-err"))
        .unwrap();
    assert_eq!(stderr.text(), Some(shown.as_str()));
    let prop = doc
        .descendants()
        .find(|n| n.has_tag_name("property") && n.attribute("name") == Some("implementation"))
        .unwrap();
    assert_eq!(prop.attribute("value"), Some(shown.as_str()));
}

#[test]
fn real_certify_runs_one_testcase_per_case() {
    let corpus = conformkit::corpus::default_root().display().to_string();
    for (args, env) in [
        (vec!["--stable"], vec![]),
        (vec!["--adapter", "TINY"], vec![("TINY_CLASS", "syntax")]),
    ] {
        let command = support::adapter("tiny.py");
        let args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "TINY" { command.as_str() } else { a })
            .chain(["--corpus", corpus.as_str()])
            .collect();
        let run = support::certify(&args, &env);
        assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
        let cases = run.results()["cases"].as_array().unwrap().len();
        let xml = std::fs::read_to_string(run.report_dir.path().join("junit.xml")).unwrap();
        let doc = Document::parse(&xml).expect("well-formed");
        let (tests, failures, errors, _) = check_counts(&doc);
        assert_eq!(tests, cases);
        let failing = run.results()["cases"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["status"] == "fail" || c["status"] == "unexpected_pass")
            .count();
        assert_eq!(failures + errors, failing);
        if env.is_empty() {
            assert_eq!(failing, 0);
            // A stable run has no times.
            assert!(!xml.contains("time=\""));
        } else {
            // Every rejection reported as syntax: the non-syntax rejects fail level 2.
            assert!(failing > 0);
        }
    }
}

//! `conformkit report` and the reports `certify --report-dir` writes: the
//! JSON validates against its schemas (real certify output and combined
//! synthetic runs), `report` re-renders exactly what certify wrote (from
//! `results.json` or `report.json`), `--stable` runs are byte-for-byte
//! reproducible, the Markdown and badges say the right counts, and bad
//! inputs are usage errors (exit 2).

mod report_support;
mod support;

use report_support::{
    files, report_schema_errors, results_schema_errors, run_conformkit, save_runs, synthetic_runs,
};
use serde_json::Value;
use std::path::Path;

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn report(inputs: &[&str], out: &Path) -> std::process::Output {
    let mut args = vec!["report"];
    for i in inputs {
        args.extend(["--results", i]);
    }
    let out = out.display().to_string();
    args.extend(["--out", out.as_str()]);
    run_conformkit(&args)
}

fn assert_valid(errors: Vec<String>, what: &str) {
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

#[test]
fn certify_writes_every_format_and_report_renders_the_same() {
    let run = support::certify(&["--stable"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = run.report_dir.path();
    let written = files(dir);
    let names: Vec<&str> = written.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "badges/conformkit-reference-reader-level1.json",
            "badges/conformkit-reference-reader-level1.svg",
            "badges/conformkit-reference-reader-level2.json",
            "badges/conformkit-reference-reader-level2.svg",
            "index.html",
            "junit.xml",
            "report.json",
            "report.md",
            "results.json",
        ]
    );
    let report_json = json(&dir.join("report.json"));
    assert_valid(report_schema_errors(&report_json), "report.json");
    assert_eq!(report_json["runs"][0], *run.results());

    // From results.json and from report.json: the same files, byte for byte.
    for input in ["results.json", "report.json"] {
        let out = tempfile::tempdir().unwrap();
        let input = dir.join(input).display().to_string();
        let r = report(&[&input], out.path());
        assert!(r.status.success(), "{r:?}");
        let mut expected = written.clone();
        expected.remove("results.json");
        assert_eq!(files(out.path()), expected, "rendered from {input}");
    }
}

#[test]
fn stable_runs_are_reproducible() {
    let corpus = conformkit::corpus::default_root().display().to_string();
    // Echoes the sandbox path of every input and its working directory on
    // stderr, and reports every rejection as `syntax` (failures to show).
    let adapter = support::adapter("path_echo.py");
    let args = [
        "--stable",
        "--adapter",
        adapter.as_str(),
        "--corpus",
        corpus.as_str(),
    ];
    let env = [("TINY_CLASS", "syntax")];
    let a = support::certify(&args, &env);
    let b = support::certify(&args, &env);
    assert_eq!(a.code, 1, "{}", a.stderr);
    assert_eq!(files(a.report_dir.path()), files(b.report_dir.path()));
    let results = a.results();
    assert_eq!(results["options"]["stable"], true);
    assert_eq!(results["started_at"], "1970-01-01T00:00:00.000Z");
    assert_eq!(results["duration_ms"].as_f64(), Some(0.0));
    let cases = results["cases"].as_array().unwrap();
    assert!(cases.iter().all(|c| c["duration_ms"].as_f64() == Some(0.0)));
    // The adapter declares only some families; the first case it was asked
    // about shows the stable path rewriting. Its scratch folder is named by
    // its place in the run (1-based, unsupported cases counted), whichever
    // worker ran it.
    let (place, asked) = cases
        .iter()
        .enumerate()
        .find(|(_, c)| c["outcome"] != "unsupported")
        .expect("some case was put to the adapter");
    assert_eq!(
        asked["stderr"],
        format!("reading $SANDBOX/{}/input.json in $CWD\n", place + 1)
    );
    // What varies from run to run is gone from every rendering.
    let cwd = std::env::current_dir().unwrap().display().to_string();
    for (name, bytes) in files(a.report_dir.path()) {
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.contains("/conformkit-"), "{name}");
        assert!(!text.contains(&cwd), "{name}");
    }
    let report_json = json(&a.report_dir.path().join("report.json"));
    assert_valid(
        report_schema_errors(&report_json),
        "report.json (failing run)",
    );

    // A run without --stable records times and no `stable` flag.
    let plain = support::certify(&["--adapter", adapter.as_str()], &[]);
    assert!(plain.results()["options"].get("stable").is_none());
    assert_ne!(plain.results()["started_at"], "1970-01-01T00:00:00.000Z");
    let plain_results = plain.results();
    let stderr = plain_results["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|c| c["stderr"].as_str())
        .expect("some case captured stderr");
    assert!(
        stderr.contains("/conformkit-") && stderr.contains(&cwd),
        "{stderr}"
    );
}

#[test]
fn combined_synthetic_runs_validate_and_render() {
    let dir = tempfile::tempdir().unwrap();
    let saved = save_runs(dir.path(), &synthetic_runs());
    for path in &saved {
        assert_valid(results_schema_errors(&json(Path::new(path))), path);
    }
    let out = dir.path().join("out");
    let inputs: Vec<&str> = saved.iter().map(String::as_str).collect();
    let r = report(&inputs, &out);
    assert!(r.status.success(), "{r:?}");
    assert_eq!(
        String::from_utf8_lossy(&r.stdout).trim(),
        format!("3 runs, 16 files written to {}", out.display())
    );
    let report_json = json(&out.join("report.json"));
    assert_valid(report_schema_errors(&report_json), "report.json");
    assert_eq!(report_json["runs"].as_array().unwrap().len(), 3);
    assert_eq!(
        report_json["matrix"]["implementations"][0]["total"]["level2_passed"],
        3
    );

    // The schema is strict: a wrong count type or a missing member fails.
    let mut broken = report_json.clone();
    broken["matrix"]["compat"][0]["cells"][0][0]["accepted"] = Value::from(-1);
    assert!(!report_schema_errors(&broken).is_empty());
    let mut broken = report_json.clone();
    broken["matrix"]["compat"][0]["columns"][0]
        .as_object_mut()
        .unwrap()
        .remove("declared");
    assert!(!report_schema_errors(&broken).is_empty());
    let mut broken = report_json;
    broken["runs"][0]["cases"][0]["outcome"] = Value::from("maybe");
    assert!(!report_schema_errors(&broken).is_empty());

    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("| alpha 1.0.0 (rust) | reader | ❌ not conformant at level 2 | 3/4 · 2/4 | 1/3 · 1/3 | **4/7 · 3/7** |"),
        "{md}"
    );
    assert!(
        md.contains("| beta &lt;b&gt;&amp;\"x\" 2.0 (go) | reader | ❌ not conformant at level 1 | 3/4 · 3/4 | not declared | **3/4 · 3/4** |"),
        "{md}"
    );
    assert!(md.contains("| alpha 1.0.0 (rust) | writer | ✅ conformant at level 2 | 1/1 · 1/1 | — | **1/1 · 1/1** |"));
    assert!(md.contains("| v1 + additive fields | ❌ 1/1 accepted, 1 with a wrong model | ✅ 1/1 accepted | no cases |"));
    assert!(md.contains("| future version | ✅ 1/1 rejected (must reject) | ❌ 0/1 rejected (must reject), 1 misread as valid | no cases |"));
    assert!(md.contains("alpha 1.0.0 (reader): 4 of 7 cases fail level 1 or 2"));
    assert!(md
        .contains("beta &lt;b&gt;&amp;&quot;x&quot; 2.0 (reader): 1 of 6 cases fail level 1 or 2"));
    assert!(
        md.contains("```text\naccepted, but the model differs from expected.json:\n--- expected")
    );

    // Badges: both formats, per run and level.
    let endpoint =
        |key: &str, level: u8| json(&out.join(format!("badges/{key}-level{level}.json")));
    assert_eq!(
        endpoint("alpha-reader", 1),
        serde_json::json!({"schemaVersion": 1, "label": "conformkit reader L1", "message": "4/7", "color": "red"})
    );
    assert_eq!(endpoint("alpha-reader", 2)["message"], "3/7");
    assert_eq!(endpoint("beta-b-x-reader", 2)["message"], "3/4");
    assert_eq!(
        endpoint("alpha-writer", 2),
        serde_json::json!({"schemaVersion": 1, "label": "conformkit writer L2", "message": "1/1", "color": "brightgreen"})
    );
    let svg = std::fs::read_to_string(out.join("badges/alpha-reader-level1.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("the badge is well-formed SVG");
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.text(), Some("conformkit reader L1: 4/7"));
}

#[test]
fn bad_inputs_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let cases = [
        (write("not.json", "{"), "not JSON"),
        (write("neither.json", "{}"), "neither a results file"),
        (
            write("future.json", r#"{"results_format": 99}"#),
            "results format 99 is not supported",
        ),
        (
            write("future-report.json", r#"{"report_format": 2, "runs": []}"#),
            "report format 2 is not supported",
        ),
        (
            write("shape.json", r#"{"results_format": 1, "cases": 3}"#),
            "not a results file",
        ),
        (
            dir.path().join("missing.json").display().to_string(),
            "cannot read",
        ),
    ];
    for (path, message) in &cases {
        let r = report(&[path], &out);
        assert_eq!(r.status.code(), Some(2), "{path}");
        let stderr = String::from_utf8_lossy(&r.stderr);
        assert!(stderr.contains(message), "{path}: {stderr}");
        assert!(stderr.contains(path.as_str()), "{path}: {stderr}");
    }
    assert!(!out.exists(), "nothing is written when an input is bad");
    let r = run_conformkit(&["report", "--out", "x"]);
    assert_eq!(r.status.code(), Some(2));
}

#[test]
fn markdown_fits_a_pull_request_comment() {
    use conformkit::corpus::Expect;
    use conformkit::reference::ErrorClass;
    use conformkit::results::{Outcome, Status};
    let line = format!("+ {}\n", "x".repeat(100));
    let long_detail = format!("expected reject, accepted\n{}", line.repeat(40));
    let failing = |i: usize| {
        report_support::case(
            &format!("runtime/v1/case-{i:03}"),
            Expect::Reject,
            Some(ErrorClass::Syntax),
            &[],
            Outcome::Accepted,
            None,
            (false, false),
            Status::Fail,
            Some(&long_detail),
        )
    };
    let runs: Vec<_> = (0..4)
        .map(|n| {
            report_support::run(
                &format!("impl{n}"),
                "1",
                "c",
                conformkit::adapter::Role::Reader,
                2,
                &[("runtime", &["v1"])],
                (0..120).map(failing).collect(),
            )
        })
        .collect();
    let files = conformkit::report::render(&runs);
    let md = files.iter().find(|f| f.path == "report.md").unwrap();
    let md = String::from_utf8(md.bytes.clone()).unwrap();
    assert!(
        md.chars().count() < 65_536,
        "{} characters",
        md.chars().count()
    );
    // Every run is still there, saying how many cases it leaves out.
    for n in 0..4 {
        assert!(md.contains(&format!("impl{n} 1 (reader): 120 of 120 cases fail")));
    }
    assert!(md.contains("... and 95 more: see index.html or report.json"));
    assert!(md.contains("... and 120 more: see index.html or report.json"));
    // Details are cut, and say so.
    assert!(md.contains("[... truncated: the full text is in report.json]"));
}

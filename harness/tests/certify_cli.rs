//! `conformkit certify` end to end: the reference adapter passes every case
//! as reader and writer; levels; the expected-failures file (listed
//! failures pass the run, listed passes fail it, globs, unknown entries,
//! rewriting); unsupported families; usage errors exit 2.

mod support;

use conformkit::corpus::{default_root, load_corpus};
use support::{adapter, certify, fault_corpus, Run};

fn tiny_run(corpus: &support::TempCorpus, extra: &[&str], env: &[(&str, &str)]) -> Run {
    let root = corpus.root().display().to_string();
    let command = adapter("tiny.py");
    let mut args = vec!["--corpus", root.as_str(), "--adapter", command.as_str()];
    args.extend_from_slice(extra);
    certify(&args, env)
}

fn statuses(run: &Run) -> Vec<String> {
    run.results()["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn reference_reader_passes_every_case() {
    let all = load_corpus(&default_root()).unwrap();
    let run = certify(&[], &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let results = run.results();
    assert_eq!(results["implementation"]["name"], "conformkit-reference");
    assert_eq!(results["connection"]["kind"], "reference");
    assert_eq!(results["cases"].as_array().unwrap().len(), all.len());
    for case in results["cases"].as_array().unwrap() {
        assert_eq!(case["status"], "pass", "{case}");
        assert_eq!(case["level2"], true, "{case}");
    }
    assert!(
        run.stdout.contains("conformant at level 2"),
        "{}",
        run.stdout
    );
    // Written atomically: results.json and the reports, no temporary left
    // behind (tests/report_cli.rs checks the reports themselves).
    let mut names: Vec<_> = std::fs::read_dir(run.report_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "badges",
            "index.html",
            "junit.xml",
            "report.json",
            "report.md",
            "results.json"
        ]
    );
}

#[test]
fn reference_writer_passes_every_accept_case() {
    let all = load_corpus(&default_root()).unwrap();
    let with_model = all
        .iter()
        .filter(|c| c.meta.expect == conformkit::corpus::Expect::Accept)
        .count();
    let run = certify(&["--role", "writer"], &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.results()["role"], "writer");
    assert_eq!(run.results()["cases"].as_array().unwrap().len(), with_model);
    assert!(statuses(&run).iter().all(|s| s == "pass"));
}

#[test]
fn family_filter_and_unknown_family() {
    let run = certify(&["--family", "runtime/v1"], &[]);
    assert_eq!(run.code, 0);
    let results = run.results();
    assert!(results["cases"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["family"] == "runtime"));
    assert_eq!(results["corpus"]["families"][0], "runtime/v1");
    let run = certify(&["--family", "no_such_family"], &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no cases for family `no_such_family`"));
}

#[test]
fn levels_decide_what_passes() {
    let corpus = fault_corpus();
    // Every rejection reported as `syntax`: c-after (missing_field) is right
    // at level 1 only.
    let env = [("TINY_CLASS", "syntax")];
    let run = tiny_run(&corpus, &["--level", "1"], &env);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let after = run.case("runtime/v1/c-after");
    assert_eq!(after["actual_error_class"], "syntax");
    assert_eq!(after["expected_error_class"], "missing_field");
    assert_eq!(
        (after["level1"].as_bool(), after["level2"].as_bool()),
        (Some(true), Some(false))
    );
    let run = tiny_run(&corpus, &[], &env);
    assert_eq!(run.code, 1);
    assert_eq!(run.case("runtime/v1/c-after")["status"], "fail");
    assert!(
        run.stdout
            .contains("rejected as syntax, expected missing_field"),
        "{}",
        run.stdout
    );
    // No class at all: level 1 still holds.
    let run = tiny_run(&corpus, &["--level", "1"], &[("TINY_CLASS", "none")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        run.case("runtime/v1/c-after")["actual_error_class"],
        serde_json::Value::Null
    );
    assert_eq!(tiny_run(&corpus, &["--level", "3"], &[]).code, 2);
}

#[test]
fn listed_failures_pass_the_run_and_listed_passes_fail_it() {
    let corpus = fault_corpus();
    let env = [("TINY_CLASS", "syntax")];
    let list = corpus.root().join("xfail.txt");
    let list_arg = list.display().to_string();

    std::fs::write(
        &list,
        "# known gaps\nruntime/v1/c-after  # classes not done yet\n",
    )
    .unwrap();
    let run = tiny_run(&corpus, &["--expected-failures", &list_arg], &env);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let after = run.case("runtime/v1/c-after");
    assert_eq!(after["status"], "expected_failure");
    assert_eq!(after["expected_failure_reason"], "classes not done yet");
    assert_eq!(run.results()["summary"]["total"]["expected_failures"], 1);

    // The same list with a correct program: the listed case now passes.
    let run = tiny_run(&corpus, &["--expected-failures", &list_arg], &[]);
    assert_eq!(run.code, 1);
    assert_eq!(run.case("runtime/v1/c-after")["status"], "unexpected_pass");
    assert!(
        run.stdout.contains("remove it from the list"),
        "{}",
        run.stdout
    );

    // A glob lists every case of the family.
    std::fs::write(&list, "runtime/v1/*  # everything\n").unwrap();
    let run = tiny_run(&corpus, &["--expected-failures", &list_arg], &env);
    assert_eq!(run.code, 1);
    assert_eq!(
        statuses(&run),
        [
            "unexpected_pass",
            "unexpected_pass",
            "expected_failure",
            "unexpected_pass"
        ]
    );

    // An entry that matches no case of the corpus is a usage error.
    std::fs::write(
        &list,
        "runtime/v1/c-after\nruntime/v1/no-such-case  # typo\n",
    )
    .unwrap();
    let run = tiny_run(&corpus, &["--expected-failures", &list_arg], &env);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("line 2: runtime/v1/no-such-case"),
        "{}",
        run.stderr
    );

    let run = tiny_run(&corpus, &["--expected-failures", "/no/such/file"], &env);
    assert_eq!(run.code, 2);
}

#[test]
fn update_rewrites_the_list_from_the_results() {
    let corpus = fault_corpus();
    let list = corpus.root().join("xfail.txt");
    let list_arg = list.display().to_string();
    let crash = adapter("crash_on_victim.py");
    let root = corpus.root().display().to_string();
    let base = [
        "--corpus",
        root.as_str(),
        "--adapter",
        crash.as_str(),
        "--expected-failures",
        list_arg.as_str(),
    ];

    let mut args = base.to_vec();
    args.push("--update-expected-failures");
    let run = certify(&args, &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let text = std::fs::read_to_string(&list).unwrap();
    assert!(text.starts_with("# conformkit expected failures"), "{text}");
    assert!(
        text.ends_with(
            "runtime/v1/b-victim  # crash: the program exited (exit status 1) without answering\n"
        ),
        "{text}"
    );
    assert_eq!(
        run.case("runtime/v1/b-victim")["status"],
        "expected_failure"
    );
    assert!(run.stdout.contains("rewrote"), "{}", run.stdout);

    // The rewritten list holds: a plain rerun passes.
    assert_eq!(certify(&base, &[]).code, 0);

    // Fixed program: the entry goes away on the next rewrite.
    let run = tiny_run(
        &corpus,
        &[
            "--expected-failures",
            &list_arg,
            "--update-expected-failures",
        ],
        &[],
    );
    assert_eq!(run.code, 0);
    let text = std::fs::read_to_string(&list).unwrap();
    assert!(!text.contains("b-victim"), "{text}");
    assert!(text.starts_with("# conformkit expected failures"), "{text}");
}

#[test]
fn undeclared_families_are_unsupported_and_not_counted() {
    let corpus = fault_corpus();
    let dir = corpus.root().join("zeta/v1/x");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("input.json"), "{").unwrap();
    std::fs::write(
        dir.join("case.json"),
        r#"{"description": "x", "expect": "reject", "error_class": "syntax", "tags": [], "seed": "test", "since": "v1"}"#,
    )
    .unwrap();
    let run = tiny_run(&corpus, &[], &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let x = run.case("zeta/v1/x");
    assert_eq!(x["outcome"], "unsupported");
    assert_eq!(x["status"], "unsupported");
    assert_eq!(run.results()["summary"]["total"]["unsupported"], 1);
    assert_eq!(
        run.results()["summary"]["families"]["zeta/v1"]["supported"],
        0
    );
    // Asking for it explicitly is a usage error.
    let run = tiny_run(&corpus, &["--family", "zeta"], &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("does not declare family `zeta`"),
        "{}",
        run.stderr
    );
}

#[test]
fn undeclared_role_is_a_usage_error() {
    let corpus = fault_corpus();
    let run = tiny_run(&corpus, &["--role", "writer"], &[("TINY_ROLES", "reader")]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("does not declare the writer role"),
        "{}",
        run.stderr
    );
    assert!(run.results.is_none());
}

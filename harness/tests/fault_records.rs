//! Faults recorded as what they are (docs/protocol.md): a program that
//! closes its stdout, or exits while a forked child holds it, is a `crash`
//! at once (it was a 10 s `timeout`); a program that answers one request twice is a
//! `protocol_error` of that request's case (the next, innocent case was
//! blamed), in `--per-case` mode too (the extra answer was ignored and the
//! run passed).

mod support;

use support::{adapter, certify, fault_corpus, Run};

/// Runs `script` over the fault corpus with a 10 s timeout.
fn run_faulty(script: &str, extra: &[&str]) -> Run {
    let corpus = fault_corpus();
    let command = adapter(script);
    let root = corpus.root().display().to_string();
    let mut args = vec![
        "--corpus",
        root.as_str(),
        "--adapter",
        command.as_str(),
        "--timeout-ms",
        "10000",
    ];
    args.extend_from_slice(extra);
    certify(&args, &[])
}

/// The victim case has `outcome` and a detail containing `detail`; every
/// other case passes; the run exits 1.
fn assert_victim(run: &Run, outcome: &str, detail: &str) {
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let expected = [
        ("runtime/v1/a-first", "accepted"),
        ("runtime/v1/b-victim", outcome),
        ("runtime/v1/c-after", "rejected"),
        ("runtime/v1/d-last", "accepted"),
    ]
    .map(|(a, b)| (a.to_string(), b.to_string()));
    assert_eq!(run.outcomes(), expected, "{}", run.results());
    for (id, _) in &expected {
        if !id.ends_with("b-victim") {
            assert_eq!(run.case(id)["status"], "pass", "{id}");
        }
    }
    let victim = run.case("runtime/v1/b-victim");
    assert_eq!(victim["status"], "fail");
    let text = victim["detail"].as_str().unwrap_or("");
    assert!(text.contains(detail), "{text}");
}

/// Well under the 10 s timeout.
fn assert_quick(run: &Run) {
    let ms = run.case("runtime/v1/b-victim")["duration_ms"]
        .as_f64()
        .unwrap();
    assert!(ms < 5000.0, "the fault took {ms} ms to record");
}

#[test]
fn a_closed_stdout_is_a_crash_at_once() {
    let run = run_faulty("close_stdout_on_victim.py", &[]);
    assert_victim(&run, "crash", "closed its stdout");
    assert_quick(&run);
}

#[test]
fn exiting_while_a_child_holds_stdout_is_a_crash_at_once() {
    let run = run_faulty("fork_exit_on_victim.py", &[]);
    assert_victim(&run, "crash", "exited");
    assert_quick(&run);
}

#[test]
fn a_second_answer_is_the_protocol_error_of_its_case() {
    let run = run_faulty("answer_twice_on_victim.py", &[]);
    assert_victim(&run, "protocol_error", "answered twice");
}

#[test]
fn a_second_answer_per_case_too() {
    let run = run_faulty("answer_twice_on_victim.py", &["--per-case"]);
    assert_victim(&run, "protocol_error", "answered twice");
}

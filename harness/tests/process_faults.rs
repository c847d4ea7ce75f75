//! Faulty adapter programs (Python scripts under tests/fixtures/adapters/)
//! against `conformkit certify`: every fault (crash, hang, garbage, half a
//! line then exit, exit during a handshake, a stdout flood, protocol
//! violations) is recorded against the case it happened on, the program is
//! restarted, the cases after it still pass, and the run exits 1. A program
//! that cannot be started or refuses the first handshake is a harness error
//! (exit 2).

mod support;

use support::{adapter, certify, fault_corpus, Run};

/// Runs `script` over the fault corpus (with a 500 ms timeout unless `extra` sets one).
fn run_faulty(script: &str, extra: &[&str], env: &[(&str, &str)]) -> Run {
    let corpus = fault_corpus();
    let command = adapter(script);
    let root = corpus.root().display().to_string();
    let mut args = vec!["--corpus", root.as_str(), "--adapter", command.as_str()];
    if !extra.contains(&"--timeout-ms") {
        args.extend_from_slice(&["--timeout-ms", "500"]);
    }
    args.extend_from_slice(extra);
    certify(&args, env)
}

/// The victim case has `outcome`, every other case passes, the run exits 1.
fn assert_only_victim(run: &Run, outcome: &str) {
    assert_eq!(
        run.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    let writer = run.results()["role"] == "writer";
    let expected: Vec<(String, String)> = [
        ("runtime/v1/a-first", "accepted"),
        ("runtime/v1/b-victim", outcome),
        ("runtime/v1/c-after", "rejected"),
        ("runtime/v1/d-last", "accepted"),
    ]
    .iter()
    // A writer is given only accept cases: not the reject case.
    .filter(|(id, _)| !(writer && id.ends_with("c-after")))
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(run.outcomes(), expected);
    for (id, _) in &expected {
        if !id.ends_with("b-victim") {
            assert_eq!(run.case(id)["status"], "pass", "{id}");
        }
    }
    let victim = run.case("runtime/v1/b-victim");
    assert_eq!(victim["status"], "fail");
    assert_eq!(victim["level1"], false);
    assert!(run.stdout.contains("runtime/v1/b-victim"), "{}", run.stdout);
    assert_eq!(run.results()["summary"]["conformant"], false);
}

fn detail(run: &Run, id: &str) -> String {
    run.case(id)["detail"].as_str().unwrap_or("").to_string()
}

fn stderr_of(run: &Run, id: &str) -> String {
    run.case(id)["stderr"].as_str().unwrap_or("").to_string()
}

#[test]
fn a_correct_adapter_passes() {
    let run = run_faulty("tiny.py", &[], &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let results = run.results();
    assert_eq!(results["implementation"]["name"], "tiny-python");
    assert_eq!(results["implementation"]["language"], "python");
    assert_eq!(results["connection"]["mode"], "persistent");
    assert_eq!(results["connection"]["restarts"], 0);
    assert_eq!(results["summary"]["total"]["level2_passed"], 4);
}

#[test]
fn crash_is_recorded_against_its_case() {
    let run = run_faulty("crash_on_victim.py", &[], &[]);
    assert_only_victim(&run, "crash");
    let d = detail(&run, "runtime/v1/b-victim");
    assert!(
        d.contains("exited (exit status 1) without answering"),
        "{d}"
    );
    let stderr = stderr_of(&run, "runtime/v1/b-victim");
    assert!(
        stderr.contains("RuntimeError: boom: crashing on the victim case"),
        "{stderr}"
    );
    assert!(!stderr_of(&run, "runtime/v1/c-after").contains("boom"));
    assert_eq!(run.results()["connection"]["restarts"], 1);
}

#[test]
fn hang_is_a_timeout() {
    let run = run_faulty("hang_on_victim.py", &[], &[]);
    assert_only_victim(&run, "timeout");
    let d = detail(&run, "runtime/v1/b-victim");
    assert!(d.contains("no response within 500 ms"), "{d}");
    let took = run.case("runtime/v1/b-victim")["duration_ms"]
        .as_f64()
        .unwrap();
    assert!((500.0..5000.0).contains(&took), "{took}");
}

#[test]
fn garbage_is_a_protocol_error() {
    let run = run_faulty("garbage_on_victim.py", &[], &[]);
    assert_only_victim(&run, "protocol_error");
    let d = detail(&run, "runtime/v1/b-victim");
    assert!(d.contains("not a JSON message"), "{d}");
    assert!(d.contains("reading the victim now..."), "{d}");
}

#[test]
fn half_a_line_then_exit_is_a_crash() {
    let run = run_faulty("half_line_on_victim.py", &[], &[]);
    assert_only_victim(&run, "crash");
    let d = detail(&run, "runtime/v1/b-victim");
    assert!(
        d.contains("exited (exit status 0) after writing an incomplete line"),
        "{d}"
    );
    assert!(d.contains("\"ok\": tr`"), "{d}");
}

#[test]
fn flood_is_cut_off_at_the_response_bound() {
    let start = std::time::Instant::now();
    let run = run_faulty(
        "flood_on_victim.py",
        &["--max-response-bytes", "65536", "--timeout-ms", "20000"],
        &[],
    );
    assert_only_victim(&run, "protocol_error");
    let d = detail(&run, "runtime/v1/b-victim");
    assert!(d.contains("longer than 65536 bytes"), "{d}");
    // Cut off by the bound, not by the (long) timeout.
    assert!(start.elapsed() < std::time::Duration::from_secs(15));
}

#[test]
fn exit_during_a_restart_handshake_is_recorded_against_the_next_case() {
    let state = tempfile::tempdir().unwrap();
    let state_dir = state.path().display().to_string();
    // One worker: the program's fault depends on how many processes it
    // started before, so on how cases are shared out.
    let run = run_faulty(
        "exit_in_rehandshake.py",
        &["--jobs", "1"],
        &[("FAULT_STATE", state_dir.as_str())],
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let expected: Vec<(String, String)> = [
        ("runtime/v1/a-first", "accepted"),
        ("runtime/v1/b-victim", "crash"),
        ("runtime/v1/c-after", "crash"),
        ("runtime/v1/d-last", "accepted"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(run.outcomes(), expected);
    assert!(detail(&run, "runtime/v1/b-victim").contains("exit status 3"));
    let d = detail(&run, "runtime/v1/c-after");
    assert!(d.contains("restart 1: during the handshake"), "{d}");
    assert!(d.contains("exit status 4"), "{d}");
    assert!(stderr_of(&run, "runtime/v1/c-after").contains("exiting during the handshake"));
    assert_eq!(run.case("runtime/v1/d-last")["status"], "pass");
    assert_eq!(run.results()["connection"]["restarts"], 2);
}

#[test]
fn protocol_violations_are_protocol_errors() {
    for (kind, expect) in [
        ("wrong-id", "does not match request id"),
        ("unknown-class", "unknown error class `bad_vibes`"),
        ("no-model", "needs `model`"),
        ("duplicate-key", "duplicate_key"),
        ("not-object", "must be a JSON object"),
    ] {
        let run = run_faulty("bad_reply_on_victim.py", &[], &[("BAD_REPLY", kind)]);
        assert_only_victim(&run, "protocol_error");
        let d = detail(&run, "runtime/v1/b-victim");
        assert!(d.contains(expect), "{kind}: {d}");
    }
}

#[test]
fn per_case_mode_records_the_fault_and_goes_on() {
    let run = run_faulty("crash_on_victim.py", &["--per-case"], &[]);
    assert_only_victim(&run, "crash");
    assert_eq!(run.results()["connection"]["mode"], "per_case");
    assert!(stderr_of(&run, "runtime/v1/b-victim").contains("boom"));
}

#[test]
fn restart_limit_skips_the_rest() {
    let run = run_faulty("crash_on_victim.py", &["--max-restarts", "0"], &[]);
    assert_eq!(run.code, 1);
    let outcomes: Vec<String> = run.outcomes().into_iter().map(|(_, o)| o).collect();
    assert_eq!(outcomes, ["accepted", "crash", "skipped", "skipped"]);
    assert!(detail(&run, "runtime/v1/d-last").contains("--max-restarts"));
    assert_eq!(run.results()["summary"]["total"]["skipped"], 2);
}

#[test]
fn stderr_is_attributed_to_its_case() {
    let run = run_faulty("tiny.py", &[], &[("TINY_ECHO_STDERR", "1")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (id, name) in [
        ("runtime/v1/a-first", "first"),
        ("runtime/v1/b-victim", "victim"),
        ("runtime/v1/c-after", "after"),
        ("runtime/v1/d-last", "last"),
    ] {
        let stderr = stderr_of(&run, id);
        assert!(stderr.starts_with("read: {"), "{id}: {stderr:?}");
        assert!(stderr.contains(&format!("\"{name}\"")), "{id}: {stderr:?}");
        assert_eq!(stderr.lines().count(), 1, "{id}: {stderr:?}");
    }
}

#[test]
fn refused_handshake_is_a_harness_error() {
    let run = run_faulty("refuse_handshake.py", &[], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("refused the handshake: protocol 1 is not supported"),
        "{}",
        run.stderr
    );
    assert!(run.results.is_none());
}

#[test]
fn missing_program_is_a_harness_error() {
    let corpus = fault_corpus();
    let root = corpus.root().display().to_string();
    let run = certify(
        &[
            "--corpus",
            &root,
            "--adapter",
            "conformkit-no-such-program --flag",
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("during the handshake"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("exit status 127"), "{}", run.stderr);
    assert!(run.results.is_none());
}

#[test]
fn writer_faults_are_judged_by_round_trip() {
    for (kind, outcome, expect) in [
        ("model", "accepted", "reads back as a different model"),
        (
            "garbage",
            "accepted",
            "the reference reader rejects the written artifact",
        ),
        ("nothing", "accepted", "wrote nothing"),
        (
            "refuse",
            "rejected",
            "the writer refused a valid model: cannot",
        ),
    ] {
        let run = run_faulty(
            "wrong_writer.py",
            &["--role", "writer"],
            &[("WRONG_WRITE", kind)],
        );
        assert_only_victim(&run, outcome);
        let d = detail(&run, "runtime/v1/b-victim");
        assert!(d.contains(expect), "{kind}: {d}");
    }
}

#[test]
fn a_program_that_cannot_stay_up_needs_per_case_mode() {
    let run = run_faulty("one_shot.py", &["--per-case"], &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);

    // One worker: which cases find the program gone depends on which
    // cases each process served.
    let run = run_faulty("one_shot.py", &["--jobs", "1"], &[]);
    assert_eq!(run.code, 1);
    let outcomes: Vec<String> = run.outcomes().into_iter().map(|(_, o)| o).collect();
    assert_eq!(outcomes, ["accepted", "crash", "rejected", "crash"]);
    for id in ["runtime/v1/b-victim", "runtime/v1/d-last"] {
        // Seen gone before the request, or exiting as it was sent.
        let d = detail(&run, id);
        assert!(
            d.contains("exit status 0")
                && (d.contains("needs --per-case") || d.contains("without answering")),
            "{id}: {d}"
        );
    }
}

#[test]
fn a_program_cannot_damage_the_corpus() {
    let corpus = fault_corpus();
    let snapshot = |root: &std::path::Path| {
        let mut files = Vec::new();
        for case in ["a-first", "b-victim", "c-after", "d-last"] {
            let p = root.join("runtime/v1").join(case).join("input.json");
            files.push(std::fs::read(p).unwrap());
        }
        files
    };
    let before = snapshot(corpus.root());
    let root = corpus.root().display().to_string();
    let command = adapter("vandal.py");
    let run = certify(&["--corpus", &root, "--adapter", &command], &[]);
    // It answers from what it read first, so every case still passes.
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(snapshot(corpus.root()), before);
    let stderr = stderr_of(&run, "runtime/v1/a-first");
    // The copy is read-only; only a privileged program can still write it.
    let privileged = stderr.contains("overwrite: done");
    if !privileged {
        assert!(stderr.contains("overwrite: refused"), "{stderr}");
        assert!(stderr.contains("delete: refused"), "{stderr}");
    }
}

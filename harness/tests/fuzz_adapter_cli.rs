//! `conformkit fuzz` as a tool: the clean control (the reference itself,
//! served over the protocol by `conformkit serve-reference`) gives no
//! disagreement as reader or writer; a crash of the adapter is a finding;
//! a campaign is reproducible from its seed; bad input to the fuzzer
//! (unknown family, a refused handshake, an unwritable `--out`, a bad
//! `--shard`) is a clear error with exit 2.

mod fuzz_support;
mod support;

use fuzz_support::fuzz;
use serde_json::Value;
use std::path::Path;
use support::{adapter, python, sh_quote};

fn reference() -> String {
    format!(
        "{} serve-reference",
        sh_quote(env!("CARGO_BIN_EXE_conformkit"))
    )
}

fn fixture(script: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz_adapters")
        .join(script);
    format!(
        "{} {}",
        sh_quote(python()),
        sh_quote(&path.display().to_string())
    )
}

#[test]
fn the_reference_over_the_protocol_never_disagrees() {
    let reader = fuzz(&[
        "--adapter",
        &reference(),
        "--seed",
        "11",
        "--runs",
        "3000",
        "--json",
    ]);
    assert_eq!(reader.code, 0, "{}\n{}", reader.stdout, reader.stderr);
    let s = reader.summary();
    assert_eq!(s["stats"]["disagreements"], 0, "{}", reader.stdout);
    assert_eq!(s["stats"]["iterations"], 3000);
    assert!(s["stats"]["execs"].as_u64().unwrap() >= 3000);
    assert_eq!(s["run"]["families"].as_array().unwrap().len(), 11);

    let writer = fuzz(&[
        "--adapter",
        &reference(),
        "--role",
        "writer",
        "--seed",
        "11",
        "--runs",
        "600",
        "--json",
    ]);
    assert_eq!(writer.code, 0, "{}\n{}", writer.stdout, writer.stderr);
    let s = writer.summary();
    assert_eq!(s["stats"]["disagreements"], 0);
    // Most mutated models are valid and reach the writer.
    assert!(
        s["stats"]["execs"].as_u64().unwrap() > 200,
        "{}",
        writer.stdout
    );
}

#[test]
fn a_crash_is_a_finding_and_the_campaign_goes_on() {
    let out = tempfile::tempdir().unwrap();
    let run = fuzz(&[
        "--adapter",
        &fixture("crash_on_nul.py"),
        "--family",
        "runtime",
        "--seed",
        "5",
        "--runs",
        "400",
        "--out",
        &out.path().display().to_string(),
        "--json",
    ]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let s = run.summary();
    let findings = s["findings"].as_array().unwrap();
    let crash = findings
        .iter()
        .find(|f| f["adapter"]["fault"] == "crash")
        .unwrap_or_else(|| panic!("no crash finding: {}", run.stdout));
    assert!(crash["signature"]
        .as_str()
        .unwrap()
        .ends_with("adapter crash"));
    assert_eq!(s["stats"]["iterations"], 400, "the campaign ran to its end");
    let case = out.path().join(crash["case"].as_str().unwrap());
    let input = std::fs::read(case.join("input.json")).unwrap();
    assert!(
        input.contains(&0) || input.windows(6).any(|w| w == b"\\u0000"),
        "the shrunk input still holds what crashes it: {:?}",
        String::from_utf8_lossy(&input)
    );
    assert!(
        input.len() < 40,
        "shrunk: {:?}",
        String::from_utf8_lossy(&input)
    );
}

#[test]
fn a_campaign_repeats_from_its_seed() {
    let run = |seed: &str| {
        let r = fuzz(&[
            "--adapter",
            &fixture("dup_key_same_value.py"),
            "--family",
            "replay_audit",
            "--seed",
            seed,
            "--runs",
            "200",
            "--json",
        ]);
        let s: Value = r.summary();
        let sigs: Vec<Value> = s["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| serde_json::json!([f["signature"], f["exec"], f["case"], f["size_after"]]))
            .collect();
        (s["stats"]["execs"].clone(), sigs)
    };
    let a = run("42");
    assert!(!a.1.is_empty(), "the campaign finds something to compare");
    assert_eq!(a, run("42"));
    assert_ne!(a, run("43"));
}

#[test]
fn bad_input_to_the_fuzzer_is_exit_2() {
    let r = fuzz(&["--adapter", &reference(), "--family", "no_such_family"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unknown family `no_such_family`"),
        "{}",
        r.stderr
    );

    let r = fuzz(&["--adapter", &adapter("refuse_handshake.py"), "--runs", "5"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("could not be started"), "{}", r.stderr);

    let file = tempfile::NamedTempFile::new().unwrap();
    let r = fuzz(&[
        "--adapter",
        &reference(),
        "--runs",
        "5",
        "--out",
        &file.path().join("sub").display().to_string(),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("not a writable directory"),
        "{}",
        r.stderr
    );

    for shard in ["0/2", "3/2", "x"] {
        let r = fuzz(&["--adapter", &reference(), "--shard", shard]);
        assert_eq!(r.code, 2, "--shard {shard}");
        assert!(r.stderr.contains("not a shard"), "{}", r.stderr);
    }
}

#[test]
fn a_shard_takes_every_nth_iteration() {
    let execs = |shard: &str| -> Vec<u64> {
        let r = fuzz(&[
            "--adapter",
            &fixture("dup_key_same_value.py"),
            "--family",
            "replay_audit",
            "--seed",
            "42",
            "--runs",
            "150",
            "--shard",
            shard,
            "--json",
        ]);
        assert_eq!(r.code, 1, "{}\n{}", r.stderr, r.stdout);
        assert_eq!(r.summary()["run"]["shard"], shard);
        r.summary()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["exec"].as_u64().unwrap())
            .collect()
    };
    let second = execs("2/3");
    assert!(!second.is_empty());
    assert!(second.iter().all(|e| e % 3 == 1), "{second:?}");
    let third = execs("3/3");
    assert!(third.iter().all(|e| e % 3 == 2), "{third:?}");
}

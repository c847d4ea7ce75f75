//! The `adapter_differential` cargo-fuzz target's property
//! (`conformkit::fuzzing::adapter`), run here without libFuzzer: the
//! reference over the protocol agrees with itself on every exported seed,
//! as reader and as writer; a planted fault panics with the finding
//! printed (the crash libFuzzer would keep). Each test runs on its own
//! thread, so each starts its own adapter process, as each fuzzer process
//! does.

mod support;

use conformkit::corpus::{default_root, load_corpus};
use conformkit::fuzz_seeds::{seed, TARGETS};
use conformkit::fuzzing::adapter::{check_with, selector_of, Env};
use std::path::Path;
use support::{python, sh_quote};

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn reference(role: &'static str) -> Env {
    Env {
        adapter: Some(leak(format!(
            "{} serve-reference",
            sh_quote(env!("CARGO_BIN_EXE_conformkit"))
        ))),
        role: Some(role),
        ..Env::default()
    }
}

fn seeds() -> Vec<(String, Vec<u8>)> {
    let target = TARGETS
        .iter()
        .find(|t| t.name == "adapter_differential")
        .expect("the target exports seeds");
    load_corpus(&default_root())
        .unwrap()
        .iter()
        .filter_map(|c| seed(target, c).unwrap().map(|s| (c.id.clone(), s)))
        .collect()
}

fn clean_on_every_seed(role: &'static str) {
    let env = reference(role);
    let seeds = seeds();
    assert!(seeds.len() > 1000, "{} seeds", seeds.len());
    for (id, bytes) in &seeds {
        if std::panic::catch_unwind(|| check_with(bytes, &env)).is_err() {
            panic!("the reference disagrees with itself as {role} on {id}");
        }
    }
}

#[test]
fn the_reference_reader_agrees_on_every_seed() {
    clean_on_every_seed("reader");
}

#[test]
fn the_reference_writer_agrees_on_every_seed() {
    clean_on_every_seed("writer");
}

#[test]
fn a_planted_fault_panics_with_the_finding() {
    let faulty =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/faulty/faulty_adapter.py");
    let env = Env {
        adapter: Some(leak(format!(
            "{} {} duplicate-keys-last-wins runtime",
            sh_quote(python()),
            sh_quote(&faulty.display().to_string())
        ))),
        family: Some("runtime"),
        ..Env::default()
    };
    let case = default_root().join("runtime/v1/duplicate-key/input.json");
    let mut input = vec![selector_of("runtime").unwrap()];
    input.extend(std::fs::read(case).unwrap());
    // Another family's input is not this campaign's: no panic.
    check_with(&[selector_of("environment").unwrap(), b'{'], &env);
    let panic = std::panic::catch_unwind(|| check_with(&input, &env))
        .expect_err("a duplicate key kept is a finding");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        message.contains(
            "signature: runtime/v1 reader: reference reject(duplicate_key) / adapter accept"
        ),
        "{message}"
    );
    assert!(message.contains("input: "), "{message}");
}

//! Truncated input never crashes a reader: every file-shaped corpus input
//! (JSON and KV alike, whatever the case expects) is cut short at many
//! lengths and each prefix goes through its family's reference reader, which
//! must return a model or a classified error, never panic. A panic is caught
//! and reported with the case id and the prefix length.
//!
//! For JSON, a proper prefix can only be a whole document when what was cut
//! off is whitespace, so an accepted prefix must give the model the reader
//! gives the whole input. (A KV prefix cut at a line end is a shorter but
//! possibly valid document, so KV gets the no-panic check only.)
//!
//! The inputs of accepted cases (`accept`, `either`) under 2 KiB are cut at
//! every length, longer ones at 200 evenly spaced lengths plus the first and
//! last few. Rejected cases are mostly mutations of an accepted base whose
//! prefixes are already covered, so they get 64 spaced cuts plus the ends.
//! That keeps the test to a few seconds in a debug build.

use conformkit::corpus::{default_root, load_corpus, Case, Expect};
use conformkit_reference::{family, Family, Input, Limits, Shape};
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// How densely an input is cut.
#[derive(Clone, Copy)]
struct Sampling {
    /// Inputs shorter than this are cut at every length.
    every_prefix_below: usize,
    /// How many evenly spaced cuts a longer input gets.
    spaced: usize,
}

/// For the inputs of accept and either cases.
const ACCEPTED: Sampling = Sampling {
    every_prefix_below: 2048,
    spaced: 200,
};
/// For the inputs of reject cases.
const REJECTED: Sampling = Sampling {
    every_prefix_below: 96,
    spaced: 64,
};
/// How many cuts at each end of a longer input are added to the spaced ones.
const EDGE_CUTS: usize = 16;

/// The prefix lengths to try for an input of `len` bytes: proper prefixes
/// only (the whole input is the corpus test's business).
fn cut_points(len: usize, sampling: Sampling) -> Vec<usize> {
    if len < sampling.every_prefix_below.max(2 * EDGE_CUTS) {
        return (0..len).collect();
    }
    let mut cuts: Vec<usize> = (0..sampling.spaced)
        .map(|i| i * len / sampling.spaced)
        .collect();
    cuts.extend(0..EDGE_CUTS);
    cuts.extend(len - EDGE_CUTS..len);
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

fn sampling_for(case: &Case) -> Sampling {
    match case.meta.expect {
        Expect::Reject => REJECTED,
        Expect::Accept | Expect::Either => ACCEPTED,
    }
}

/// What reading one prefix gave, or why it is a failure.
fn read_prefix(fam: &dyn Family, prefix: &[u8]) -> Result<Option<Value>, String> {
    let limits = Limits::default();
    match catch_unwind(AssertUnwindSafe(|| fam.read(Input::Bytes(prefix), &limits))) {
        Ok(Ok(model)) => Ok(Some(model)),
        Ok(Err(_classified)) => Ok(None),
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a panic".to_string());
            Err(format!("panicked: {what}"))
        }
    }
}

/// Every problem found with the prefixes of one case's input.
fn check_case(case: &Case, fam: &dyn Family, ext: &str) -> Vec<String> {
    let bytes = match std::fs::read(&case.input) {
        Ok(b) => b,
        Err(e) => return vec![format!("{}: input unreadable: {e}", case.id)],
    };
    let whole = match read_prefix(fam, &bytes) {
        Ok(model) => model,
        Err(why) => {
            return vec![format!(
                "{}: whole input ({} bytes) {why}",
                case.id,
                bytes.len()
            )]
        }
    };
    let mut problems = Vec::new();
    for len in cut_points(bytes.len(), sampling_for(case)) {
        match read_prefix(fam, &bytes[..len]) {
            Err(why) => problems.push(format!("{}: prefix of {len} bytes {why}", case.id)),
            // Only when the whole input is accepted: a rejected input may be
            // rejected for what follows a complete document (trailing bytes).
            Ok(Some(model)) if ext == "json" && whole.as_ref().is_some_and(|w| *w != model) => {
                problems.push(format!(
                    "{}: the prefix of {len} bytes (cut before {:?}) is accepted with another model than the whole input's",
                    case.id,
                    String::from_utf8_lossy(&bytes[len..bytes.len().min(len + 16)])
                ));
            }
            Ok(_) => {}
        }
    }
    problems
}

#[test]
fn no_prefix_of_a_corpus_input_panics_a_reader() {
    let cases = load_corpus(&default_root()).expect("corpus loads");
    let mut problems = Vec::new();
    let (mut inputs, mut prefixes) = (0, 0);
    for case in &cases {
        let Some(fam) = family(&case.family, Some(&case.version)) else {
            continue;
        };
        let Shape::File { ext } = fam.info().shape else {
            continue;
        };
        inputs += 1;
        prefixes += std::fs::metadata(&case.input)
            .map(|m| cut_points(m.len() as usize, sampling_for(case)).len())
            .unwrap_or(0);
        problems.extend(check_case(case, fam, ext));
    }
    println!("{inputs} file inputs, {prefixes} prefixes read");
    assert!(inputs > 0, "no file-shaped corpus cases found");
    assert!(
        problems.is_empty(),
        "{} truncation problems:\n{}",
        problems.len(),
        problems
            .iter()
            .take(50)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn cut_points_cover_short_inputs_fully_and_sample_long_ones() {
    assert_eq!(cut_points(0, ACCEPTED), Vec::<usize>::new());
    assert_eq!(cut_points(3, REJECTED), vec![0, 1, 2]);
    assert_eq!(cut_points(2047, ACCEPTED).len(), 2047);
    let long = cut_points(100_000, ACCEPTED);
    assert!(long.len() >= ACCEPTED.spaced && long.len() <= ACCEPTED.spaced + 2 * EDGE_CUTS);
    assert_eq!(long.first(), Some(&0));
    assert_eq!(long.last(), Some(&99_999));
    assert!(long.windows(2).all(|w| w[0] < w[1]));
}

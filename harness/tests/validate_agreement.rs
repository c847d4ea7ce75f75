//! `Family::validate_path` gives exactly the verdict of `Family::read_path`
//! on every corpus case of every family: accepted by both, or rejected by
//! both with the same error (class, file, line, column, key, expectation).
//! For the DataGuard report, whose validating reader works in pieces, every
//! case is also validated cut into 1 to 6 pieces on up to 3 threads, and an
//! accepted case's counts match its expected model.

use conformkit::corpus::{default_root, load_corpus};
use conformkit_reference::families::dataguard_report::validate::validate_split;
use conformkit_reference::kv::pieces::Split;
use conformkit_reference::{family, Limits};

#[test]
fn validate_and_read_agree_on_every_case() {
    let cases = load_corpus(&default_root()).expect("corpus loads");
    let limits = Limits::default();
    let mut wrong = Vec::new();
    let mut dataguard = 0;
    for case in &cases {
        let fam = family(&case.family, Some(&case.version)).expect("registered family");
        let read = fam.read_path(&case.input, &limits);
        let validated = fam.validate_path(&case.input, &limits);
        match (&read, &validated) {
            (Ok(_), Ok(_)) => {}
            (Err(r), Err(v)) if r == v => {}
            _ => wrong.push(format!(
                "{}: read {:?}, validate {:?}",
                case.id,
                read.as_ref().map(|_| "model"),
                validated
            )),
        }
        if case.family != "dataguard_report" {
            continue;
        }
        dataguard += 1;
        if let (Ok(model), Ok(summary)) = (&read, &validated) {
            let counters = model
                .as_object()
                .map_or(0, |m| m.keys().filter(|k| k.starts_with("counts.")).count());
            if summary.get("counters") != Some(counters as u64) {
                wrong.push(format!("{}: {summary} but {counters} counters", case.id));
            }
        }
        let bytes = std::fs::read(&case.input).expect("input reads");
        for pieces in 1..=6 {
            let split = Split {
                pieces,
                threads: pieces.min(3),
            };
            let pieced = validate_split(&bytes, &limits, split);
            if pieced.as_ref().err() != validated.as_ref().err() {
                wrong.push(format!("{}: in {pieces} pieces {pieced:?}", case.id));
            }
        }
    }
    assert!(dataguard > 100, "only {dataguard} DataGuard cases found");
    assert!(
        wrong.is_empty(),
        "validate disagrees with read:\n{}",
        wrong.join("\n")
    );
}

//! The schema-agreement rules, shared by every test that holds a JSON
//! Schema validator against the reference reader (the Rust `jsonschema`
//! crate in schema_agreement.rs, Python's `jsonschema`, ajv): on every case
//! of every JSON family the validator's verdict equals the reader's, unless
//! the case is tagged `beyond-schema` (a rule the schema cannot state), in
//! which case they must differ, so that the tag stays true.

#![allow(dead_code)]

use conformkit::corpus::{load_corpus, Case};
use conformkit_reference::{family, Limits, Shape};
use std::path::Path;

/// A case of a JSON family with the reference reader's verdict.
pub struct ReaderCase {
    pub case: Case,
    /// `corpus/<family>/<version>` relative to the corpus root.
    pub key: String,
    pub accepted: bool,
}

/// Every case of every JSON family under `root`, read by the reader.
pub fn json_cases(root: &Path) -> Vec<ReaderCase> {
    let mut out = Vec::new();
    for case in load_corpus(root).expect("corpus loads") {
        let Some(fam) = family(&case.family, Some(&case.version)) else {
            continue;
        };
        if fam.info().shape != (Shape::File { ext: "json" }) {
            continue;
        }
        let accepted = fam.read_path(&case.input, &Limits::default()).is_ok();
        let key = format!("{}/{}", case.family, case.version);
        out.push(ReaderCase {
            case,
            key,
            accepted,
        });
    }
    out
}

/// What the rules found over a run.
#[derive(Default)]
pub struct Agreement {
    pub checked: usize,
    /// Tagged `beyond-schema` cases, described (they differ, as tagged).
    pub beyond: Vec<String>,
    /// Rule violations, described.
    pub disagreements: Vec<String>,
}

impl Agreement {
    /// Applies the rules to one case: `by_schema` is the validator's verdict.
    pub fn judge(&mut self, validator: &str, rc: &ReaderCase, by_schema: bool) {
        self.checked += 1;
        let tagged = rc.case.has_tag("beyond-schema");
        let line = || describe(validator, &rc.case, by_schema, rc.accepted);
        match (by_schema == rc.accepted, tagged) {
            (true, false) => {}
            (false, true) => self.beyond.push(line()),
            (false, false) => self.disagreements.push(line()),
            (true, true) => self.disagreements.push(format!(
                "{}: tagged beyond-schema but {validator} and the reader agree",
                rc.case.id
            )),
        }
    }
}

/// `id: <validator> accepts, reader rejects`.
pub fn describe(validator: &str, case: &Case, by_schema: bool, by_reader: bool) -> String {
    let word = |b: bool| if b { "accepts" } else { "rejects" };
    format!(
        "{}: {validator} {}, reader {}",
        case.id,
        word(by_schema),
        word(by_reader)
    )
}

//! The contract's coverage rule on what a change adds: every family version
//! keeps round-trip coverage, that is at least one `accept` and one
//! `reject` case in its corpus folder. A version folder (or a whole family)
//! added without them would pass every schema rule while nothing shows that
//! readers agree on it. (Folders both sides have are the corpus's own
//! business: `corpus_coverage.rs` checks the committed corpus.)

use super::diff::Change;
use super::report::Finding;
use super::rules::ChangeKind;
use super::schema_set::SchemaSet;
use super::verdict::{finding, Ctx};
use super::CompatError;
use crate::corpus::{load_corpus, Expect};
use std::collections::BTreeMap;
use std::path::Path;

/// A finding for every family version `new` has and `old` has not whose
/// cases under `root` (the new corpus, `shown` as in file names) lack an
/// accept or a reject case.
pub fn check(
    root: &Path,
    shown: &str,
    old: &SchemaSet,
    new: &SchemaSet,
) -> Result<Vec<Finding>, CompatError> {
    let cases = load_corpus(root).map_err(|e| CompatError(format!("new corpus: {e}")))?;
    let mut counts: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    for case in &cases {
        let entry = counts.entry((&case.family, &case.version)).or_default();
        match case.meta.expect {
            Expect::Accept => entry.0 += 1,
            Expect::Reject => entry.1 += 1,
            Expect::Either => {}
        }
    }
    let mut findings = Vec::new();
    for (family, versions) in new {
        for version in versions.keys() {
            if old.get(family).is_some_and(|v| v.contains_key(version)) {
                continue;
            }
            let (accept, reject) = counts
                .get(&(family.as_str(), version.as_str()))
                .copied()
                .unwrap_or_default();
            let missing = match (accept, reject) {
                (0, 0) => "no accept and no reject case",
                (0, _) => "no accept case",
                (_, 0) => "no reject case",
                _ => continue,
            };
            let file = format!("{shown}/{family}/{version}");
            let ctx = Ctx {
                family,
                version,
                old_version: None,
                file: &file,
                bump: None,
            };
            findings.push(finding(
                &ctx,
                Change {
                    kind: ChangeKind::CorpusCoverageMissing,
                    path: String::new(),
                    message: format!(
                        "{family}/{version} has {missing} ({accept} accept, {reject} reject): every format keeps round-trip coverage"
                    ),
                    pointer: None,
                },
            ));
        }
    }
    Ok(findings)
}

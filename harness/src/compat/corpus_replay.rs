//! Runs the old corpus through this build's reference readers (the new
//! reader, when the gate is built from the new revision) and reports every
//! case whose outcome (accept or reject, the model, the error class) no
//! longer matches the case's own expectation.

use super::diff::Change;
use super::report::{Finding, ReplayStats};
use super::rules::ChangeKind;
use super::verdict::{finding, Ctx};
use super::CompatError;
use crate::corpus::load_corpus;
use crate::verdict::{judge, ReadOutcome};
use conformkit_reference::{family, Limits};
use std::collections::BTreeMap;
use std::path::Path;

/// Replays every case under the old corpus `root` (`shown` is how the root
/// appears in file names). Cases of a family version whose version marker
/// was bumped in place are expected to change: their findings are info.
pub fn replay(
    root: &Path,
    shown: &str,
    bumped_in_place: &BTreeMap<(String, String), String>,
    limits: &Limits,
) -> Result<(Vec<Finding>, ReplayStats), CompatError> {
    let cases = load_corpus(root).map_err(|e| CompatError(format!("old corpus: {e}")))?;
    let mut stats = ReplayStats::default();
    let mut findings = Vec::new();
    let mut no_reader: BTreeMap<(String, String), usize> = BTreeMap::new();
    for case in &cases {
        let Some(fam) = family(&case.family, Some(&case.version)) else {
            *no_reader
                .entry((case.family.clone(), case.version.clone()))
                .or_default() += 1;
            stats.without_reader += 1;
            continue;
        };
        stats.checked += 1;
        let outcome = match fam.read_path(&case.input, limits) {
            Ok(model) => ReadOutcome::Accepted { model },
            Err(e) => ReadOutcome::Rejected {
                class: Some(e.class),
                message: e.to_string(),
            },
        };
        let verdict = judge(case, &outcome);
        if verdict.level2 {
            continue;
        }
        stats.changed += 1;
        let bump = bumped_in_place.get(&(case.family.clone(), case.version.clone()));
        let file = format!(
            "{shown}/{}/{}/{}/case.json",
            case.family, case.version, case.name
        );
        let ctx = Ctx {
            family: &case.family,
            version: &case.version,
            old_version: None,
            file: &file,
            bump: bump.map(String::as_str),
        };
        let change = Change {
            kind: ChangeKind::CorpusOutcomeChanged,
            path: case.name.clone(),
            message: format!(
                "case {} (expect {}): {}",
                case.id,
                case.meta.expect.as_str(),
                verdict.detail.unwrap_or_default()
            ),
            pointer: None,
        };
        findings.push(finding(&ctx, change));
    }
    for ((fam, version), count) in no_reader {
        let file = format!("{shown}/{fam}/{version}");
        let ctx = Ctx {
            family: &fam,
            version: &version,
            old_version: None,
            file: &file,
            bump: None,
        };
        let change = Change {
            kind: ChangeKind::CorpusNoReader,
            path: String::new(),
            message: format!(
                "{count} old case(s) of {fam}/{version} not replayed: this build has no reader for it"
            ),
            pointer: None,
        };
        findings.push(finding(&ctx, change));
    }
    Ok((findings, stats))
}

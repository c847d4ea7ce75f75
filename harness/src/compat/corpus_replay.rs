//! Runs the old corpus through this build's reference readers (the new
//! reader, when the gate is built from the new revision) and reports every
//! case whose outcome (accept or reject, the model, the error class) no
//! longer matches the case's own expectation.

use super::report::{Finding, ReplayStats};
use super::rules::{classify, ChangeKind, Level};
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
        let cl = classify(&ChangeKind::CorpusOutcomeChanged);
        let bump = bumped_in_place
            .get(&(case.family.clone(), case.version.clone()))
            .cloned();
        findings.push(Finding {
            rule: cl.rule,
            level: if bump.is_some() {
                Level::Info
            } else {
                cl.level
            },
            rule_level: cl.level,
            forward: cl.forward,
            backward: cl.backward,
            family: case.family.clone(),
            version: case.version.clone(),
            old_version: None,
            path: case.name.clone(),
            file: format!(
                "{shown}/{}/{}/{}/case.json",
                case.family, case.version, case.name
            ),
            message: format!(
                "case {} (expect {}): {}",
                case.id,
                case.meta.expect.as_str(),
                verdict.detail.unwrap_or_default()
            ),
            bump,
        });
    }
    for ((fam, version), count) in no_reader {
        let cl = classify(&ChangeKind::CorpusNoReader);
        findings.push(Finding {
            rule: cl.rule,
            level: cl.level,
            rule_level: cl.level,
            forward: cl.forward,
            backward: cl.backward,
            family: fam.clone(),
            version: version.clone(),
            old_version: None,
            path: String::new(),
            file: format!("{shown}/{fam}/{version}"),
            message: format!(
                "{count} old case(s) of {fam}/{version} not replayed: this build has no reader for it"
            ),
            bump: None,
        });
    }
    Ok((findings, stats))
}

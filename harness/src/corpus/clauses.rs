//! The seed-clause index shipped with the corpus (`CLAUSES.json`): every
//! normative clause of the seeds with an id, and which cases cover it,
//! found from case metadata (the `seed` field, or a case-name prefix).
//! Results name the clauses of each case, so a report can say which seed
//! clause a failing case checks.

use super::case::Case;
use super::load::CorpusError;
use serde::Deserialize;
use std::path::Path;

/// The file name of the index in the corpus root.
pub const CLAUSES_FILE: &str = "CLAUSES.json";

/// `CLAUSES.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClauseIndex {
    /// What the index is and how coverage is computed.
    pub about: String,
    pub clauses: Vec<Clause>,
}

/// One clause and the rule that finds its cases.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    /// A short stable id (`SV-2`, `OUT-17`, `DGF-3`).
    pub id: String,
    /// Where the clause is: seed and section.
    pub source: String,
    /// The clause as the seed states it.
    pub text: String,
    /// The families whose cases can cover it.
    pub families: Vec<String>,
    /// A case covers the clause when its `seed` contains one of these...
    pub seed_contains: Vec<String>,
    /// ... or its name starts with one of these.
    #[serde(default)]
    pub name_prefixes: Vec<String>,
    /// Whether an input can break the clause (then a rejected case is due).
    pub reject_side: bool,
}

impl Clause {
    /// Whether `case` covers this clause.
    pub fn covers(&self, case: &Case) -> bool {
        self.families.contains(&case.family)
            && (self
                .seed_contains
                .iter()
                .any(|s| case.meta.seed.contains(s))
                || self
                    .name_prefixes
                    .iter()
                    .any(|p| case.name.starts_with(p.as_str())))
    }
}

impl ClauseIndex {
    /// The ids of the clauses `case` covers, in index order.
    pub fn ids_for(&self, case: &Case) -> Vec<String> {
        self.clauses
            .iter()
            .filter(|c| c.covers(case))
            .map(|c| c.id.clone())
            .collect()
    }
}

/// The index of the corpus at `root`, or `None` when it has none (a
/// corpus of one's own need not ship one).
pub fn load_clauses(root: &Path) -> Result<Option<ClauseIndex>, CorpusError> {
    let path = root.join(CLAUSES_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(CorpusError {
                path,
                message: e.to_string(),
            })
        }
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| CorpusError {
            path,
            message: format!("not a clause index ({{about, clauses}}): {e}"),
        })
}

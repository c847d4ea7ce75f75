//! The starting points of a campaign, drawn from the corpus: every case
//! input of a family (reader role) and every accept case's expected model
//! (writer role, which is given valid models only).

use super::sample::Sample;
use crate::adapter::Role;
use crate::corpus::{Case, Expect};
use serde_json::Value;

/// What one family's mutations start from.
pub enum Seeds {
    /// Case inputs, the `valid` inputs of accept cases first: mutations of
    /// valid inputs reach accept-side disagreements, so they are drawn
    /// more often.
    Inputs {
        samples: Vec<Sample>,
        valid: usize,
    },
    Models(Vec<Value>),
}

impl Seeds {
    pub fn len(&self) -> usize {
        match self {
            Seeds::Inputs { samples, .. } => samples.len(),
            Seeds::Models(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The seeds of `family`/`version` for `role`; an unreadable case input is
/// an error naming it.
pub fn seeds(cases: &[Case], family: &str, version: &str, role: Role) -> Result<Seeds, String> {
    let mine = cases
        .iter()
        .filter(|c| c.family == family && c.version == version);
    match role {
        Role::Reader => {
            let mut ordered: Vec<&Case> = mine.collect();
            ordered.sort_by_key(|c| c.meta.expect != Expect::Accept);
            let valid = ordered
                .iter()
                .filter(|c| c.meta.expect == Expect::Accept)
                .count();
            let samples = ordered
                .iter()
                .map(|c| {
                    Sample::load(&c.input).map_err(|e| {
                        format!("cannot read the case input {}: {e}", c.input.display())
                    })
                })
                .collect::<Result<_, _>>()?;
            Ok(Seeds::Inputs { samples, valid })
        }
        Role::Writer => Ok(Seeds::Models(
            mine.filter(|c| c.meta.expect == Expect::Accept)
                .filter_map(|c| c.expected.clone())
                .collect(),
        )),
    }
}

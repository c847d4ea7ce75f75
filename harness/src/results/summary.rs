//! Counting a run's cases: overall and per family version, per level, per
//! status and per fault kind.

use super::{CaseResult, Outcome, Status};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Counts over a set of cases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilySummary {
    /// Cases selected.
    pub cases: usize,
    /// Cases the implementation declares (all but `unsupported`).
    pub supported: usize,
    /// Supported cases passing level 1.
    pub level1_passed: usize,
    /// Supported cases passing level 2.
    pub level2_passed: usize,
    /// By status.
    pub passed: usize,
    pub failed: usize,
    pub expected_failures: usize,
    pub unexpected_passes: usize,
    pub unsupported: usize,
    /// By fault outcome.
    pub crash: usize,
    pub timeout: usize,
    pub protocol_error: usize,
    pub skipped: usize,
}

impl FamilySummary {
    /// Counts `case` in (its `status` must be settled).
    pub fn add(&mut self, case: &CaseResult) {
        self.cases += 1;
        if case.outcome != Outcome::Unsupported {
            self.supported += 1;
            self.level1_passed += usize::from(case.level1);
            self.level2_passed += usize::from(case.level2);
        }
        match case.status {
            Status::Pass => self.passed += 1,
            Status::Fail => self.failed += 1,
            Status::ExpectedFailure => self.expected_failures += 1,
            Status::UnexpectedPass => self.unexpected_passes += 1,
            Status::Unsupported => self.unsupported += 1,
        }
        match case.outcome {
            Outcome::Crash => self.crash += 1,
            Outcome::Timeout => self.timeout += 1,
            Outcome::ProtocolError => self.protocol_error += 1,
            Outcome::Skipped => self.skipped += 1,
            Outcome::Accepted | Outcome::Rejected | Outcome::Unsupported => {}
        }
    }
}

/// The run's totals, per `family/version`, and the verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub total: FamilySummary,
    /// Keyed `family/version`.
    pub families: BTreeMap<String, FamilySummary>,
    /// No case failed and no listed case passed: the run exits 0.
    pub conformant: bool,
}

impl Summary {
    /// Counts `cases` (their `status` must be settled).
    pub fn of(cases: &[CaseResult]) -> Summary {
        let mut summary = Summary::default();
        for case in cases {
            summary.total.add(case);
            summary
                .families
                .entry(format!("{}/{}", case.family, case.version))
                .or_default()
                .add(case);
        }
        summary.conformant = summary.total.failed == 0 && summary.total.unexpected_passes == 0;
        summary
    }
}

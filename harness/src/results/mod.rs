//! The result model of a certification run: one [`RunResult`] holding who
//! was certified, against which corpus, how every case went and a summary
//! per family and level. It is the single source every report format is
//! rendered from; its JSON form is described by
//! `harness/schemas/results.schema.json` and versioned by
//! [`RESULTS_FORMAT`]. Changes are additive within a format version.

mod stable;
mod summary;
pub mod time;

pub use summary::{FamilySummary, Summary};

use crate::adapter::{Connection, Implementation, Role};
use crate::corpus::Expect;
use conformkit_reference::ErrorClass;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version of the results format.
pub const RESULTS_FORMAT: u32 = 1;

/// A whole run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// [`RESULTS_FORMAT`].
    pub results_format: u32,
    /// The kit that produced the results.
    pub kit: Kit,
    /// The implementation, as it named itself, and what it declared.
    pub implementation: ImplementationRecord,
    /// How the harness reached it.
    pub connection: Connection,
    /// The role certified in this run.
    pub role: Role,
    /// The level (1 or 2) a case must reach to pass.
    pub level: u8,
    pub corpus: CorpusRecord,
    /// The options that shape the verdicts.
    pub options: RunOptions,
    /// When the run started (RFC 3339, UTC).
    pub started_at: String,
    /// Wall time of the whole run.
    pub duration_ms: f64,
    /// Every selected case, in id order.
    pub cases: Vec<CaseResult>,
    pub summary: Summary,
}

/// The kit's name and version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kit {
    pub name: String,
    pub version: String,
}

impl Kit {
    /// This build.
    pub fn this() -> Kit {
        Kit {
            name: "conformkit".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// The implementation and its declared roles and families.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImplementationRecord {
    #[serde(flatten)]
    pub implementation: Implementation,
    pub roles: Vec<Role>,
    pub families: BTreeMap<String, Vec<String>>,
}

/// Which corpus the run used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusRecord {
    /// `sha256:<hex>` over every case of the corpus (see `corpus::fingerprint`).
    pub fingerprint: String,
    /// Cases in the corpus.
    pub cases: usize,
    /// Cases selected for this run (after `--family` and the role).
    pub selected: usize,
    /// The `--family` filters, empty for all.
    pub families: Vec<String>,
}

/// Run options that affect verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunOptions {
    /// Per-request timeout (process adapters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u64>,
    /// Longest response line (process adapters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_response_bytes: Option<usize>,
    /// Restart budget (process adapters, persistent mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_restarts: Option<u32>,
    /// The expected-failures file, as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_failures: Option<String>,
    /// Reproducible output (`certify --stable`): timings zeroed, the start
    /// time fixed, temporary paths replaced (see [`RunResult::make_stable`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stable: bool,
}

/// What happened when the case was put to the implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Reader: produced a model. Writer: wrote the artifact.
    Accepted,
    /// Reader: rejected the input. Writer: refused the model.
    Rejected,
    /// Exited or closed its output before answering.
    Crash,
    /// No answer within the timeout.
    Timeout,
    /// An answer that breaks the protocol (malformed, wrong id, oversized).
    ProtocolError,
    /// Not run: the harness had given up on the program.
    Skipped,
    /// The implementation does not declare this family version (or role).
    Unsupported,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Accepted => "accepted",
            Outcome::Rejected => "rejected",
            Outcome::Crash => "crash",
            Outcome::Timeout => "timeout",
            Outcome::ProtocolError => "protocol_error",
            Outcome::Skipped => "skipped",
            Outcome::Unsupported => "unsupported",
        }
    }

    /// Whether the implementation misbehaved (no answer at all).
    pub fn is_fault(self) -> bool {
        matches!(
            self,
            Outcome::Crash | Outcome::Timeout | Outcome::ProtocolError | Outcome::Skipped
        )
    }
}

/// The case's standing once the expected-failures list is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Passed at the run's level, not listed.
    Pass,
    /// Failed, not listed: fails the run.
    Fail,
    /// Failed and listed in the expected-failures file.
    ExpectedFailure,
    /// Passed although listed: fails the run (the list must stay true).
    UnexpectedPass,
    /// Not counted: outside what the implementation declares.
    Unsupported,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::ExpectedFailure => "expected_failure",
            Status::UnexpectedPass => "unexpected_pass",
            Status::Unsupported => "unsupported",
        }
    }

    /// Whether this status fails the run.
    pub fn fails_run(self) -> bool {
        matches!(self, Status::Fail | Status::UnexpectedPass)
    }
}

/// One case of the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseResult {
    /// `<family>/<version>/<name>`.
    pub id: String,
    pub family: String,
    pub version: String,
    pub role: Role,
    pub expect: Expect,
    /// The case's tags from `case.json` (`extra-fields`, `future-version`,
    /// ...): the reports classify documents by them.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The ids of the seed clauses the case covers (`corpus/CLAUSES.json`),
    /// so a report can link a failing case to its clause.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clauses: Vec<String>,
    /// The class a rejection must carry (`reject`, and `either` if rejected).
    pub expected_error_class: Option<ErrorClass>,
    pub outcome: Outcome,
    /// The class the implementation reported, when it rejected with one.
    pub actual_error_class: Option<ErrorClass>,
    /// Accept/reject right (and the model, or the written artifact, right).
    pub level1: bool,
    /// Level 1, and the error class right when rejected.
    pub level2: bool,
    /// Listed in the expected-failures file.
    pub expected_failure: bool,
    /// The `# reason` of the matching expected-failures line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_failure_reason: Option<String>,
    pub status: Status,
    /// Why it failed: a model diff, what was expected and found, or the
    /// fault (exit status, timeout, protocol violation).
    pub detail: Option<String>,
    /// What the program wrote to stderr while on this case (bounded tail).
    pub stderr: Option<String>,
    /// Time the implementation took (process adapters: the request and
    /// response; per-case mode includes start, handshake and shutdown).
    pub duration_ms: f64,
}

impl CaseResult {
    /// Whether the case reaches `level`.
    pub fn passes(&self, level: u8) -> bool {
        if level <= 1 {
            self.level1
        } else {
            self.level2
        }
    }

    /// Sets `status` from the verdict at `level` and the listing.
    pub fn settle(&mut self, level: u8, listed: Option<Option<String>>) {
        self.expected_failure = listed.is_some();
        self.expected_failure_reason = listed.flatten();
        self.status = match (self.outcome, self.passes(level), self.expected_failure) {
            (Outcome::Unsupported, _, _) => Status::Unsupported,
            (_, true, false) => Status::Pass,
            (_, true, true) => Status::UnexpectedPass,
            (_, false, true) => Status::ExpectedFailure,
            (_, false, false) => Status::Fail,
        };
    }
}

/// Milliseconds of `d`, to the microsecond.
pub fn millis(d: std::time::Duration) -> f64 {
    (d.as_micros() as f64) / 1000.0
}

impl RunResult {
    /// Whether the run passes: nothing failed and no listed case passed.
    pub fn conformant(&self) -> bool {
        !self.cases.iter().any(|c| c.status.fails_run())
    }

    /// Re-applies the expected-failures listing to every case and
    /// recomputes the summary.
    pub fn resettle(&mut self, listing: impl Fn(&str) -> Option<Option<String>>) {
        let level = self.level;
        for case in &mut self.cases {
            let listed = if case.outcome == Outcome::Unsupported {
                None
            } else {
                listing(&case.id)
            };
            case.settle(level, listed);
        }
        self.summary = Summary::of(&self.cases);
    }
}

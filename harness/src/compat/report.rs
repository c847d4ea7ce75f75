//! The gate's result: findings (a classified change with where and why),
//! what was compared, the corpus replay's counts, and the exit decision.

use super::rules::{Judgement, Level};
use super::source::SourceInfo;
use serde::Serialize;

/// The `format` value of the JSON report.
pub const REPORT_FORMAT: &str = "conformkit-compat/1";

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule id, e.g. `CK-FIELD-ADDED-REQUIRED`.
    pub rule: &'static str,
    /// The level that counts for `--fail-on`: the rule's level, or `info`
    /// when a major version bump accepts the change.
    pub level: Level,
    /// The rule's own level.
    pub rule_level: Level,
    /// Old readers of new documents.
    pub forward: Judgement,
    /// New readers of old documents.
    pub backward: Judgement,
    pub family: String,
    /// The version folder the finding is about (the new one when both exist).
    pub version: String,
    /// The old version folder compared against, when it differs or when the
    /// new one does not exist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_version: Option<String>,
    /// Field path, KV key, bundle file or case name; empty for the whole schema.
    pub path: String,
    /// The file to annotate, relative to the repository root in git mode.
    pub file: String,
    pub message: String,
    /// The version bump that accepts this change (`version folder v1 → v2`,
    /// ``version marker `audit_v` 1 → 2``).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bump: Option<String>,
    /// Line (1-based) of the changed keyword in `file`, for schema changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Column (1-based, in characters) of the changed keyword.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

/// One family version comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compared {
    pub family: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bump: Option<String>,
}

/// What the corpus replay did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct ReplayStats {
    /// Old cases run through this build's reference readers.
    pub checked: usize,
    /// Of those, cases whose outcome differs from their expectation.
    pub changed: usize,
    /// Old cases of family versions this build has no reader for.
    pub without_reader: usize,
}

/// Counts per level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Summary {
    pub error: usize,
    pub warn: usize,
    pub info: usize,
}

/// The whole result.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub format: &'static str,
    pub old: SourceInfo,
    pub new: SourceInfo,
    pub fail_on: Level,
    /// Whether no finding is at or above `fail_on`.
    pub passed: bool,
    pub exit_code: u8,
    pub summary: Summary,
    pub compared: Vec<Compared>,
    /// `None` when the replay was skipped.
    pub corpus: Option<ReplayStats>,
    pub findings: Vec<Finding>,
}

/// Exit code: no finding at or above the threshold.
pub const EXIT_PASS: u8 = 0;
/// Exit code: findings at or above the threshold.
pub const EXIT_FINDINGS: u8 = 100;

impl Report {
    pub fn new(
        old: SourceInfo,
        new: SourceInfo,
        fail_on: Level,
        compared: Vec<Compared>,
        corpus: Option<ReplayStats>,
        mut findings: Vec<Finding>,
    ) -> Report {
        findings.sort_by(|a, b| {
            (&a.family, &a.version, &a.path, a.rule).cmp(&(&b.family, &b.version, &b.path, b.rule))
        });
        let mut summary = Summary::default();
        for f in &findings {
            match f.level {
                Level::Error => summary.error += 1,
                Level::Warn => summary.warn += 1,
                Level::Info => summary.info += 1,
            }
        }
        let passed = !findings.iter().any(|f| f.level >= fail_on);
        Report {
            format: REPORT_FORMAT,
            old,
            new,
            fail_on,
            passed,
            exit_code: if passed { EXIT_PASS } else { EXIT_FINDINGS },
            summary,
            compared,
            corpus,
            findings,
        }
    }
}

//! The schema-change gate (`conformkit compat`). It compares the schema set
//! of an old and a new revision (directories or git revisions), classifies
//! every change per family version for old readers of new documents
//! (forward) and new readers of old documents (backward), applies the
//! contract ("breaking changes require a version bump; additive fields are
//! only acceptable when older readers can ignore them safely"), replays the
//! old corpus through this build's readers, and reports findings with
//! stable rule ids. docs/compat.md is the user documentation.
//!
//! Flow: [`source`] (+ `git`) → [`schema_set`] (loading with
//! [`schema_meta`], [`json_schema`], [`kv_schema`], [`bundle_schema`] into [`model`]) →
//! [`verdict`] (pairs and bumps, [`diff`] and [`rules`]) → [`corpus_replay`]
//! → [`report`] → [`output`].

pub mod bundle_schema;
pub mod corpus_replay;
pub mod coverage;
pub mod diff;
mod git;
pub mod json_schema;
pub mod keywords;
pub mod kv_schema;
pub mod location;
pub mod model;
pub mod num;
pub mod output;
pub mod report;
pub mod rules;
pub mod schema_meta;
pub mod schema_set;
pub mod source;
pub mod verdict;

use conformkit_reference::Limits;
use std::fmt;
use std::path::PathBuf;

pub use report::{Finding, Report, EXIT_FINDINGS, EXIT_PASS};
pub use rules::{Judgement, Level};
pub use source::SourceSpec;

/// The gate could not run: a bad revision, an unreadable or invalid schema,
/// a malformed old corpus. Exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompatError(pub String);

impl fmt::Display for CompatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CompatError {}

/// What to compare and how.
#[derive(Debug, Clone)]
pub struct Options {
    pub old: SourceSpec,
    pub new: SourceSpec,
    /// The repository revisions are read from.
    pub repo: PathBuf,
    /// The corpus folder inside a repository (or a directory argument).
    pub corpus_path: String,
    pub fail_on: Level,
    /// Run the old corpus through this build's readers.
    pub replay: bool,
    pub limits: Limits,
}

/// Runs the gate.
pub fn run(options: &Options) -> Result<Report, CompatError> {
    let old = source::materialize(&options.old, &options.repo, &options.corpus_path)?;
    let new = source::materialize(&options.new, &options.repo, &options.corpus_path)?;
    let old_set = schema_set::load_set(&old.root, &old.info.corpus)?;
    let new_set = schema_set::load_set(&new.root, &new.info.corpus)?;
    let mut comparison = verdict::compare_sets(&old_set, &new_set);
    let corpus = if options.replay {
        let (findings, stats) = corpus_replay::replay(
            &old.root,
            &old.info.corpus,
            &comparison.bumped_in_place,
            &options.limits,
        )?;
        comparison.findings.extend(findings);
        let uncovered = coverage::check(&new.root, &new.info.corpus, &old_set, &new_set)?;
        comparison.findings.extend(uncovered);
        Some(stats)
    } else {
        None
    };
    Ok(Report::new(
        old.info.clone(),
        new.info.clone(),
        options.fail_on,
        comparison.compared,
        corpus,
        comparison.findings,
    ))
}

/// One classified change between two schema texts of the same family
/// version (no version bump applies): what the table-driven tests check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    pub rule: &'static str,
    pub level: Level,
    pub forward: Judgement,
    pub backward: Judgement,
    pub path: String,
    pub message: String,
    /// Line and column of the changed keyword in the new text.
    pub line: Option<u32>,
    pub column: Option<u32>,
}

/// Compares two schema files' texts; `file_name` (`schema.json`,
/// `schema.kv.json`, `schema.bundle.json`) gives each one's format.
pub fn compare_texts(
    old_file: &str,
    old_text: &str,
    new_file: &str,
    new_text: &str,
) -> Result<Vec<Classified>, CompatError> {
    let load = |file: &str, text: &str| {
        let format = model::SchemaFormat::from_file_name(file)
            .ok_or_else(|| CompatError(format!("{file}: not a schema file name")))?;
        schema_set::parse_schema(format, text, file, None)
    };
    let old = load(old_file, old_text)?;
    let new = load(new_file, new_text)?;
    let locator = location::Locator::new(new_text);
    Ok(diff::diff_docs(&old, &new)
        .into_iter()
        .map(|change| {
            let cl = rules::classify(&change.kind);
            let at = change.pointer.as_deref().and_then(|p| locator.locate(p));
            Classified {
                line: at.map(|l| l.line),
                column: at.map(|l| l.column),
                rule: cl.rule,
                level: cl.level,
                forward: cl.forward,
                backward: cl.backward,
                path: change.path,
                message: change.message,
            }
        })
        .collect())
}

//! The matrices every report shows, derived once from the runs: an
//! implementation x family table (passed/total at level 1 and level 2 per
//! run and family), and per family a writer-version x reader-version table
//! of which documents each reader accepts.
//!
//! Writer side (rows), for every version `V` found in the family's reader
//! results: `V` as a `V` writer writes it (accept cases without the tags
//! `extra-fields` and `future-version`), `V` with additive fields (accept
//! cases tagged `extra-fields`: what a newer additive writer emits), then
//! one row for documents of a future major version (cases tagged
//! `future-version`: must be rejected). Reader side (columns): every reader
//! run, and in it every version of the family it was asked to read. A cell
//! counts the cases of its reader version's folder that fall in its row; a
//! `v2` folder therefore adds the rows `v2` and `v2 + additive fields` and a
//! `v2` column per reader without any change here.

use crate::adapter::Role;
use crate::corpus::Expect;
use crate::results::{CaseResult, FamilySummary, Outcome, RunResult};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// All derived tables.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matrix {
    /// Every family with cases in any run, sorted.
    pub families: Vec<String>,
    /// One row per run, in the order given.
    pub implementations: Vec<ImplRow>,
    /// One table per family that some reader run covers, sorted by family.
    pub compat: Vec<FamilyCompat>,
}

/// One run in the implementation x family table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImplRow {
    /// Unique among the rows: `<name>-<role>` as a slug, `-2`, `-3` on
    /// repeats. Names the badge files and the HTML anchors.
    pub key: String,
    pub name: String,
    pub version: String,
    pub language: String,
    pub role: Role,
    /// The level the run was certified at.
    pub level: u8,
    pub conformant: bool,
    /// Family to counts, for the families the run has cases of.
    pub families: BTreeMap<String, FamilySummary>,
    pub total: FamilySummary,
}

impl ImplRow {
    /// `name version`.
    pub fn label(&self) -> String {
        format!("{} {}", self.name, self.version)
    }

    /// (passed, total) at `level` over the declared cases.
    pub fn score(&self, level: u8) -> (usize, usize) {
        score(&self.total, level)
    }
}

/// (passed, total) of `s` at `level`, over the declared cases.
pub fn score(s: &FamilySummary, level: u8) -> (usize, usize) {
    let passed = if level <= 1 {
        s.level1_passed
    } else {
        s.level2_passed
    };
    (passed, s.supported)
}

/// The writer-version x reader-version table of one family.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyCompat {
    pub family: String,
    pub rows: Vec<DocumentRow>,
    pub columns: Vec<ReaderColumn>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<CompatCell>>,
}

impl FamilyCompat {
    /// Cell (`row`, `column`) in words, the same in every report format:
    /// `not declared` for a reader that does not declare the version, else
    /// [`CompatCell::text`].
    pub fn text(&self, row: usize, column: usize) -> String {
        if !self.columns[column].declared {
            return "not declared".into();
        }
        self.cells[row][column].text(self.rows[row].expect)
    }
}

/// A kind of document, as some writer version emits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRow {
    pub kind: DocumentKind,
    /// The writer version (`None` for a future version).
    pub version: Option<String>,
    /// What a conforming reader must do with these documents.
    pub expect: Expect,
    /// For display: `v1`, `v1 + additive fields`, `future version`.
    pub label: String,
}

/// How a document relates to the writer version it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// As a writer of that version writes it.
    Written,
    /// That version plus fields a newer additive writer adds.
    Additive,
    /// A future major version.
    Future,
}

/// One reader: a run and the family version it was asked to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReaderColumn {
    /// [`ImplRow::key`] of the run.
    pub implementation: String,
    /// The reader version.
    pub version: String,
    /// Whether the implementation declares this family version.
    pub declared: bool,
}

/// How one reader handled one kind of document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CompatCell {
    /// Cases in this cell.
    pub documents: usize,
    /// The reader produced a model.
    pub accepted: usize,
    /// The reader rejected the document.
    pub rejected: usize,
    /// Level 1 right: accepted with the right model, or rejected as required.
    pub correct: usize,
    /// Level 2 right (a rejection with the right error class).
    pub correct_level2: usize,
    /// Crash, timeout, protocol error or skipped.
    pub faults: usize,
    /// The reader does not declare this family version.
    pub not_declared: usize,
}

impl CompatCell {
    fn add(&mut self, case: &CaseResult) {
        self.documents += 1;
        match case.outcome {
            Outcome::Accepted => self.accepted += 1,
            Outcome::Rejected => self.rejected += 1,
            Outcome::Unsupported => self.not_declared += 1,
            Outcome::Crash | Outcome::Timeout | Outcome::ProtocolError | Outcome::Skipped => {
                self.faults += 1
            }
        }
        self.correct += usize::from(case.level1);
        self.correct_level2 += usize::from(case.level2);
    }

    /// Whether the cell is tested and every document was handled right at
    /// level 1.
    pub fn ok(&self) -> bool {
        self.documents > 0 && self.not_declared == 0 && self.correct == self.documents
    }

    /// Whether there is anything to judge (cases, declared).
    pub fn tested(&self) -> bool {
        self.documents > 0 && self.not_declared < self.documents
    }

    /// The cell in words, the same in every report format:
    /// `5/5 accepted`, `2/2 rejected (must reject)`, with what went wrong.
    pub fn text(&self, expect: Expect) -> String {
        if self.documents == 0 {
            return "no cases".into();
        }
        if self.not_declared == self.documents {
            return "not declared".into();
        }
        let n = self.documents - self.not_declared;
        let mut out = match expect {
            Expect::Reject => format!("{}/{n} rejected (must reject)", self.rejected),
            _ => format!("{}/{n} accepted", self.accepted),
        };
        let mut notes = Vec::new();
        match expect {
            Expect::Reject => {
                if self.accepted > 0 {
                    notes.push(format!("{} misread as valid", self.accepted));
                }
                let wrong_class = self.correct.saturating_sub(self.correct_level2);
                if wrong_class > 0 {
                    notes.push(format!("{wrong_class} with the wrong error class"));
                }
            }
            _ => {
                let wrong_model = self.accepted.saturating_sub(self.correct);
                if wrong_model > 0 {
                    notes.push(format!("{wrong_model} with a wrong model"));
                }
            }
        }
        if self.faults > 0 {
            notes.push(format!(
                "{} fault{}",
                self.faults,
                if self.faults == 1 { "" } else { "s" }
            ));
        }
        if !notes.is_empty() {
            out.push_str(", ");
            out.push_str(&notes.join(", "));
        }
        out
    }
}

impl Matrix {
    /// Derives every table from `runs`.
    pub fn of(runs: &[RunResult]) -> Matrix {
        let keys = row_keys(runs);
        let implementations: Vec<ImplRow> = runs
            .iter()
            .zip(&keys)
            .map(|(run, key)| impl_row(run, key))
            .collect();
        let families: BTreeSet<&str> = runs
            .iter()
            .flat_map(|r| r.cases.iter().map(|c| c.family.as_str()))
            .collect();
        let compat = families
            .iter()
            .filter_map(|f| family_compat(f, runs, &keys))
            .collect();
        Matrix {
            families: families.into_iter().map(String::from).collect(),
            implementations,
            compat,
        }
    }
}

fn impl_row(run: &RunResult, key: &str) -> ImplRow {
    let mut families: BTreeMap<String, FamilySummary> = BTreeMap::new();
    let mut total = FamilySummary::default();
    for case in &run.cases {
        families.entry(case.family.clone()).or_default().add(case);
        total.add(case);
    }
    let imp = &run.implementation.implementation;
    ImplRow {
        key: key.to_string(),
        name: imp.name.clone(),
        version: imp.version.clone(),
        language: imp.language.clone(),
        role: run.role,
        level: run.level,
        conformant: run.conformant(),
        families,
        total,
    }
}

/// Unique slugs `<name>-<role>` for the runs.
fn row_keys(runs: &[RunResult]) -> Vec<String> {
    let mut seen: HashSet<String> = HashSet::new();
    runs.iter()
        .map(|run| {
            let base = format!(
                "{}-{}",
                slug(&run.implementation.implementation.name),
                run.role.as_str()
            );
            let mut key = base.clone();
            let mut n = 1;
            while !seen.insert(key.clone()) {
                n += 1;
                key = format!("{base}-{n}");
            }
            key
        })
        .collect()
}

/// `text` as a file-name and anchor safe slug: lowercase ASCII letters,
/// digits, `.`, `_` and `-`; anything else becomes one `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches(|c| c == '-' || c == '.').to_string();
    if out.is_empty() {
        "implementation".into()
    } else {
        out
    }
}

/// Sort key for version names: `v<N>` numerically, then anything else.
pub fn version_order(version: &str) -> (u64, String) {
    let n = version
        .strip_prefix('v')
        .and_then(|d| d.parse::<u64>().ok())
        .unwrap_or(u64::MAX);
    (n, version.to_string())
}

/// The row a case's document belongs to, if any: reject and `either`
/// cases that are not future versions are no writer's output.
fn row_of(case: &CaseResult) -> Option<(DocumentKind, Option<&str>)> {
    let tagged = |t: &str| case.tags.iter().any(|x| x == t);
    if tagged("future-version") {
        return Some((DocumentKind::Future, None));
    }
    if case.expect != Expect::Accept {
        return None;
    }
    let kind = if tagged("extra-fields") {
        DocumentKind::Additive
    } else {
        DocumentKind::Written
    };
    Some((kind, Some(case.version.as_str())))
}

fn family_compat(family: &str, runs: &[RunResult], keys: &[String]) -> Option<FamilyCompat> {
    let readers: Vec<(&RunResult, &String)> = runs
        .iter()
        .zip(keys)
        .filter(|(r, _)| r.role == Role::Reader)
        .filter(|(r, _)| r.cases.iter().any(|c| c.family == family))
        .collect();
    if readers.is_empty() {
        return None;
    }
    let mut columns = Vec::new();
    // Each reader's columns: columns[ranges[i].0 .. ranges[i].1].
    let mut ranges = Vec::with_capacity(readers.len());
    let mut all_versions: BTreeSet<(u64, String)> = BTreeSet::new();
    for (run, key) in &readers {
        let versions: BTreeSet<(u64, String)> = run
            .cases
            .iter()
            .filter(|c| c.family == family)
            .map(|c| version_order(&c.version))
            .collect();
        let start = columns.len();
        let declared = &run.implementation.families;
        for (_, v) in &versions {
            columns.push(ReaderColumn {
                implementation: (*key).clone(),
                version: v.clone(),
                declared: declared.get(family).is_some_and(|vs| vs.contains(v)),
            });
        }
        ranges.push((start, columns.len()));
        all_versions.extend(versions);
    }
    let mut rows = Vec::new();
    for (_, v) in &all_versions {
        rows.push(DocumentRow {
            kind: DocumentKind::Written,
            version: Some(v.clone()),
            expect: Expect::Accept,
            label: v.clone(),
        });
        rows.push(DocumentRow {
            kind: DocumentKind::Additive,
            version: Some(v.clone()),
            expect: Expect::Accept,
            label: format!("{v} + additive fields"),
        });
    }
    rows.push(DocumentRow {
        kind: DocumentKind::Future,
        version: None,
        expect: Expect::Reject,
        label: "future version".into(),
    });
    let mut cells = vec![vec![CompatCell::default(); columns.len()]; rows.len()];
    for ((run, _), &(start, end)) in readers.iter().zip(&ranges) {
        for case in run.cases.iter().filter(|c| c.family == family) {
            let Some((kind, version)) = row_of(case) else {
                continue;
            };
            let row = rows
                .iter()
                .position(|row| row.kind == kind && row.version.as_deref() == version);
            let column = columns[start..end]
                .iter()
                .position(|col| col.version == case.version);
            if let (Some(r), Some(c)) = (row, column) {
                cells[r][start + c].add(case);
            }
        }
    }
    Some(FamilyCompat {
        family: family.to_string(),
        rows,
        columns,
        cells,
    })
}

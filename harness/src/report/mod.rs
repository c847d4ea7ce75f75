//! Reports: one or more certification runs ([`RunResult`]) rendered to
//! every format implementers publish and CI reads. The matrices are derived
//! once ([`matrix::Matrix`]) and every renderer draws from them:
//!
//! | file | module | for |
//! |---|---|---|
//! | `report.json` | [`json`] | machines (schema: `harness/schemas/report.schema.json`) |
//! | `report.md` | [`markdown`] | a pull-request comment or a CI step summary |
//! | `junit.xml` | [`junit`] | CI test tabs: one testcase per case |
//! | `index.html` | [`html`] | people: a self-contained page, matrix and drill-down |
//! | `badges/<key>-level<N>.svg`, `.json` | [`badge`] | READMEs: SVG and shields endpoint |
//! | `--sarif FILE` | [`sarif`] | code-scanning views: SARIF 2.1.0, one result per failing case |
//! | `--github-annotations` | [`github`] | GitHub Actions: an `::error` per failing case |
//!
//! `conformkit certify --report-dir` writes them for its run (plus the
//! run's `results.json`); `conformkit report` renders them again from saved
//! JSON, combining runs. Every file is written atomically
//! ([`crate::atomic::write_atomic`]); the commands write through a locked
//! [`folder::ReportFolder`], which replaces the folder's report set as a
//! whole (stale badges removed). Renderings hold no time of their own:
//! for a run made with `--stable` they are byte-for-byte reproducible.

pub mod badge;
pub mod folder;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod matrix;
pub mod sarif;
pub mod text;

use crate::atomic::write_atomic;
use crate::results::{CaseResult, Outcome, RunResult, Status};
use matrix::Matrix;
use std::io;
use std::path::{Path, PathBuf};

/// One rendered file: its path relative to the report directory, and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Renders every report format for `runs` (in the order given).
pub fn render(runs: &[RunResult]) -> Vec<ReportFile> {
    let matrix = Matrix::of(runs);
    let mut files = vec![
        ReportFile {
            path: "report.json".into(),
            bytes: json::render(runs, &matrix),
        },
        ReportFile {
            path: "report.md".into(),
            bytes: markdown::render(runs, &matrix).into_bytes(),
        },
        ReportFile {
            path: "junit.xml".into(),
            bytes: junit::render(runs, &matrix).into_bytes(),
        },
    ];
    for b in badge::render(&matrix) {
        files.push(b);
    }
    // Last: the page links to the files above.
    files.push(ReportFile {
        path: "index.html".into(),
        bytes: html::render(runs, &matrix).into_bytes(),
    });
    files
}

/// Writes `files` under `dir`, each atomically, in order; returns the paths.
/// On an error the files already written are complete, the failed one is
/// untouched, and the rest are not written.
pub fn write_files(dir: &Path, files: &[ReportFile]) -> io::Result<Vec<PathBuf>> {
    let mut written = Vec::with_capacity(files.len());
    for file in files {
        let path = dir.join(&file.path);
        write_atomic(&path, &file.bytes)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}

/// Renders and writes every report of `runs` into `dir`.
pub fn write(dir: &Path, runs: &[RunResult]) -> io::Result<Vec<PathBuf>> {
    write_files(dir, &render(runs))
}

/// What `certify --report-dir` writes: the run's `results.json`, then every
/// report of that one run.
pub fn certify_files(run: &RunResult) -> io::Result<Vec<ReportFile>> {
    let mut results = serde_json::to_vec_pretty(run).map_err(io::Error::other)?;
    results.push(b'\n');
    let mut files = vec![ReportFile {
        path: "results.json".into(),
        bytes: results,
    }];
    files.extend(render(std::slice::from_ref(run)));
    Ok(files)
}

/// Writes [`certify_files`] of `run` into `dir`.
pub fn write_certify(dir: &Path, run: &RunResult) -> io::Result<Vec<PathBuf>> {
    write_files(dir, &certify_files(run)?)
}

/// The runs saved in `path` (a `results.json` or a `report.json`).
pub fn load(path: &Path) -> Result<Vec<RunResult>, String> {
    // Bounded like any input: a regular file (a FIFO or a device is refused
    // without blocking), at most MAX_INPUT_BYTES, parsed under the JSON
    // memory budget.
    let limits = conformkit_reference::Limits {
        max_file_bytes: json::MAX_INPUT_BYTES,
        max_depth: conformkit_reference::Limits::HARD_MAX_DEPTH,
        ..conformkit_reference::Limits::default()
    };
    let bytes = conformkit_reference::file_bytes::read_file_bounded(path, &limits)
        .map_err(|e| format!("cannot read {e}"))?;
    let value = conformkit_reference::json::parse_document(&bytes, &limits)
        .map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
    json::parse_value(value).map_err(|e| format!("{}: {e}", path.display()))
}

/// The cases a report drills into: declared cases that fail level 1 or
/// level 2, and listed cases that pass.
pub fn drill_down(run: &RunResult) -> impl Iterator<Item = &CaseResult> {
    run.cases.iter().filter(|c| {
        c.outcome != Outcome::Unsupported && (!c.level2 || c.status == Status::UnexpectedPass)
    })
}

/// `conformant at level N` or `not conformant at level N`.
pub fn verdict(run: &RunResult) -> String {
    let word = if run.conformant() {
        "conformant"
    } else {
        "not conformant"
    };
    format!("{word} at level {}", run.level)
}

/// What happened to a case, in words: `accepted`, `rejected as syntax`,
/// `crash`, ...
pub fn outcome_text(case: &CaseResult) -> String {
    match (case.outcome, case.actual_error_class) {
        (Outcome::Rejected, Some(class)) => format!("rejected as {}", class.as_str()),
        (Outcome::Rejected, None) => "rejected without a class".into(),
        (outcome, _) => outcome.as_str().replace('_', " "),
    }
}

/// What the case expects, in words: `accept`, `reject as missing_field`, ...
pub fn expect_text(case: &CaseResult) -> String {
    match case.expected_error_class {
        Some(class) => format!("{} ({})", case.expect.as_str(), class.as_str()),
        None => case.expect.as_str().to_string(),
    }
}

/// Why the case is in the drill-down, in one line.
pub fn why_text(case: &CaseResult) -> String {
    match case.status {
        Status::UnexpectedPass => format!(
            "passes but is listed as an expected failure{}: remove it from the list",
            case.expected_failure_reason
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        ),
        _ => case
            .detail
            .as_deref()
            .map(text::first_line)
            .unwrap_or("")
            .to_string(),
    }
}

/// The distinct corpus fingerprints of the runs, in first-seen order.
pub fn corpora(runs: &[RunResult]) -> Vec<(&str, usize)> {
    let mut out: Vec<(&str, usize)> = Vec::new();
    for run in runs {
        if !out.iter().any(|(f, _)| *f == run.corpus.fingerprint) {
            out.push((run.corpus.fingerprint.as_str(), run.corpus.cases));
        }
    }
    out
}

/// Whether every run is stable (no timings to show).
pub fn all_stable(runs: &[RunResult]) -> bool {
    runs.iter().all(|r| r.options.stable)
}

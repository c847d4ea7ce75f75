//! The JSON report (`report.json`, described by
//! `harness/schemas/report.schema.json`): every run in full, in the results
//! format, and the derived matrices, so a CI step can read the counts
//! without recomputing them. `conformkit report` also reads it back (its
//! runs), as it reads a single run's `results.json`.

use super::matrix::Matrix;
use crate::results::{Kit, RunResult, RESULTS_FORMAT};
use serde::{Deserialize, Serialize};

/// The version of the report format.
pub const REPORT_FORMAT: u32 = 1;

/// Largest results or report file `conformkit report` reads.
pub const MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;

#[derive(Serialize)]
struct ReportOut<'a> {
    report_format: u32,
    kit: Kit,
    runs: &'a [RunResult],
    matrix: &'a Matrix,
}

#[derive(Deserialize)]
struct ReportIn {
    runs: Vec<RunResult>,
}

/// `report.json`: pretty-printed, ending with a newline.
pub fn render(runs: &[RunResult], matrix: &Matrix) -> Vec<u8> {
    let report = ReportOut {
        report_format: REPORT_FORMAT,
        kit: Kit::this(),
        runs,
        matrix,
    };
    // Serializing plain data to a Vec cannot fail.
    let mut out = serde_json::to_vec_pretty(&report).unwrap_or_default();
    out.push(b'\n');
    out
}

/// The runs in `text`: a `results.json` (one run) or a `report.json` (its
/// runs). `Err` says what is wrong.
pub fn parse(text: &str) -> Result<Vec<RunResult>, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    parse_value(value)
}

/// [`parse`] of an already parsed value.
pub fn parse_value(value: serde_json::Value) -> Result<Vec<RunResult>, String> {
    let format = |key: &str| value.get(key).map(|v| v.as_u64());
    const REPORT: u64 = REPORT_FORMAT as u64;
    const RESULTS: u64 = RESULTS_FORMAT as u64;
    match (format("report_format"), format("results_format")) {
        (Some(Some(REPORT)), _) => {
            let report: ReportIn =
                serde_json::from_value(value).map_err(|e| format!("not a report: {e}"))?;
            report.runs.iter().try_for_each(check_run)?;
            Ok(report.runs)
        }
        (Some(other), _) => Err(format!(
            "report format {} is not supported (this kit reads format {REPORT_FORMAT})",
            shown(other)
        )),
        (None, Some(Some(RESULTS))) => {
            let run: RunResult =
                serde_json::from_value(value).map_err(|e| format!("not a results file: {e}"))?;
            check_run(&run)?;
            Ok(vec![run])
        }
        (None, Some(other)) => Err(format!(
            "results format {} is not supported (this kit reads format {RESULTS_FORMAT})",
            shown(other)
        )),
        (None, None) => {
            Err("neither a results file (results_format) nor a report (report_format)".to_string())
        }
    }
}

fn shown(format: Option<u64>) -> String {
    format.map_or_else(|| "(not an integer)".to_string(), |n| n.to_string())
}

fn check_run(run: &RunResult) -> Result<(), String> {
    if run.results_format != RESULTS_FORMAT {
        return Err(format!(
            "a run in results format {} (this kit reads format {RESULTS_FORMAT})",
            run.results_format
        ));
    }
    if !(1..=2).contains(&run.level) {
        return Err(format!("a run at level {} (levels are 1 and 2)", run.level));
    }
    Ok(())
}

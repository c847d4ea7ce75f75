//! The verification report, `{status, checked_files, errors}`, as the seed's
//! output schema defines it: written by the exporter as
//! `verifier_report.json` and printed by `conformkit verify-runpack`.
//!
//! Each error message starts with its class (`integrity: ...`), so a
//! machine can read the classes out of the seed's plain string list.

use super::fields::{check_members, safe_int, Openness};
use crate::error::ReadError;
use crate::json::Node;
use serde::{Deserialize, Serialize};

/// `pass` or `fail`.
pub const PASS: &str = "pass";
pub const FAIL: &str = "fail";

/// A verification report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub checked_files: u64,
    pub errors: Vec<String>,
    pub status: String,
}

impl Report {
    /// A passing report over `checked_files` files.
    pub fn pass(checked_files: u64) -> Report {
        Report {
            status: PASS.to_string(),
            checked_files,
            errors: Vec::new(),
        }
    }

    pub fn passed(&self) -> bool {
        self.status == PASS
    }

    /// The +1 rule, decided once for a runpack's `verifier_report.json` and
    /// the tool output's `report` (D-RP-7): an export-time report counts the
    /// `others` listed files other than the report itself; a passing one
    /// has no errors and counts exactly `others`, a failing one lists at
    /// least one error and counts at most `others` (a file it could not
    /// read is not counted, D-RP-6). `Err` describes what was expected.
    pub fn plus_one(&self, others: u64) -> Result<(), String> {
        let fits = if self.passed() {
            self.errors.is_empty() && self.checked_files == others
        } else {
            !self.errors.is_empty() && self.checked_files <= others
        };
        if fits {
            return Ok(());
        }
        Err(format!(
            "an export-time report over the {others} listed files other than verifier_report.json (seed 003, +1 rule): pass with no errors and checked_files {others}, or fail with at least one error and checked_files at most {others}"
        ))
    }

    /// Reads a report object (closed, as the seed's schema states).
    pub fn decode(node: &Node<'_>, openness: Openness) -> Result<Report, ReadError> {
        let o = node.obj()?;
        check_members(node, &["status", "checked_files", "errors"], openness)?;
        Ok(Report {
            status: o.req("status", |n| n.one_of(&[PASS, FAIL]))?,
            checked_files: o.req("checked_files", |n| safe_int(n, 0))? as u64,
            errors: o.req("errors", |n| n.array(|e| e.string()))?,
        })
    }
}

/// One error message as the report lists it:
/// `<class>: [<file>: ][at <field path>: ]expected <what>[, found <what>]`.
pub fn message(e: &ReadError) -> String {
    let mut out = format!("{}: ", e.class);
    if let Some(file) = &e.file {
        out.push_str(file);
        if let Some(line) = e.line {
            out.push_str(&format!(":{line}"));
            if let Some(col) = e.column {
                out.push_str(&format!(":{col}"));
            }
        }
        out.push_str(": ");
    }
    if let Some(path) = &e.path {
        out.push_str(&format!("at {path}: "));
    }
    out.push_str(&format!("expected {}", e.expected));
    if let Some(found) = &e.found {
        out.push_str(&format!(", found {found}"));
    }
    out
}

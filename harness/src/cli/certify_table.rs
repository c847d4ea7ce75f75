//! The summary `conformkit certify` prints: who was certified and how, a
//! table per family version (cases, level 1 and level 2 passes, faults,
//! expected failures, unsupported), then every case that fails the run.

use crate::adapter::ConnectionKind;
use crate::results::{FamilySummary, RunResult, Status};
use std::fmt::Write;

/// Most failing cases listed before "and N more".
const MAX_LISTED: usize = 40;

/// The summary as text, ending with a newline.
pub fn render(run: &RunResult) -> String {
    let mut out = String::new();
    let imp = &run.implementation.implementation;
    let how = match run.connection.kind {
        ConnectionKind::Reference => "in-process".to_string(),
        ConnectionKind::Process => {
            let mode = match run.connection.mode {
                Some(crate::adapter::Mode::PerCase) => "one process per case",
                _ => "persistent process",
            };
            match run.connection.restarts {
                0 => mode.to_string(),
                n => format!("{mode}, {n} restarts"),
            }
        }
    };
    let _ = writeln!(
        out,
        "{} {} ({}) as {}, level {}, {how}: {} cases in {:.2} s",
        imp.name,
        imp.version,
        imp.language,
        run.role.as_str(),
        run.level,
        run.cases.len(),
        run.duration_ms / 1000.0
    );
    let width = run
        .summary
        .families
        .keys()
        .map(String::len)
        .max()
        .unwrap_or(0)
        .max("family/version".len());
    let _ = writeln!(
        out,
        "{:<width$}  {:>5}  {:>9}  {:>9}  {:>6}  {:>5}  {:>11}",
        "family/version", "cases", "level 1", "level 2", "faults", "xfail", "unsupported"
    );
    let row = |out: &mut String, name: &str, s: &FamilySummary| {
        let _ = writeln!(
            out,
            "{:<width$}  {:>5}  {:>9}  {:>9}  {:>6}  {:>5}  {:>11}",
            name,
            s.cases,
            format!("{}/{}", s.level1_passed, s.supported),
            format!("{}/{}", s.level2_passed, s.supported),
            s.crash + s.timeout + s.protocol_error + s.skipped,
            s.expected_failures,
            s.unsupported
        );
    };
    for (name, s) in &run.summary.families {
        row(&mut out, name, s);
    }
    row(&mut out, "total", &run.summary.total);

    let failing: Vec<_> = run.cases.iter().filter(|c| c.status.fails_run()).collect();
    if !failing.is_empty() {
        let _ = writeln!(out, "\nfailing cases ({}):", failing.len());
        for case in failing.iter().take(MAX_LISTED) {
            let why = match case.status {
                Status::UnexpectedPass => format!(
                    "passes but is listed as an expected failure{}: remove it from the list",
                    case.expected_failure_reason
                        .as_deref()
                        .map(|r| format!(" ({r})"))
                        .unwrap_or_default()
                ),
                _ => format!(
                    "{}: {}",
                    case.outcome.as_str(),
                    case.detail
                        .as_deref()
                        .and_then(|d| d.lines().next())
                        .unwrap_or("")
                ),
            };
            let _ = writeln!(out, "  {}  {why}", case.id);
        }
        if failing.len() > MAX_LISTED {
            let _ = writeln!(
                out,
                "  ... and {} more (see results.json)",
                failing.len() - MAX_LISTED
            );
        }
    }
    let verdict = if run.conformant() {
        "conformant"
    } else {
        "NOT conformant"
    };
    let _ = writeln!(out, "\n{verdict} at level {}", run.level);
    out
}

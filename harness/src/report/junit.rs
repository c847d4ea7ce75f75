//! The JUnit XML report (`junit.xml`), for CI test tabs: one `<testsuite>`
//! per run and family version, one `<testcase>` per case (named by its
//! stable id). At the run's level a failing case carries a `<failure>`
//! (`type`: `level1` or `level2`, the first level it misses) with the detail (the model diff, or what was expected and found) as
//! text, a fault (crash, timeout, protocol error, skipped) an `<error>`, a
//! listed case that passes a `<failure type="unexpected_pass">`; expected
//! failures and undeclared cases are `<skipped>`. Everything is escaped and
//! control characters XML cannot carry are shown as `\u{..}`. Times are
//! left out of stable runs.

use super::matrix::Matrix;
use super::text::{first_line, seconds, xml_attr, xml_text};
use super::{expect_text, outcome_text};
use crate::results::{CaseResult, RunResult, Status};
use std::collections::BTreeMap;
use std::fmt::Write;

/// What one case becomes.
enum Mark<'a> {
    Pass,
    Failure { kind: &'a str, message: String },
    Error { kind: &'a str, message: String },
    Skipped(String),
}

fn mark(case: &CaseResult) -> Mark<'static> {
    match case.status {
        Status::Pass => Mark::Pass,
        Status::Fail if case.outcome.is_fault() => Mark::Error {
            kind: case.outcome.as_str(),
            message: format!(
                "{}: {}",
                outcome_text(case),
                case.detail.as_deref().map(first_line).unwrap_or("")
            ),
        },
        // The first level the case misses.
        Status::Fail => Mark::Failure {
            kind: if case.level1 { "level2" } else { "level1" },
            message: format!("expected {}, {}", expect_text(case), outcome_text(case)),
        },
        Status::UnexpectedPass => Mark::Failure {
            kind: "unexpected_pass",
            message: super::why_text(case),
        },
        Status::ExpectedFailure => Mark::Skipped(format!(
            "expected failure{}",
            case.expected_failure_reason
                .as_deref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default()
        )),
        Status::Unsupported => Mark::Skipped("not declared by the implementation".into()),
    }
}

#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
    time_ms: f64,
}

impl Counts {
    fn add(&mut self, m: &Mark, time_ms: f64) {
        self.tests += 1;
        self.time_ms += time_ms;
        match m {
            Mark::Pass => {}
            Mark::Failure { .. } => self.failures += 1,
            Mark::Error { .. } => self.errors += 1,
            Mark::Skipped(_) => self.skipped += 1,
        }
    }

    fn attrs(&self, stable: bool) -> String {
        let mut out = format!(
            "tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\"",
            self.tests, self.failures, self.errors, self.skipped
        );
        if !stable {
            let _ = write!(out, " time=\"{}\"", seconds(self.time_ms));
        }
        out
    }
}

/// `junit.xml`, ending with a newline.
pub fn render(runs: &[RunResult], matrix: &Matrix) -> String {
    let mut suites = String::new();
    let mut total = Counts::default();
    for (row, run) in matrix.implementations.iter().zip(runs) {
        let stable = run.options.stable;
        let mut groups: BTreeMap<(&str, &str), Vec<&CaseResult>> = BTreeMap::new();
        for case in &run.cases {
            groups
                .entry((case.family.as_str(), case.version.as_str()))
                .or_default()
                .push(case);
        }
        for ((family, version), cases) in groups {
            let mut counts = Counts::default();
            let mut body = String::new();
            for case in cases {
                let m = mark(case);
                counts.add(&m, case.duration_ms);
                testcase(&mut body, case, &m, &row.key, stable);
            }
            total.tests += counts.tests;
            total.failures += counts.failures;
            total.errors += counts.errors;
            total.skipped += counts.skipped;
            total.time_ms += counts.time_ms;
            let name = format!(
                "{} {} ({}): {family}/{version}",
                row.name,
                row.version,
                row.role.as_str()
            );
            let _ = writeln!(
                suites,
                "  <testsuite name=\"{}\" {}>",
                xml_attr(&name),
                counts.attrs(stable)
            );
            properties(&mut suites, run);
            suites.push_str(&body);
            suites.push_str("  </testsuite>\n");
        }
    }
    let stable = super::all_stable(runs);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"conformkit\" {}>\n{suites}</testsuites>\n",
        total.attrs(stable)
    )
}

fn properties(out: &mut String, run: &RunResult) {
    let imp = &run.implementation.implementation;
    let props = [
        ("implementation", imp.name.as_str()),
        ("implementation.version", imp.version.as_str()),
        ("implementation.language", imp.language.as_str()),
        ("role", run.role.as_str()),
        ("level", if run.level <= 1 { "1" } else { "2" }),
        ("corpus", run.corpus.fingerprint.as_str()),
        ("kit.version", run.kit.version.as_str()),
    ];
    out.push_str("    <properties>\n");
    for (name, value) in props {
        let _ = writeln!(
            out,
            "      <property name=\"{name}\" value=\"{}\"/>",
            xml_attr(value)
        );
    }
    out.push_str("    </properties>\n");
}

fn testcase(out: &mut String, case: &CaseResult, m: &Mark, key: &str, stable: bool) {
    let classname = format!("{key}.{}.{}", case.family, case.version);
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\"",
        xml_attr(&case.id),
        xml_attr(&classname)
    );
    if !stable {
        let _ = write!(out, " time=\"{}\"", seconds(case.duration_ms));
    }
    let detail = case.detail.as_deref().unwrap_or("");
    let stderr = case.stderr.as_deref().filter(|s| !s.is_empty());
    if matches!(m, Mark::Pass) && stderr.is_none() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    match m {
        Mark::Pass => {}
        Mark::Failure { kind, message } | Mark::Error { kind, message } => {
            let tag = if matches!(m, Mark::Error { .. }) {
                "error"
            } else {
                "failure"
            };
            let _ = writeln!(
                out,
                "      <{tag} type=\"{}\" message=\"{}\">{}</{tag}>",
                xml_attr(kind),
                xml_attr(message),
                xml_text(detail)
            );
        }
        Mark::Skipped(message) => {
            let _ = writeln!(out, "      <skipped message=\"{}\"/>", xml_attr(message));
        }
    }
    if let Some(stderr) = stderr {
        let _ = writeln!(out, "      <system-err>{}</system-err>", xml_text(stderr));
    }
    out.push_str("    </testcase>\n");
}

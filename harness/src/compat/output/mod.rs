//! Renders a [`Report`](super::report::Report): plain text for people, JSON
//! for tools (`harness/schemas/compat.schema.json`), GitHub Actions
//! workflow commands for pull request annotations.

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

/// `old → new` as one line, for headers.
fn sources(report: &super::report::Report) -> String {
    let one = |s: &super::source::SourceInfo| match &s.commit {
        Some(c) => format!("{} ({}, {})", s.spec, c.get(..12).unwrap_or(c), s.corpus),
        None => format!("{} ({})", s.spec, s.corpus),
    };
    format!("{} → {}", one(&report.old), one(&report.new))
}

/// Where a finding is: `family/version path`.
fn location(f: &super::report::Finding) -> String {
    let mut at = format!("{}/{}", f.family, f.version);
    if let Some(old) = &f.old_version {
        if old != &f.version {
            at = format!("{}/{}→{}", f.family, old, f.version);
        }
    }
    if !f.path.is_empty() {
        at.push(' ');
        at.push_str(&f.path);
    }
    at
}

/// The judgement and bump note of a finding.
fn judgement(f: &super::report::Finding) -> String {
    let mut text = format!(
        "forward {}, backward {}",
        f.forward.as_str(),
        f.backward.as_str()
    );
    if let Some(bump) = &f.bump {
        text.push_str(&format!(
            "; {} accepted by the {bump}",
            f.rule_level.as_str()
        ));
    }
    text
}

/// The closing line.
fn verdict_line(report: &super::report::Report) -> String {
    let s = report.summary;
    let total = s.error + s.warn + s.info;
    let corpus = match report.corpus {
        Some(c) => format!(
            "; corpus replay: {} case(s) checked, {} changed",
            c.checked, c.changed
        ),
        None => "; corpus replay skipped".into(),
    };
    format!(
        "{total} finding(s): {} error, {} warn, {} info{corpus}. {} (--fail-on {})",
        s.error,
        s.warn,
        s.info,
        if report.passed { "PASS" } else { "FAIL" },
        report.fail_on.as_str()
    )
}

//! The HTML report (`index.html`): one self-contained static page (its CSS
//! and script are embedded from `assets/`; no network access, works opened
//! from disk). The implementation x family matrix, the writer x reader
//! matrix per family, then per run its facts and a drill-down to every case
//! that fails level 1 or 2: expectation, outcome, classes, the detail (model
//! diff or the adapter's error) and the program's stderr. The page is
//! complete without its script; the script opens the drill-down a link
//! points at, filters cases by id, and marks the root element
//! `data-conformkit-ready` once it has run.
//!
//! Stable hooks for tests and tools: every matrix cell carries `data-impl`,
//! `data-family` (`data-total` for the total column), `data-level1` and
//! `data-level2` (`passed/total`); a run's row `data-impl`, `data-name`,
//! `data-role`, `data-conformant`.

use super::matrix::{score, DocumentKind, FamilyCompat, ImplRow, Matrix};
use super::text::{ratio, seconds, xml_attr as attr, xml_text as esc};
use super::{all_stable, corpora, drill_down, expect_text, outcome_text, verdict};
use crate::adapter::{ConnectionKind, Mode};
use crate::results::{CaseResult, FamilySummary, RunResult};
use std::collections::BTreeMap;
use std::fmt::Write;

const CSS: &str = include_str!("assets/report.css");
const JS: &str = include_str!("assets/report.js");

/// `index.html`, ending with a newline.
pub fn render(runs: &[RunResult], matrix: &Matrix) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>conformkit compatibility report</title>\n");
    let _ = writeln!(out, "<style>\n{CSS}</style>\n</head>\n<body>");
    out.push_str("<header>\n<h1>conformkit compatibility report</h1>\n");
    header(&mut out, runs);
    out.push_str("</header>\n<main>\n");
    implementations(&mut out, runs, matrix);
    compat(&mut out, matrix);
    out.push_str("<section id=\"runs\">\n<h2>Runs and failing cases</h2>\n");
    out.push_str(
        "<p class=\"tools\"><label>Filter cases by id <input id=\"filter\" type=\"search\" \
         placeholder=\"runtime/v1/\"></label> <button type=\"button\" id=\"expand\">expand all</button> \
         <button type=\"button\" id=\"collapse\">collapse all</button></p>\n",
    );
    for (row, run) in matrix.implementations.iter().zip(runs) {
        run_section(&mut out, row, run);
    }
    out.push_str("</section>\n</main>\n");
    let _ = writeln!(out, "<script>\n{JS}</script>\n</body>\n</html>");
    out
}

fn header(out: &mut String, runs: &[RunResult]) {
    let kit = runs
        .first()
        .map(|r| format!("{} {}", r.kit.name, r.kit.version))
        .unwrap_or_else(|| "conformkit".into());
    let _ = write!(out, "<p>{} · ", esc(&kit));
    match corpora(runs).as_slice() {
        [] => out.push_str("no runs"),
        [(fingerprint, cases)] => {
            let _ = write!(
                out,
                "corpus <code>{}</code> ({cases} cases)",
                esc(fingerprint)
            );
        }
        many => {
            let _ = write!(
                out,
                "<strong class=\"warn\">the runs used {} different corpora: their counts are not \
                 directly comparable</strong>",
                many.len()
            );
        }
    }
    let _ = writeln!(
        out,
        " · {} run{}</p>",
        runs.len(),
        if runs.len() == 1 { "" } else { "s" }
    );
}

/// CSS class of a matrix cell: all right at level 2, at level 1 only, less,
/// or nothing declared.
fn grade(s: &FamilySummary) -> &'static str {
    if s.supported == 0 {
        "na"
    } else if s.level2_passed == s.supported {
        "ok"
    } else if s.level1_passed == s.supported {
        "partial"
    } else {
        "bad"
    }
}

fn anchor(key: &str, family: &str) -> String {
    format!("run-{key}-{family}")
}

fn implementations(out: &mut String, runs: &[RunResult], matrix: &Matrix) {
    out.push_str("<section id=\"matrix\">\n<h2>Implementations × families</h2>\n");
    out.push_str(
        "<p>Each cell: cases passed at <b>level 1</b> (accept or reject right, and the model \
         right) and at <b>level 2</b> (the error class right too), of the cases the \
         implementation declares. A cell links to its failing cases. — : not run.</p>\n",
    );
    out.push_str("<table class=\"matrix\">\n<thead><tr><th scope=\"col\">implementation</th><th scope=\"col\">role</th><th scope=\"col\">verdict</th>");
    for f in &matrix.families {
        let _ = write!(
            out,
            "<th scope=\"col\" data-family=\"{}\">{}</th>",
            attr(f),
            esc(f)
        );
    }
    out.push_str("<th scope=\"col\">total</th>");
    let stable = all_stable(runs);
    if !stable {
        out.push_str("<th scope=\"col\">time</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (row, run) in matrix.implementations.iter().zip(runs) {
        let _ = write!(
            out,
            "<tr data-impl=\"{}\" data-name=\"{}\" data-role=\"{}\" data-conformant=\"{}\">\
             <th scope=\"row\"><a href=\"#run-{}\">{}</a> <span class=\"lang\">{}</span></th><td>{}</td><td class=\"{}\">{}</td>",
            attr(&row.key),
            attr(&row.name),
            row.role.as_str(),
            row.conformant,
            attr(&row.key),
            esc(&row.label()),
            esc(&row.language),
            row.role.as_str(),
            if row.conformant { "ok" } else { "bad" },
            esc(&verdict(run))
        );
        for f in &matrix.families {
            match row.families.get(f) {
                None => {
                    let _ = write!(
                        out,
                        "<td class=\"cell none\" data-impl=\"{}\" data-family=\"{}\">—</td>",
                        attr(&row.key),
                        attr(f)
                    );
                }
                Some(s) => {
                    let failing = drill_down(run).any(|c| &c.family == f);
                    let target = failing.then(|| anchor(&row.key, f));
                    cell(
                        out,
                        &row.key,
                        &format!("data-family=\"{}\"", attr(f)),
                        s,
                        target,
                    );
                }
            }
        }
        cell(out, &row.key, "data-total=\"true\"", &row.total, None);
        if !stable {
            let time = if run.options.stable {
                "—".to_string()
            } else {
                format!("{} s", seconds(run.duration_ms))
            };
            let _ = write!(out, "<td class=\"num\">{time}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn cell(out: &mut String, key: &str, which: &str, s: &FamilySummary, link: Option<String>) {
    let (p1, t) = score(s, 1);
    let (p2, _) = score(s, 2);
    let (l1, l2) = (ratio(p1, t), ratio(p2, t));
    let body = if s.supported == 0 {
        "not declared".to_string()
    } else {
        format!(
            "<span class=\"l1\" title=\"level 1\">{l1}</span> <span class=\"l2\" title=\"level 2\">{l2}</span>"
        )
    };
    let body = match link {
        Some(target) => format!("<a href=\"#{}\">{body}</a>", attr(&target)),
        None => body,
    };
    let _ = write!(
        out,
        "<td class=\"cell {}\" data-impl=\"{}\" {which} data-level1=\"{l1}\" data-level2=\"{l2}\">{body}</td>",
        grade(s),
        attr(key)
    );
}

fn compat(out: &mut String, matrix: &Matrix) {
    if matrix.compat.is_empty() {
        return;
    }
    out.push_str("<section id=\"compat\">\n<h2>Writer version × reader version</h2>\n");
    out.push_str(
        "<p>Which documents each reader accepts, per family: documents as each writer version \
         writes them, with additive fields (what a newer writer of the same major version adds: \
         a reader must ignore them), and of a future major version (a reader must reject them as \
         <code>unsupported_version</code>). Columns: each reader run and the version it read.</p>\n",
    );
    for family in &matrix.compat {
        compat_table(out, family, &matrix.implementations);
    }
    out.push_str("</section>\n");
}

fn compat_table(out: &mut String, family: &FamilyCompat, rows: &[ImplRow]) {
    let _ = writeln!(
        out,
        "<h3 id=\"compat-{}\">{}</h3>",
        attr(&family.family),
        esc(&family.family)
    );
    let _ = write!(
        out,
        "<table class=\"compat\" data-family=\"{}\">\n<thead><tr><th scope=\"col\">document ↓ · reader →</th>",
        attr(&family.family)
    );
    for col in &family.columns {
        let label = rows
            .iter()
            .find(|r| r.key == col.implementation)
            .map_or_else(|| col.implementation.clone(), ImplRow::label);
        let _ = write!(
            out,
            "<th scope=\"col\" data-impl=\"{}\" data-version=\"{}\">{} <span class=\"ver\">{}</span></th>",
            attr(&col.implementation),
            attr(&col.version),
            esc(&label),
            esc(&col.version)
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (r, (row, cells)) in family.rows.iter().zip(&family.cells).enumerate() {
        let _ = write!(
            out,
            "<tr data-kind=\"{}\"><th scope=\"row\">{}</th>",
            kind_name(row.kind),
            esc(&row.label)
        );
        for (i, (c, col)) in cells.iter().zip(&family.columns).enumerate() {
            let class = if c.ok() {
                "ok"
            } else if c.tested() {
                "bad"
            } else {
                "na"
            };
            let _ = write!(
                out,
                "<td class=\"cell {class}\" data-impl=\"{}\" data-version=\"{}\" data-documents=\"{}\">{}</td>",
                attr(&col.implementation),
                attr(&col.version),
                c.documents,
                esc(&family.text(r, i))
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn kind_name(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Written => "written",
        DocumentKind::Additive => "additive",
        DocumentKind::Future => "future",
    }
}

fn run_section(out: &mut String, row: &ImplRow, run: &RunResult) {
    let _ = writeln!(
        out,
        "<section class=\"run\" id=\"run-{}\" data-impl=\"{}\">",
        attr(&row.key),
        attr(&row.key)
    );
    let _ = writeln!(
        out,
        "<h3>{} <span class=\"lang\">{}</span> as {}: <span class=\"{}\">{}</span></h3>",
        esc(&row.label()),
        esc(&row.language),
        row.role.as_str(),
        if row.conformant { "ok" } else { "bad" },
        esc(&verdict(run))
    );
    facts(out, run);
    summary_table(out, run);
    let mut by_family: BTreeMap<&str, Vec<&CaseResult>> = BTreeMap::new();
    for case in drill_down(run) {
        by_family
            .entry(case.family.as_str())
            .or_default()
            .push(case);
    }
    if by_family.is_empty() {
        out.push_str("<p>Every declared case passes level 1 and level 2.</p>\n");
    }
    for (family, cases) in by_family {
        let l1 = cases.iter().filter(|c| !c.level1).count();
        let l2 = cases.iter().filter(|c| !c.level2).count();
        let _ = writeln!(
            out,
            "<details class=\"family\" id=\"{}\" data-family=\"{}\"><summary>{}: {l1} failing level 1, {l2} failing level 2{}</summary>",
            attr(&anchor(&row.key, family)),
            attr(family),
            esc(family),
            match cases.len() - l2 {
                0 => String::new(),
                n => format!(", {n} listed but passing"),
            }
        );
        for case in cases {
            case_details(out, &row.key, case, run.options.stable);
        }
        out.push_str("</details>\n");
    }
    out.push_str("</section>\n");
}

fn facts(out: &mut String, run: &RunResult) {
    let imp = &run.implementation;
    let mut rows: Vec<(&str, String)> = Vec::new();
    if let Some(home) = &imp.implementation.homepage {
        rows.push(("homepage", esc(home)));
    }
    let roles: Vec<&str> = imp.roles.iter().map(|r| r.as_str()).collect();
    rows.push(("declares", esc(&roles.join(", "))));
    let families: Vec<String> = imp
        .families
        .iter()
        .map(|(f, vs)| format!("{f} {}", vs.join(" ")))
        .collect();
    rows.push(("families", esc(&families.join("; "))));
    let c = &run.connection;
    let mut how = match c.kind {
        ConnectionKind::Reference => "reference (in-process)".to_string(),
        ConnectionKind::Process => format!(
            "process, {}",
            match c.mode {
                Some(Mode::PerCase) => "one process per case",
                _ => "persistent",
            }
        ),
    };
    if let Some(p) = c.protocol {
        let _ = write!(how, ", protocol {p}");
    }
    if c.restarts > 0 {
        let _ = write!(how, ", {} restarts", c.restarts);
    }
    rows.push(("connection", esc(&how)));
    if let Some(command) = &c.command {
        rows.push(("command", format!("<code>{}</code>", esc(command))));
    }
    rows.push((
        "corpus",
        format!(
            "<code>{}</code>, {} of {} cases selected{}",
            esc(&run.corpus.fingerprint),
            run.corpus.selected,
            run.corpus.cases,
            if run.corpus.families.is_empty() {
                String::new()
            } else {
                format!(" (--family {})", esc(&run.corpus.families.join(" ")))
            }
        ),
    ));
    let o = &run.options;
    if let Some(t) = o.timeout_ms {
        rows.push(("timeout", format!("{t} ms")));
    }
    if let Some(list) = &o.expected_failures {
        rows.push(("expected failures", format!("<code>{}</code>", esc(list))));
    }
    if o.stable {
        rows.push(("timings", "left out (a stable run)".into()));
    } else {
        rows.push(("started", esc(&run.started_at)));
        rows.push(("duration", format!("{} s", seconds(run.duration_ms))));
    }
    out.push_str("<dl class=\"facts\">\n");
    for (k, v) in rows {
        let _ = writeln!(out, "<dt>{k}</dt><dd>{v}</dd>");
    }
    out.push_str("</dl>\n");
}

fn summary_table(out: &mut String, run: &RunResult) {
    out.push_str("<table class=\"summary\">\n<thead><tr><th scope=\"col\">family/version</th><th scope=\"col\">cases</th><th scope=\"col\">level 1</th><th scope=\"col\">level 2</th><th scope=\"col\">faults</th><th scope=\"col\">expected failures</th><th scope=\"col\">unsupported</th></tr></thead>\n<tbody>\n");
    let line = |out: &mut String, name: &str, s: &FamilySummary| {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(name),
            s.cases,
            ratio(s.level1_passed, s.supported),
            ratio(s.level2_passed, s.supported),
            s.crash + s.timeout + s.protocol_error + s.skipped,
            s.expected_failures,
            s.unsupported
        );
    };
    let mut families: BTreeMap<String, FamilySummary> = BTreeMap::new();
    let mut total = FamilySummary::default();
    for case in &run.cases {
        families
            .entry(format!("{}/{}", case.family, case.version))
            .or_default()
            .add(case);
        total.add(case);
    }
    for (name, s) in &families {
        line(out, name, s);
    }
    line(out, "total", &total);
    out.push_str("</tbody>\n</table>\n");
}

fn case_details(out: &mut String, key: &str, case: &CaseResult, stable: bool) {
    let _ = writeln!(
        out,
        "<details class=\"case\" id=\"case-{}-{}\" data-case=\"{}\"><summary><code>{}</code> <span class=\"status {}\">{}</span></summary>",
        attr(key),
        attr(&case.id),
        attr(&case.id),
        esc(&case.id),
        case.status.as_str(),
        esc(&case.status.as_str().replace('_', " "))
    );
    out.push_str("<dl class=\"facts\">\n");
    let mut rows = vec![
        ("expected", esc(&expect_text(case))),
        ("outcome", esc(&outcome_text(case))),
        (
            "levels",
            format!(
                "level 1 {}, level 2 {}",
                if case.level1 { "✓" } else { "✗" },
                if case.level2 { "✓" } else { "✗" }
            ),
        ),
    ];
    if !case.tags.is_empty() {
        rows.push(("tags", esc(&case.tags.join(", "))));
    }
    if !case.clauses.is_empty() {
        rows.push((
            "seed clauses",
            format!(
                "{} <span class=\"label\">(corpus/CLAUSES.md)</span>",
                esc(&case.clauses.join(", "))
            ),
        ));
    }
    if let Some(reason) = &case.expected_failure_reason {
        rows.push(("listed because", esc(reason)));
    }
    if case.status == crate::results::Status::UnexpectedPass {
        rows.push(("why", esc(&super::why_text(case))));
    }
    if !stable {
        rows.push(("time", format!("{} ms", case.duration_ms)));
    }
    for (k, v) in rows {
        let _ = writeln!(out, "<dt>{k}</dt><dd>{v}</dd>");
    }
    out.push_str("</dl>\n");
    if let Some(detail) = &case.detail {
        let _ = writeln!(out, "<pre class=\"detail\">\n{}</pre>", esc(detail));
    }
    if let Some(stderr) = case.stderr.as_deref().filter(|s| !s.is_empty()) {
        let _ = writeln!(
            out,
            "<p class=\"label\">stderr</p><pre class=\"stderr\">\n{}</pre>",
            esc(stderr)
        );
    }
    out.push_str("</details>\n");
}

//! The Markdown report (`report.md`): short enough for a pull-request
//! comment or a CI step summary (GitHub's `$GITHUB_STEP_SUMMARY`). The
//! implementation x family matrix, the writer x reader matrix per family,
//! then the failing cases of every run in collapsed sections, bounded in
//! number and length so that the whole fits a pull-request comment (the
//! full text is in `report.json` and `index.html`).

use super::matrix::{score, FamilyCompat, ImplRow, Matrix};
use super::text::{excerpt, md_fence, md_inline, ratio, seconds};
use super::{all_stable, corpora, drill_down, expect_text, outcome_text, verdict};
use crate::results::{CaseResult, FamilySummary, RunResult};
use std::fmt::Write;

/// Most drill-down cases listed per run.
const MAX_CASES: usize = 25;
/// Size past which no more cases are listed: a pull-request comment holds
/// at most 65,536 characters.
const MAX_BYTES: usize = 60_000;
/// Longest excerpt of one case's detail.
const MAX_DETAIL_LINES: usize = 12;
const MAX_DETAIL_BYTES: usize = 1200;

/// `report.md`, ending with a newline.
pub fn render(runs: &[RunResult], matrix: &Matrix) -> String {
    let mut out = String::new();
    out.push_str("# conformkit compatibility report\n\n");
    header(&mut out, runs);
    implementations(&mut out, runs, matrix);
    compat(&mut out, matrix);
    failing(&mut out, runs, matrix);
    out
}

fn header(out: &mut String, runs: &[RunResult]) {
    let kit = runs
        .first()
        .map(|r| format!("{} {}", r.kit.name, r.kit.version))
        .unwrap_or_else(|| "conformkit".into());
    match corpora(runs).as_slice() {
        [] => {
            let _ = writeln!(out, "{} · no runs\n", md_inline(&kit));
        }
        [(fingerprint, cases)] => {
            let _ = writeln!(
                out,
                "{} · corpus `{}` ({cases} cases)\n",
                md_inline(&kit),
                short(fingerprint)
            );
        }
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|(f, _)| format!("`{}`", short(f)))
                .collect();
            let _ = writeln!(
                out,
                "{} · **the runs used {} different corpora** ({}): their counts are not directly comparable\n",
                md_inline(&kit),
                many.len(),
                list.join(", ")
            );
        }
    }
}

/// The first 12 hex digits of a `sha256:` fingerprint.
fn short(fingerprint: &str) -> String {
    let hex = fingerprint.strip_prefix("sha256:").unwrap_or(fingerprint);
    let end = hex.char_indices().nth(12).map_or(hex.len(), |(i, _)| i);
    md_inline(&format!("sha256:{}", &hex[..end]))
}

fn cell(s: Option<&FamilySummary>) -> String {
    match s {
        None => "—".into(),
        Some(s) if s.supported == 0 => "not declared".into(),
        Some(s) => {
            let (p1, t) = score(s, 1);
            let (p2, _) = score(s, 2);
            format!("{} · {}", ratio(p1, t), ratio(p2, t))
        }
    }
}

fn implementations(out: &mut String, runs: &[RunResult], matrix: &Matrix) {
    out.push_str("## Implementations × families\n\n");
    out.push_str(
        "Each cell: cases passed at level 1 · at level 2, of the cases the implementation \
         declares. Level 1: accept or reject right, and the model right; level 2: the error \
         class right too. — : not run.\n\n",
    );
    let mut head = String::from("| implementation | role | verdict |");
    let mut rule = String::from("| --- | --- | --- |");
    for f in &matrix.families {
        let _ = write!(head, " {} |", md_inline(f));
        rule.push_str(" --- |");
    }
    head.push_str(" total |");
    rule.push_str(" --- |");
    let stable = all_stable(runs);
    if !stable {
        head.push_str(" time |");
        rule.push_str(" --- |");
    }
    let _ = writeln!(out, "{head}\n{rule}");
    for (row, run) in matrix.implementations.iter().zip(runs) {
        let mark = if row.conformant { "✅" } else { "❌" };
        let _ = write!(
            out,
            "| {} ({}) | {} | {mark} {} |",
            md_inline(&row.label()),
            md_inline(&row.language),
            row.role.as_str(),
            verdict(run)
        );
        for f in &matrix.families {
            let _ = write!(out, " {} |", cell(row.families.get(f)));
        }
        let _ = write!(out, " **{}** |", cell(Some(&row.total)));
        if !stable {
            let time = if run.options.stable {
                "—".to_string()
            } else {
                format!("{} s", seconds(run.duration_ms))
            };
            let _ = write!(out, " {time} |");
        }
        out.push('\n');
    }
    out.push('\n');
}

fn compat(out: &mut String, matrix: &Matrix) {
    if matrix.compat.is_empty() {
        return;
    }
    out.push_str("## Writer version × reader version\n\n");
    out.push_str(
        "Which documents each reader accepts, per family: documents as each writer version \
         writes them, with additive fields (what a newer writer of the same major version \
         adds: a reader must ignore them), and of a future major version (a reader must reject \
         them as `unsupported_version`). Columns: each reader run and the version it read.\n\n",
    );
    for family in &matrix.compat {
        compat_table(out, family, &matrix.implementations);
    }
}

fn compat_table(out: &mut String, family: &FamilyCompat, rows: &[ImplRow]) {
    let _ = writeln!(out, "### {}\n", md_inline(&family.family));
    let mut head = String::from("| document ↓ · reader → |");
    let mut rule = String::from("| --- |");
    for col in &family.columns {
        let label = rows
            .iter()
            .find(|r| r.key == col.implementation)
            .map_or_else(|| col.implementation.clone(), ImplRow::label);
        let _ = write!(head, " {} {} |", md_inline(&label), md_inline(&col.version));
        rule.push_str(" --- |");
    }
    let _ = writeln!(out, "{head}\n{rule}");
    for (r, (row, cells)) in family.rows.iter().zip(&family.cells).enumerate() {
        let _ = write!(out, "| {} |", md_inline(&row.label));
        for (c, cell) in cells.iter().enumerate() {
            let mark = if cell.ok() {
                "✅ "
            } else if cell.tested() {
                "❌ "
            } else {
                ""
            };
            let _ = write!(out, " {mark}{} |", md_inline(&family.text(r, c)));
        }
        out.push('\n');
    }
    out.push('\n');
}

fn failing(out: &mut String, runs: &[RunResult], matrix: &Matrix) {
    let any = runs.iter().any(|r| drill_down(r).next().is_some());
    if !any {
        return;
    }
    out.push_str("## Failing cases\n\n");
    for (row, run) in matrix.implementations.iter().zip(runs) {
        let cases: Vec<_> = drill_down(run).collect();
        if cases.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<details><summary>{} ({}): {} of {} cases fail level 1 or 2</summary>\n",
            super::text::xml_text(&row.label()),
            row.role.as_str(),
            cases.len(),
            run.cases.len()
        );
        let mut listed = 0;
        for case in cases.iter().take(MAX_CASES) {
            let entry = case_entry(case);
            if out.len() + entry.len() > MAX_BYTES {
                break;
            }
            out.push_str(&entry);
            listed += 1;
        }
        if listed < cases.len() {
            let _ = writeln!(
                out,
                "... and {} more: see index.html or report.json\n",
                cases.len() - listed
            );
        }
        out.push_str("</details>\n\n");
    }
}

/// One failing case: a line, and an excerpt of its detail.
fn case_entry(case: &CaseResult) -> String {
    let mut out = format!(
        "**{}**: expected {}, {}; level 1 {}, level 2 {}; {}\n\n",
        md_inline(&case.id),
        md_inline(&expect_text(case)),
        md_inline(&outcome_text(case)),
        if case.level1 { "✓" } else { "✗" },
        if case.level2 { "✓" } else { "✗" },
        case.status.as_str().replace('_', " "),
    );
    if !case.clauses.is_empty() {
        let _ = writeln!(
            out,
            "seed clauses: {} (corpus/CLAUSES.md)\n",
            md_inline(&case.clauses.join(", "))
        );
    }
    if let Some(detail) = &case.detail {
        out.push_str(&md_fence(
            &excerpt(detail, MAX_DETAIL_LINES, MAX_DETAIL_BYTES),
            "text",
        ));
        out.push('\n');
    }
    out
}

//! Plain text: a header, one block per finding, the verdict line.

use super::super::report::Report;

pub fn render(report: &Report) -> String {
    let mut out = format!("conformkit compat: {}\n", super::sources(report));
    for f in &report.findings {
        out.push_str(&format!(
            "{:<5} {} {}: {} ({})\n",
            f.level.as_str(),
            f.rule,
            super::location(f),
            f.message.replace('\n', "\n      "),
            super::judgement(f)
        ));
    }
    out.push_str(&super::verdict_line(report));
    out.push('\n');
    out
}

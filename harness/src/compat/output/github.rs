//! GitHub Actions workflow commands: one `::error` / `::warning` /
//! `::notice` annotation per finding on its schema file, at the line and
//! column of the changed keyword (line 1 for findings about a whole file or
//! folder), then the verdict line as plain output.

use super::super::report::Report;
use super::super::rules::Level;
use crate::workflow_commands::{data, property};

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let command = match f.level {
            Level::Error => "error",
            Level::Warn => "warning",
            Level::Info => "notice",
        };
        let place = match (f.line, f.column) {
            (Some(line), Some(column)) => format!("line={line},col={column}"),
            _ => "line=1".to_string(),
        };
        out.push_str(&format!(
            "::{command} file={},{place},title={}::{}\n",
            property(&f.file),
            property(&format!("{} {}", f.rule, super::location(f))),
            data(&format!("{} ({})", f.message, super::judgement(f)))
        ));
    }
    out.push_str(&super::verdict_line(report));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(super::property("a:b,c"), "a%3Ab%2Cc");
    }
}

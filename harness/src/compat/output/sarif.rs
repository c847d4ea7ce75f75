//! SARIF 2.1.0 (the format code scanning tools read): one run of the tool
//! `conformkit compat`, its rules (every rule id with its one-line meaning),
//! and one result per finding at the finding's file, line and column, with
//! the level (`error`, `warning`, `note`) that counts for `--fail-on`.

use super::super::report::Report;
use super::super::rules::{Level, RULES};
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
    SCHEMA_URL,
};

fn level(l: Level) -> ResultLevel {
    match l {
        Level::Error => ResultLevel::Error,
        Level::Warn => ResultLevel::Warning,
        Level::Info => ResultLevel::Note,
    }
}

/// A file path as a URI reference: bytes other than unreserved characters
/// and `/` are percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The SARIF log of a report.
pub fn log(report: &Report) -> Sarif {
    let rules: Vec<ReportingDescriptor> = RULES
        .iter()
        .map(|(id, _, meaning)| {
            ReportingDescriptor::builder()
                .id(*id)
                .short_description(MultiformatMessageString::builder().text(*meaning).build())
                .build()
        })
        .collect();
    let results: Vec<SarifResult> = report
        .findings
        .iter()
        .map(|f| {
            let region = match (f.line, f.column) {
                (Some(line), Some(column)) => Region::builder()
                    .start_line(i64::from(line))
                    .start_column(i64::from(column))
                    .build(),
                _ => Region::builder().start_line(1).build(),
            };
            let location = Location::builder()
                .physical_location(
                    PhysicalLocation::builder()
                        .artifact_location(ArtifactLocation::builder().uri(uri(&f.file)).build())
                        .region(region)
                        .build(),
                )
                .build();
            SarifResult::builder()
                .rule_id(f.rule)
                .level(level(f.level))
                .message(
                    Message::builder()
                        .text(format!(
                            "{} {}: {} ({})",
                            f.rule,
                            super::location(f),
                            f.message,
                            super::judgement(f)
                        ))
                        .build(),
                )
                .locations(vec![location])
                .build()
        })
        .collect();
    let driver = ToolComponent::builder()
        .name("conformkit compat")
        .version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    Sarif::builder()
        .schema(SCHEMA_URL)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![Run::builder()
            .tool(Tool::builder().driver(driver).build())
            .results(results)
            .build()])
        .build()
}

pub fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(&log(report)).unwrap_or_else(|e| {
        serde_json::json!({"version": "2.1.0", "runs": [], "error": e.to_string()}).to_string()
    });
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            super::uri("corpus/a b/v1/schema.json"),
            "corpus/a%20b/v1/schema.json"
        );
        assert_eq!(super::uri("x/é%"), "x/%C3%A9%25");
    }
}

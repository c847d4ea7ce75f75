//! The JSON report: the [`Report`] as one pretty-printed object, described
//! by `harness/schemas/compat.schema.json`.

use super::super::report::Report;

pub fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_else(|e| {
        serde_json::json!({"format": report.format, "error": e.to_string()}).to_string()
    });
    text.push('\n');
    text
}

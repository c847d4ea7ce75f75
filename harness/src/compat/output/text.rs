//! Plain text: a header, one block per finding, the verdict line. Control
//! characters (a field name may hold any) are printed escaped, never raw.

use super::super::report::Report;

pub fn render(report: &Report) -> String {
    let mut out = format!("conformkit compat: {}\n", super::sources(report));
    for f in &report.findings {
        out.push_str(&format!(
            "{:<5} {} {}: {} ({})\n",
            f.level.as_str(),
            f.rule,
            controls_escaped(&located(f), false),
            controls_escaped(&f.message, true).replace('\n', "\n      "),
            super::judgement(f)
        ));
    }
    out.push_str(&super::verdict_line(report));
    out.push('\n');
    out
}

/// Where a finding is, with `file:line:column` when it has a line.
fn located(f: &crate::compat::report::Finding) -> String {
    match (f.line, f.column) {
        (Some(line), Some(column)) => {
            format!("{} at {}:{line}:{column}", super::location(f), f.file)
        }
        _ => super::location(f),
    }
}

/// `text` with every control character as `\u{..}` (line breaks kept when
/// `keep_newlines`: messages use them to continue a finding).
fn controls_escaped(text: &str, keep_newlines: bool) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && !(keep_newlines && c == '\n') {
                format!("\\u{{{:04x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            super::controls_escaped("a\u{7}b\u{1b}[2J", false),
            "a\\u{0007}b\\u{001b}[2J"
        );
        assert_eq!(super::controls_escaped("x\ny\tz", true), "x\ny\\u{0009}z");
        assert_eq!(super::controls_escaped("x\ny", false), "x\\u{000a}y");
        assert_eq!(super::controls_escaped("é ü", false), "é ü");
    }
}

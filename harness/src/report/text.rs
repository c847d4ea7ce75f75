//! Text helpers shared by the renderers: escaping for XML/HTML and
//! Markdown, visible forms of control characters (which XML 1.0 cannot
//! carry at all), bounded excerpts of long details, and number formats.

use std::fmt::Write;

/// Whether XML 1.0 can carry `c` (as text or as a character reference).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
        || ('\u{20}'..='\u{D7FF}').contains(&c)
        || ('\u{E000}'..='\u{FFFD}').contains(&c)
        || c >= '\u{10000}'
}

/// `c` as a visible escape: `\u{1b}`.
fn visible(c: char, out: &mut String) {
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// `s` with characters XML 1.0 cannot carry, and the other C0/C1 controls
/// and DEL, shown as `\u{..}` (tab, newline and carriage return are kept).
pub fn show_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !xml_char(c) || (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
            visible(c, &mut out);
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes `s` for XML or HTML text content or a double-quoted attribute
/// value; control characters are made visible first. In attributes a
/// newline, carriage return or tab is written as a character reference so
/// that attribute-value normalization keeps it.
fn escape(s: &str, attribute: bool) -> String {
    let shown = show_controls(s);
    let mut out = String::with_capacity(shown.len() + 16);
    for c in shown.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text content for XML or HTML.
pub fn xml_text(s: &str) -> String {
    escape(s, false)
}

/// Escapes a double-quoted attribute value for XML or HTML.
pub fn xml_attr(s: &str) -> String {
    escape(s, true)
}

/// `s` as inline Markdown text (a table cell, a heading): one line,
/// Markdown punctuation backslash-escaped, `&` `<` `>` as entities.
pub fn md_inline(s: &str) -> String {
    let shown = show_controls(s);
    let mut out = String::with_capacity(shown.len() + 8);
    for c in shown.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// `body` as a fenced Markdown code block with a fence longer than any
/// backtick run inside it.
pub fn md_fence(body: &str, info: &str) -> String {
    let body = show_controls(body);
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat((longest + 1).max(3));
    let mut out = format!("{fence}{info}\n{body}");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&fence);
    out.push('\n');
    out
}

/// The note ending a cut excerpt.
const TRUNCATED: &str = "[... truncated: the full text is in report.json]\n";

/// At most `max_lines` lines and about `max_bytes` bytes of `s`, with a
/// note saying how much was left out.
pub fn excerpt(s: &str, max_lines: usize, max_bytes: usize) -> String {
    let total_lines = s.lines().count();
    let mut out = String::new();
    let mut lines = 0;
    for line in s.lines() {
        if lines == max_lines || out.len() + line.len() > max_bytes {
            break;
        }
        out.push_str(line);
        out.push('\n');
        lines += 1;
    }
    if lines < total_lines {
        if lines == 0 {
            // One very long line: cut it at a character boundary.
            let mut end = max_bytes.min(s.len());
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            out.push_str(&s[..end]);
            out.push('\n');
        }
        out.push_str(TRUNCATED);
    }
    out
}

/// The first line of `s`, for one-line summaries.
pub fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// Milliseconds as seconds with three decimals.
pub fn seconds(ms: f64) -> String {
    format!("{:.3}", ms / 1000.0)
}

/// `passed/total`.
pub fn ratio(passed: usize, total: usize) -> String {
    format!("{passed}/{total}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_controls() {
        assert_eq!(
            xml_text("a<b & ]]> \u{1}\u{1b}\u{7f}\u{fffe}\r"),
            "a&lt;b &amp; ]]&gt; \\u{1}\\u{1b}\\u{7f}\\u{fffe}&#13;"
        );
        assert_eq!(xml_attr("x\"y'\n\tz"), "x&quot;y&#39;&#10;&#9;z");
        assert_eq!(xml_text("line\n\ttab"), "line\n\ttab");
    }

    #[test]
    fn markdown_inline_and_fences() {
        assert_eq!(md_inline("a|b*c\n<d>"), "a\\|b\\*c &lt;d&gt;");
        assert_eq!(md_fence("x", "text"), "```text\nx\n```\n");
        assert_eq!(md_fence("a ```` b\n", ""), "`````\na ```` b\n`````\n");
    }

    #[test]
    fn excerpts_say_what_they_cut() {
        assert_eq!(
            excerpt("a\nb\nc\n", 2, 100),
            "a\nb\n[... truncated: the full text is in report.json]\n"
        );
        assert_eq!(excerpt("a\nb\n", 2, 100), "a\nb\n");
        assert_eq!(
            excerpt("ééé", 5, 3),
            "é\n[... truncated: the full text is in report.json]\n"
        );
    }
}

//! Text for a terminal: names and paths from an input (JSON keys, runpack
//! paths) are printed inside messages, and a crafted one must not move the
//! cursor, clear the screen or forge a line (`valid: ok`). Control
//! characters (C0, DEL, C1) and the bidirectional overrides are written as
//! Rust escapes (`\n`, `\u{1b}`); every other character, ASCII or not, is
//! kept.

/// `text` with control and bidirectional-override characters escaped.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || is_bidi_override(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The embeddings, overrides and isolates that reorder displayed text.
fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn controls_are_escaped_and_other_text_kept() {
        assert_eq!(
            printable("a\u{1b}[2J\nvalid: ok"),
            "a\\u{1b}[2J\\nvalid: ok"
        );
        assert_eq!(printable("\u{7f}\u{9b}\t\r"), "\\u{7f}\\u{9b}\\t\\r");
        assert_eq!(printable("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(printable("café ü 日本 `k`"), "café ü 日本 `k`");
    }
}

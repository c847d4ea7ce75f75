//! The line iterator: splits validated text into `key=value` pairs with
//! memchr, applies the line rules (LF terminator, CRLF, no blank or comment
//! lines, first `=` splits, key syntax, no duplicate key) and yields borrowed
//! [`Line`]s. The first error ends the iteration.

use super::dupes::Dupes;
use super::key;
use crate::error::{ErrorClass, ReadError};
use memchr::memchr;

/// One `key=value` pair and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number.
    pub number: u64,
    pub key: &'a str,
    /// Everything after the first `=`, without the line terminator.
    pub value: &'a str,
}

impl Line<'_> {
    /// The 1-based column where the value starts.
    pub fn value_column(&self) -> u64 {
        self.key.chars().count() as u64 + 2
    }

    /// An error about this line's value: class, line, column, key.
    pub fn error(&self, class: ErrorClass, expected: impl Into<String>) -> ReadError {
        ReadError::new(class, expected)
            .at(self.key)
            .at_line(self.number, Some(self.value_column()))
    }
}

/// The pairs of one document, in order.
#[derive(Debug)]
pub struct Lines<'a> {
    text: &'a str,
    pos: usize,
    number: u64,
    /// Whether the text holds a CR at all; when not, no line needs a CR check.
    has_cr: bool,
    done: bool,
    dupes: Dupes<'a>,
}

fn syntax(line: u64, expected: impl Into<String>) -> ReadError {
    ReadError::new(ErrorClass::Syntax, expected).at_line(line, Some(1))
}

/// A short, printable excerpt of a faulty line.
fn excerpt(raw: &str) -> String {
    let mut s: String = raw.chars().take(40).collect();
    if s.len() < raw.len() {
        s.push('…');
    }
    format!("{s:?}")
}

impl<'a> Lines<'a> {
    /// Iterates the pairs of `text` (already checked by [`super::decode_text`]).
    pub fn new(text: &'a str) -> Self {
        Lines {
            text,
            pos: 0,
            number: 0,
            has_cr: memchr(b'\r', text.as_bytes()).is_some(),
            done: false,
            dupes: Dupes::new(),
        }
    }

    /// Whether every key so far came in strictly increasing byte order.
    pub fn sorted(&self) -> bool {
        self.dupes.sorted()
    }

    /// The number of lines read so far.
    pub fn lines_read(&self) -> u64 {
        self.number
    }

    fn pair(&mut self, start: usize, raw: &'a str) -> Result<Line<'a>, ReadError> {
        let number = self.number;
        let mut body = raw;
        if self.has_cr {
            body = body.strip_suffix('\r').unwrap_or(body);
        }
        if body.is_empty() {
            return Err(
                syntax(number, "a key=value pair (blank lines are not allowed)")
                    .found("an empty line"),
            );
        }
        let Some(eq) = memchr(b'=', body.as_bytes()) else {
            return Err(
                syntax(number, "a key=value pair (no `=` on this line)").found(excerpt(body))
            );
        };
        let (key, value) = (&body[..eq], &body[eq + 1..]);
        if key.is_empty() {
            return Err(syntax(number, "a key before the first `=`").found("an empty key"));
        }
        let shared = key::common_prefix(self.dupes.prev().as_bytes(), key.as_bytes());
        if let Err(fault) = key::check_from(key.as_bytes(), shared) {
            return Err(ReadError::new(ErrorClass::Syntax, key::EXPECTED)
                .at(key)
                .at_line(number, Some(fault.column as u64))
                .found(fault.found));
        }
        if self.has_cr {
            if let Some(cr) = memchr(b'\r', value.as_bytes()) {
                let line = Line { number, key, value };
                let column = line.value_column() + value[..cr].chars().count() as u64;
                return Err(ReadError::new(
                    ErrorClass::Syntax,
                    "no CR in a value (CR is allowed only right before the LF)",
                )
                .at(key)
                .at_line(number, Some(column))
                .found("CR"));
            }
        }
        let text = self.text;
        self.dupes
            .insert(key, number, shared, || earlier_keys(&text[..start]))
            .map_err(|first| {
                ReadError::new(ErrorClass::DuplicateKey, "each key at most once")
                    .at(key)
                    .at_line(number, Some(1))
                    .found(format!("`{key}` again (first on line {first})"))
            })?;
        Ok(Line { number, key, value })
    }
}

/// Every key of `text` (whole lines that already passed the checks), with
/// its line number.
fn earlier_keys(text: &str) -> Vec<(&str, u64)> {
    let mut out = Vec::new();
    let mut pos = 0;
    let bytes = text.as_bytes();
    while let Some(nl) = memchr(b'\n', &bytes[pos..]) {
        let line = &text[pos..pos + nl];
        let eq = memchr(b'=', line.as_bytes()).unwrap_or(line.len());
        out.push((&line[..eq], out.len() as u64 + 1));
        pos += nl + 1;
    }
    out
}

impl<'a> Iterator for Lines<'a> {
    type Item = Result<Line<'a>, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text.as_bytes()[start..];
        self.number += 1;
        let result = match memchr(b'\n', rest) {
            Some(nl) => {
                self.pos = start + nl + 1;
                self.pair(start, &self.text[start..start + nl])
            }
            None => Err(syntax(
                self.number,
                "a line ending in LF (the last line has none: truncated?)",
            )
            .found(excerpt(&self.text[start..]))),
        };
        if result.is_err() {
            self.done = true;
        }
        Some(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Result<Vec<(u64, &str, &str)>, ReadError> {
        Lines::new(text)
            .map(|r| r.map(|l| (l.number, l.key, l.value)))
            .collect()
    }

    fn fault(text: &str) -> (ErrorClass, Option<u64>, Option<String>) {
        let e = pairs(text).unwrap_err();
        (e.class, e.line, e.path)
    }

    #[test]
    fn splits_at_the_first_equals_and_keeps_values_literal() {
        assert_eq!(
            pairs("a=b=c\nb= x \nc=\n").unwrap(),
            vec![(1, "a", "b=c"), (2, "b", " x "), (3, "c", "")]
        );
        assert_eq!(pairs("").unwrap(), vec![]);
    }

    #[test]
    fn crlf_is_one_terminator_and_a_lone_cr_is_not() {
        assert_eq!(
            pairs("a=1\r\nb=2\n").unwrap(),
            vec![(1, "a", "1"), (2, "b", "2")]
        );
        assert_eq!(
            fault("a=1\nb=x\ry\n"),
            (ErrorClass::Syntax, Some(2), Some("b".into()))
        );
        assert_eq!(fault("a=1\r\r\n").0, ErrorClass::Syntax);
        assert_eq!(fault("a\r=1\n").0, ErrorClass::Syntax);
    }

    #[test]
    fn line_faults() {
        assert_eq!(fault("a=1\n\nb=2\n"), (ErrorClass::Syntax, Some(2), None));
        assert_eq!(fault("a=1\nb=2"), (ErrorClass::Syntax, Some(2), None));
        assert_eq!(fault("a=1\n# note\n"), (ErrorClass::Syntax, Some(2), None));
        assert_eq!(fault("=1\n"), (ErrorClass::Syntax, Some(1), None));
        assert_eq!(
            fault("a=1\n b=2\n"),
            (ErrorClass::Syntax, Some(2), Some(" b".into()))
        );
        assert_eq!(fault("a =1\n").2.as_deref(), Some("a "));
    }

    #[test]
    fn duplicates_sorted_or_not() {
        let e = pairs("a=1\nb=2\nb=3\n").unwrap_err();
        assert_eq!((e.class, e.line), (ErrorClass::DuplicateKey, Some(3)));
        assert!(e.found.unwrap().contains("first on line 2"));
        let e = pairs("b=1\na=2\nc=3\nb=4\n").unwrap_err();
        assert_eq!((e.class, e.line), (ErrorClass::DuplicateKey, Some(4)));
        assert!(e.found.unwrap().contains("first on line 1"));
        let mut lines = Lines::new("b=1\na=2\n");
        assert!(lines.by_ref().all(|l| l.is_ok()));
        assert!(!lines.sorted());
    }

    #[test]
    fn stops_after_the_first_error() {
        let mut lines = Lines::new("a\nb=1\n");
        assert!(lines.next().unwrap().is_err());
        assert!(lines.next().is_none());
    }
}

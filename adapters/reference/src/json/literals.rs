//! Number literals exactly as written. `serde_json`'s `arbitrary_precision`
//! keeps a number's digits but respells its exponent (`1E400` becomes
//! `1e+400`, `1e5` becomes `1e+5`); corpus/DECISIONS.md D-CR-1 keeps
//! literals exactly. After parsing, [`restore`] walks the (already
//! validated) text beside the value and puts each respelled literal back.

use serde_json::{Number, Value};

/// Puts back, in `value` parsed from `text`, every number literal that
/// `serde_json` respelled. `text` must be the valid JSON `value` came from.
pub fn restore(text: &str, value: &mut Value) {
    if !respelled_somewhere(text.as_bytes()) {
        return;
    }
    Walk {
        text,
        bytes: text.as_bytes(),
        at: 0,
    }
    .value(value);
}

/// Whether some exponent may have been respelled: a digit followed by `E`,
/// or by `e` and a digit (no sign). Text inside strings may match too; the
/// walk then finds nothing to change.
fn respelled_somewhere(b: &[u8]) -> bool {
    b.windows(3)
        .any(|w| w[0].is_ascii_digit() && (w[1] == b'E' || (w[1] == b'e' && w[2].is_ascii_digit())))
}

/// `serde_json`'s spelling of a literal: the exponent mark `e`, always signed.
fn respell(literal: &str) -> String {
    match literal.find(['e', 'E']) {
        None => literal.to_string(),
        Some(i) => {
            let exp = &literal[i + 1..];
            let sign = if exp.starts_with(['+', '-']) { "" } else { "+" };
            format!("{}e{sign}{exp}", &literal[..i])
        }
    }
}

struct Walk<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
}

impl Walk<'_> {
    fn peek(&self) -> u8 {
        self.bytes.get(self.at).copied().unwrap_or(0)
    }

    fn blank(&mut self) {
        while matches!(self.peek(), b' ' | b'\t' | b'\n' | b'\r') {
            self.at += 1;
        }
    }

    /// One value at the cursor; `value` is what it parsed to (a scratch
    /// `Null` where the shapes part, so the walk only skips).
    fn value(&mut self, value: &mut Value) {
        self.blank();
        match self.peek() {
            b'{' => self.object(value),
            b'[' => self.array(value),
            b'"' => {
                self.string();
            }
            b'-' | b'0'..=b'9' => self.number(value),
            0 => {}
            _ => {
                while self.peek().is_ascii_alphabetic() {
                    self.at += 1;
                }
            }
        }
    }

    fn object(&mut self, value: &mut Value) {
        self.at += 1;
        loop {
            self.blank();
            if self.peek() != b'"' {
                self.at += 1; // `}`
                return;
            }
            let key = self.string();
            self.blank();
            self.at += 1; // `:`
            let mut scratch = Value::Null;
            let child = match (value.as_object_mut(), key) {
                (Some(map), Some(key)) => map.get_mut(&key).unwrap_or(&mut scratch),
                _ => &mut scratch,
            };
            self.value(child);
            self.blank();
            if self.peek() == b',' {
                self.at += 1;
            }
        }
    }

    fn array(&mut self, value: &mut Value) {
        self.at += 1;
        let mut index = 0;
        loop {
            self.blank();
            match self.peek() {
                b']' | 0 => {
                    self.at += 1;
                    return;
                }
                b',' => self.at += 1,
                _ => {
                    let mut scratch = Value::Null;
                    let child = match value.as_array_mut() {
                        Some(items) => items.get_mut(index).unwrap_or(&mut scratch),
                        None => &mut scratch,
                    };
                    self.value(child);
                    index += 1;
                }
            }
        }
    }

    /// Skips a string; returns its decoded text (`None` if it cannot be
    /// decoded, which valid input never gives).
    fn string(&mut self) -> Option<String> {
        let start = self.at;
        self.at += 1;
        let mut escaped = false;
        while self.at < self.bytes.len() {
            match self.bytes[self.at] {
                b'\\' => {
                    escaped = true;
                    self.at += 2;
                }
                b'"' => {
                    self.at += 1;
                    let raw = self.text.get(start..self.at)?;
                    return if escaped {
                        serde_json::from_str(raw).ok()
                    } else {
                        Some(raw[1..raw.len() - 1].to_string())
                    };
                }
                _ => self.at += 1,
            }
        }
        None
    }

    fn number(&mut self, value: &mut Value) {
        let start = self.at;
        while matches!(self.peek(), b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
            self.at += 1;
        }
        let literal = &self.text[start..self.at];
        if let Value::Number(n) = value {
            if n.as_str() != literal && n.as_str() == respell(literal) {
                // The one way to hold a literal as written; the unit tests
                // below catch a serde_json that changes its meaning.
                *n = Number::from_string_unchecked(literal.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::json::parse_document;
    use crate::Limits;

    fn reread(text: &str) -> String {
        parse_document(text.as_bytes(), &Limits::default())
            .unwrap()
            .to_string()
    }

    #[test]
    fn exponents_are_kept_as_written() {
        for literal in [
            "1E400", "1e400", "1E+400", "1e+400", "-2.5E-3", "10E2", "0e0",
        ] {
            assert_eq!(reread(&format!("[{literal}]")), format!("[{literal}]"));
        }
    }

    #[test]
    fn every_position_is_restored() {
        let text =
            r#"{"z":{"k\"ey":[1E2,{"a":2e3}],"s":"1E5 in text"},"a":[-1E-1,3,"x",true,null,4E4]}"#;
        let back = reread(text);
        for literal in ["1E2", "2e3", "-1E-1", "4E4", r#""1E5 in text""#] {
            assert!(back.contains(literal), "{literal} in {back}");
        }
        assert!(!back.contains("e+"), "{back}");
    }

    #[test]
    fn plain_literals_are_untouched() {
        let text = r#"{"a":[1.50,-0,340282366920938463463374607431768211456]}"#;
        assert_eq!(reread(text), text);
    }
}

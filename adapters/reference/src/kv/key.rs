//! Key syntax: one or more segments of `[A-Za-z0-9_-]` joined by single dots
//! (`report.v`, `counts.rows_scanned`). Whitespace, `#`, non-ASCII letters
//! and empty segments (`a..b`, `.a`, `a.`) are refused.
//!
//! The careful path checks incrementally: a key's prefix shared with the
//! previous line's key (found 8 bytes at a time) was already checked, so only
//! the rest is scanned. (The fast path checks keys from block masks,
//! [`super::scan`].)

/// A byte that may appear inside a segment.
const SEG: u8 = 1;
/// The segment separator.
const DOT: u8 = 2;

/// The class of every byte: 0 for a byte no key may hold.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
            SEG
        } else if b == b'.' {
            DOT
        } else {
            0
        };
        i += 1;
    }
    t
};

/// What the key syntax expects, for error messages.
pub const EXPECTED: &str = "a key of dot-separated segments of [A-Za-z0-9_-]";

/// Why a key is refused: the 1-based column inside the key and what is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFault {
    pub column: usize,
    pub found: String,
}

/// The length of the longest common prefix of `a` and `b`.
pub fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        if let (Some(x), Some(y)) = (a[i..].first_chunk::<8>(), b[i..].first_chunk::<8>()) {
            let diff = u64::from_le_bytes(*x) ^ u64::from_le_bytes(*y);
            if diff != 0 {
                return i + (diff.trailing_zeros() / 8) as usize;
            }
        }
        i += 8;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// Checks `key`, trusting that `key[..from]` is a prefix of a key that
/// passed this check (pass 0 to check it all).
pub fn check_from(key: &[u8], from: usize) -> Result<(), KeyFault> {
    if key.is_empty() {
        return Err(KeyFault {
            column: 1,
            found: "an empty key".to_string(),
        });
    }
    let from = from.min(key.len());
    // A dot at the very start opens an empty segment, as a dot after a dot does.
    let mut prev_dot = from == 0 || key[from - 1] == b'.';
    let mut bad = false;
    for &b in &key[from..] {
        let class = CLASS[b as usize];
        bad |= class == 0 || (class == DOT && prev_dot);
        prev_dot = class == DOT;
    }
    if bad || prev_dot {
        return Err(describe(key));
    }
    Ok(())
}

/// Checks a whole key.
pub fn check(key: &str) -> Result<(), KeyFault> {
    check_from(key.as_bytes(), 0)
}

/// Whether `key` is a valid key (tests only: readers need the fault).
#[cfg(test)]
pub fn is_valid(key: &str) -> bool {
    check(key).is_ok()
}

/// The first fault of a key known to be invalid (the slow path).
fn describe(key: &[u8]) -> KeyFault {
    let text = String::from_utf8_lossy(key);
    let mut prev_dot = true;
    for (i, ch) in text.char_indices() {
        let column = text[..i].chars().count() + 1;
        if !ch.is_ascii() || CLASS[ch as usize] == 0 {
            let found = if ch.is_whitespace() {
                format!("whitespace {ch:?}")
            } else {
                format!("character {ch:?}")
            };
            return KeyFault { column, found };
        }
        let dot = ch == '.';
        if dot && prev_dot {
            return KeyFault {
                column,
                found: "an empty segment before this dot".to_string(),
            };
        }
        prev_dot = dot;
    }
    KeyFault {
        column: text.chars().count(),
        found: "an empty segment after the last dot".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_syntax() {
        for good in ["a", "report.v", "counts.rows_scanned", "A-b.c_D.9"] {
            assert!(is_valid(good), "{good}");
        }
        for bad in [
            "", ".a", "a.", "a..b", " a", "a ", "a b", "#a", "é", "a=b", "a\tb",
        ] {
            assert!(!is_valid(bad), "{bad:?}");
        }
        assert_eq!(check("ab c").unwrap_err().column, 3);
        assert_eq!(check("a..b").unwrap_err().column, 3);
        assert_eq!(check("a.").unwrap_err().column, 2);
    }

    #[test]
    fn incremental_check_agrees_with_the_full_check() {
        let keys = ["a.b", "a.", "a.c", "a", "a..", "a.b.c", "ab", "a.b c"];
        for prev in keys.iter().filter(|k| is_valid(k)) {
            for key in keys {
                let shared = common_prefix(prev.as_bytes(), key.as_bytes());
                assert_eq!(
                    check_from(key.as_bytes(), shared).is_ok(),
                    is_valid(key),
                    "{prev} then {key}"
                );
            }
        }
    }

    #[test]
    fn common_prefix_by_words() {
        assert_eq!(common_prefix(b"", b"abc"), 0);
        assert_eq!(common_prefix(b"abcdefghij", b"abcdefghik"), 9);
        assert_eq!(common_prefix(b"abcdefgh", b"abcdefgh"), 8);
        assert_eq!(common_prefix(b"abcdefgxyz", b"abcdefgh"), 7);
        assert_eq!(common_prefix(b"abc", b"abd"), 2);
    }
}

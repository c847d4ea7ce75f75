//! Intake of a KV document's bytes: the size limit, the byte order mark rule
//! and UTF-8 validation, with the line, column and (when the fault is in a
//! value) the key of the first invalid byte. The line iterator validates the input
//! once, chunk by chunk just ahead of the lines (so the bytes are read from
//! memory once).

use crate::error::{ErrorClass, ReadError};
use crate::json::parse::check_size;
use crate::limits::Limits;

/// The UTF-8 byte order mark.
pub const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// `bytes` as text, or the offset of the first byte that is not UTF-8.
/// simdutf8 checks (several times faster than std on this input); std
/// locates a fault.
pub fn utf8(bytes: &[u8]) -> Result<&str, usize> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes).map_err(|e| e.valid_up_to()),
    }
}

/// Checks the size limit and the byte order mark rule.
pub fn check_intake(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    check_size(bytes.len() as u64, limits)?;
    if bytes.starts_with(BOM) {
        return Err(ReadError::new(ErrorClass::Encoding, "no byte order mark")
            .at_line(1, Some(1))
            .found("UTF-8 byte order mark EF BB BF"));
    }
    Ok(())
}

/// The error for the invalid byte at `bad`: its line and column, and the key
/// of its line when the fault lies after that line's first `=`.
pub fn encoding_error(bytes: &[u8], bad: usize) -> ReadError {
    let good = &bytes[..bad];
    let line_start = memchr::memrchr(b'\n', good).map_or(0, |p| p + 1);
    let line = memchr::memchr_iter(b'\n', good).count() as u64 + 1;
    let column = (bad - line_start + 1) as u64;
    let shown = &bytes[bad..bytes.len().min(bad + 4)];
    let mut err = ReadError::new(ErrorClass::Encoding, "valid UTF-8")
        .at_line(line, Some(column))
        .found(format!("bytes {}", hex::encode(shown)));
    if let Some(eq) = memchr::memchr(b'=', &good[line_start..]) {
        // Everything before `bad` is valid UTF-8, so the key is too.
        if let Ok(key) = std::str::from_utf8(&good[line_start..line_start + eq]) {
            err = err.at(key);
        }
    }
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The intake the line iterator performs, on a whole input at once.
    fn decode<'a>(bytes: &'a [u8], limits: &Limits) -> Result<&'a str, ReadError> {
        check_intake(bytes, limits)?;
        utf8(bytes).map_err(|bad| encoding_error(bytes, bad))
    }

    #[test]
    fn rejects_bom_and_names_the_faulty_line_and_key() {
        let limits = Limits::default();
        let e = decode(b"\xEF\xBB\xBFa=1\n", &limits).unwrap_err();
        assert_eq!((e.class, e.line), (ErrorClass::Encoding, Some(1)));
        let e = decode(b"a=1\nbb=x\xFFy\n", &limits).unwrap_err();
        assert_eq!(e.class, ErrorClass::Encoding);
        assert_eq!((e.line, e.column), (Some(2), Some(5)));
        assert_eq!(e.path.as_deref(), Some("bb"));
        let e = decode(b"a=1\n\xFF=1\n", &limits).unwrap_err();
        assert_eq!((e.line, e.path), (Some(2), None));
        assert_eq!(decode(b"a=\xC3\xA9\n", &limits).unwrap(), "a=é\n");
    }

    proptest::proptest! {
        #[test]
        fn utf8_agrees_with_std(bytes in proptest::collection::vec(
            proptest::sample::select(vec![b'a', b'\n', 0x80, 0xBF, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xED, 0xA0, 0xF0, 0x9F, 0xFF]),
            0..80,
        )) {
            proptest::prop_assert_eq!(
                utf8(&bytes),
                std::str::from_utf8(&bytes).map_err(|e| e.valid_up_to())
            );
        }
    }

    #[test]
    fn enforces_the_size_limit() {
        let small = Limits {
            max_file_bytes: 3,
            ..Limits::default()
        };
        let e = decode(b"a=1\n", &small).unwrap_err();
        assert_eq!(e.class, ErrorClass::TooLarge);
    }
}

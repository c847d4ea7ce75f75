//! Typed KV values: unsigned integers (decimal digits only, D-ALL-3),
//! booleans (`true` / `false`), non-empty strings, enumerations, constants
//! and version markers. Each parser returns a [`ValueFault`] that the caller
//! places (line and key from the KV reader, key only from a model).

use super::lines::Line;
use crate::error::{ErrorClass, ReadError};
use crate::json::decode::{parse_unsigned, Width};

/// Why a value is refused, before it is placed in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueFault {
    pub class: ErrorClass,
    pub expected: String,
    pub found: String,
}

impl ValueFault {
    fn new(class: ErrorClass, expected: impl Into<String>, value: &str) -> Self {
        ValueFault {
            class,
            expected: expected.into(),
            found: shown(value),
        }
    }

    /// The error at `line` (its line, value column and key).
    pub fn at(self, line: &Line<'_>) -> ReadError {
        line.error(self.class, self.expected).found(self.found)
    }

    /// The error at `key`, without a position (for models).
    pub fn at_key(self, key: &str) -> ReadError {
        ReadError::new(self.class, self.expected)
            .at(key)
            .found(self.found)
    }
}

/// A value as shown in errors: quoted, cut at 40 characters.
fn shown(value: &str) -> String {
    if value.is_empty() {
        return "an empty value".to_string();
    }
    let mut s: String = value.chars().take(40).collect();
    if s.len() < value.len() {
        s.push('…');
    }
    format!("{s:?}")
}

/// An unsigned integer of `width` written in decimal digits.
#[inline]
pub fn unsigned(value: &str, width: Width) -> Result<u128, ValueFault> {
    // Fast path: up to 19 digits always fit in a u64 without overflow.
    let b = value.as_bytes();
    if !b.is_empty() && b.len() <= 19 {
        let mut n: u64 = 0;
        let mut digits = true;
        for &c in b {
            let d = c.wrapping_sub(b'0');
            digits &= d <= 9;
            n = n.wrapping_mul(10).wrapping_add(u64::from(d));
        }
        if digits && u128::from(n) <= width.max() {
            return Ok(u128::from(n));
        }
    }
    parse_unsigned(value, width).map_err(|class| match class {
        ErrorClass::WrongType => ValueFault::new(
            class,
            format!("an integer ({}) in decimal digits", width.name()),
            value,
        ),
        _ => ValueFault::new(class, format!("an integer in 0..={}", width.max()), value),
    })
}

/// Whether `value` is 1 to 19 decimal digits, which [`unsigned`] always
/// accepts as a u64 (19 nines are below 2^64): the check without the value.
#[inline(always)]
pub fn is_short_decimal(value: &str) -> bool {
    let b = value.as_bytes();
    !b.is_empty() && b.len() <= 19 && b.iter().all(|c| c.wrapping_sub(b'0') <= 9)
}

/// `true` or `false`, exactly.
pub fn boolean(value: &str) -> Result<bool, ValueFault> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ValueFault::new(
            ErrorClass::WrongType,
            "a boolean (`true` or `false`)",
            value,
        )),
    }
}

/// A string that is not empty.
pub fn non_empty(value: &str) -> Result<&str, ValueFault> {
    if value.is_empty() {
        Err(ValueFault::new(
            ErrorClass::InvalidValue,
            "a non-empty string",
            value,
        ))
    } else {
        Ok(value)
    }
}

/// One of `allowed`, exactly: its index in `allowed`.
pub fn one_of(value: &str, allowed: &[&str]) -> Result<usize, ValueFault> {
    match allowed.iter().position(|a| *a == value) {
        Some(i) => Ok(i),
        None => Err(ValueFault::new(
            ErrorClass::InvalidValue,
            format!("one of {}", allowed.join(", ")),
            value,
        )),
    }
}

/// Exactly `expected`.
pub fn constant<'v>(value: &'v str, expected: &str) -> Result<&'v str, ValueFault> {
    if value == expected {
        Ok(value)
    } else {
        Err(ValueFault::new(
            ErrorClass::InvalidValue,
            format!("`{expected}`"),
            value,
        ))
    }
}

/// A version marker: an integer of `width` that must equal `supported`
/// (any other integer is `unsupported_version`).
pub fn version(value: &str, width: Width, supported: u128) -> Result<u128, ValueFault> {
    let v = unsigned(value, width)?;
    if v != supported {
        return Err(ValueFault::new(
            ErrorClass::UnsupportedVersion,
            format!("version {supported}"),
            value,
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsigned_matches_the_shared_integer_rule() {
        let cases = [
            "0",
            "7",
            "007",
            "65535",
            "65536",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999999",
            "-1",
            "-",
            "+1",
            "1.0",
            "1e3",
            " 1",
            "1 ",
            "",
            "٣",
            "null",
        ];
        for width in [Width::U16, Width::U32, Width::U64] {
            for c in cases {
                assert_eq!(
                    unsigned(c, width).map_err(|f| f.class),
                    parse_unsigned(c, width),
                    "{c} as {width:?}"
                );
            }
        }
    }

    #[test]
    fn short_decimals_are_u64s() {
        for c in ["0", "007", "9999999999999999999", "1234567890123456789"] {
            assert!(is_short_decimal(c), "{c}");
            assert!(unsigned(c, Width::U64).is_ok(), "{c}");
        }
        for c in [
            "",
            "-1",
            "1.0",
            " 1",
            "٣",
            "18446744073709551615",
            "00000000000000000000",
        ] {
            assert!(!is_short_decimal(c), "{c}");
        }
    }

    proptest::proptest! {
        #[test]
        fn a_short_decimal_is_an_unsigned(v in "[0-9/:a ]{0,21}") {
            if is_short_decimal(&v) {
                proptest::prop_assert!(unsigned(&v, Width::U64).is_ok());
            }
        }
    }

    #[test]
    fn other_kinds() {
        assert_eq!(boolean("true"), Ok(true));
        assert_eq!(boolean("True").unwrap_err().class, ErrorClass::WrongType);
        assert_eq!(non_empty("").unwrap_err().class, ErrorClass::InvalidValue);
        assert_eq!(one_of("b", &["a", "b"]), Ok(1));
        assert_eq!(
            one_of("c", &["a"]).unwrap_err().class,
            ErrorClass::InvalidValue
        );
        assert_eq!(
            version("2", Width::U32, 1).unwrap_err().class,
            ErrorClass::UnsupportedVersion
        );
        assert_eq!(
            version("x", Width::U32, 1).unwrap_err().class,
            ErrorClass::WrongType
        );
    }
}

//! RFC 8785 JSON Canonicalization Scheme (JCS): the byte form of every
//! runpack artifact and manifest.
//!
//! Serialization is delegated to the `serde_json_canonicalizer` crate, which
//! sorts object members by their UTF-16 code units and formats numbers as
//! ECMAScript's `Number.prototype.toString` does (checked against RFC 8785's
//! own examples in the tests below, with serde_json's `arbitrary_precision`
//! on, as in this workspace).
//!
//! JCS numbers are IEEE-754 doubles, so an integer literal beyond I-JSON's
//! exact range (|n| > 2^53 - 1, RFC 7493 §2.2) may not survive: it is refused
//! as `out_of_range` instead of being silently rounded, unless it is exactly
//! how JCS spells its nearest double (`100000000000000000000`), so that the
//! bytes show no rounding and JCS output always canonicalizes again
//! (corpus/DECISIONS.md D-RP-3). A number whose magnitude overflows a double
//! (`1e400`) is refused too.

use crate::error::{ErrorClass, ReadError};
use serde_json::Value;

/// The largest integer magnitude JCS writes exactly: 2^53 - 1.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// The JCS bytes of `value`, or `out_of_range` (with the field path) for a
/// number JCS cannot represent exactly.
pub fn canonical_bytes(value: &Value) -> Result<Vec<u8>, ReadError> {
    check_numbers(value, &mut String::from("$"))?;
    serde_json_canonicalizer::to_vec(value).map_err(|e| {
        ReadError::new(ErrorClass::OutOfRange, "a finite IEEE-754 double").found(e.to_string())
    })
}

/// Whether an integer literal beyond ±(2^53 - 1) is exactly how JCS spells
/// the double nearest to it (`100000000000000000000` for 1e20): then nothing
/// is rounded away that the bytes would show, and JCS output always
/// canonicalizes again. `9007199254740993` is not (JCS writes the double as
/// `9007199254740992`), so it is refused.
fn is_own_jcs_spelling(literal: &str) -> bool {
    let Ok(f) = literal.parse::<f64>() else {
        return false;
    };
    let Some(n) = serde_json::Number::from_f64(f) else {
        return false;
    };
    serde_json_canonicalizer::to_string(&n).is_ok_and(|s| s == literal)
}

/// Whether an integer literal lies within ±(2^53 - 1).
pub fn is_safe_integer_literal(literal: &str) -> bool {
    let digits = literal.strip_prefix('-').unwrap_or(literal);
    digits.parse::<u64>().is_ok_and(|n| n <= MAX_SAFE_INTEGER)
}

fn check_numbers(value: &Value, path: &mut String) -> Result<(), ReadError> {
    match value {
        Value::Number(n) => {
            let literal = n.to_string();
            let integer = !literal.contains(['.', 'e', 'E']);
            if integer && !is_safe_integer_literal(&literal) && !is_own_jcs_spelling(&literal) {
                return Err(ReadError::new(
                    ErrorClass::OutOfRange,
                    format!("an integer within ±{MAX_SAFE_INTEGER} (exact in JCS)"),
                )
                .at(path.clone())
                .found(literal));
            }
            if !integer && !literal.parse::<f64>().is_ok_and(f64::is_finite) {
                return Err(
                    ReadError::new(ErrorClass::OutOfRange, "a finite IEEE-754 double")
                        .at(path.clone())
                        .found(literal),
                );
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                check_numbers(item, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        Value::Object(map) => {
            for (key, item) in map {
                let len = path.len();
                path.push('.');
                path.push_str(key);
                check_numbers(item, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn big_integers_only_where_jcs_spells_them_so() {
        let v = |t: &str| crate::json::parse_document(t.as_bytes(), &Default::default()).unwrap();
        // 1e20 is written 100000000000000000000, which is its own spelling.
        let once = canonical_bytes(&v("1e20")).unwrap();
        assert_eq!(once, b"100000000000000000000");
        assert_eq!(canonical_bytes(&v("100000000000000000000")).unwrap(), once);
        // 2^53 + 1 would be written 9007199254740992: refused, not rounded.
        let e = canonical_bytes(&v("9007199254740993")).unwrap_err();
        assert_eq!(e.class, ErrorClass::OutOfRange);
        assert!(canonical_bytes(&v("1152921504606846976")).is_err());
        assert!(canonical_bytes(&v("9007199254740991")).is_ok());
    }

    use super::*;

    fn jcs(text: &str) -> Result<String, ErrorClass> {
        let v: Value = serde_json::from_str(text).expect("test input parses");
        canonical_bytes(&v)
            .map(|b| String::from_utf8(b).expect("JCS is UTF-8"))
            .map_err(|e| e.class)
    }

    /// RFC 8785 §3.2.2: the combined example.
    #[test]
    fn rfc8785_section_3_2_2_example() {
        let input = r#"{
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }"#;
        let want = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"\u{20ac}$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        assert_eq!(jcs(input).unwrap(), want);
    }

    /// RFC 8785 §3.2.3: members sorted by UTF-16 code units, so the emoji
    /// (surrogates D83D DE00) sorts before U+FB33 although its code point is larger.
    #[test]
    fn rfc8785_section_3_2_3_sorting() {
        let input = r#"{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}"#;
        let want = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"\u{f6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20ac}\":\"Euro Sign\",\"\u{1f600}\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}";
        assert_eq!(jcs(input).unwrap(), want);
        // A non-BMP key sorts before U+FFFF by UTF-16 (D800 < FFFF).
        assert_eq!(
            jcs(r#"{"\uffff":1,"\ud800\udc00":2}"#).unwrap(),
            "{\"\u{10000}\":2,\"\u{ffff}\":1}"
        );
    }

    /// RFC 8785 Appendix B number samples, and the ECMAScript forms around them.
    #[test]
    fn rfc8785_number_formatting() {
        let cases = [
            ("0", "0"),
            ("-0", "0"),
            ("-0.0", "0"),
            ("4.50", "4.5"),
            ("2e-3", "0.002"),
            ("1e21", "1e+21"),
            ("1e20", "100000000000000000000"),
            ("1e-7", "1e-7"),
            ("0.000001", "0.000001"),
            ("5e-324", "5e-324"),
            ("-5e-324", "-5e-324"),
            ("1.7976931348623157e308", "1.7976931348623157e+308"),
            ("-1.7976931348623157e308", "-1.7976931348623157e+308"),
            ("9007199254740991", "9007199254740991"),
            ("9.007199254740992e15", "9007199254740992"),
            ("-9.007199254740992e15", "-9007199254740992"),
            ("-9007199254740991", "-9007199254740991"),
            ("295147905179352830000.0", "295147905179352830000"),
            ("9.999999999999997e22", "9.999999999999997e+22"),
            ("1e23", "1e+23"),
            ("1.0000000000000003e23", "1.0000000000000003e+23"),
            ("999999999999999700000.0", "999999999999999700000"),
            ("999999999999999900000.0", "999999999999999900000"),
            ("9.999999999999997e-7", "9.999999999999997e-7"),
            ("333333333.3333332", "333333333.3333332"),
            ("333333333.33333325", "333333333.33333325"),
            ("333333333.3333334", "333333333.3333334"),
            ("333333333.33333343", "333333333.33333343"),
            ("-0.0000033333333333333333", "-0.0000033333333333333333"),
            ("1424953923781206.2", "1424953923781206.2"),
        ];
        for (input, want) in cases {
            assert_eq!(
                jcs(&format!("[{input}]")).unwrap(),
                format!("[{want}]"),
                "{input}"
            );
        }
    }

    #[test]
    fn integers_beyond_two_to_the_53_are_refused_not_rounded() {
        assert_eq!(jcs("[9007199254740993]"), Err(ErrorClass::OutOfRange));
        assert_eq!(jcs("[-9007199254740993]"), Err(ErrorClass::OutOfRange));
        // 2^53 itself is the double's own spelling: nothing is rounded.
        assert_eq!(jcs("[9007199254740992]").unwrap(), "[9007199254740992]");
        assert_eq!(
            jcs(r#"{"a":[1,{"b":340282366920938463463374607431768211455}]}"#),
            Err(ErrorClass::OutOfRange)
        );
        let v: Value = serde_json::from_str(r#"{"a":[1,{"b":9007199254740993}]}"#).unwrap();
        assert_eq!(
            canonical_bytes(&v).unwrap_err().path.as_deref(),
            Some("$.a[1].b")
        );
        assert_eq!(jcs("[1e400]"), Err(ErrorClass::OutOfRange));
        assert_eq!(jcs("[-1e400]"), Err(ErrorClass::OutOfRange));
    }

    #[test]
    fn strings_escape_only_what_jcs_requires() {
        assert_eq!(
            jcs(r#"["\u007f\u001f\u2028\ud83d\ude00<>&"]"#).unwrap(),
            "[\"\u{7f}\\u001f\u{2028}\u{1f600}<>&\"]"
        );
    }
}

//! Bytes to `serde_json::Value`, strictly: size limit, no byte order mark,
//! valid UTF-8, RFC 8259 grammar, no duplicate keys, bounded nesting.
//!
//! Numbers keep their exact literal (`serde_json`'s `arbitrary_precision`),
//! so a u128 never passes through a float. That mode passes numbers through
//! serde as one-entry maps keyed by a reserved token; an object key that spells
//! a reserved token (escaped or not) is refused so it can never be misread as
//! a number (corpus/DECISIONS.md D-ALL-8).
//!
//! Memory: the one streaming pre-pass that checks the structure also charges
//! every value to a memory budget ([`Limits::max_json_memory`], see
//! [`super::budget`]) and stops with `too_large` as soon as the document's
//! in-memory form would exceed it, before any `Value` is built; so a reader's
//! peak memory is the input plus at most the budget, whatever the shape.
//! Callers may also cap the length of arrays at given paths
//! ([`ArrayCap`]), checked while the array is read.

use super::budget::{Budget, Cost};
use crate::error::{ErrorClass, ReadError};
use crate::limits::Limits;
use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::RefCell;
use std::fmt;

/// The key `serde_json` uses internally to pass an arbitrary-precision number
/// through `deserialize_any` as a one-entry map.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// The key `serde_json` uses the same way for its `raw_value` feature (not
/// enabled today; reserved too so enabling it can never open a misreading).
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// Parses one JSON document under `limits`.
pub fn parse_document(bytes: &[u8], limits: &Limits) -> Result<Value, ReadError> {
    parse_capped(bytes, limits, &[]).map(|(value, _)| value)
}

/// A bound on the length of the array at one path (rendered as in errors:
/// `integrity.file_hashes`), checked while the array is read: `too_large`
/// at its first element past `max`.
#[derive(Debug, Clone, Copy)]
pub struct ArrayCap<'a> {
    pub path: &'a str,
    pub max: usize,
    /// What one element is, for the message (`listed files`).
    pub what: &'a str,
}

/// [`parse_document`] with array caps; also returns the estimated memory of
/// the document (what it charged to the budget), so a reader holding
/// several documents can charge them all to one budget.
pub fn parse_capped(
    bytes: &[u8],
    limits: &Limits,
    caps: &[ArrayCap<'_>],
) -> Result<(Value, u64), ReadError> {
    check_size(bytes.len() as u64, limits)?;
    let text = check_text(bytes)?;
    let cost = check_structure(text, limits, caps)?;
    let value = serde_json::from_str(text).map_err(|e| classify_serde(&e))?;
    Ok((value, cost))
}

/// `too_large` when `len` exceeds the file limit.
pub fn check_size(len: u64, limits: &Limits) -> Result<(), ReadError> {
    if len > limits.max_file_bytes {
        return Err(ReadError::new(
            ErrorClass::TooLarge,
            format!("at most {} bytes", limits.max_file_bytes),
        )
        .found(format!("{len} bytes")));
    }
    Ok(())
}

/// Rejects a UTF-8 byte order mark and invalid UTF-8, with the line of the fault.
pub fn check_text(bytes: &[u8]) -> Result<&str, ReadError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err(ReadError::new(ErrorClass::Encoding, "no byte order mark")
            .at_line(1, Some(1))
            .found("UTF-8 byte order mark EF BB BF"));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = memchr::memchr_iter(b'\n', good).count() as u64 + 1;
        let col = good.len() - memchr::memrchr(b'\n', good).map_or(0, |p| p + 1) + 1;
        let bad = &bytes[e.valid_up_to()..bytes.len().min(e.valid_up_to() + 4)];
        ReadError::new(ErrorClass::Encoding, "valid UTF-8")
            .at_line(line, Some(col as u64))
            .found(format!("bytes {}", hex::encode(bad)))
    })
}

/// One pass that rejects duplicate keys, reserved keys, nesting beyond the
/// limit, arrays over their caps and documents over the memory budget;
/// returns the memory charged.
fn check_structure(text: &str, limits: &Limits, caps: &[ArrayCap<'_>]) -> Result<u64, ReadError> {
    let state = ScanState {
        text_span: text.as_bytes().as_ptr_range(),
        max_depth: limits.max_depth.min(Limits::HARD_MAX_DEPTH),
        path: RefCell::new(Vec::new()),
        fault: RefCell::new(None),
        budget: Budget::new(limits.max_json_memory),
        caps,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let result = Scan {
        state: &state,
        depth: 0,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    match result {
        Ok(()) => Ok(state.budget.spent()),
        Err(e) => {
            let fault = state.fault.borrow_mut().take();
            match fault {
                Some(f) => Err(f.at_line(e.line() as u64, Some(e.column() as u64))),
                None => Err(classify_serde(&e)),
            }
        }
    }
}

/// Maps a `serde_json` error to the taxonomy, keeping its position.
pub fn classify_serde(e: &serde_json::Error) -> ReadError {
    let msg = e.to_string();
    let class = if msg.contains("recursion limit exceeded") {
        ErrorClass::TooDeep
    } else if msg.contains("lone leading surrogate in hex escape")
        || msg.contains("unexpected end of hex escape")
    {
        // A `\u` escape of an unpaired UTF-16 surrogate: grammatical JSON
        // (RFC 8259 §7) whose string is not Unicode text, so it has no UTF-8
        // form (RFC 8259 §8.2; corpus/DECISIONS.md D-RV-2).
        ErrorClass::Encoding
    } else {
        ErrorClass::Syntax
    };
    let expected = match class {
        ErrorClass::TooDeep => "nesting within the limit".to_string(),
        ErrorClass::Encoding => "a surrogate escape that is one of a pair".to_string(),
        _ => "well-formed JSON (RFC 8259)".to_string(),
    };
    // serde_json appends " at line L column C"; keep only the description,
    // said the way a reader of the message needs it.
    let head = msg
        .rsplit_once(" at line ")
        .map_or(msg.as_str(), |(head, _)| head);
    let found = match (class, head) {
        (ErrorClass::Encoding, _) => "an unpaired UTF-16 surrogate escape (`\\uD800`-`\\uDFFF`)",
        (_, "expected value") => "a character that cannot start a JSON value",
        (_, other) => other,
    }
    .to_string();
    let mut err = ReadError::new(class, expected).found(found);
    if e.line() > 0 {
        err = err.at_line(e.line() as u64, Some(e.column() as u64));
    }
    err
}

#[derive(Clone)]
enum Segment {
    Key(String),
    Index(usize),
}

/// Renders a path as `a.b[2].c`; the document root is `$`.
fn render_path(segments: &[Segment]) -> String {
    let mut out = String::new();
    for seg in segments {
        match seg {
            Segment::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if out.is_empty() {
        out.push('$');
    }
    out
}

struct ScanState<'s> {
    /// Where the document's bytes live: a key borrowed from inside this span
    /// was written in the document; `serde_json`'s own number token is not.
    text_span: std::ops::Range<*const u8>,
    max_depth: usize,
    path: RefCell<Vec<Segment>>,
    fault: RefCell<Option<ReadError>>,
    budget: Budget,
    caps: &'s [ArrayCap<'s>],
}

#[derive(Clone, Copy)]
struct Scan<'s> {
    state: &'s ScanState<'s>,
    depth: usize,
}

impl ScanState<'_> {
    /// Charges `cost` to the budget; records `too_large` when it runs out.
    fn charge<E: serde::de::Error>(&self, cost: Cost) -> Result<(), E> {
        if self.budget.charge(cost) {
            return Ok(());
        }
        let path = render_path(&self.path.borrow());
        *self.fault.borrow_mut() = Some(self.budget.exceeded().at(path));
        Err(E::custom("memory budget exceeded"))
    }

    /// The cap on the array at the current path, if any.
    fn cap_here(&self) -> Option<ArrayCap<'_>> {
        if self.caps.is_empty() {
            return None;
        }
        let here = render_path(&self.path.borrow());
        self.caps.iter().find(|c| c.path == here).copied()
    }
}

impl Scan<'_> {
    fn enter<E: serde::de::Error>(self) -> Result<Self, E> {
        let depth = self.depth + 1;
        if depth > self.state.max_depth {
            let path = render_path(&self.state.path.borrow());
            *self.state.fault.borrow_mut() = Some(
                ReadError::new(
                    ErrorClass::TooDeep,
                    format!("nesting of at most {} levels", self.state.max_depth),
                )
                .at(path),
            );
            return Err(E::custom("nesting limit exceeded"));
        }
        Ok(Scan {
            state: self.state,
            depth,
        })
    }
}

impl<'de> DeserializeSeed<'de> for Scan<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scan<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.state.charge(Cost::Scalar)
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.state.charge(Cost::Number(i64::MIN.to_string().len()))
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.state.charge(Cost::Number(u64::MAX.to_string().len()))
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.state.charge(Cost::Number(32))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.state.charge(Cost::String(v.len()))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.state.charge(Cost::Scalar)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inner = self.enter()?;
        self.state.charge(Cost::Array)?;
        let cap = self.state.cap_here();
        let mut index = 0;
        loop {
            if let Some(cap) = cap.filter(|c| index >= c.max) {
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    return Ok(());
                }
                let path = render_path(&self.state.path.borrow());
                *self.state.fault.borrow_mut() = Some(
                    ReadError::new(
                        ErrorClass::TooLarge,
                        format!("at most {} {}", cap.max, cap.what),
                    )
                    .at(path)
                    .found(format!("more than {} {}", cap.max, cap.what)),
                );
                return Err(A::Error::custom("array over its cap"));
            }
            self.state.charge(Cost::ArrayElement)?;
            self.state.path.borrow_mut().push(Segment::Index(index));
            let more = seq.next_element_seed(inner)?;
            self.state.path.borrow_mut().pop();
            if more.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let keys = KeySeed {
            span: &self.state.text_span,
        };
        let mut key = match map.next_key_seed(keys)? {
            None => {
                self.enter::<A::Error>()?;
                return self.state.charge(Cost::Scalar);
            }
            Some(Key::Number) => {
                // An arbitrary-precision number, not an object: its literal
                // is kept as a string.
                let len = map.next_value_seed(LiteralLen)?;
                return self.state.charge(Cost::Number(len));
            }
            Some(Key::Text(first)) => first,
        };
        let inner = self.enter()?;
        self.state.charge(Cost::Object)?;
        let mut seen = std::collections::HashSet::new();
        loop {
            self.state.charge(Cost::Member(key.len()))?;
            if key == NUMBER_TOKEN || key == RAW_VALUE_TOKEN {
                let path = render_path(&self.state.path.borrow());
                *self.state.fault.borrow_mut() = Some(
                    ReadError::new(
                        ErrorClass::InvalidValue,
                        "no object key reserved by the reference JSON parser (D-ALL-8)",
                    )
                    .at(path)
                    .found(format!("key `{key}`")),
                );
                return Err(A::Error::custom("reserved key"));
            }
            if !seen.insert(key.clone()) {
                let path = render_path(&self.state.path.borrow());
                *self.state.fault.borrow_mut() = Some(
                    ReadError::new(ErrorClass::DuplicateKey, "each key at most once per object")
                        .at(path)
                        .found(format!("key `{key}` twice")),
                );
                return Err(A::Error::custom("duplicate key"));
            }
            self.state.path.borrow_mut().push(Segment::Key(key));
            let r = map.next_value_seed(inner);
            self.state.path.borrow_mut().pop();
            r?;
            key = match map.next_key_seed(keys)? {
                Some(Key::Text(k)) => k,
                // Only ever the first key of a number's map; anywhere else it
                // is reported as the reserved key it spells.
                Some(Key::Number) => NUMBER_TOKEN.to_string(),
                None => return Ok(()),
            };
        }
    }
}

/// The length of a number's literal, which `serde_json` hands over as a string.
struct LiteralLen;

impl<'de> DeserializeSeed<'de> for LiteralLen {
    type Value = usize;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for LiteralLen {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number literal")
    }
    fn visit_str<E>(self, v: &str) -> Result<usize, E> {
        Ok(v.len())
    }
}

/// A map key as the scanner receives it.
enum Key {
    /// `serde_json`'s own arbitrary-precision number token: the map is a number.
    Number,
    /// A key written in the document, escapes decoded.
    Text(String),
}

/// Reads one key, telling `serde_json`'s number token apart from a document
/// key that spells it: the parser hands its token over as a borrowed static
/// string, never from inside the document text, while a document key is
/// either borrowed from the text (no escapes) or decoded into a buffer
/// (escapes).
#[derive(Clone, Copy)]
struct KeySeed<'s> {
    span: &'s std::ops::Range<*const u8>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key, E> {
        if v == NUMBER_TOKEN && !self.span.contains(&v.as_ptr()) {
            Ok(Key::Number)
        } else {
            Ok(Key::Text(v.to_owned()))
        }
    }
    fn visit_str<E>(self, v: &str) -> Result<Key, E> {
        Ok(Key::Text(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Key, E> {
        Ok(Key::Text(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(bytes: &[u8]) -> ErrorClass {
        parse_document(bytes, &Limits::default()).unwrap_err().class
    }

    #[test]
    fn keeps_u128_exact() {
        let v = parse_document(
            b"{\"n\":340282366920938463463374607431768211455}",
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(
            v["n"].to_string(),
            "340282366920938463463374607431768211455"
        );
    }

    #[test]
    fn classifies_faults() {
        assert_eq!(class(b"\xEF\xBB\xBF{}"), ErrorClass::Encoding);
        assert_eq!(class(b"{\"a\":\"\xFF\"}"), ErrorClass::Encoding);
        assert_eq!(class(b"{\"a\":1,}"), ErrorClass::Syntax);
        assert_eq!(class(b"{} x"), ErrorClass::Syntax);
        assert_eq!(
            class(b"{\"a\":{\"b\":1,\"b\":2}}"),
            ErrorClass::DuplicateKey
        );
        assert_eq!(class(&[b'['; 65]), ErrorClass::TooDeep);
        assert_eq!(class(&[b'['; 5000]), ErrorClass::TooDeep);
        let small = Limits {
            max_file_bytes: 3,
            ..Limits::default()
        };
        assert_eq!(
            parse_document(b"[1,2]", &small).unwrap_err().class,
            ErrorClass::TooLarge
        );
    }

    #[test]
    fn duplicate_key_names_its_path() {
        let e = parse_document(b"{\"a\":[{\"k\":1,\"k\":2}]}", &Limits::default()).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("a[0]"));
        assert_eq!(e.line, Some(1));
    }

    /// Builds the document at run time, so no test literal shares storage
    /// with `serde_json`'s own token.
    fn owned(text: &str) -> Vec<u8> {
        text.as_bytes().to_vec()
    }

    #[test]
    fn reserved_keys_are_refused_however_spelled() {
        // Escaped as the first key of an object: serde_json's Value reader
        // would otherwise turn the object into the number 5.
        let escaped = owned(r#"{"n":{"$serde_json::private::Numbe\u0072":"5"}}"#);
        let e = parse_document(&escaped, &Limits::default()).unwrap_err();
        assert_eq!(e.class, ErrorClass::InvalidValue);
        assert_eq!(e.path.as_deref(), Some("n"));
        for text in [
            r#"{"$serde_json::private::Number":"5"}"#,
            r#"{"a":1,"$serde_json::private::Number":"5"}"#,
            r#"[{"$serde_json::private::RawValue":"[1]"}]"#,
        ] {
            assert_eq!(class(&owned(text)), ErrorClass::InvalidValue, "{text}");
        }
    }

    #[test]
    fn reserved_text_in_a_string_is_plain_text() {
        let v = parse_document(
            &owned(r#"{"s":"$serde_json::private::Number","n":-0.50}"#),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(v["s"], "$serde_json::private::Number");
        assert_eq!(v["n"].to_string(), "-0.50");
    }

    #[test]
    fn unpaired_surrogate_escapes_are_encoding_faults() {
        let ok = parse_document(br#"{"s":"\ud83d\ude00"}"#, &Limits::default()).unwrap();
        assert_eq!(ok["s"], "\u{1f600}");
        for text in [
            r#"{"s":"\ud800"}"#,
            r#"{"s":"\udc00"}"#,
            r#"{"s":"\ud800\ud800"}"#,
            r#"{"s":"\ud800\n"}"#,
            r#"{"\ud800":1}"#,
        ] {
            assert_eq!(class(text.as_bytes()), ErrorClass::Encoding, "{text}");
        }
        // Cut off inside the pair: the text ends, which is a syntax fault.
        assert_eq!(class(br#"{"s":"\ud800"#), ErrorClass::Syntax);
        assert_eq!(class(br#"{"s":"\ud800\u"#), ErrorClass::Syntax);
    }

    #[test]
    fn depth_at_limit_is_accepted() {
        let mut doc = "[".repeat(64);
        doc.push_str(&"]".repeat(64));
        assert!(parse_document(doc.as_bytes(), &Limits::default()).is_ok());
    }

    /// Many small objects, the costliest shape per input byte: refused by
    /// the budget at the element that crosses it, with its position.
    #[test]
    fn memory_budget_stops_the_scan() {
        let doc = format!("[{}{{\"a\":0}}]", "{\"a\":0},".repeat(10_000));
        let limits = Limits {
            max_json_memory: 1024 * 1024,
            ..Limits::default()
        };
        let e = parse_document(doc.as_bytes(), &limits).unwrap_err();
        assert_eq!(e.class, ErrorClass::TooLarge);
        assert!(e.expected.contains("memory budget of 1048576 bytes"), "{e}");
        let at = e.path.as_deref().unwrap();
        let index: usize = at[1..at.find(']').unwrap()].parse().unwrap();
        // Each `{"a":0}` is charged about 1 KiB: refused near element 1000.
        assert!((900..1100).contains(&index), "{e}");
        assert_eq!(e.line, Some(1));
        let (_, cost) = parse_capped(doc.as_bytes(), &Limits::default(), &[]).unwrap();
        assert!(cost > 10_000 * 900, "{cost}");
    }

    #[test]
    fn each_shape_is_charged() {
        let limits = |bytes| Limits {
            max_json_memory: bytes,
            ..Limits::default()
        };
        for doc in [
            format!("[{}0]", "0,".repeat(1000)),
            format!("[{}\"\"]", "\"x\",".repeat(1000)),
            format!("{{\"{}\":1}}", "k".repeat(100_000)),
            format!("[{}[]]", "[[[]]],".repeat(1000)),
        ] {
            let (_, cost) = parse_capped(doc.as_bytes(), &Limits::default(), &[]).unwrap();
            assert!(
                cost >= 30 * doc.len() as u64 / 2 || doc.len() > 90_000,
                "{cost} {doc:.20}"
            );
            assert!(parse_document(doc.as_bytes(), &limits(cost)).is_ok());
            let e = parse_document(doc.as_bytes(), &limits(cost - 1)).unwrap_err();
            assert_eq!(e.class, ErrorClass::TooLarge, "{doc:.20}");
        }
    }

    #[test]
    fn array_caps_are_checked_while_reading() {
        let doc = br#"{"integrity":{"file_hashes":[1,2,3]},"other":[1,2,3]}"#;
        let cap = |max| ArrayCap {
            path: "integrity.file_hashes",
            max,
            what: "listed files",
        };
        assert!(parse_capped(doc, &Limits::default(), &[cap(3)]).is_ok());
        let e = parse_capped(doc, &Limits::default(), &[cap(2)]).unwrap_err();
        assert_eq!(e.class, ErrorClass::TooLarge);
        assert_eq!(e.path.as_deref(), Some("integrity.file_hashes"));
        assert_eq!(e.expected, "at most 2 listed files");
        assert_eq!(e.found.as_deref(), Some("more than 2 listed files"));
    }

    /// The messages say what was wrong in the reader's terms.
    #[test]
    fn messages_name_the_fault() {
        let found = |text: &[u8]| parse_document(text, &Limits::default()).unwrap_err().found;
        assert_eq!(
            found(b"<xml/>").as_deref(),
            Some("a character that cannot start a JSON value")
        );
        assert_eq!(
            found(br#"{"s":"\ud800"}"#).as_deref(),
            Some("an unpaired UTF-16 surrogate escape (`\\uD800`-`\\uDFFF`)")
        );
    }
}

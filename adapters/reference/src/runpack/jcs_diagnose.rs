//! Why bytes are not the RFC 8785 (JCS) form of their value: the first object
//! whose members are out of order (§3.2.3: sorted by the UTF-16 code units of
//! their names), found by reading the members in document order, or else the
//! first byte that differs from the canonical form. Decision Gate writes its
//! artifacts with serde_jcs 0.1, which orders names by their escaped UTF-8
//! bytes and the closing quote (`{"a b":2,"a":1}`), so naming the rule and
//! the key tells its users that the file is that producer's known deviation.

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::cmp::Ordering;
use std::fmt;

/// The JSON structure with object members in document order.
enum Tree {
    Object(Vec<(String, Tree)>),
    Array(Vec<Tree>),
    Leaf,
}

/// serde_json's arbitrary-precision mode hands a number to a foreign visitor
/// as a one-member map under this key.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tree, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Tree, E> {
        Ok(Tree::Leaf)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Tree, E> {
        Ok(Tree::Leaf)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Tree, E> {
        Ok(Tree::Leaf)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Tree, E> {
        Ok(Tree::Leaf)
    }
    fn visit_str<E>(self, _: &str) -> Result<Tree, E> {
        Ok(Tree::Leaf)
    }
    fn visit_unit<E>(self) -> Result<Tree, E> {
        Ok(Tree::Leaf)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Tree::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if members.is_empty() && key == NUMBER_TOKEN {
                map.next_value::<IgnoredAny>()?;
                return Ok(Tree::Leaf);
            }
            members.push((key, map.next_value()?));
        }
        Ok(Tree::Object(members))
    }
}

/// RFC 8785 §3.2.3's order: by UTF-16 code units.
fn utf16_order(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The first member, in document order, that sorts before its predecessor:
/// `(path of the object, the member, its predecessor)`.
fn first_out_of_order(tree: &Tree, path: &str) -> Option<(String, String, String)> {
    match tree {
        Tree::Leaf => None,
        Tree::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, t)| first_out_of_order(t, &format!("{path}[{i}]"))),
        Tree::Object(members) => {
            let here = members.windows(2).find_map(|w| {
                (utf16_order(&w[1].0, &w[0].0) == Ordering::Less)
                    .then(|| (path.to_string(), w[1].0.clone(), w[0].0.clone()))
            });
            here.or_else(|| {
                members
                    .iter()
                    .find_map(|(k, t)| first_out_of_order(t, &format!("{path}.{}", json_string(k))))
            })
        }
    }
}

/// A name as a JSON string with every UTF-16 code unit outside printable
/// ASCII escaped, so the units the order compares are visible.
fn json_string(s: &str) -> String {
    let mut out = String::from('"');
    for unit in s.encode_utf16() {
        match char::from_u32(u32::from(unit)) {
            Some(c) if c.is_ascii_graphic() || c == ' ' => {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            _ => out.push_str(&format!("\\u{unit:04x}")),
        }
    }
    out.push('"');
    out
}

/// What `bytes` (a JSON text that parsed) breaks of RFC 8785, given its
/// canonical form `canonical`.
pub fn deviation(bytes: &[u8], canonical: &[u8]) -> String {
    let tree = serde_json::from_slice::<Tree>(bytes).ok();
    if let Some((path, key, before)) = tree.and_then(|t| first_out_of_order(&t, "$")) {
        return format!(
            "members out of order at {path}: {} written after {}, but RFC 8785 §3.2.3 sorts member names by their UTF-16 code units (from Decision Gate, this is the known deviation of its JCS writer, serde_jcs 0.1, which sorts by escaped UTF-8 bytes)",
            json_string(&key),
            json_string(&before)
        );
    }
    let at = bytes
        .iter()
        .zip(canonical)
        .position(|(a, b)| a != b)
        .unwrap_or(bytes.len().min(canonical.len()));
    let hint = match (bytes.len() == canonical.len() + 1, bytes.last()) {
        (true, Some(b'\n')) if bytes.starts_with(canonical) => {
            " (a trailing newline: JCS ends with the value's last byte)"
        }
        _ => " (whitespace, a number or a string escape not in JCS form, RFC 8785 §3.2)",
    };
    format!(
        "{} bytes that differ from the JCS form ({} bytes) first at byte {at}{hint}",
        bytes.len(),
        canonical.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(text: &str) -> String {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        deviation(
            text.as_bytes(),
            &serde_json_canonicalizer::to_vec(&value).unwrap(),
        )
    }

    #[test]
    fn names_the_key_serde_jcs_puts_first() {
        assert!(said(r#"{"a b":2,"a":1}"#).contains(r#"at $: "a" written after "a b""#));
        assert!(said("{\"\u{e000}\":1,\"\u{1F600}\":2}")
            .contains(r#""\ud83d\ude00" written after "\ue000""#));
        assert!(said(r#"{"Z":2,"\u0001":1}"#).contains(r#""\u0001" written after "Z""#));
        assert!(said(r#"{"a b":2,"a":1}"#).contains("§3.2.3"));
    }

    #[test]
    fn finds_nested_objects_and_leaves_numbers_alone() {
        let s = said(r#"[1.5,{"k":{"b":1,"a":2}}]"#);
        assert!(s.contains(r#"at $[1]."k": "a" written after "b""#), "{s}");
    }

    #[test]
    fn other_deviations_give_the_first_differing_byte() {
        assert!(said("{\"a\":1}\n").contains("trailing newline"));
        assert!(said(r#"{"a": 1}"#).contains("first at byte 5"));
    }
}

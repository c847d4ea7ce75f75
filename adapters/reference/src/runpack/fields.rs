//! Field readers shared by the three Decision Gate families (the runpack
//! manifest, the `runpack_export` input and output): integers within JCS's
//! exact range, closed objects, timestamps, digests and nullable strings.

use super::digest::{is_lower_hex_sha256, SHA256};
use super::jcs::{is_safe_integer_literal, MAX_SAFE_INTEGER};
use crate::error::{ErrorClass, ReadError};
use crate::json::decode::type_name;
use crate::json::Node;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Whether unknown members are ignored (a newer additive writer) or
/// rejected (the seed's `additionalProperties: false`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Openness {
    Open,
    Closed,
}

/// In a closed object, rejects the first member not in `allowed`
/// (`invalid_value`, D-ALL-2).
pub fn check_members(
    node: &Node<'_>,
    allowed: &[&str],
    openness: Openness,
) -> Result<(), ReadError> {
    if openness == Openness::Open {
        return Ok(());
    }
    if let Value::Object(map) = node.value() {
        if let Some(key) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
            let path = if node.path() == "$" {
                key.clone()
            } else {
                format!("{}.{key}", node.path())
            };
            return Err(ReadError::new(
                ErrorClass::InvalidValue,
                format!("only the members {} (closed object)", allowed.join(", ")),
            )
            .at(path)
            .found(format!("unknown member `{key}`")));
        }
    }
    Ok(())
}

/// An integer literal `>= min` and within ±(2^53 - 1), the range JCS writes
/// exactly (D-RP-3): `wrong_type` for anything but an integer literal,
/// `out_of_range` outside the range.
pub fn safe_int(node: &Node<'_>, min: i64) -> Result<i64, ReadError> {
    let err = |class: ErrorClass, expected: String| {
        ReadError::new(class, expected).at(node.path().to_string())
    };
    let Value::Number(n) = node.value() else {
        return Err(err(ErrorClass::WrongType, "integer".into()).found(type_name(node.value())));
    };
    let literal = n.to_string();
    if literal.contains(['.', 'e', 'E']) {
        return Err(err(ErrorClass::WrongType, "integer".into()).found(format!("number {literal}")));
    }
    let range = || format!("an integer in {min}..={MAX_SAFE_INTEGER}");
    if !is_safe_integer_literal(&literal) {
        return Err(err(ErrorClass::OutOfRange, range()).found(literal));
    }
    match literal.parse::<i64>() {
        Ok(v) if v >= min => Ok(v),
        _ => Err(err(ErrorClass::OutOfRange, range()).found(literal)),
    }
}

/// `{"algorithm":"sha256","value":"<64 lowercase hex>"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HashDigest {
    pub algorithm: String,
    pub value: String,
}

impl HashDigest {
    /// A SHA-256 digest from its lowercase hex.
    pub fn sha256(hex: String) -> HashDigest {
        HashDigest {
            algorithm: SHA256.to_string(),
            value: hex,
        }
    }

    pub fn decode(node: &Node<'_>, openness: Openness) -> Result<HashDigest, ReadError> {
        let o = node.obj()?;
        check_members(node, &["algorithm", "value"], openness)?;
        let algorithm = o.req("algorithm", |n| n.one_of(&[SHA256]))?;
        let value = o.req("value", |n| {
            let v = n.string()?;
            if is_lower_hex_sha256(&v) {
                Ok(v)
            } else {
                Err(ReadError::new(
                    ErrorClass::InvalidValue,
                    "a SHA-256 digest: 64 lowercase hex digits",
                )
                .at(n.path().to_string())
                .found(format!("\"{v}\"")))
            }
        })?;
        Ok(HashDigest { algorithm, value })
    }
}

/// `generated_at`: `{"kind":"unix_millis","value":<integer>}` or
/// `{"kind":"logical","value":<integer >= 0>}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timestamp {
    pub kind: String,
    pub value: i64,
}

impl Timestamp {
    pub fn decode(node: &Node<'_>, openness: Openness) -> Result<Timestamp, ReadError> {
        let o = node.obj()?;
        check_members(node, &["kind", "value"], openness)?;
        let kind = o.req("kind", |n| n.one_of(&["unix_millis", "logical"]))?;
        let min = if kind == "logical" {
            0
        } else {
            -(MAX_SAFE_INTEGER as i64)
        };
        let value = o.req("value", |n| safe_int(n, min))?;
        Ok(Timestamp { kind, value })
    }
}

/// A `null | string` field.
pub fn nullable_string(node: &Node<'_>) -> Result<Option<String>, ReadError> {
    node.nullable(|n| n.string())
}

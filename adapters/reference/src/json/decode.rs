//! Typed extraction from a parsed JSON value: each accessor checks one field
//! and, on failure, returns a [`ReadError`] with the field path, the class
//! and what was expected. Unknown fields are never looked at, so readers
//! ignore what newer additive writers emit.

use crate::error::{ErrorClass, ReadError};
use serde_json::{Map, Value};

/// A value at a known path in the document.
#[derive(Clone, Copy)]
pub struct Node<'v> {
    value: &'v Value,
    path: &'v str,
}

/// An object at a known path.
pub struct Obj<'v> {
    map: &'v Map<String, Value>,
    path: String,
}

/// Short description of a value's JSON type, for `found`.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn join(path: &str, key: &str) -> String {
    if path == "$" || path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Unsigned integer widths the artifacts use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    U16,
    U32,
    U64,
    U128,
}

impl Width {
    pub fn max(self) -> u128 {
        match self {
            Width::U16 => u16::MAX as u128,
            Width::U32 => u32::MAX as u128,
            Width::U64 => u64::MAX as u128,
            Width::U128 => u128::MAX,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Width::U16 => "u16",
            Width::U32 => "u32",
            Width::U64 => "u64",
            Width::U128 => "u128",
        }
    }
}

/// Parses an unsigned decimal literal of `width` exactly. Shared with the KV
/// reader: `Err(WrongType)` for anything that is not an integer literal,
/// `Err(OutOfRange)` for a negative integer or one beyond the width.
pub fn parse_unsigned(literal: &str, width: Width) -> Result<u128, ErrorClass> {
    let (negative, digits) = match literal.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, literal),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ErrorClass::WrongType);
    }
    if negative {
        return Err(ErrorClass::OutOfRange);
    }
    match digits.parse::<u128>() {
        Ok(n) if n <= width.max() => Ok(n),
        _ => Err(ErrorClass::OutOfRange),
    }
}

impl<'v> Node<'v> {
    /// The document root.
    pub fn root(value: &'v Value) -> Node<'v> {
        Node { value, path: "$" }
    }

    /// The raw value.
    pub fn value(&self) -> &'v Value {
        self.value
    }

    /// This node's path (`$` for the root).
    pub fn path(&self) -> &str {
        self.path
    }

    fn err(&self, class: ErrorClass, expected: impl Into<String>) -> ReadError {
        ReadError::new(class, expected).at(self.path.to_string())
    }

    fn wrong_type(&self, expected: &str) -> ReadError {
        self.err(ErrorClass::WrongType, expected)
            .found(type_name(self.value).to_string())
    }

    /// The node as an object.
    pub fn obj(&self) -> Result<Obj<'v>, ReadError> {
        match self.value {
            Value::Object(map) => Ok(Obj {
                map,
                path: self.path.to_string(),
            }),
            _ => Err(self.wrong_type("object")),
        }
    }

    pub fn string(&self) -> Result<String, ReadError> {
        match self.value {
            Value::String(s) => Ok(s.clone()),
            _ => Err(self.wrong_type("string")),
        }
    }

    pub fn bool(&self) -> Result<bool, ReadError> {
        match self.value {
            Value::Bool(b) => Ok(*b),
            _ => Err(self.wrong_type("boolean")),
        }
    }

    /// An unsigned integer of `width`, from an exact integer literal only
    /// (`1.0` and `1e3` are `wrong_type`, as in serde's typed readers).
    pub fn unsigned(&self, width: Width) -> Result<u128, ReadError> {
        let Value::Number(n) = self.value else {
            return Err(self.wrong_type(&format!("integer ({})", width.name())));
        };
        let literal = n.to_string();
        parse_unsigned(&literal, width).map_err(|class| match class {
            ErrorClass::WrongType => self
                .err(class, format!("integer ({})", width.name()))
                .found(format!("number {literal}")),
            _ => self
                .err(class, format!("integer in 0..={}", width.max()))
                .found(literal),
        })
    }

    pub fn u32(&self) -> Result<u32, ReadError> {
        self.unsigned(Width::U32).map(|n| n as u32)
    }
    pub fn u64(&self) -> Result<u64, ReadError> {
        self.unsigned(Width::U64).map(|n| n as u64)
    }
    pub fn u128(&self) -> Result<u128, ReadError> {
        self.unsigned(Width::U128)
    }

    /// `None` for null, else `read(self)`.
    pub fn nullable<T>(
        &self,
        read: impl FnOnce(&Node<'v>) -> Result<T, ReadError>,
    ) -> Result<Option<T>, ReadError> {
        if self.value.is_null() {
            Ok(None)
        } else {
            read(self).map(Some)
        }
    }

    /// Every element, read by `read`, with `[i]` paths.
    pub fn array<T>(
        &self,
        mut read: impl FnMut(&Node<'_>) -> Result<T, ReadError>,
    ) -> Result<Vec<T>, ReadError> {
        let Value::Array(items) = self.value else {
            return Err(self.wrong_type("array"));
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = format!("{}[{i}]", if self.path == "$" { "" } else { self.path });
            out.push(read(&Node {
                value: item,
                path: &path,
            })?);
        }
        Ok(out)
    }

    /// A string from a closed set of values (`invalid_value` outside it).
    pub fn one_of(&self, allowed: &[&str]) -> Result<String, ReadError> {
        let s = self.string()?;
        if allowed.contains(&s.as_str()) {
            Ok(s)
        } else {
            Err(self
                .err(
                    ErrorClass::InvalidValue,
                    format!("one of {}", allowed.join(", ")),
                )
                .found(format!("\"{s}\"")))
        }
    }

    /// An integer version marker that must equal `supported`: a wrong type or
    /// width is reported as such, any other integer as `unsupported_version`.
    pub fn version(&self, width: Width, supported: u128) -> Result<u128, ReadError> {
        let v = self.unsigned(width)?;
        if v != supported {
            return Err(self
                .err(
                    ErrorClass::UnsupportedVersion,
                    format!("version {supported}"),
                )
                .found(format!("version {v}")));
        }
        Ok(v)
    }

    /// A string that must equal `expected` exactly (`invalid_value` otherwise).
    pub fn constant(&self, expected: &str) -> Result<String, ReadError> {
        let s = self.string()?;
        if s == expected {
            Ok(s)
        } else {
            Err(self
                .err(ErrorClass::InvalidValue, format!("\"{expected}\""))
                .found(format!("\"{s}\"")))
        }
    }
}

impl<'v> Obj<'v> {
    /// The object's path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether `key` is present (null counts as present).
    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Runs `read` on the required field `key` (`missing_field` when absent).
    pub fn req<T>(
        &self,
        key: &str,
        read: impl FnOnce(&Node<'_>) -> Result<T, ReadError>,
    ) -> Result<T, ReadError> {
        let path = join(&self.path, key);
        match self.map.get(key) {
            Some(value) => read(&Node { value, path: &path }),
            None => {
                Err(ReadError::new(ErrorClass::MissingField, format!("field `{key}`")).at(path))
            }
        }
    }

    /// Runs `read` on the optional field `key`; `None` when absent.
    pub fn opt<T>(
        &self,
        key: &str,
        read: impl FnOnce(&Node<'_>) -> Result<T, ReadError>,
    ) -> Result<Option<T>, ReadError> {
        let path = join(&self.path, key);
        match self.map.get(key) {
            Some(value) => read(&Node { value, path: &path }).map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Value {
        crate::json::parse_document(text.as_bytes(), &Default::default()).unwrap()
    }

    #[test]
    fn unsigned_widths_and_literals() {
        assert_eq!(parse_unsigned("65535", Width::U16), Ok(65535));
        assert_eq!(
            parse_unsigned("65536", Width::U16),
            Err(ErrorClass::OutOfRange)
        );
        assert_eq!(
            parse_unsigned("-1", Width::U64),
            Err(ErrorClass::OutOfRange)
        );
        assert_eq!(
            parse_unsigned("1.0", Width::U64),
            Err(ErrorClass::WrongType)
        );
        assert_eq!(parse_unsigned("", Width::U64), Err(ErrorClass::WrongType));
        assert_eq!(
            parse_unsigned("340282366920938463463374607431768211456", Width::U128),
            Err(ErrorClass::OutOfRange)
        );
    }

    #[test]
    fn paths_name_nested_fields() {
        let v = doc(r#"{"a":{"list":[{"n":"x"}]}}"#);
        let root = Node::root(&v).obj().unwrap();
        let err = root
            .req("a", |a| {
                a.obj()?.req("list", |l| {
                    l.array(|item| item.obj()?.req("n", |n| n.u32()))
                })
            })
            .unwrap_err();
        assert_eq!(err.class, ErrorClass::WrongType);
        assert_eq!(err.path.as_deref(), Some("a.list[0].n"));
        let err = root.req("b", |b| b.bool()).unwrap_err();
        assert_eq!(err.class, ErrorClass::MissingField);
        assert_eq!(err.path.as_deref(), Some("b"));
    }

    #[test]
    fn versions() {
        let v = doc(r#"{"v":2,"w":"1"}"#);
        let o = Node::root(&v).obj().unwrap();
        let e = o.req("v", |n| n.version(Width::U32, 1)).unwrap_err();
        assert_eq!(e.class, ErrorClass::UnsupportedVersion);
        let e = o.req("w", |n| n.version(Width::U32, 1)).unwrap_err();
        assert_eq!(e.class, ErrorClass::WrongType);
    }
}

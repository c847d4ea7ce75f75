//! Members whose content the seed does not define: `runtime_config.txt`
//! (UTF-8 text, kept verbatim) and the state snapshots (any JSON object, kept
//! whole with exact numbers). See D-IB-4 and D-IB-6.

use super::RUNTIME_CONFIG;
use crate::error::{ErrorClass, ReadError, WriteError};
use crate::json::{parse::check_text, parse_document, Node};
use crate::limits::Limits;
use serde_json::{Map, Value};

/// `runtime_config.txt`: any UTF-8 text without a byte order mark.
pub fn read_text(bytes: &[u8]) -> Result<String, ReadError> {
    check_text(bytes).map(str::to_string)
}

/// The bytes of `runtime_config.txt`; refuses text that starts with U+FEFF,
/// whose UTF-8 form begins with the byte order mark the reader rejects.
pub fn write_text(text: &str) -> Result<Vec<u8>, WriteError> {
    if text.starts_with('\u{feff}') {
        return Err(WriteError(format!(
            "{RUNTIME_CONFIG}: text starting with U+FEFF would be written as a byte order mark, which the format refuses (D-IB-4)"
        )));
    }
    Ok(text.as_bytes().to_vec())
}

/// A snapshot member: one JSON object.
pub fn read_object(bytes: &[u8], limits: &Limits) -> Result<Map<String, Value>, ReadError> {
    let value = parse_document(bytes, limits)?;
    match value {
        Value::Object(map) => Ok(map),
        other => Err(ReadError::new(ErrorClass::WrongType, "a JSON object")
            .at(Node::root(&other).path().to_string())
            .found(crate::json::decode::type_name(&other))),
    }
}

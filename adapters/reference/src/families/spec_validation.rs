//! `spec_validation.json` v1 of the ByteOr incident bundle: `ok`, with
//! `description` when validation succeeded and `error` when it failed.
//! The field of the other outcome must be absent (corpus/DECISIONS.md).

use crate::error::WriteError;
use crate::error::{ErrorClass, ReadError};
use crate::family::{FamilyInfo, Format, Input, Shape, Written};
use crate::json::{parse_document, Node};
use crate::limits::Limits;
use serde::{Deserialize, Serialize};

/// The whole document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecValidation {
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Reads a parsed `spec_validation.json`.
pub fn decode(root: &Node<'_>) -> Result<SpecValidation, ReadError> {
    let o = root.obj()?;
    let ok = o.req("ok", |n| n.bool())?;
    let (present, absent) = if ok {
        ("description", "error")
    } else {
        ("error", "description")
    };
    let text = o.req(present, |n| n.string())?;
    if o.has(absent) {
        return Err(ReadError::new(
            ErrorClass::InvalidValue,
            format!("no `{absent}` when ok is {ok}"),
        )
        .at(absent));
    }
    Ok(if ok {
        SpecValidation {
            ok,
            description: Some(text),
            error: None,
        }
    } else {
        SpecValidation {
            ok,
            description: None,
            error: Some(text),
        }
    })
}

/// The family registration.
pub struct SpecValidationV1;

impl Format for SpecValidationV1 {
    type Doc = SpecValidation;
    const INFO: FamilyInfo = FamilyInfo {
        id: "spec_validation",
        version: "v1",
        shape: Shape::File { ext: "json" },
        title:
            "spec_validation.json: outcome of validating the pipeline spec (incident bundle member)",
        seed: "000_1930ef76aad66ae9.txt",
        version_marker: None,
    };
    fn read(input: Input<'_>, limits: &Limits) -> Result<SpecValidation, ReadError> {
        decode(&Node::root(&parse_document(input.bytes()?, limits)?))
    }
    fn write(doc: &SpecValidation) -> Result<Written, WriteError> {
        Ok(Written::File(super::write::pretty_json(doc)))
    }
}

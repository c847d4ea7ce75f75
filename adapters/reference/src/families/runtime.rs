//! `runtime.json` v1 of the ByteOr incident bundle: the runtime crate's name
//! and version (`crate.name`, `crate.version`). It has no version marker of
//! its own; its version is the bundle's.

use crate::error::ReadError;
use crate::error::WriteError;
use crate::family::{FamilyInfo, Format, Input, Shape, Written};
use crate::json::{parse_document, Node};
use crate::limits::Limits;
use serde::{Deserialize, Serialize};

/// The whole document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Runtime {
    #[serde(rename = "crate")]
    pub krate: CrateId,
}

/// A crate's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrateId {
    pub name: String,
    pub version: String,
}

impl CrateId {
    /// Reads `{name, version}` at `node`.
    pub fn decode(node: &Node<'_>) -> Result<CrateId, ReadError> {
        let o = node.obj()?;
        Ok(CrateId {
            name: o.req("name", |n| n.string())?,
            version: o.req("version", |n| n.string())?,
        })
    }
}

/// Reads a parsed `runtime.json`.
pub fn decode(root: &Node<'_>) -> Result<Runtime, ReadError> {
    let o = root.obj()?;
    Ok(Runtime {
        krate: o.req("crate", CrateId::decode)?,
    })
}

/// The family registration.
pub struct RuntimeV1;

impl Format for RuntimeV1 {
    type Doc = Runtime;
    const INFO: FamilyInfo = FamilyInfo {
        id: "runtime",
        version: "v1",
        shape: Shape::File { ext: "json" },
        title: "runtime.json: runtime crate name and version (incident bundle member)",
        seed: "000_1930ef76aad66ae9.txt",
        version_marker: None,
    };
    fn read(input: Input<'_>, limits: &Limits) -> Result<Runtime, ReadError> {
        decode(&Node::root(&parse_document(input.bytes()?, limits)?))
    }
    fn write(doc: &Runtime) -> Result<Written, WriteError> {
        Ok(Written::File(super::write::pretty_json(doc)))
    }
}

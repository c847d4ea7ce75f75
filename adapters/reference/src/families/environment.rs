//! `environment.json` v1 of the ByteOr incident bundle: the process id,
//! working directory, arguments, environment (`[key, value]` pairs sorted by
//! key) and `/proc` status text. `cwd` and `proc_status` must be present and
//! may be null (D-ENV-1). No version marker of its own; its version is the
//! bundle's (D-ENV-5).

pub mod env_vars;

use crate::error::WriteError;
use crate::error::{ErrorClass, ReadError};
use crate::family::{FamilyInfo, Format, Input, Shape, Written};
use crate::json::decode::type_name;
use crate::json::{parse_document, Node};
use crate::limits::Limits;
use env_vars::{EnvPair, EnvVars, FaultKind};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The whole document. `None` is written as `null`, never left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Environment {
    pub pid: u32,
    pub cwd: Option<String>,
    pub args: Vec<String>,
    pub env: EnvVars,
    pub proc_status: Option<String>,
}

/// Reads one `[key, value]` pair at `node`: an array of exactly two strings
/// (any other length is `invalid_value`, D-ENV-3).
fn decode_pair(node: &Node<'_>) -> Result<EnvPair, ReadError> {
    let Value::Array(items) = node.value() else {
        return Err(
            ReadError::new(ErrorClass::WrongType, "a [key, value] array of two strings")
                .at(node.path())
                .found(type_name(node.value())),
        );
    };
    if items.len() != 2 {
        return Err(ReadError::new(
            ErrorClass::InvalidValue,
            "a [key, value] array of exactly two strings",
        )
        .at(node.path())
        .found(format!("an array of {} elements", items.len())));
    }
    let mut parts = node.array(|e| e.string())?.into_iter();
    match (parts.next(), parts.next()) {
        (Some(key), Some(value)) => Ok((key, value)),
        _ => Err(ReadError::new(ErrorClass::InvalidValue, "two strings").at(node.path())),
    }
}

/// Reads the `env` list at `node` and checks its key order (D-ENV-2).
fn decode_env(node: &Node<'_>) -> Result<EnvVars, ReadError> {
    let pairs = node.array(decode_pair)?;
    EnvVars::new(pairs).map_err(|fault| {
        let at = format!("{}[{}]", node.path(), fault.index);
        match fault.kind {
            FaultKind::Unsorted => ReadError::new(
                ErrorClass::InvalidValue,
                format!(
                    "a key after {:?} (keys ascend in UTF-8 byte order)",
                    fault.previous
                ),
            )
            .at(at)
            .found(format!("key {:?}", fault.key)),
            FaultKind::Duplicate => ReadError::new(
                ErrorClass::DuplicateKey,
                format!(
                    "a key after {:?} (each env key at most once)",
                    fault.previous
                ),
            )
            .at(at)
            .found(format!("key {:?} again", fault.key)),
        }
    })
}

/// Reads a parsed `environment.json`.
pub fn decode(root: &Node<'_>) -> Result<Environment, ReadError> {
    let o = root.obj()?;
    Ok(Environment {
        pid: o.req("pid", |n| n.u32())?,
        cwd: o.req("cwd", |n| n.nullable(|s| s.string()))?,
        args: o.req("args", |n| n.array(|e| e.string()))?,
        env: o.req("env", decode_env)?,
        proc_status: o.req("proc_status", |n| n.nullable(|s| s.string()))?,
    })
}

/// The family registration.
pub struct EnvironmentV1;

impl Format for EnvironmentV1 {
    type Doc = Environment;
    const INFO: FamilyInfo = FamilyInfo {
        id: "environment",
        version: "v1",
        shape: Shape::File { ext: "json" },
        title: "environment.json: the process's pid, cwd, args, sorted env and /proc status (incident bundle member)",
        seed: "000_1930ef76aad66ae9.txt",
        version_marker: None,
    };
    fn read(input: Input<'_>, limits: &Limits) -> Result<Environment, ReadError> {
        decode(&Node::root(&parse_document(input.bytes()?, limits)?))
    }
    fn write(doc: &Environment) -> Result<Written, WriteError> {
        Ok(Written::File(super::write::pretty_json(doc)))
    }
}

//! One compile diagnostic (CompileDiagnosticV1): what the compiler inserted
//! into the pipeline. "Compile diagnostics are currently centered on inserted
//! bridges, routers, and merges": those are the known kinds; any other kind
//! is kept as written (D-CR-2, D-CR-3).

use crate::error::ReadError;
use crate::json::Node;
use serde::{Deserialize, Serialize};

/// A bridge inserted between two lanes.
pub const INSERTED_BRIDGE: &str = "inserted_bridge";
/// A router inserted where one lane feeds several consumers.
pub const INSERTED_ROUTER: &str = "inserted_router";
/// A merge inserted where several lanes feed one consumer.
pub const INSERTED_MERGE: &str = "inserted_merge";

/// The kinds the seed names.
pub const KNOWN_KINDS: [&str; 3] = [INSERTED_BRIDGE, INSERTED_ROUTER, INSERTED_MERGE];

/// One diagnostic, fields in canonical order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompileDiagnostic {
    /// One of [`KNOWN_KINDS`], or a newer kind kept verbatim.
    pub kind: String,
    /// The name of the role the compiler inserted.
    pub role: String,
    /// The lanes the inserted role reads.
    pub input_lanes: Vec<String>,
    /// The lanes the inserted role writes.
    pub output_lanes: Vec<String>,
    /// Human-readable explanation.
    pub message: String,
}

impl CompileDiagnostic {
    /// Reads `{kind, role, input_lanes, output_lanes, message}` at `node`.
    pub fn decode(node: &Node<'_>) -> Result<CompileDiagnostic, ReadError> {
        let o = node.obj()?;
        Ok(CompileDiagnostic {
            kind: o.req("kind", |n| n.string())?,
            role: o.req("role", |n| n.string())?,
            input_lanes: o.req("input_lanes", |n| n.array(|s| s.string()))?,
            output_lanes: o.req("output_lanes", |n| n.array(|s| s.string()))?,
            message: o.req("message", |n| n.string())?,
        })
    }
}

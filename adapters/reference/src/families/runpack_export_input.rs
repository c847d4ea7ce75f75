//! Decision Gate `runpack_export` tool input v1 (seed 003, "Esquema de
//! Entrada"): the run to export, the manifest timestamp, whether to add a
//! verification report, and optional manifest name and output directory.
//! The schema is closed (`additionalProperties: false`); integers are bounded
//! to JCS's exact range (D-RP-3); a manifest name follows the runpack path
//! rules (D-RP-9). Absent optional fields read as null (D-RP-8).

use crate::error::ReadError;
use crate::error::WriteError;
use crate::family::{FamilyInfo, Format, Input, Shape, Written};
use crate::json::{parse_document, Node};
use crate::limits::Limits;
use crate::runpack::fields::{check_members, nullable_string, safe_int, Openness, Timestamp};
use crate::runpack::paths::check_relative;
use serde::{Deserialize, Serialize};

/// The tool input, fields in the seed's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportInput {
    pub generated_at: Timestamp,
    pub include_verification: bool,
    pub manifest_name: Option<String>,
    pub namespace_id: i64,
    pub output_dir: Option<String>,
    pub run_id: String,
    pub scenario_id: String,
    pub tenant_id: i64,
}

const MEMBERS: [&str; 8] = [
    "generated_at",
    "include_verification",
    "manifest_name",
    "namespace_id",
    "output_dir",
    "run_id",
    "scenario_id",
    "tenant_id",
];

/// Reads a parsed tool input.
pub fn decode(root: &Node<'_>) -> Result<ExportInput, ReadError> {
    let o = root.obj()?;
    check_members(root, &MEMBERS, Openness::Closed)?;
    let closed = Openness::Closed;
    Ok(ExportInput {
        scenario_id: o.req("scenario_id", |n| n.string())?,
        tenant_id: o.req("tenant_id", |n| safe_int(n, 1))?,
        namespace_id: o.req("namespace_id", |n| safe_int(n, 1))?,
        run_id: o.req("run_id", |n| n.string())?,
        generated_at: o.req("generated_at", |n| Timestamp::decode(n, closed))?,
        include_verification: o.req("include_verification", |n| n.bool())?,
        manifest_name: o
            .opt("manifest_name", |n| {
                let name = nullable_string(n)?;
                if let Some(name) = &name {
                    check_relative(name).map_err(|e| e.at(n.path().to_string()))?;
                }
                Ok(name)
            })?
            .flatten(),
        output_dir: o.opt("output_dir", nullable_string)?.flatten(),
    })
}

/// The family registration.
pub struct RunpackExportInputV1;

impl Format for RunpackExportInputV1 {
    type Doc = ExportInput;
    const INFO: FamilyInfo = FamilyInfo {
        id: "runpack_export_input",
        version: "v1",
        shape: Shape::File { ext: "json" },
        title: "Decision Gate runpack_export tool input",
        seed: "003_d65768c35f035a10.txt",
        version_marker: None,
    };
    fn read(input: Input<'_>, limits: &Limits) -> Result<ExportInput, ReadError> {
        decode(&Node::root(&parse_document(input.bytes()?, limits)?))
    }
    fn write(doc: &ExportInput) -> Result<Written, WriteError> {
        Ok(Written::File(super::write::pretty_json(doc)))
    }
}

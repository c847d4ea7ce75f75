//! Decision Gate `runpack_export` tool output v1 (seed 003, "Esquema de
//! Salida"): the runpack manifest, the export-time verification report (or
//! null) and an optional storage URI. Read by the seed's closed schema, plus
//! what the schema cannot say: `manifest_version` "v1" only, digests of 64
//! lowercase hex digits, integers in JCS's exact range. It is a document,
//! not a runpack: no file is read and no hash is recomputed (D-RP-10). The
//! report must agree with the manifest it comes with by the +1 rule (D-RP-7).

use crate::error::WriteError;
use crate::error::{ErrorClass, ReadError};
use crate::family::{FamilyInfo, Format, Input, Shape, Written};
use crate::json::{parse_document, Node};
use crate::limits::Limits;
use crate::runpack::fields::{check_members, nullable_string, Openness};
use crate::runpack::manifest::Manifest;
use crate::runpack::report::Report;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The artifact kind of the export-time report.
const VERIFIER_REPORT_KIND: &str = "verifier_report";

/// The tool output, fields in the seed's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportOutput {
    pub manifest: Manifest,
    pub report: Option<Report>,
    pub storage_uri: Option<String>,
}

/// Reads a parsed tool output.
pub fn decode(root: &Node<'_>) -> Result<ExportOutput, ReadError> {
    let o = root.obj()?;
    let closed = Openness::Closed;
    // The version marker first (D-ALL-5), then the closed member set.
    let manifest = o.req("manifest", |n| Manifest::decode(n, closed))?;
    check_members(root, &["manifest", "report", "storage_uri"], closed)?;
    let report = o.req("report", |n| n.nullable(|r| Report::decode(r, closed)))?;
    let storage_uri = o.opt("storage_uri", nullable_string)?.flatten();
    if let Some(r) = &report {
        r.plus_one(others(&manifest)).map_err(|expected| {
            ReadError::new(ErrorClass::InvalidValue, expected)
                .at("report")
                .found(format!(
                    "status {}, checked_files {}, {} errors",
                    r.status,
                    r.checked_files,
                    r.errors.len()
                ))
        })?;
    }
    Ok(ExportOutput {
        manifest,
        report,
        storage_uri,
    })
}

/// The listed files an export-time report counts: every distinct path in
/// `integrity.file_hashes` but those of `verifier_report` artifacts (the
/// report's own file: `verifier_report.json` in the seed's words,
/// `artifacts/verifier_report.json` where Decision Gate writes it).
fn others(m: &Manifest) -> u64 {
    let own: BTreeSet<&str> = m
        .artifacts
        .iter()
        .filter(|a| a.kind == VERIFIER_REPORT_KIND)
        .map(|a| a.path.as_str())
        .collect();
    m.integrity
        .file_hashes
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| !own.contains(p))
        .collect::<BTreeSet<_>>()
        .len() as u64
}

/// The family registration.
pub struct RunpackExportOutputV1;

impl Format for RunpackExportOutputV1 {
    type Doc = ExportOutput;
    const INFO: FamilyInfo = FamilyInfo {
        id: "runpack_export_output",
        version: "v1",
        shape: Shape::File { ext: "json" },
        title: "Decision Gate runpack_export tool output: manifest, report, storage URI",
        seed: "003_d65768c35f035a10.txt",
        version_marker: Some("manifest.manifest_version"),
    };
    fn read(input: Input<'_>, limits: &Limits) -> Result<ExportOutput, ReadError> {
        decode(&Node::root(&parse_document(input.bytes()?, limits)?))
    }
    fn write(doc: &ExportOutput) -> Result<Written, WriteError> {
        Ok(Written::File(super::write::pretty_json(doc)))
    }
}

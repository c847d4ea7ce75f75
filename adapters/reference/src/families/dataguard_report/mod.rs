//! DataGuard report KV v1 (seed 000, "DataGuard report KV v1", producer
//! `byteor-dataguard-core::DataGuardAudit::report_kv_v1()`): a `key=value`
//! text whose dotted names are literal keys.
//!
//! - required: `report.v=1` (the version marker, judged first),
//!   `report.kind=dataguard`, `schema.registry_root`, `expected.codec_id`
//!   (u16) and at least one `counts.*` counter (u64);
//! - conditional groups: schema selection (`schema.id` + `schema.version`),
//!   redaction (`policy.redaction.mode` + `policy.redaction.rules`), cost
//!   attribution (`cost.enabled`; when true `cost.center` + `cost.bytes`);
//! - unknown keys, under known prefixes or new ones, are ignored.
//!
//! The grammar is [`crate::kv`]; the choices are corpus/DECISIONS.md D-KV-*
//! and D-DG-*; the declared key schema is
//! corpus/dataguard_report/v1/schema.kv.json. [`validate`] gives the
//! reader's verdict without building the report, on every core
//! (docs/performance.md).

pub mod build;
pub mod counters;
pub mod keys;
pub mod model;
pub mod read;
pub mod validate;
pub mod write;

pub use counters::Counters;
pub use model::{Cost, DataGuardReport, Redaction, RedactionMode, SchemaSelection};

use crate::error::ReadError;
use crate::error::WriteError;
use crate::family::{FamilyInfo, Format, Input, Shape, Summary, Written};
use crate::limits::Limits;
use std::path::Path;

/// The family registration.
pub struct DataGuardReportV1;

impl Format for DataGuardReportV1 {
    type Doc = DataGuardReport;
    const INFO: FamilyInfo = FamilyInfo {
        id: "dataguard_report",
        version: "v1",
        shape: Shape::File { ext: "kv" },
        title: "DataGuard report KV v1: key=value audit report of byteor-dataguard",
        seed: "000_1930ef76aad66ae9.txt",
        version_marker: Some("report.v"),
    };
    fn read(input: Input<'_>, limits: &Limits) -> Result<DataGuardReport, ReadError> {
        read::read(input.bytes()?, limits)
    }
    fn write(doc: &DataGuardReport) -> Result<Written, WriteError> {
        write::render(doc)
            .map(Written::File)
            .map_err(|e| WriteError(e.to_string()))
    }
    fn validate_path(path: &Path, limits: &Limits) -> Option<Result<Summary, ReadError>> {
        Some(validate::validate_path(path, limits))
    }
}

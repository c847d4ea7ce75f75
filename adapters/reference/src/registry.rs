//! The family registry: every family version the reference implements, in
//! a stable order, and the bridge ([`Typed`]) that puts a typed [`Format`]
//! behind the object-safe [`Family`] interface.

use crate::error::{ErrorClass, ReadError, WriteError};
use crate::family::{validate_by_reading, Family, FamilyInfo, Format, Input, Written};
use crate::limits::Limits;
use crate::summary::Summary;
use serde_json::Value;
use std::path::Path;

struct Typed<F>(std::marker::PhantomData<fn() -> F>);

impl<F: Format> Family for Typed<F> {
    fn info(&self) -> FamilyInfo {
        F::INFO
    }
    fn read(&self, input: Input<'_>, limits: &Limits) -> Result<Value, ReadError> {
        let doc = F::read(input, limits)?;
        serde_json::to_value(&doc).map_err(|e| {
            ReadError::new(
                ErrorClass::InvalidValue,
                format!("a representable model ({e})"),
            )
        })
    }
    fn write(&self, model: &Value) -> Result<Written, WriteError> {
        // Through the model's text, not `from_value`: deserializing from a
        // `Value` re-reads each number through i64/u64/f64 and would respell
        // literals kept exact in opaque members (`-0`, `1.50`); from text,
        // arbitrary precision keeps them as written.
        let text = serde_json::to_string(model).map_err(|e| WriteError(e.to_string()))?;
        let doc: F::Doc = serde_json::from_str(&text).map_err(|e| WriteError(e.to_string()))?;
        F::write(&doc)
    }
    fn validate_path(&self, path: &Path, limits: &Limits) -> Result<Summary, ReadError> {
        F::validate_path(path, limits).unwrap_or_else(|| validate_by_reading(self, path, limits))
    }
}

macro_rules! registry {
    ($($format:ty),* $(,)? ; direct: $($family:expr),* $(,)?) => {
        static FAMILIES: &[&dyn Family] = &[
            $(&Typed::<$format>(std::marker::PhantomData),)*
            $(&$family,)*
        ];
    };
}

// Typed formats, then (after `direct:`) families implementing [`Family`]
// themselves, for a writer that can refuse a model (runpack).
registry!(
    crate::families::spec_validation::SpecValidationV1,
    crate::families::runtime::RuntimeV1,
    crate::families::environment::EnvironmentV1,
    crate::families::replay_audit::ReplayAuditV1,
    crate::families::policy_audit::PolicyAuditV1,
    crate::families::compile_report::CompileReportV1,
    crate::families::dataguard_report::DataGuardReportV1,
    crate::families::incident_bundle::IncidentBundleV1,
    crate::families::runpack_export_input::RunpackExportInputV1,
    crate::families::runpack_export_output::RunpackExportOutputV1;
    direct:
    crate::families::runpack::RunpackV1,
);

/// Every registered family version, in a stable order.
pub fn families() -> &'static [&'static dyn Family] {
    FAMILIES
}

/// The family `id` at `version` (`None` for the newest registered).
pub fn family(id: &str, version: Option<&str>) -> Option<&'static dyn Family> {
    FAMILIES
        .iter()
        .rev()
        .find(|f| f.info().id == id && version.is_none_or(|v| f.info().version == v))
        .copied()
}

//! Decision Gate runpack v1, a directory: `manifest.json` plus the
//! artifacts it lists.
//!
//! Reading verifies the runpack offline (`runpack::verifier`); a runpack
//! that fails is rejected with the class of the first error in report order,
//! while `conformkit verify-runpack` prints the whole report. A runpack that
//! passes reads to the model `{manifest, contents, report}`: the manifest
//! (known fields), every artifact's JSON value by path (each file must be
//! the JCS form of its value, D-RP-1), and the offline report. Writing takes
//! that model, keeps what an export is made from (identifiers, timestamp,
//! artifact entries and values) and recomputes every hash, so read -> write
//! -> read gives the model back (D-RP-11).

use crate::error::{ErrorClass, ReadError, WriteError};
use crate::family::{CanonicalForm, Family, FamilyInfo, Input, Shape, Written};
use crate::file_bytes::read_file_bounded;
use crate::json::parse_document;
use crate::limits::Limits;
use crate::runpack::jcs::canonical_bytes;
use crate::runpack::jcs_diagnose::deviation;
use crate::runpack::manifest::Manifest;
use crate::runpack::paths::{canonical_root, resolve};
use crate::runpack::report::Report;
use crate::runpack::verifier::verify;
use crate::runpack::writer::{
    export, ArtifactSpec, ExportSpec, DEFAULT_MANIFEST_NAME, JSON_CONTENT_TYPE, VERIFIER_REPORT_ID,
    VERIFIER_REPORT_PATH,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The normalized model of a runpack that verifies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunpackModel {
    /// Every artifact's value, by runpack-relative path.
    pub contents: BTreeMap<String, Value>,
    pub manifest: Manifest,
    /// The offline verification report (always `pass` in a model).
    pub report: Report,
}

/// Reads and verifies the runpack at `dir` (manifest `manifest.json`).
pub fn read_runpack(dir: &Path, limits: &Limits) -> Result<RunpackModel, ReadError> {
    let v = verify(dir, DEFAULT_MANIFEST_NAME, limits)?;
    if let Some(first) = v.errors.into_iter().next() {
        return Err(first);
    }
    let manifest = v.manifest.ok_or_else(|| {
        ReadError::new(ErrorClass::MissingFile, "a manifest").in_file(DEFAULT_MANIFEST_NAME)
    })?;
    let root = canonical_root(dir)?;
    let mut contents = BTreeMap::new();
    for a in &manifest.artifacts {
        let value = read_artifact(&root, &a.path, limits).map_err(|e| e.in_file(a.path.clone()))?;
        contents.insert(a.path.clone(), value);
    }
    Ok(RunpackModel {
        contents,
        manifest,
        report: v.report,
    })
}

/// One artifact's value; its bytes must be exactly the JCS form of it.
fn read_artifact(root: &Path, rel: &str, limits: &Limits) -> Result<Value, ReadError> {
    let resolved = resolve(root, rel)?;
    resolved.regular_file()?;
    let bytes =
        read_file_bounded(&resolved.real, limits).map_err(|e| ReadError { file: None, ..e })?;
    let value = parse_document(&bytes, limits)?;
    let canonical = canonical_bytes(&value)?;
    if canonical != bytes {
        return Err(ReadError::new(
            ErrorClass::InvalidValue,
            "the RFC 8785 (JCS) serialization of the artifact's JSON value",
        )
        .found(deviation(&bytes, &canonical)));
    }
    Ok(value)
}

/// The export a model describes: everything but the derived hashes and the
/// report. The verification report must be the one the reference writer
/// makes (id, path, content type, last), or the model is refused.
pub fn export_spec(model: &RunpackModel) -> Result<ExportSpec, WriteError> {
    let m = &model.manifest;
    let mut artifacts = Vec::new();
    let mut include_verification = false;
    for (i, a) in m.artifacts.iter().enumerate() {
        if a.kind == "verifier_report" {
            let standard = a.artifact_id == VERIFIER_REPORT_ID
                && a.path == VERIFIER_REPORT_PATH
                && a.content_type.as_deref() == Some(JSON_CONTENT_TYPE)
                && a.required
                && i + 1 == m.artifacts.len();
            if !standard {
                return Err(WriteError(format!(
                    "the reference writer writes the verification report last, as `{VERIFIER_REPORT_PATH}` (id `{VERIFIER_REPORT_ID}`, {JSON_CONTENT_TYPE}, required)"
                )));
            }
            include_verification = true;
            continue;
        }
        let value = model
            .contents
            .get(&a.path)
            .ok_or_else(|| WriteError(format!("no contents for artifact `{}`", a.path)))?;
        artifacts.push(ArtifactSpec {
            artifact_id: a.artifact_id.clone(),
            kind: a.kind.clone(),
            path: a.path.clone(),
            content_type: a.content_type.clone(),
            required: a.required,
            value: value.clone(),
        });
    }
    Ok(ExportSpec {
        scenario_id: m.scenario_id.clone(),
        tenant_id: m.tenant_id,
        namespace_id: m.namespace_id,
        run_id: m.run_id.clone(),
        generated_at: m.generated_at.clone(),
        include_verification,
        verifier_mode: m.verifier_mode.clone(),
        security: m.security.clone(),
        anchor_policy: m.anchor_policy.clone(),
        artifacts,
    })
}

/// The family registration.
pub struct RunpackV1;

impl RunpackV1 {
    pub const INFO: FamilyInfo = FamilyInfo {
        id: "runpack",
        version: "v1",
        shape: Shape::Directory,
        title: "Decision Gate runpack: manifest.json plus JCS artifacts, verified offline",
        seed: "003_d65768c35f035a10.txt",
        version_marker: Some("manifest_version"),
    };
}

impl Family for RunpackV1 {
    fn info(&self) -> FamilyInfo {
        RunpackV1::INFO
    }

    fn read(&self, input: Input<'_>, limits: &Limits) -> Result<Value, ReadError> {
        let model = read_runpack(input.dir()?, limits)?;
        serde_json::to_value(&model).map_err(|e| {
            ReadError::new(
                ErrorClass::InvalidValue,
                format!("a representable model ({e})"),
            )
        })
    }

    fn write(&self, model: &Value) -> Result<Written, WriteError> {
        let model: RunpackModel =
            serde_json::from_value(model.clone()).map_err(|e| WriteError(e.to_string()))?;
        let exported = export(&export_spec(&model)?, DEFAULT_MANIFEST_NAME)?;
        Ok(Written::Directory(exported.files))
    }

    /// Every runpack file, the manifest included, is the JCS form of its
    /// value (seeds/README.md): one byte rendering per value.
    fn canonical_form(&self, _member: &str) -> CanonicalForm {
        CanonicalForm::Bytes
    }
}

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

use crate::beneath::Root;
use crate::error::{ErrorClass, ReadError, WriteError};
use crate::family::{CanonicalForm, Family, FamilyInfo, Input, Shape, Written};
use crate::file_bytes::read_opened;
use crate::json::parse::parse_capped;
use crate::limits::Limits;
use crate::runpack::jcs::canonical_bytes;
use crate::runpack::jcs_diagnose::deviation;
use crate::runpack::manifest::Manifest;
use crate::runpack::paths::{canonical_root, open_listed, open_root};
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
    let root = open_root(&canonical_root(dir)?)?;
    let mut contents = BTreeMap::new();
    // Every artifact's value is kept: they share one memory budget.
    let mut left = *limits;
    for a in &manifest.artifacts {
        let (value, cost) =
            read_artifact(&root, &a.path, &left).map_err(|e| e.in_file(a.path.clone()))?;
        left.max_json_memory = left.max_json_memory.saturating_sub(cost);
        contents.insert(a.path.clone(), value);
    }
    Ok(RunpackModel {
        contents,
        manifest,
        report: v.report,
    })
}

/// One artifact's value and its memory cost; its bytes must be exactly the
/// JCS form of the value.
fn read_artifact(root: &Root, rel: &str, limits: &Limits) -> Result<(Value, u64), ReadError> {
    let (file, meta) = open_listed(root, rel)?;
    let bytes = read_opened(file, &meta, limits, rel).map_err(|e| ReadError { file: None, ..e })?;
    let (value, cost) = parse_capped(&bytes, limits, &[])?;
    let canonical = canonical_bytes(&value)?;
    if canonical != bytes {
        return Err(ReadError::new(
            ErrorClass::InvalidValue,
            "the RFC 8785 (JCS) serialization of the artifact's JSON value",
        )
        .found(deviation(&bytes, &canonical)));
    }
    Ok((value, cost))
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Two artifacts of about the same memory cost.
    fn write_pack(dir: &Path) {
        let artifact = |id: &str, kind: &str, path: &str| {
            ArtifactSpec::json(
                id,
                kind,
                path,
                json!({"items": (0..200).collect::<Vec<_>>()}),
            )
        };
        let spec = ExportSpec::sample(vec![
            artifact("spec", "scenario_spec", "scenario_spec.json"),
            artifact("log", "decision_log", "decision_log.json"),
        ]);
        for (rel, bytes) in export(&spec, DEFAULT_MANIFEST_NAME).unwrap().files {
            std::fs::write(dir.join(rel), bytes).unwrap();
        }
    }

    /// The artifacts a runpack model keeps share one memory budget: each
    /// fits alone, both together do not.
    #[test]
    fn artifacts_share_one_memory_budget() {
        let tmp = tempfile::tempdir().unwrap();
        write_pack(tmp.path());
        let bytes = std::fs::read(tmp.path().join("decision_log.json")).unwrap();
        let (_, one) = parse_capped(&bytes, &Limits::default(), &[]).unwrap();
        assert!(read_runpack(tmp.path(), &Limits::default()).is_ok());
        let one_and_a_half = Limits {
            max_json_memory: one * 3 / 2,
            ..Limits::default()
        };
        let e = read_runpack(tmp.path(), &one_and_a_half).unwrap_err();
        assert_eq!(e.class, ErrorClass::TooLarge, "{e}");
        assert!(e.expected.contains("memory budget"), "{e}");
        // The second artifact, not the manifest nor the first.
        assert_eq!(e.file.as_deref(), Some("decision_log.json"), "{e}");
        let twice = Limits {
            max_json_memory: one * 2 + 1024,
            ..Limits::default()
        };
        assert!(read_runpack(tmp.path(), &twice).is_ok());
    }
}

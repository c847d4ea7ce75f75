//! The reference runpack writer: from the export's identifiers, timestamp
//! and artifact values to the runpack's files, byte for byte deterministic.
//!
//! Every artifact is written as its JCS bytes (no trailing newline) and
//! hashed; the root hash is SHA-256 of the JCS form of `file_hashes` in
//! order; `spec_hash` is the scenario spec artifact's hash. With
//! `include_verification` the export-time report (`checked_files` = the
//! files before it, seed 003 "+1" rule) is written as `verifier_report.json`,
//! appended to `artifacts` and `file_hashes`, and the root hash recomputed.
//! The manifest is written last, as JCS.

use super::digest::{sha256_hex, SHA256};
use super::fields::{HashDigest, Timestamp};
use super::jcs::{canonical_bytes, MAX_SAFE_INTEGER};
use super::manifest::{
    Artifact, FileHash, Integrity, Manifest, Security, ARTIFACT_KINDS, MANIFEST_VERSION,
    VERIFIER_MODES,
};
use super::paths::check_relative;
use super::report::Report;
use crate::error::WriteError;
use serde_json::Value;
use std::collections::BTreeSet;

/// The manifest's file name unless the export names another.
pub const DEFAULT_MANIFEST_NAME: &str = "manifest.json";
/// Where the export-time verification report goes.
pub const VERIFIER_REPORT_PATH: &str = "verifier_report.json";
/// Its artifact id and content type.
pub const VERIFIER_REPORT_ID: &str = "verifier_report";
pub const JSON_CONTENT_TYPE: &str = "application/json";

/// One artifact to export: its manifest entry (less the hash) and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct ArtifactSpec {
    pub artifact_id: String,
    pub kind: String,
    pub path: String,
    pub content_type: Option<String>,
    pub required: bool,
    pub value: Value,
}

/// Everything the writer needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportSpec {
    pub scenario_id: String,
    pub tenant_id: i64,
    pub namespace_id: i64,
    pub run_id: String,
    pub generated_at: Timestamp,
    pub include_verification: bool,
    /// `offline_strict` unless told otherwise.
    pub verifier_mode: String,
    pub security: Option<Security>,
    pub anchor_policy: Option<Value>,
    pub artifacts: Vec<ArtifactSpec>,
}

impl ArtifactSpec {
    /// A required artifact `value` of `kind` at `path`, declared
    /// `application/json`.
    pub fn json(artifact_id: &str, kind: &str, path: &str, value: Value) -> ArtifactSpec {
        ArtifactSpec {
            artifact_id: artifact_id.into(),
            kind: kind.into(),
            path: path.into(),
            content_type: Some(JSON_CONTENT_TYPE.into()),
            required: true,
            value,
        }
    }
}

impl ExportSpec {
    /// A small export of `artifacts` (what tests and benches start from):
    /// scenario `s`, tenant 1, namespace 2, run `r`, logical time 3,
    /// `offline_strict`, no verification report, no security or anchor
    /// policy.
    pub fn sample(artifacts: Vec<ArtifactSpec>) -> ExportSpec {
        ExportSpec {
            scenario_id: "s".into(),
            tenant_id: 1,
            namespace_id: 2,
            run_id: "r".into(),
            generated_at: Timestamp {
                kind: "logical".into(),
                value: 3,
            },
            include_verification: false,
            verifier_mode: "offline_strict".into(),
            security: None,
            anchor_policy: None,
            artifacts,
        }
    }
}

/// The written runpack.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    /// Relative path and bytes of every file: the artifacts in order, the
    /// verification report if any, the manifest last.
    pub files: Vec<(String, Vec<u8>)>,
    pub manifest: Manifest,
    /// The export-time report (`None` without `include_verification`).
    pub report: Option<Report>,
}

fn fail<T>(msg: impl Into<String>) -> Result<T, WriteError> {
    Err(WriteError(msg.into()))
}

/// SHA-256 of the JCS form of `file_hashes`, in order.
pub fn root_hash(file_hashes: &[FileHash]) -> HashDigest {
    let value = serde_json::to_value(file_hashes).unwrap_or(Value::Null);
    // Paths and hex digests only: always representable in JCS.
    let bytes = canonical_bytes(&value).unwrap_or_default();
    HashDigest::sha256(sha256_hex(&bytes))
}

/// Writes the runpack for `spec`, with the manifest at `manifest_name`.
pub fn export(spec: &ExportSpec, manifest_name: &str) -> Result<Exported, WriteError> {
    validate(spec, manifest_name)?;
    let mut files = Vec::new();
    let mut file_hashes = Vec::new();
    let mut artifacts = Vec::new();
    for a in &spec.artifacts {
        let bytes = canonical_bytes(&a.value)
            .map_err(|e| WriteError(format!("artifact `{}`: {e}", a.path)))?;
        let hash = HashDigest::sha256(sha256_hex(&bytes));
        file_hashes.push(FileHash {
            path: a.path.clone(),
            hash: hash.clone(),
        });
        artifacts.push(Artifact {
            artifact_id: a.artifact_id.clone(),
            kind: a.kind.clone(),
            path: a.path.clone(),
            content_type: a.content_type.clone(),
            hash,
            required: a.required,
        });
        files.push((a.path.clone(), bytes));
    }
    let mut specs = artifacts.iter().filter(|a| a.kind == "scenario_spec");
    let spec_hash = match (specs.next(), specs.next()) {
        (Some(a), None) => a.hash.clone(),
        _ => return fail("exactly one scenario_spec artifact: spec_hash is its hash"),
    };
    let mut report = None;
    if spec.include_verification {
        let r = Report::pass(file_hashes.len() as u64);
        let value = serde_json::to_value(&r).map_err(|e| WriteError(e.to_string()))?;
        let bytes = canonical_bytes(&value).map_err(|e| WriteError(e.to_string()))?;
        let hash = HashDigest::sha256(sha256_hex(&bytes));
        file_hashes.push(FileHash {
            path: VERIFIER_REPORT_PATH.to_string(),
            hash: hash.clone(),
        });
        artifacts.push(Artifact {
            artifact_id: VERIFIER_REPORT_ID.to_string(),
            kind: "verifier_report".to_string(),
            path: VERIFIER_REPORT_PATH.to_string(),
            content_type: Some(JSON_CONTENT_TYPE.to_string()),
            hash,
            required: true,
        });
        files.push((VERIFIER_REPORT_PATH.to_string(), bytes));
        report = Some(r);
    }
    let manifest = Manifest {
        manifest_version: MANIFEST_VERSION.to_string(),
        generated_at: spec.generated_at.clone(),
        tenant_id: spec.tenant_id,
        namespace_id: spec.namespace_id,
        scenario_id: spec.scenario_id.clone(),
        run_id: spec.run_id.clone(),
        spec_hash,
        hash_algorithm: SHA256.to_string(),
        verifier_mode: spec.verifier_mode.clone(),
        integrity: Integrity {
            root_hash: root_hash(&file_hashes),
            file_hashes,
        },
        artifacts,
        security: spec.security.clone(),
        anchor_policy: spec.anchor_policy.clone(),
    };
    let value = serde_json::to_value(&manifest).map_err(|e| WriteError(e.to_string()))?;
    let bytes = canonical_bytes(&value).map_err(|e| WriteError(format!("manifest: {e}")))?;
    files.push((manifest_name.to_string(), bytes));
    Ok(Exported {
        files,
        manifest,
        report,
    })
}

fn validate(spec: &ExportSpec, manifest_name: &str) -> Result<(), WriteError> {
    let max = MAX_SAFE_INTEGER as i64;
    for (name, v) in [
        ("tenant_id", spec.tenant_id),
        ("namespace_id", spec.namespace_id),
    ] {
        if !(1..=max).contains(&v) {
            return fail(format!("{name} {v} outside 1..={max}"));
        }
    }
    let min = match spec.generated_at.kind.as_str() {
        "logical" => 0,
        "unix_millis" => -max,
        other => return fail(format!("generated_at.kind `{other}`")),
    };
    if !(min..=max).contains(&spec.generated_at.value) {
        return fail(format!(
            "generated_at.value {} outside {min}..={max}",
            spec.generated_at.value
        ));
    }
    if !VERIFIER_MODES.contains(&spec.verifier_mode.as_str()) {
        return fail(format!("verifier_mode `{}`", spec.verifier_mode));
    }
    let mut paths: BTreeSet<&str> = BTreeSet::new();
    let mut reserved = vec![manifest_name];
    if spec.include_verification {
        reserved.push(VERIFIER_REPORT_PATH);
    }
    for p in &reserved {
        check_relative(p).map_err(|e| WriteError(format!("`{p}`: {e}")))?;
        paths.insert(p);
    }
    for a in &spec.artifacts {
        check_relative(&a.path).map_err(|e| WriteError(format!("artifact `{}`: {e}", a.path)))?;
        if !ARTIFACT_KINDS.contains(&a.kind.as_str()) || a.kind == "verifier_report" {
            return fail(format!(
                "artifact `{}`: kind `{}` (the verifier report is written by include_verification)",
                a.path, a.kind
            ));
        }
        if !paths.insert(&a.path) {
            return fail(format!("path `{}` used twice", a.path));
        }
    }
    // A path may not be both a file and a directory (`a` and `a/b`).
    for p in &paths {
        let mut prefix = String::new();
        for part in p.split('/') {
            if !prefix.is_empty() && paths.contains(prefix.as_str()) {
                return fail(format!("`{prefix}` is a file and a directory of `{p}`"));
            }
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
        }
    }
    Ok(())
}

//! The ByteOr incident bundle directory v1 (seed 000, "Incident bundle
//! directory format v1", producer `byteor-runtime::incident_bundle()`).
//!
//! This module owns the member set and the rules between members: which files
//! are required, when each conditional file is allowed, the order they are
//! read in (the version carrier `policy_audit.json` first), and the model (an
//! object keyed by member file name). Each member is read by its own family's
//! reader; see corpus/DECISIONS.md (D-IB-*).

mod members;
mod opaque;
mod spec_kv;

use crate::error::{ErrorClass, ReadError, WriteError};
use crate::families::environment::{Environment, EnvironmentV1};
use crate::families::policy_audit::{PolicyAudit, PolicyAuditV1};
use crate::families::runtime::{Runtime, RuntimeV1};
use crate::families::spec_validation::{SpecValidation, SpecValidationV1};
use crate::families::write::pretty_json;
use crate::family::{FamilyInfo, Format, Input, Shape, Written};
use crate::limits::Limits;
use members::BundleDir;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub const SPEC_KV: &str = "spec.kv";
pub const SPEC_VALIDATION: &str = "spec_validation.json";
pub const RUNTIME: &str = "runtime.json";
pub const POLICY_AUDIT: &str = "policy_audit.json";
pub const ENVIRONMENT: &str = "environment.json";
pub const RUNTIME_CONFIG: &str = "runtime_config.txt";
pub const SINGLE_RING_SNAPSHOT: &str = "single_ring_snapshot.json";
pub const LANE_GRAPH_STATE: &str = "lane_graph_state.json";

/// The five members every bundle has, in the seed's order.
pub const REQUIRED: [&str; 5] = [SPEC_KV, SPEC_VALIDATION, RUNTIME, POLICY_AUDIT, ENVIRONMENT];

/// The policy audit spec model that allows each snapshot member (D-IB-5).
const SINGLE_RING_MODEL: &str = "SingleRing";
const LANE_GRAPH_MODEL: &str = "LaneGraph";

/// A whole bundle; the model is an object keyed by member file name, absent
/// conditional members omitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentBundle {
    #[serde(rename = "spec.kv")]
    pub spec: BTreeMap<String, String>,
    #[serde(rename = "spec_validation.json")]
    pub spec_validation: SpecValidation,
    #[serde(rename = "runtime.json")]
    pub runtime: Runtime,
    #[serde(rename = "policy_audit.json")]
    pub policy_audit: PolicyAudit,
    #[serde(rename = "environment.json")]
    pub environment: Environment,
    #[serde(
        rename = "runtime_config.txt",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub runtime_config: Option<String>,
    #[serde(
        rename = "single_ring_snapshot.json",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub single_ring_snapshot: Option<Map<String, Value>>,
    #[serde(
        rename = "lane_graph_state.json",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub lane_graph_state: Option<Map<String, Value>>,
}

fn member<F: Format>(dir: &BundleDir, name: &str, limits: &Limits) -> Result<F::Doc, ReadError> {
    let bytes = dir.require(name)?;
    F::read(Input::Bytes(&bytes), limits).map_err(|e| e.in_file(name))
}

/// The spec model the policy audit names, when its spec parsed.
fn spec_model(policy: &PolicyAudit) -> Option<&str> {
    policy.spec.as_ref().map(|s| s.model.as_str())
}

/// A snapshot member, allowed only when the policy audit's spec model is `model`.
fn snapshot(
    dir: &BundleDir,
    name: &str,
    model: &str,
    policy: &PolicyAudit,
    limits: &Limits,
) -> Result<Option<Map<String, Value>>, ReadError> {
    let Some(bytes) = dir.read(name)? else {
        return Ok(None);
    };
    if spec_model(policy) != Some(model) {
        return Err(ReadError::new(
            ErrorClass::InvalidValue,
            format!("`{name}` only when policy_audit.json's spec.model is {model}"),
        )
        .in_file(name)
        .found(match spec_model(policy) {
            Some(other) => format!("spec.model {other}"),
            None => "no parsed spec (ok is false)".to_string(),
        }));
    }
    opaque::read_object(&bytes, limits)
        .map(Some)
        .map_err(|e| e.in_file(name))
}

/// Reads a bundle directory.
pub fn read_dir(root: &std::path::Path, limits: &Limits) -> Result<IncidentBundle, ReadError> {
    let dir = BundleDir::open(root, limits)?;
    for name in REQUIRED {
        if dir.read(name)?.is_none() {
            // A future bundle may have dropped or renamed the member: when
            // the carrier is there and says so, the answer is its version,
            // never a missing member (D-ALL-5, D-IB-8).
            if name != POLICY_AUDIT {
                if let Err(e) = member::<PolicyAuditV1>(&dir, POLICY_AUDIT, limits) {
                    if e.class == ErrorClass::UnsupportedVersion {
                        return Err(e);
                    }
                }
            }
            return Err(ReadError::new(
                ErrorClass::MissingFile,
                format!("required member `{name}`"),
            )
            .in_file(name));
        }
    }
    // The version carrier first (D-ALL-5, D-IB-8).
    let policy_audit = member::<PolicyAuditV1>(&dir, POLICY_AUDIT, limits)?;
    let spec = spec_kv::read(&dir.require(SPEC_KV)?, limits).map_err(|e| e.in_file(SPEC_KV))?;
    let spec_validation = member::<SpecValidationV1>(&dir, SPEC_VALIDATION, limits)?;
    let runtime = member::<RuntimeV1>(&dir, RUNTIME, limits)?;
    let environment = member::<EnvironmentV1>(&dir, ENVIRONMENT, limits)?;
    let runtime_config = match dir.read(RUNTIME_CONFIG)? {
        Some(bytes) => Some(opaque::read_text(&bytes).map_err(|e| e.in_file(RUNTIME_CONFIG))?),
        None => None,
    };
    let single_ring_snapshot = snapshot(
        &dir,
        SINGLE_RING_SNAPSHOT,
        SINGLE_RING_MODEL,
        &policy_audit,
        limits,
    )?;
    let lane_graph_state = snapshot(
        &dir,
        LANE_GRAPH_STATE,
        LANE_GRAPH_MODEL,
        &policy_audit,
        limits,
    )?;
    Ok(IncidentBundle {
        spec,
        spec_validation,
        runtime,
        policy_audit,
        environment,
        runtime_config,
        single_ring_snapshot,
        lane_graph_state,
    })
}

fn file_of(written: Result<Written, WriteError>, name: &str) -> Result<Vec<u8>, WriteError> {
    match written? {
        Written::File(bytes) => Ok(bytes),
        Written::Directory(_) => Err(WriteError(format!("{name}: a member must be one file"))),
    }
}

/// Renders every member with its family's canonical writer; refuses a
/// bundle the reader would refuse for a rule between members (D-IB-5) or a
/// member the format cannot carry.
pub fn write(doc: &IncidentBundle) -> Result<Vec<(String, Vec<u8>)>, WriteError> {
    let mut files = vec![
        (
            SPEC_KV.to_string(),
            spec_kv::render(&doc.spec).map_err(|e| WriteError(format!("{SPEC_KV}: {e}")))?,
        ),
        (
            SPEC_VALIDATION.to_string(),
            file_of(
                SpecValidationV1::write(&doc.spec_validation),
                SPEC_VALIDATION,
            )?,
        ),
        (
            RUNTIME.to_string(),
            file_of(RuntimeV1::write(&doc.runtime), RUNTIME)?,
        ),
        (
            POLICY_AUDIT.to_string(),
            file_of(PolicyAuditV1::write(&doc.policy_audit), POLICY_AUDIT)?,
        ),
        (
            ENVIRONMENT.to_string(),
            file_of(EnvironmentV1::write(&doc.environment), ENVIRONMENT)?,
        ),
    ];
    if let Some(text) = &doc.runtime_config {
        files.push((RUNTIME_CONFIG.to_string(), opaque::write_text(text)?));
    }
    for (name, model, present) in [
        (
            SINGLE_RING_SNAPSHOT,
            SINGLE_RING_MODEL,
            doc.single_ring_snapshot.is_some(),
        ),
        (
            LANE_GRAPH_STATE,
            LANE_GRAPH_MODEL,
            doc.lane_graph_state.is_some(),
        ),
    ] {
        if present && spec_model(&doc.policy_audit) != Some(model) {
            return Err(WriteError(format!(
                "{name}: only beside a policy audit spec of model {model} (D-IB-5)"
            )));
        }
    }
    if let Some(snap) = &doc.single_ring_snapshot {
        files.push((SINGLE_RING_SNAPSHOT.to_string(), pretty_json(snap)));
    }
    if let Some(state) = &doc.lane_graph_state {
        files.push((LANE_GRAPH_STATE.to_string(), pretty_json(state)));
    }
    files.sort();
    Ok(files)
}

/// The family registration.
pub struct IncidentBundleV1;

impl Format for IncidentBundleV1 {
    type Doc = IncidentBundle;
    const INFO: FamilyInfo = FamilyInfo {
        id: "incident_bundle",
        version: "v1",
        shape: Shape::Directory,
        title: "ByteOr incident bundle directory: spec, validation, runtime, policy audit, environment and conditional state",
        seed: "000_1930ef76aad66ae9.txt",
        version_marker: Some("policy_audit.json: policy_version"),
    };
    fn read(input: Input<'_>, limits: &Limits) -> Result<IncidentBundle, ReadError> {
        read_dir(input.dir()?, limits)
    }
    fn write(doc: &IncidentBundle) -> Result<Written, WriteError> {
        write(doc).map(Written::Directory)
    }
}

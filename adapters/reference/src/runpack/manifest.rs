//! The runpack manifest v1: serde types and a decoder with field paths.
//!
//! The same decoder reads the manifest file of a runpack directory (open:
//! unknown members ignored, which seed 003's closed schema makes `either`;
//! `anchor_policy` declared in `corpus/runpack/v1/schema.json` and kept as
//! an opaque value, D-RP-2)
//! and the `manifest` of a `runpack_export` output document (closed, as the
//! seed's schema states). `manifest_version` is read first (D-ALL-5): any
//! version but `v1` is `unsupported_version` before anything else is looked at.

use super::digest::SHA256;
use super::fields::{check_members, nullable_string, safe_int, HashDigest, Openness, Timestamp};
use crate::error::{ErrorClass, ReadError};
use crate::json::Node;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The only manifest version defined.
pub const MANIFEST_VERSION: &str = "v1";

/// Artifact kinds, as the seed's schema lists them.
pub const ARTIFACT_KINDS: [&str; 11] = [
    "scenario_spec",
    "trigger_log",
    "gate_eval_log",
    "decision_log",
    "packet_log",
    "dispatch_log",
    "evidence_log",
    "submission_log",
    "tool_transcript",
    "verifier_report",
    "custom",
];

/// Verifier modes.
pub const VERIFIER_MODES: [&str; 2] = ["offline_strict", "offline_with_fetch"];

const MANIFEST_MEMBERS: [&str; 12] = [
    "manifest_version",
    "generated_at",
    "tenant_id",
    "namespace_id",
    "scenario_id",
    "run_id",
    "spec_hash",
    "hash_algorithm",
    "verifier_mode",
    "integrity",
    "artifacts",
    "security",
];

/// The manifest. Fields are declared in the seed's (alphabetical) order,
/// which is also their JCS order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Seen in practice (seeds/README.md) though absent from the seed's
    /// schema; kept as written, never interpreted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor_policy: Option<Value>,
    pub artifacts: Vec<Artifact>,
    pub generated_at: Timestamp,
    pub hash_algorithm: String,
    pub integrity: Integrity,
    pub manifest_version: String,
    pub namespace_id: i64,
    pub run_id: String,
    pub scenario_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Security>,
    pub spec_hash: HashDigest,
    pub tenant_id: i64,
    pub verifier_mode: String,
}

/// `integrity`: the per-file hashes, in order, and the root hash over them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Integrity {
    pub file_hashes: Vec<FileHash>,
    pub root_hash: HashDigest,
}

/// One `integrity.file_hashes` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileHash {
    pub hash: HashDigest,
    pub path: String,
}

/// One `artifacts[]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Artifact {
    pub artifact_id: String,
    pub content_type: Option<String>,
    pub hash: HashDigest,
    pub kind: String,
    pub path: String,
    pub required: bool,
}

/// `security`: the exporting server's posture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Security {
    pub dev_permissive: bool,
    pub namespace_authority: String,
}

impl Manifest {
    /// Reads a manifest object at `node`.
    pub fn decode(node: &Node<'_>, openness: Openness) -> Result<Manifest, ReadError> {
        let o = node.obj()?;
        let manifest_version = o.req("manifest_version", |n| {
            let v = n.string()?;
            if v == MANIFEST_VERSION {
                Ok(v)
            } else {
                Err(ReadError::new(
                    ErrorClass::UnsupportedVersion,
                    format!("manifest_version \"{MANIFEST_VERSION}\""),
                )
                .at(n.path().to_string())
                .found(format!("\"{v}\"")))
            }
        })?;
        check_members(node, &MANIFEST_MEMBERS, openness)?;
        Ok(Manifest {
            manifest_version,
            generated_at: o.req("generated_at", |n| Timestamp::decode(n, openness))?,
            tenant_id: o.req("tenant_id", |n| safe_int(n, 1))?,
            namespace_id: o.req("namespace_id", |n| safe_int(n, 1))?,
            scenario_id: o.req("scenario_id", |n| n.string())?,
            run_id: o.req("run_id", |n| n.string())?,
            spec_hash: o.req("spec_hash", |n| HashDigest::decode(n, openness))?,
            hash_algorithm: o.req("hash_algorithm", |n| n.one_of(&[SHA256]))?,
            verifier_mode: o.req("verifier_mode", |n| n.one_of(&VERIFIER_MODES))?,
            integrity: o.req("integrity", |n| Integrity::decode(n, openness))?,
            artifacts: o.req("artifacts", |n| n.array(|a| Artifact::decode(a, openness)))?,
            security: o.opt("security", |n| Security::decode(n, openness))?,
            anchor_policy: match openness {
                Openness::Open => o
                    .opt("anchor_policy", |n| Ok(n.value().clone()))?
                    .filter(|v| !v.is_null()),
                Openness::Closed => None,
            },
        })
    }
}

impl Integrity {
    fn decode(node: &Node<'_>, openness: Openness) -> Result<Integrity, ReadError> {
        let o = node.obj()?;
        check_members(node, &["file_hashes", "root_hash"], openness)?;
        Ok(Integrity {
            file_hashes: o.req("file_hashes", |n| {
                n.array(|f| {
                    let fo = f.obj()?;
                    check_members(f, &["path", "hash"], openness)?;
                    Ok(FileHash {
                        path: fo.req("path", |p| p.string())?,
                        hash: fo.req("hash", |h| HashDigest::decode(h, openness))?,
                    })
                })
            })?,
            root_hash: o.req("root_hash", |n| HashDigest::decode(n, openness))?,
        })
    }
}

impl Artifact {
    fn decode(node: &Node<'_>, openness: Openness) -> Result<Artifact, ReadError> {
        let o = node.obj()?;
        check_members(
            node,
            &[
                "artifact_id",
                "kind",
                "path",
                "content_type",
                "hash",
                "required",
            ],
            openness,
        )?;
        Ok(Artifact {
            artifact_id: o.req("artifact_id", |n| n.string())?,
            kind: o.req("kind", |n| n.one_of(&ARTIFACT_KINDS))?,
            path: o.req("path", |n| n.string())?,
            content_type: o.req("content_type", nullable_string)?,
            hash: o.req("hash", |n| HashDigest::decode(n, openness))?,
            required: o.req("required", |n| n.bool())?,
        })
    }
}

impl Security {
    fn decode(node: &Node<'_>, openness: Openness) -> Result<Security, ReadError> {
        let o = node.obj()?;
        check_members(node, &["dev_permissive", "namespace_authority"], openness)?;
        Ok(Security {
            dev_permissive: o.req("dev_permissive", |n| n.bool())?,
            namespace_authority: o.req("namespace_authority", |n| n.string())?,
        })
    }
}

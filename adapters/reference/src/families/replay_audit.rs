//! Replay audit JSON v1 (producer `byteor-replay`): when a replay was
//! planned or run, from which incident bundle and journal sample, under
//! which policy, and the decision taken for every action.
//!
//! `audit_v` is the version marker and is read before any other field
//! (D-ALL-5); `created_unix_ms` is a u128 read and written as exact digits,
//! never through a float (D-RA-2). Digest fields are plain strings (D-RA-3).

use crate::error::ReadError;
use crate::error::WriteError;
use crate::family::{FamilyInfo, Format, Input, Shape, Written};
use crate::json::decode::Width;
use crate::json::{parse_document, Node};
use crate::limits::Limits;
use serde::{Deserialize, Serialize};

/// The one `audit_v` this reader implements.
pub const AUDIT_V: u32 = 1;

/// The whole document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplayAudit {
    pub audit_v: AuditV1,
    /// Milliseconds since the Unix epoch, as the producer's u128.
    pub created_unix_ms: u128,
    pub bundle_dir: String,
    pub spec_sha256: String,
    pub input: ReplayAuditInput,
    pub policy: ReplayAuditPolicy,
    pub actions: Vec<ReplayAuditAction>,
}

/// The version marker of a v1 document: always the integer 1. A model with
/// any other `audit_v` does not deserialize, so the writer cannot emit a
/// document its own reader would refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct AuditV1;

impl TryFrom<u32> for AuditV1 {
    type Error = String;
    fn try_from(v: u32) -> Result<AuditV1, String> {
        if v == AUDIT_V {
            Ok(AuditV1)
        } else {
            Err(format!("audit_v {AUDIT_V}, found {v}"))
        }
    }
}

impl From<AuditV1> for u32 {
    fn from(_: AuditV1) -> u32 {
        AUDIT_V
    }
}

/// Which journal records the replay looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplayAuditInput {
    pub journal_lane: String,
    pub journal_path: String,
    pub last_n: u64,
    pub scanned_records: u64,
    pub selected_bytes: u64,
    /// Digests of sampled records, in document order (any strings, D-RA-3).
    pub sample_sha256: Vec<String>,
}

/// The policy the replay ran under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplayAuditPolicy {
    pub env: String,
    pub approval_provided: bool,
    pub mode: ReplayMode,
}

/// `policy.mode`: exactly `dry_run` or `execute` (D-RA-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplayMode {
    DryRun,
    Execute,
}

impl ReplayMode {
    /// Every mode, in the seed's order.
    pub const ALL: [ReplayMode; 2] = [ReplayMode::DryRun, ReplayMode::Execute];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReplayMode::DryRun => "dry_run",
            ReplayMode::Execute => "execute",
        }
    }

    /// Reads a mode string (`invalid_value` outside the two modes).
    pub fn decode(node: &Node<'_>) -> Result<ReplayMode, ReadError> {
        let names = ReplayMode::ALL.map(ReplayMode::as_str);
        let s = node.one_of(&names)?;
        Ok(if s == ReplayMode::DryRun.as_str() {
            ReplayMode::DryRun
        } else {
            ReplayMode::Execute
        })
    }
}

/// One action the replay planned or took, and the decision on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplayAuditAction {
    pub action: String,
    pub role: String,
    pub input_lane: String,
    pub output_lane: String,
    pub stage: String,
    pub target: String,
    pub decision: String,
}

impl ReplayAuditInput {
    /// Reads the `input` object at `node`.
    pub fn decode(node: &Node<'_>) -> Result<ReplayAuditInput, ReadError> {
        let o = node.obj()?;
        Ok(ReplayAuditInput {
            journal_lane: o.req("journal_lane", |n| n.string())?,
            journal_path: o.req("journal_path", |n| n.string())?,
            last_n: o.req("last_n", |n| n.u64())?,
            scanned_records: o.req("scanned_records", |n| n.u64())?,
            selected_bytes: o.req("selected_bytes", |n| n.u64())?,
            sample_sha256: o.req("sample_sha256", |n| n.array(|e| e.string()))?,
        })
    }
}

impl ReplayAuditPolicy {
    /// Reads the `policy` object at `node`.
    pub fn decode(node: &Node<'_>) -> Result<ReplayAuditPolicy, ReadError> {
        let o = node.obj()?;
        Ok(ReplayAuditPolicy {
            env: o.req("env", |n| n.string())?,
            approval_provided: o.req("approval_provided", |n| n.bool())?,
            mode: o.req("mode", ReplayMode::decode)?,
        })
    }
}

impl ReplayAuditAction {
    /// Reads one element of `actions` at `node`.
    pub fn decode(node: &Node<'_>) -> Result<ReplayAuditAction, ReadError> {
        let o = node.obj()?;
        Ok(ReplayAuditAction {
            action: o.req("action", |n| n.string())?,
            role: o.req("role", |n| n.string())?,
            input_lane: o.req("input_lane", |n| n.string())?,
            output_lane: o.req("output_lane", |n| n.string())?,
            stage: o.req("stage", |n| n.string())?,
            target: o.req("target", |n| n.string())?,
            decision: o.req("decision", |n| n.string())?,
        })
    }
}

/// Reads a parsed replay audit document, the version marker first.
pub fn decode(root: &Node<'_>) -> Result<ReplayAudit, ReadError> {
    let o = root.obj()?;
    o.req("audit_v", |n| n.version(Width::U32, u128::from(AUDIT_V)))?;
    Ok(ReplayAudit {
        audit_v: AuditV1,
        created_unix_ms: o.req("created_unix_ms", |n| n.u128())?,
        bundle_dir: o.req("bundle_dir", |n| n.string())?,
        spec_sha256: o.req("spec_sha256", |n| n.string())?,
        input: o.req("input", ReplayAuditInput::decode)?,
        policy: o.req("policy", ReplayAuditPolicy::decode)?,
        actions: o.req("actions", |n| n.array(ReplayAuditAction::decode))?,
    })
}

/// The family registration.
pub struct ReplayAuditV1;

impl Format for ReplayAuditV1 {
    type Doc = ReplayAudit;
    const INFO: FamilyInfo = FamilyInfo {
        id: "replay_audit",
        version: "v1",
        shape: Shape::File { ext: "json" },
        title: "Replay audit JSON: a replay's input sample, policy and per-action decisions",
        seed: "000_1930ef76aad66ae9.txt",
        version_marker: Some("audit_v"),
    };
    fn read(input: Input<'_>, limits: &Limits) -> Result<ReplayAudit, ReadError> {
        decode(&Node::root(&parse_document(input.bytes()?, limits)?))
    }
    fn write(doc: &ReplayAudit) -> Result<Written, WriteError> {
        Ok(Written::File(super::write::pretty_json(doc)))
    }
}

//! `policy_audit.json`: ByteOr policy audit record JSON v1 (seed 000, "Policy
//! audit record JSON v1", producer `byteor-runtime::policy_audit_record_for_spec()`).
//!
//! This module owns the root record: the `policy_version` marker (read first),
//! the policy fields, the runtime crate, and the parse outcome, where `ok`
//! selects exactly one of `spec` (the parsed spec summary, see
//! [`spec_summary`]) or `error`. Every choice the seed leaves open is pinned in
//! corpus/DECISIONS.md (D-PA-*).

pub mod spec_summary;

use crate::error::WriteError;
use crate::error::{ErrorClass, ReadError};
use crate::families::runtime::CrateId;
use crate::family::{FamilyInfo, Format, Input, Shape, Written};
use crate::json::decode::{Obj, Width};
use crate::json::{parse_document, Node};
use crate::limits::Limits;
use serde::{Deserialize, Serialize};
pub use spec_summary::{LaneGraphSummary, SingleRingSummary, SpecSummary};

/// The only `policy_version` this reader implements.
pub const POLICY_VERSION: u32 = 1;

/// The seed's one allowed `stage_failure_policy`.
pub const STOP_PIPELINE: &str = "stop_pipeline";

/// The whole record, fields in the seed's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyAudit {
    /// Whether the spec parsed: `spec` when true, `error` when false (D-PA-2).
    pub ok: bool,
    pub policy_version: u32,
    /// Open string (D-PA-4).
    pub mode: String,
    pub enforced: bool,
    /// Always `stop_pipeline` in v1.
    pub stage_failure_policy: String,
    pub spec_path: String,
    /// Present in every record, `null` allowed (D-PA-3).
    pub lane_path: Option<String>,
    /// Present in every record, `null` allowed (D-PA-3).
    pub wait: Option<String>,
    pub runtime_crate: CrateId,
    /// The parsed spec summary, when `ok`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<SpecSummary>,
    /// The parse error, when not `ok`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `invalid_value` at `key` of `o` when `key` is present at all (even `null`):
/// the member belongs to the other outcome or the other model.
pub(crate) fn forbid(o: &Obj<'_>, key: &str, why: &str) -> Result<(), ReadError> {
    if !o.has(key) {
        return Ok(());
    }
    let path = match o.path() {
        "$" | "" => key.to_string(),
        parent => format!("{parent}.{key}"),
    };
    Err(ReadError::new(ErrorClass::InvalidValue, format!("no `{key}` {why}")).at(path))
}

/// Reads a parsed `policy_audit.json`.
pub fn decode(root: &Node<'_>) -> Result<PolicyAudit, ReadError> {
    let o = root.obj()?;
    // The marker first, so a future version is never reported as some other
    // field's fault (D-ALL-5).
    o.req("policy_version", |n| {
        n.version(Width::U32, u128::from(POLICY_VERSION))
    })?;
    let ok = o.req("ok", |n| n.bool())?;
    let mode = o.req("mode", |n| n.string())?;
    let enforced = o.req("enforced", |n| n.bool())?;
    let stage_failure_policy = o.req("stage_failure_policy", |n| n.constant(STOP_PIPELINE))?;
    let spec_path = o.req("spec_path", |n| n.string())?;
    let lane_path = o.req("lane_path", |n| n.nullable(|s| s.string()))?;
    let wait = o.req("wait", |n| n.nullable(|s| s.string()))?;
    let runtime_crate = o.req("runtime_crate", CrateId::decode)?;
    let (spec, error) = if ok {
        let spec = o.req("spec", SpecSummary::decode)?;
        forbid(&o, "error", "when ok is true")?;
        (Some(spec), None)
    } else {
        let error = o.req("error", |n| n.string())?;
        forbid(&o, "spec", "when ok is false")?;
        (None, Some(error))
    };
    Ok(PolicyAudit {
        ok,
        policy_version: POLICY_VERSION,
        mode,
        enforced,
        stage_failure_policy,
        spec_path,
        lane_path,
        wait,
        runtime_crate,
        spec,
        error,
    })
}

/// The family registration.
pub struct PolicyAuditV1;

impl Format for PolicyAuditV1 {
    type Doc = PolicyAudit;
    const INFO: FamilyInfo = FamilyInfo {
        id: "policy_audit",
        version: "v1",
        shape: Shape::File { ext: "json" },
        title: "policy_audit.json: policy audit record with the parsed spec summary (incident bundle member)",
        seed: "000_1930ef76aad66ae9.txt",
        version_marker: Some("policy_version"),
    };
    fn read(input: Input<'_>, limits: &Limits) -> Result<PolicyAudit, ReadError> {
        decode(&Node::root(&parse_document(input.bytes()?, limits)?))
    }
    fn write(doc: &PolicyAudit) -> Result<Written, WriteError> {
        Ok(Written::File(crate::families::write::pretty_json(doc)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> ReadError {
        PolicyAuditV1::read(Input::Bytes(text.as_bytes()), &Limits::default()).unwrap_err()
    }

    const HEAD: &str = r#""policy_version": 1, "mode": "m", "enforced": true, "stage_failure_policy": "stop_pipeline", "spec_path": "s", "lane_path": null, "wait": null, "runtime_crate": {"name": "n", "version": "v"}"#;

    #[test]
    fn errors_name_their_field() {
        let e = err(&format!(
            r#"{{"ok": true, {HEAD}, "spec": {{"model": "LaneGraph", "lane_graph": {{"on_full": "block", "lanes": 1, "roles": 1, "endpoints": 1, "lane_kinds": {{"events": -1}}, "role_kinds": {{}}}}}}}}"#
        ));
        assert_eq!(e.class, ErrorClass::OutOfRange);
        assert_eq!(e.path.as_deref(), Some("spec.lane_graph.lane_kinds.events"));

        let e = err(&format!(
            r#"{{"ok": true, {HEAD}, "spec": {{"model": "SingleRing", "single_ring": {{"shards": 1, "ordering": "o", "producer": "p", "scheduling": "s", "shard_key": "k", "stages": 1}}, "lane_graph": null}}}}"#
        ));
        assert_eq!(e.class, ErrorClass::InvalidValue);
        assert_eq!(e.path.as_deref(), Some("spec.lane_graph"));

        let e = err(&format!(
            r#"{{"ok": false, {HEAD}, "error": "x", "spec": null}}"#
        ));
        assert_eq!(e.class, ErrorClass::InvalidValue);
        assert_eq!(e.path.as_deref(), Some("spec"));

        let e = err(&format!(r#"{{"ok": false, {HEAD}}}"#));
        assert_eq!(e.class, ErrorClass::MissingField);
        assert_eq!(e.path.as_deref(), Some("error"));
    }

    #[test]
    fn version_is_read_before_everything_else() {
        let e = err(r#"{"ok": "no", "policy_version": 3}"#);
        assert_eq!(e.class, ErrorClass::UnsupportedVersion);
        assert_eq!(e.path.as_deref(), Some("policy_version"));
        assert_eq!(err(r#"{"ok": true}"#).class, ErrorClass::MissingField);
    }
}

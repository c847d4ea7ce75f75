//! The parsed spec summary inside a policy audit record (`spec`): the
//! `model` discriminator and exactly one model summary, `single_ring` for a
//! SingleRing spec or `lane_graph` for a LaneGraph spec. The summaries'
//! field names and types are pinned in corpus/DECISIONS.md (D-PA-6..9).

use super::forbid;
use crate::error::{ErrorClass, ReadError};
use crate::json::decode::type_name;
use crate::json::Node;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// `model` of a SingleRing spec.
pub const SINGLE_RING: &str = "SingleRing";
/// `model` of a LaneGraph spec.
pub const LANE_GRAPH: &str = "LaneGraph";

/// The parsed spec summary. Exactly one of the two summaries is present,
/// the one `model` names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecSummary {
    /// `SingleRing` or `LaneGraph`.
    pub model: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_ring: Option<SingleRingSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lane_graph: Option<LaneGraphSummary>,
}

/// "SingleRing summaries include shard, ordering, producer, scheduling,
/// shard key, and stage counts."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SingleRingSummary {
    /// Number of shards.
    pub shards: u32,
    pub ordering: String,
    pub producer: String,
    pub scheduling: String,
    pub shard_key: String,
    /// Number of stages.
    pub stages: u32,
}

/// "LaneGraph summaries include on_full, plus lane, role, endpoint,
/// lane-kind, and role-kind summaries."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaneGraphSummary {
    pub on_full: String,
    /// Number of lanes.
    pub lanes: u32,
    /// Number of roles.
    pub roles: u32,
    /// Number of endpoints.
    pub endpoints: u32,
    /// Lanes per lane kind.
    pub lane_kinds: BTreeMap<String, u32>,
    /// Roles per role kind.
    pub role_kinds: BTreeMap<String, u32>,
}

impl SpecSummary {
    /// Reads the summary at `node` (the record's `spec`).
    pub fn decode(node: &Node<'_>) -> Result<SpecSummary, ReadError> {
        let o = node.obj()?;
        let model = o.req("model", |n| n.one_of(&[SINGLE_RING, LANE_GRAPH]))?;
        if model == SINGLE_RING {
            let single_ring = o.req("single_ring", SingleRingSummary::decode)?;
            forbid(&o, "lane_graph", "in a SingleRing summary")?;
            Ok(SpecSummary {
                model,
                single_ring: Some(single_ring),
                lane_graph: None,
            })
        } else {
            let lane_graph = o.req("lane_graph", LaneGraphSummary::decode)?;
            forbid(&o, "single_ring", "in a LaneGraph summary")?;
            Ok(SpecSummary {
                model,
                single_ring: None,
                lane_graph: Some(lane_graph),
            })
        }
    }
}

impl SingleRingSummary {
    /// Reads `{shards, ordering, producer, scheduling, shard_key, stages}`.
    pub fn decode(node: &Node<'_>) -> Result<SingleRingSummary, ReadError> {
        let o = node.obj()?;
        Ok(SingleRingSummary {
            shards: o.req("shards", |n| n.u32())?,
            ordering: o.req("ordering", |n| n.string())?,
            producer: o.req("producer", |n| n.string())?,
            scheduling: o.req("scheduling", |n| n.string())?,
            shard_key: o.req("shard_key", |n| n.string())?,
            stages: o.req("stages", |n| n.u32())?,
        })
    }
}

impl LaneGraphSummary {
    /// Reads `{on_full, lanes, roles, endpoints, lane_kinds, role_kinds}`.
    pub fn decode(node: &Node<'_>) -> Result<LaneGraphSummary, ReadError> {
        let o = node.obj()?;
        Ok(LaneGraphSummary {
            on_full: o.req("on_full", |n| n.string())?,
            lanes: o.req("lanes", |n| n.u32())?,
            roles: o.req("roles", |n| n.u32())?,
            endpoints: o.req("endpoints", |n| n.u32())?,
            lane_kinds: o.req("lane_kinds", kind_counts)?,
            role_kinds: o.req("role_kinds", kind_counts)?,
        })
    }
}

/// A `{kind: u32}` map: every key is a kind name (data, so no key is
/// unknown), every value a u32 count, reported at `<map path>.<kind>`.
fn kind_counts(node: &Node<'_>) -> Result<BTreeMap<String, u32>, ReadError> {
    let Value::Object(map) = node.value() else {
        return Err(ReadError::new(ErrorClass::WrongType, "object")
            .at(node.path())
            .found(type_name(node.value())));
    };
    let mut out = BTreeMap::new();
    for (kind, value) in map {
        let count = Node::root(value)
            .u32()
            .map_err(|e| e.at(format!("{}.{kind}", node.path())))?;
        out.insert(kind.clone(), count);
    }
    Ok(out)
}

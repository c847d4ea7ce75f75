//! The typed DataGuard report and its normalized model: one flat JSON object
//! keyed by the literal KV keys of the fields v1 defines that the document
//! holds, with typed values (integers as exact JSON integers, `cost.enabled`
//! as a JSON boolean, the rest as strings). Unknown keys are not in it.
//!
//! ```json
//! {"counts.rows": 3, "expected.codec_id": 7, "report.kind": "dataguard",
//!  "report.v": 1, "schema.registry_root": "/srv/registry"}
//! ```
//!
//! Deserializing a model applies every rule the KV reader applies (it feeds
//! the same [`super::build::Builder`]), so a model that deserializes always
//! renders to KV that reads back to the same model.

use super::build::Builder;
use super::counters::Counters;
use super::keys::{self, ModelType};
use crate::error::{ErrorClass, ReadError};
use serde::de::Error as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;

/// A DataGuard report, KV v1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataGuardReport {
    /// `report.v`: always 1 in a v1 document.
    pub version: u32,
    /// `report.kind`: always `dataguard`.
    pub kind: String,
    /// `schema.registry_root`.
    pub registry_root: String,
    /// `expected.codec_id`.
    pub codec_id: u16,
    /// `schema.id` + `schema.version`, present together or not at all.
    pub schema: Option<SchemaSelection>,
    /// `policy.redaction.mode` + `policy.redaction.rules`, together or not at all.
    pub redaction: Option<Redaction>,
    /// `cost.enabled` and, when true, the attribution fields.
    pub cost: Option<Cost>,
    /// `counts.*`: at least one.
    pub counts: Counters,
}

/// Which schema the audit selected from the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaSelection {
    pub id: String,
    pub version: u32,
}

/// How the audit redacted, and the size of its rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redaction {
    pub mode: RedactionMode,
    /// The number of redaction rules in the policy.
    pub rules: u32,
}

/// `policy.redaction.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedactionMode {
    Off,
    Mask,
    Hash,
    Drop,
}

impl RedactionMode {
    /// Every mode, in the order of [`keys::REDACTION_MODES`].
    pub const ALL: [RedactionMode; 4] = [Self::Off, Self::Mask, Self::Hash, Self::Drop];

    /// The KV and model spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RedactionMode::Off => "off",
            RedactionMode::Mask => "mask",
            RedactionMode::Hash => "hash",
            RedactionMode::Drop => "drop",
        }
    }

    /// Parses a spelling from [`keys::REDACTION_MODES`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// Cost attribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cost {
    /// `cost.enabled=false`: no attribution fields.
    Disabled,
    /// `cost.enabled=true` with `cost.center` and `cost.bytes`.
    Enabled { center: String, bytes: u64 },
}

/// A counter's model key, `counts.<name>`, written without an intermediate string.
struct CounterKey<'a>(&'a str);

impl Serialize for CounterKey<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{}{}", keys::COUNTS_PREFIX, self.0))
    }
}

/// One model value of any kind, for the fields emitted in key order.
pub(super) enum Field<'a> {
    Str(&'a str),
    Bool(bool),
    Int(u64),
}

impl DataGuardReport {
    /// The known fields other than the counters, as (key, value), in key order.
    pub(super) fn fields(&self) -> Vec<(&'static str, Field<'_>)> {
        let mut out = Vec::with_capacity(keys::KNOWN.len());
        match &self.cost {
            Some(Cost::Enabled { center, bytes }) => {
                out.push((keys::COST_BYTES, Field::Int(*bytes)));
                out.push((keys::COST_CENTER, Field::Str(center)));
                out.push((keys::COST_ENABLED, Field::Bool(true)));
            }
            Some(Cost::Disabled) => out.push((keys::COST_ENABLED, Field::Bool(false))),
            None => {}
        }
        out.push((keys::CODEC_ID, Field::Int(u64::from(self.codec_id))));
        if let Some(r) = &self.redaction {
            out.push((keys::REDACTION_MODE, Field::Str(r.mode.as_str())));
            out.push((keys::REDACTION_RULES, Field::Int(u64::from(r.rules))));
        }
        out.push((keys::KIND, Field::Str(&self.kind)));
        out.push((keys::VERSION, Field::Int(u64::from(self.version))));
        if let Some(s) = &self.schema {
            out.push((keys::SCHEMA_ID, Field::Str(&s.id)));
        }
        out.push((keys::REGISTRY_ROOT, Field::Str(&self.registry_root)));
        if let Some(s) = &self.schema {
            out.push((keys::SCHEMA_VERSION, Field::Int(u64::from(s.version))));
        }
        out
    }

    /// Reads a normalized model, applying every rule the KV reader applies.
    pub fn from_model(model: &Map<String, Value>) -> Result<Self, ReadError> {
        let mut literals: Vec<(&str, Cow<'_, str>)> = Vec::with_capacity(model.len());
        for (key, value) in model {
            let Some(want) = keys::model_type(key) else {
                continue; // unknown keys are ignored, as in KV (D-DG-9)
            };
            let literal = match (want, value) {
                (ModelType::String, Value::String(s)) => Cow::Borrowed(s.as_str()),
                (ModelType::Bool, Value::Bool(b)) => {
                    Cow::Borrowed(if *b { "true" } else { "false" })
                }
                (ModelType::Integer, Value::Number(n)) => Cow::Owned(n.to_string()),
                _ => {
                    let want = match want {
                        ModelType::String => "a string",
                        ModelType::Bool => "a boolean",
                        ModelType::Integer => "an integer",
                    };
                    return Err(ReadError::new(ErrorClass::WrongType, want)
                        .at(key.as_str())
                        .found(crate::json::decode::type_name(value)));
                }
            };
            literals.push((key.as_str(), literal));
        }
        let mut b = Builder::new();
        for (key, literal) in &literals {
            b.model_entry(key, literal)?;
        }
        b.finish()
    }
}

impl Serialize for DataGuardReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fields = self.fields();
        let mut map = s.serialize_map(Some(fields.len() + self.counts.len()))?;
        let split = fields.partition_point(|(k, _)| *k < keys::COUNTS_PREFIX);
        let entry = |map: &mut S::SerializeMap, k: &str, v: &Field<'_>| match v {
            Field::Str(x) => map.serialize_entry(k, x),
            Field::Bool(x) => map.serialize_entry(k, x),
            Field::Int(x) => map.serialize_entry(k, x),
        };
        for (k, v) in &fields[..split] {
            entry(&mut map, k, v)?;
        }
        for (name, value) in self.counts.iter() {
            map.serialize_entry(&CounterKey(name), &value)?;
        }
        for (k, v) in &fields[split..] {
            entry(&mut map, k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for DataGuardReport {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = Map::<String, Value>::deserialize(d)?;
        DataGuardReport::from_model(&map).map_err(D::Error::custom)
    }
}

impl fmt::Display for RedactionMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

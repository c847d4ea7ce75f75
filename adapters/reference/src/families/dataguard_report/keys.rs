//! The declared keys of DataGuard report KV v1 (corpus/DECISIONS.md D-DG-*,
//! corpus/dataguard_report/v1/schema.kv.json): their names, their value
//! kinds, and the slot each known key fills while a document is read.

/// The version marker (u32, must be 1).
pub const VERSION: &str = "report.v";
/// The report kind (constant `dataguard`).
pub const KIND: &str = "report.kind";
/// The schema registry root path (non-empty string).
pub const REGISTRY_ROOT: &str = "schema.registry_root";
/// The codec id the audit expected (u16).
pub const CODEC_ID: &str = "expected.codec_id";
/// Schema selection: the selected schema's id (non-empty string).
pub const SCHEMA_ID: &str = "schema.id";
/// Schema selection: the selected schema's version (u32).
pub const SCHEMA_VERSION: &str = "schema.version";
/// Redaction: the mode (enumeration [`REDACTION_MODES`]).
pub const REDACTION_MODE: &str = "policy.redaction.mode";
/// Redaction: the rule summary, the number of rules in the policy (u32).
pub const REDACTION_RULES: &str = "policy.redaction.rules";
/// Cost attribution switch (boolean).
pub const COST_ENABLED: &str = "cost.enabled";
/// Cost attribution: the cost center charged (non-empty string).
pub const COST_CENTER: &str = "cost.center";
/// Cost attribution: the bytes attributed (u64).
pub const COST_BYTES: &str = "cost.bytes";
/// Every key with this prefix is a u64 counter.
pub const COUNTS_PREFIX: &str = "counts.";

/// The redaction modes.
pub const REDACTION_MODES: &[&str] = &["off", "mask", "hash", "drop"];

/// Every known key other than the counters, in slot order.
pub const KNOWN: [&str; 11] = [
    VERSION,
    KIND,
    REGISTRY_ROOT,
    CODEC_ID,
    SCHEMA_ID,
    SCHEMA_VERSION,
    REDACTION_MODE,
    REDACTION_RULES,
    COST_ENABLED,
    COST_CENTER,
    COST_BYTES,
];

/// The slot of a known key, `None` for counters and unknown keys.
pub fn slot(key: &str) -> Option<usize> {
    KNOWN.iter().position(|k| *k == key)
}

/// The JSON type a key's value has in the normalized model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelType {
    String,
    Bool,
    Integer,
}

/// The model type of a known key or counter; `None` for unknown keys.
pub fn model_type(key: &str) -> Option<ModelType> {
    if key.starts_with(COUNTS_PREFIX) {
        return Some(ModelType::Integer);
    }
    match key {
        VERSION | CODEC_ID | SCHEMA_VERSION | REDACTION_RULES | COST_BYTES => {
            Some(ModelType::Integer)
        }
        COST_ENABLED => Some(ModelType::Bool),
        KIND | REGISTRY_ROOT | SCHEMA_ID | REDACTION_MODE | COST_CENTER => Some(ModelType::String),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_key_has_a_slot_and_a_type() {
        for (i, k) in KNOWN.iter().enumerate() {
            assert_eq!(slot(k), Some(i));
            assert!(model_type(k).is_some(), "{k}");
            assert!(crate::kv::key::is_valid(k));
        }
        assert_eq!(slot("counts.x"), None);
        assert_eq!(model_type("counts.x"), Some(ModelType::Integer));
        assert_eq!(model_type("report.generated_at"), None);
    }
}

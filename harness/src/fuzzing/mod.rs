//! The properties the cargo-fuzz targets under `fuzz/` assert, one module a
//! target, kept here so the same code runs under libFuzzer and, for every
//! saved regression input (`fuzz/regressions/<target>/`), under `cargo test`.
//! Each `check` panics on a violated property and returns otherwise.

pub mod adapter;
pub mod bundle;
pub mod differential;
pub mod excuses;
pub mod jcs;
pub mod json_readers;
pub mod kv;
pub mod runpack;
pub mod schemas;
pub mod sections;
pub mod select;

/// A target's property.
pub type Check = fn(&[u8]);

/// Every target by its cargo-fuzz name, with its property.
pub const TARGETS: &[(&str, Check)] = &[
    ("kv_dataguard", kv::check),
    ("json_readers", json_readers::check),
    ("json_schema_differential", differential::check),
    ("jcs", jcs::check),
    ("incident_bundle", bundle::check),
    ("runpack_verify", runpack::check),
    ("adapter_differential", adapter::check),
];

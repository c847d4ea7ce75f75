//! One module per artifact family and version.

pub mod compile_report;
pub mod dataguard_report;
pub mod environment;
pub mod incident_bundle;
pub mod policy_audit;
pub mod replay_audit;
pub mod runpack;
pub mod runpack_export_input;
pub mod runpack_export_output;
pub mod runtime;
pub mod spec_validation;
pub mod write;

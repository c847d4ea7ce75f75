//! One module per artifact family and version.

pub mod environment;
pub mod replay_audit;
pub mod runtime;
pub mod spec_validation;
pub mod write;

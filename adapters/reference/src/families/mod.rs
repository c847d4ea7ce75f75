//! One module per artifact family and version.

pub mod dataguard_report;
pub mod runtime;
pub mod spec_validation;
pub mod write;

//! One module per artifact family and version.

pub mod runtime;
pub mod spec_validation;
pub mod write;

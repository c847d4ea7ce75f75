//! More rows for `compat_table.rs`, by class: the 2020-12 keywords beyond
//! the core model and map-typed objects ([`keywords`]), equivalent schemas
//! that must give no finding ([`equivalence`]), removed names recorded in
//! `x-reserved` ([`reserved`]).

pub mod equivalence;
pub mod keywords;
pub mod reserved;

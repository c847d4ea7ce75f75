//! conformkit: the harness. It loads the golden corpus ([`corpus`]), runs
//! each case through an adapter, judges the outcome against the case's
//! expectation ([`verdict`]) and drives it all from the CLI ([`cli`]). The
//! schema-change gate lives in [`compat`].

pub mod artifact;
pub mod cli;
pub mod compat;
pub mod corpus;
pub mod fuzz_seeds;
pub mod verdict;

pub use conformkit_reference as reference;

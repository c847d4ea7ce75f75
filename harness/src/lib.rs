//! conformkit: the harness. It loads the golden corpus ([`corpus`]), runs
//! each case through an adapter, judges the outcome against the case's
//! expectation ([`verdict`]) and drives it all from the CLI ([`cli`]). The
//! schema-change gate lives in [`compat`]. `certify` puts an implementation through the corpus: [`adapter`] is the
//! interface to it (in-process reference, or any program over the process
//! protocol), [`certify`] runs the cases, [`expected`] applies the
//! expected-failures list and [`results`] is the result model, which
//! [`report`] renders to JSON, Markdown, JUnit XML, HTML and badges.

pub mod adapter;
pub mod artifact;
pub mod atomic;
pub mod certify;
pub mod cli;
pub mod compat;
pub mod corpus;
pub mod expected;
pub mod fuzz;
pub mod fuzz_seeds;
pub mod fuzzing;
pub mod interrupt;
pub mod progress;
pub mod report;
pub mod results;
pub mod scratch;
pub mod verdict;
pub mod workflow_commands;

pub use conformkit_reference as reference;

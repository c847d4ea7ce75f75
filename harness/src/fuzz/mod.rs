//! `conformkit fuzz`: differential fuzzing of any implementation over the
//! adapter protocol, with the reference reader as the oracle. Inputs come
//! from the corpus ([`seeds`]) and are mutated with structure per family
//! kind ([`mutate`]); each one goes through the reference and the adapter
//! ([`oracle`], which reuses certify's sandbox, verdict and writer check);
//! [`campaign`] runs the loop, [`shrink`] reduces each new disagreement
//! and [`finding`] writes it as a ready corpus case. Not to be confused
//! with `crate::fuzzing`, the bodies of the cargo-fuzz targets.

pub mod answer;
pub mod campaign;
pub mod finding;
pub mod mutate;
pub mod oracle;
pub mod sample;
pub mod seeds;
pub mod shrink;
pub mod summary;

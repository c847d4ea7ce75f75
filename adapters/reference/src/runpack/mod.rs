//! Decision Gate runpacks: the RFC 8785 canonicalizer ([`jcs`]) and what
//! bytes break of it ([`jcs_diagnose`]), digests and
//! streaming hashes ([`digest`], on a pool of threads: [`hash_pool`]), runpack-relative paths ([`paths`]), the
//! manifest and report types ([`manifest`], [`report`], [`fields`]), the
//! reference writer ([`writer`]) and the offline verifier ([`verifier`]).
//! The families built on them live in `families::runpack*`.

pub mod digest;
pub mod fields;
pub mod hash_pool;
pub mod jcs;
pub mod jcs_diagnose;
pub mod manifest;
pub mod paths;
pub mod report;
pub mod verifier;
pub mod writer;

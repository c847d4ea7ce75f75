//! The corpus model: cases on disk (`corpus/<family>/<version>/<case>/`),
//! their metadata and discovery. The corpus is data only; this module is
//! the one place that knows its layout.

mod archive;
mod case;
mod clauses;
pub mod embedded;
mod export;
mod fingerprint;
mod fingerprint_core;
mod load;
mod root;

pub use case::{Case, CaseMeta, Expect};
pub use clauses::{load_clauses, Clause, ClauseIndex, CLAUSES_FILE};
pub use export::{export, prepare_out, MANIFEST_FORMAT};
pub use fingerprint::fingerprint;
pub use load::{default_root, load_case, load_corpus, not_a_corpus, CorpusError};
pub use root::CorpusRoot;

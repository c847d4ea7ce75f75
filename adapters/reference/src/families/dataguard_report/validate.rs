//! The validating reader: the verdict of [`super::read::read`] (the same
//! error, field for field, when it fails) without building the report, so
//! nothing is stored per counter, and in parallel over the available cores.
//!
//! The lines go through [`crate::kv::pieces`], one piece of the document per
//! thread, each into its own counting [`Builder`]; the builders are then
//! combined in document order ([`Builder::absorb`]: line numbers shifted,
//! the earliest counter fault kept) and judged once, by the same code that
//! judges a report being built. A file is memory-mapped when large
//! ([`crate::file_bytes`]).

use super::build::{Builder, Tally};
use crate::error::ReadError;
use crate::file_bytes;
use crate::kv::pieces::{self, Sink, Split};
use crate::kv::Line;
use crate::limits::Limits;
use crate::summary::Summary;
use std::path::Path;

impl<'a> Sink<'a> for Builder<'a> {
    #[inline(always)]
    fn line(&mut self, line: Line<'a>) {
        Builder::line(self, line);
    }
}

/// Validates a DataGuard report KV v1 document, on as many threads as the
/// machine has cores (one for a small document).
pub fn validate(bytes: &[u8], limits: &Limits) -> Result<Summary, ReadError> {
    validate_split(bytes, limits, Split::for_len(bytes.len()))
}

/// [`validate`] cut as `split` says (tests cut small documents).
pub fn validate_split(bytes: &[u8], limits: &Limits, split: Split) -> Result<Summary, ReadError> {
    judge(
        bytes,
        pieces::scan(bytes, limits, split, Builder::counting)?,
    )
}

/// Validates the file at `path`, mapped when large; the verdict of reading
/// it with [`crate::family::Family::read_path`]. Each piece's thread maps
/// its own part of the file's pages before reading them.
pub fn validate_path(path: &Path, limits: &Limits) -> Result<Summary, ReadError> {
    let file = file_bytes::open(path, limits)?;
    let bytes: &[u8] = &file;
    let scan = pieces::scan_prepared(
        bytes,
        limits,
        Split::for_len(bytes.len()),
        Builder::counting,
        |start, end| file.prefault(start, end),
    )?;
    judge(bytes, scan)
}

/// Combines the pieces' builders in document order and judges once.
fn judge<'a>(bytes: &[u8], scan: pieces::Scan<Builder<'a>>) -> Result<Summary, ReadError> {
    let mut all = Builder::counting();
    for piece in scan.pieces {
        all.absorb(piece.sink, piece.offset);
    }
    let Tally {
        counters,
        known,
        unknown,
    } = all.verdict()?;
    Ok(Summary::default()
        .with("bytes", bytes.len() as u64)
        .with("lines", scan.lines)
        .with("counters", counters)
        .with("known_keys", known)
        .with("unknown_keys", unknown))
}

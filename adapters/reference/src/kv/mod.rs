//! The generic KV line grammar shared by every `key=value` artifact (the
//! DataGuard report, later the incident bundle's `spec.kv`): strict intake of
//! the bytes ([`text`]), the line iterator with its pinned rules ([`lines`]),
//! key syntax ([`key`]), duplicate detection ([`dupes`]), typed values
//! ([`value`]), the canonical renderer ([`render`]) and the grammar over a
//! document cut into pieces read in parallel ([`pieces`]).
//!
//! The grammar, pinned in corpus/DECISIONS.md (D-KV-*):
//!
//! - the document is UTF-8 without a byte order mark, validated once (chunk
//!   by chunk ahead of the lines);
//! - every line ends in LF; CRLF is accepted as one terminator, a CR anywhere
//!   else is a `syntax` error, and so is a last line without its LF;
//! - every line is one `key=value` pair: blank lines, comment lines and lines
//!   without `=` are `syntax` errors;
//! - the first `=` ends the key; later ones belong to the value;
//! - a key is one or more dot-separated segments of `[A-Za-z0-9_-]` (no
//!   whitespace, no empty segment);
//! - a value is every character after the first `=` up to the terminator,
//!   taken literally (no trimming, no escapes); it may be empty;
//! - a key appears at most once (`duplicate_key`).
//!
//! Every error carries the 1-based line and, once the key is known, the key.
//! Lines are borrowed slices of the validated text: no per-line allocation.

pub mod dupes;
pub mod key;
pub mod lines;
pub mod pieces;
pub mod render;
pub mod scan;
pub mod text;
pub mod value;

pub use lines::{Line, Lines};
pub use render::{render_pairs, KvWriter, RenderError};

use crate::error::ReadError;
use crate::limits::Limits;

/// Checks `bytes` against `limits` and the BOM rule and iterates its pairs,
/// validating UTF-8 as the lines come (an invalid byte is reported at its
/// line, in document order with the other faults).
pub fn parse<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Lines<'a>, ReadError> {
    text::check_intake(bytes, limits)?;
    Ok(Lines::from_bytes(bytes))
}

//! KV text to [`DataGuardReport`]: the generic KV grammar yields borrowed
//! lines, the [`Builder`] types them; nothing is allocated per line except
//! the counter's place in the arena.

use super::build::Builder;
use super::model::DataGuardReport;
use crate::error::ReadError;
use crate::kv;
use crate::limits::Limits;

/// Reads a DataGuard report KV v1 document.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<DataGuardReport, ReadError> {
    let mut builder = Builder::new();
    let mut lines = kv::parse(bytes, limits)?;
    lines.each(|line| {
        builder.line(line);
        true
    })?;
    builder.finish(lines.sorted())
}

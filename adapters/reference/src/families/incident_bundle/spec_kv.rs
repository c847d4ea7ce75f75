//! `spec.kv`, the pipeline spec as the producer wrote it. The seed names the
//! file but not its keys, so it is read with the shared KV grammar only and
//! kept as a map of key to literal value (D-IB-7).

use crate::error::ReadError;
use crate::kv;
use crate::limits::Limits;
use std::collections::BTreeMap;

/// Reads every pair of `spec.kv` under the KV grammar's rules.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<BTreeMap<String, String>, ReadError> {
    let mut out = BTreeMap::new();
    for line in kv::parse(bytes, limits)? {
        let line = line?;
        out.insert(line.key.to_string(), line.value.to_string());
    }
    Ok(out)
}

/// Renders the map, keys in byte order, one `key=value` line each; refuses a
/// key outside the key syntax or a value with a line break, which no model
/// this reader produced can hold.
pub fn render(spec: &BTreeMap<String, String>) -> Result<Vec<u8>, kv::RenderError> {
    kv::render_pairs(spec.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

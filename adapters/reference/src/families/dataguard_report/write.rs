//! [`DataGuardReport`] to KV text in the canonical order: every pair in
//! ascending byte order of its key (D-DG-10), one `key=value\n` line each.

use super::keys;
use super::model::{DataGuardReport, Field};
use crate::kv::{KvWriter, RenderError};

/// Renders `doc`. Fails only for a hand-built report holding what KV cannot
/// carry (a CR or LF in a string, a counter name without the key syntax);
/// reports from the reader or from a model never do.
pub fn render(doc: &DataGuardReport) -> Result<Vec<u8>, RenderError> {
    let fields = doc.fields();
    let mut w = KvWriter::new();
    let mut digits = [0u8; 20];
    let mut put = |w: &mut KvWriter, key: &str, value: &Field<'_>| match value {
        Field::Str(s) => w.pair(key, s),
        Field::Bool(b) => w.pair(key, if *b { "true" } else { "false" }),
        Field::Int(n) => w.pair(key, decimal(&mut digits, *n)),
    };
    let split = fields.partition_point(|(k, _)| *k < keys::COUNTS_PREFIX);
    for (k, v) in &fields[..split] {
        put(&mut w, k, v)?;
    }
    let mut buf = [0u8; 20];
    for (name, value) in doc.counts.iter() {
        w.pair_split(keys::COUNTS_PREFIX, name, decimal(&mut buf, value))?;
    }
    for (k, v) in &fields[split..] {
        put(&mut w, k, v)?;
    }
    Ok(w.finish())
}

/// `n` in decimal digits, written into `buf`.
fn decimal(buf: &mut [u8; 20], mut n: u64) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_digits() {
        let mut b = [0u8; 20];
        assert_eq!(decimal(&mut b, 0), "0");
        assert_eq!(decimal(&mut b, u64::MAX), "18446744073709551615");
    }
}

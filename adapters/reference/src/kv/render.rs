//! The KV renderer: appends `key=value\n` lines in the order given, after
//! checking that every key has the key syntax and no value holds a CR or LF
//! (the format has no escapes, so such a value cannot be written).

use super::key;
use std::fmt;

/// Why a pair cannot be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError(pub String);

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RenderError {}

/// A KV document being written.
#[derive(Debug, Default)]
pub struct KvWriter {
    out: Vec<u8>,
}

impl KvWriter {
    /// An empty document.
    pub fn new() -> Self {
        KvWriter::default()
    }

    /// Appends the pair whose key is `head` followed by `tail` (so a prefix
    /// and a name need no joined string).
    pub fn pair_split(&mut self, head: &str, tail: &str, value: &str) -> Result<(), RenderError> {
        let start = self.out.len();
        self.out.extend_from_slice(head.as_bytes());
        self.out.extend_from_slice(tail.as_bytes());
        if let Err(fault) = key::check_from(&self.out[start..], 0) {
            let shown = String::from_utf8_lossy(&self.out[start..]).into_owned();
            self.out.truncate(start);
            return Err(RenderError(format!(
                "key {shown:?} is not a valid KV key ({} at column {})",
                fault.found, fault.column
            )));
        }
        if memchr::memchr2(b'\n', b'\r', value.as_bytes()).is_some() {
            let shown = String::from_utf8_lossy(&self.out[start..]).into_owned();
            self.out.truncate(start);
            return Err(RenderError(format!(
                "the value of `{shown}` holds a CR or LF, which KV cannot represent"
            )));
        }
        self.out.push(b'=');
        self.out.extend_from_slice(value.as_bytes());
        self.out.push(b'\n');
        Ok(())
    }

    /// Appends `key=value`.
    pub fn pair(&mut self, key: &str, value: &str) -> Result<(), RenderError> {
        self.pair_split(key, "", value)
    }

    /// The rendered bytes.
    pub fn finish(self) -> Vec<u8> {
        self.out
    }
}

/// Renders `pairs` as KV lines, in the order given.
pub fn render_pairs<'p, I>(pairs: I) -> Result<Vec<u8>, RenderError>
where
    I: IntoIterator<Item = (&'p str, &'p str)>,
{
    let mut w = KvWriter::new();
    for (k, v) in pairs {
        w.pair(k, v)?;
    }
    Ok(w.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_refuses() {
        assert_eq!(
            render_pairs([("a.b", "x=y"), ("c", "")]).unwrap(),
            b"a.b=x=y\nc=\n"
        );
        assert!(render_pairs([("a b", "1")]).is_err());
        assert!(render_pairs([("a", "1\r")]).is_err());
        assert!(render_pairs([("a", "1\n")]).is_err());
        let mut w = KvWriter::new();
        w.pair_split("counts.", "x", "1").unwrap();
        assert!(w.pair_split("counts.", "", "1").is_err());
        assert_eq!(w.finish(), b"counts.x=1\n");
    }
}

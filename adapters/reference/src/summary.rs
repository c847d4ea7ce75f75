//! What a validating read reports about a valid artifact
//! ([`crate::family::Family::validate_path`]): named counts in a fixed
//! order, such as its bytes, lines and keys.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::fmt;

/// Named counts about a valid artifact, in the order they were added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    counts: Vec<(&'static str, u64)>,
}

impl Summary {
    /// Adds the count `name` (snake_case).
    pub fn with(mut self, name: &'static str, count: u64) -> Self {
        self.counts.push((name, count));
        self
    }

    /// The count `name`, if present.
    pub fn get(&self, name: &str) -> Option<u64> {
        self.counts
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| *c)
    }

    /// Every count, in order.
    pub fn counts(&self) -> &[(&'static str, u64)] {
        &self.counts
    }
}

impl fmt::Display for Summary {
    /// `bytes=268446140 lines=4652936 ...` (nothing when empty).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, count)) in self.counts.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{name}={count}")?;
        }
        Ok(())
    }
}

impl Serialize for Summary {
    /// A JSON object of the counts, in order.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.counts.len()))?;
        for (name, count) in &self.counts {
            map.serialize_entry(name, count)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_and_serializes_in_order() {
        let s = Summary::default().with("bytes", 12).with("known_keys", 3);
        assert_eq!(s.to_string(), "bytes=12 known_keys=3");
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"bytes":12,"known_keys":3}"#
        );
        assert_eq!(s.get("known_keys"), Some(3));
        assert_eq!(Summary::default().to_string(), "");
        assert!(Summary::default().counts().is_empty());
    }
}

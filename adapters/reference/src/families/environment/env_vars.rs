//! The `env` list of `environment.json`: `[key, value]` string pairs sorted
//! by key. "Sorted" is pinned in corpus/DECISIONS.md (D-ENV-2): strictly
//! ascending byte order of the UTF-8 keys (equivalently Unicode code point
//! order, Rust's `str` order), so a key appears at most once. [`EnvVars`]
//! can only hold a list that keeps that rule.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// One environment variable: `(key, value)`, written as a two-element array.
pub type EnvPair = (String, String);

/// A key-sorted, duplicate-free list of environment variables.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "Vec<EnvPair>")]
pub struct EnvVars(Vec<EnvPair>);

/// Why a pair list is not a valid `env`: the index of the first pair that
/// breaks the order, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderFault {
    /// The offending pair; it follows the pair at `index - 1`.
    pub index: usize,
    pub kind: FaultKind,
    /// The key of the pair at `index - 1`.
    pub previous: String,
    /// The key of the pair at `index`.
    pub key: String,
}

/// How a pair breaks the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// Its key sorts before the previous key.
    Unsorted,
    /// Its key equals the previous key.
    Duplicate,
}

impl fmt::Display for OrderFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            FaultKind::Unsorted => write!(
                f,
                "env[{}]: key {:?} sorts before the previous key {:?}",
                self.index, self.key, self.previous
            ),
            FaultKind::Duplicate => write!(
                f,
                "env[{}]: key {:?} repeats the previous key",
                self.index, self.key
            ),
        }
    }
}

/// Checks that the keys of `pairs` are strictly ascending in byte order.
pub fn check_order(pairs: &[EnvPair]) -> Result<(), OrderFault> {
    for (i, w) in pairs.windows(2).enumerate() {
        let (previous, key) = (&w[0].0, &w[1].0);
        let kind = match previous.as_bytes().cmp(key.as_bytes()) {
            Ordering::Less => continue,
            Ordering::Equal => FaultKind::Duplicate,
            Ordering::Greater => FaultKind::Unsorted,
        };
        return Err(OrderFault {
            index: i + 1,
            kind,
            previous: previous.clone(),
            key: key.clone(),
        });
    }
    Ok(())
}

impl EnvVars {
    /// The list, if its keys are strictly ascending.
    pub fn new(pairs: Vec<EnvPair>) -> Result<EnvVars, OrderFault> {
        check_order(&pairs)?;
        Ok(EnvVars(pairs))
    }

    /// The pairs, in key order.
    pub fn pairs(&self) -> &[EnvPair] {
        &self.0
    }

    /// The pairs, in key order.
    pub fn into_pairs(self) -> Vec<EnvPair> {
        self.0
    }
}

impl TryFrom<Vec<EnvPair>> for EnvVars {
    type Error = OrderFault;
    fn try_from(pairs: Vec<EnvPair>) -> Result<EnvVars, OrderFault> {
        EnvVars::new(pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(keys: &[&str]) -> Vec<EnvPair> {
        keys.iter()
            .map(|k| (k.to_string(), String::new()))
            .collect()
    }

    #[test]
    fn byte_order_not_case_or_natural_or_utf16() {
        assert!(check_order(&pairs(&["HOME", "PATH", "_", "http_proxy"])).is_ok());
        assert!(check_order(&pairs(&["X1", "X10", "X2"])).is_ok());
        // U+FF21 before U+1F600 in code point (UTF-8 byte) order; UTF-16
        // code unit order would put the emoji first.
        assert!(check_order(&pairs(&["Z", "\u{c9}", "\u{ff21}", "\u{1f600}"])).is_ok());
        let e = check_order(&pairs(&["Z", "\u{1f600}", "\u{ff21}"])).unwrap_err();
        assert_eq!((e.index, e.kind), (2, FaultKind::Unsorted));
    }

    #[test]
    fn duplicates_and_descents_are_located() {
        let e = check_order(&pairs(&["A", "B", "B"])).unwrap_err();
        assert_eq!((e.index, e.kind), (2, FaultKind::Duplicate));
        let e = check_order(&pairs(&["B", "A"])).unwrap_err();
        assert_eq!(
            (e.index, e.kind, e.previous.as_str()),
            (1, FaultKind::Unsorted, "B")
        );
        assert!(check_order(&[]).is_ok());
        assert!(EnvVars::new(pairs(&["A", "A"])).is_err());
    }
}

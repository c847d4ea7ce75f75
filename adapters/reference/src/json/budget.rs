//! The memory budget of one JSON document: what its `serde_json::Value`
//! will cost on the heap, estimated from above while the document is
//! scanned, so that an input is refused (`too_large`) before the value is
//! built rather than after it has taken the memory (corpus/DECISIONS.md
//! D-ALL-7).
//!
//! The estimate, per value (64-bit, `serde_json` with `arbitrary_precision`,
//! objects as `BTreeMap`, glibc's allocator):
//!
//! | value | charge |
//! |---|---|
//! | any value | 32 B, its slot in the parent |
//! | string, number literal, key | its length + 32 B (one allocation) |
//! | array | 32 B + 160 B (a first allocation of 4 slots) + 32 B per element (a `Vec` grows by doubling) |
//! | non-empty object | 640 B (the first B-tree node) + 160 B per member (nodes are at least half full) |
//!
//! `adapters/reference/benches/json_memory.rs` measures the peak resident
//! memory of the worst shapes against this estimate.

use crate::error::{ErrorClass, ReadError};
use std::cell::Cell;

/// What one scanned item costs.
#[derive(Debug, Clone, Copy)]
pub enum Cost {
    /// `null`, `true`, `false`, an empty object: the slot only.
    Scalar,
    /// A number of a literal this long, kept as a string.
    Number(usize),
    /// A string of this many bytes.
    String(usize),
    /// An array, before its elements.
    Array,
    /// One more element of an array (its growth share; the element's own
    /// value is charged when it is read).
    ArrayElement,
    /// A non-empty object, before its members.
    Object,
    /// One member whose key has this many bytes (its value is charged when
    /// it is read).
    Member(usize),
}

/// One `Value` slot: the size of `serde_json::Value` on 64-bit targets.
pub const SLOT: u64 = 32;
/// What one heap allocation adds to the bytes it holds, at most (glibc:
/// 8 bytes of header, rounded up to 16, at least 32 in all).
pub const ALLOCATION: u64 = 32;
/// A B-tree leaf node of a `BTreeMap<String, Value>`: 11 keys, 11 values.
pub const MAP_NODE: u64 = 640;
/// The fewest slots a non-empty `Vec<Value>` allocates.
pub const VEC_MIN_SLOTS: u64 = 4;
/// A member's share of B-tree nodes, nodes being at least half full.
pub const MAP_MEMBER: u64 = 160;

impl Cost {
    /// The bytes charged.
    pub fn bytes(self) -> u64 {
        let heap = |len: usize| if len == 0 { 0 } else { len as u64 + ALLOCATION };
        match self {
            Cost::Scalar => SLOT,
            Cost::Number(len) | Cost::String(len) => SLOT + heap(len),
            Cost::Array => SLOT + ALLOCATION + VEC_MIN_SLOTS * SLOT,
            Cost::ArrayElement => SLOT,
            Cost::Object => SLOT + MAP_NODE,
            Cost::Member(key_len) => MAP_MEMBER + heap(key_len),
        }
    }
}

/// A running total against a limit.
#[derive(Debug)]
pub struct Budget {
    limit: u64,
    spent: Cell<u64>,
}

impl Budget {
    pub fn new(limit: u64) -> Budget {
        Budget {
            limit,
            spent: Cell::new(0),
        }
    }

    /// Adds `cost`; false once the total is over the limit.
    pub fn charge(&self, cost: Cost) -> bool {
        let spent = self.spent.get().saturating_add(cost.bytes());
        self.spent.set(spent);
        spent <= self.limit
    }

    /// The bytes charged so far.
    pub fn spent(&self) -> u64 {
        self.spent.get()
    }

    /// The `too_large` error of a document over the budget.
    pub fn exceeded(&self) -> ReadError {
        ReadError::new(
            ErrorClass::TooLarge,
            format!(
                "a JSON document whose in-memory form fits the memory budget of {} bytes (--max-json-memory)",
                self.limit
            ),
        )
        .found(format!(
            "a document needing more than {} bytes by this point",
            self.limit
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_until_the_limit() {
        let b = Budget::new(100);
        assert!(b.charge(Cost::Scalar));
        assert!(b.charge(Cost::String(4)));
        assert_eq!(b.spent(), 32 + 32 + 4 + 32);
        assert!(!b.charge(Cost::Scalar));
        assert_eq!(b.exceeded().class, ErrorClass::TooLarge);
    }

    #[test]
    fn an_empty_string_allocates_nothing() {
        assert_eq!(Cost::String(0).bytes(), SLOT);
        assert_eq!(Cost::Member(0).bytes(), MAP_MEMBER);
    }
}

//! Duplicate key detection. While keys arrive in strictly increasing byte
//! order (every canonical document), comparing each key with the previous
//! one is enough and costs nothing extra: the shared prefix is already known
//! from the key check. At the first key out of order the detector indexes
//! every earlier key once in a hash map and checks the rest against it.

use std::collections::HashMap;

/// Tracks the keys seen so far in one document.
#[derive(Debug, Default)]
pub struct Dupes<'a> {
    prev: &'a str,
    prev_line: u64,
    /// Every key seen, with its line, once the document left sorted order.
    seen: Option<HashMap<&'a str, u64>>,
}

impl<'a> Dupes<'a> {
    /// A detector for a new document.
    pub fn new() -> Self {
        Dupes::default()
    }

    /// A detector that continues a document whose keys so far were in
    /// strictly increasing order, the last of them `prev` on line
    /// `prev_line` (`None`: no key yet).
    pub fn after(prev: Option<(&'a str, u64)>) -> Self {
        match prev {
            Some((prev, prev_line)) => Dupes {
                prev,
                prev_line,
                seen: None,
            },
            None => Dupes::new(),
        }
    }

    /// The previous key (empty before the first).
    pub fn prev(&self) -> &'a str {
        self.prev
    }

    /// Whether every key so far was greater than the one before it.
    pub fn sorted(&self) -> bool {
        self.seen.is_none()
    }

    /// The fast path: records `key` and returns true when the document is
    /// still sorted and `key` sorts after the previous key; otherwise changes
    /// nothing and returns false (then [`Dupes::insert`] decides).
    #[inline(always)]
    pub fn advance_if_greater(&mut self, key: &'a str, line: u64) -> bool {
        if self.seen.is_some() || (self.prev_line > 0 && key <= self.prev) {
            return false;
        }
        self.prev = key;
        self.prev_line = line;
        true
    }

    /// Records `key` from `line`; `shared` is its common prefix length with
    /// [`Dupes::prev`]; `earlier` lists every earlier key with its line (used
    /// once, when the order first breaks). `Err` holds the line the key
    /// first appeared on.
    pub fn insert<I>(
        &mut self,
        key: &'a str,
        line: u64,
        shared: usize,
        earlier: I,
    ) -> Result<(), u64>
    where
        I: FnOnce() -> Vec<(&'a str, u64)>,
    {
        if self.seen.is_none() && self.prev_line > 0 {
            let (k, p) = (key.as_bytes(), self.prev.as_bytes());
            let increasing = if shared == k.len() {
                if shared == p.len() {
                    return Err(self.prev_line);
                }
                false // `key` is a proper prefix of the previous key: it sorts first
            } else {
                shared == p.len() || k[shared] > p[shared]
            };
            if !increasing {
                self.seen = Some(earlier().into_iter().collect());
            }
        }
        if let Some(seen) = &mut self.seen {
            match seen.entry(key) {
                std::collections::hash_map::Entry::Occupied(e) => return Err(*e.get()),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(line);
                }
            }
        }
        self.prev = key;
        self.prev_line = line;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(keys: &[&'static str]) -> Result<bool, (usize, u64)> {
        let mut d = Dupes::new();
        for (i, k) in keys.iter().enumerate() {
            let shared = crate::kv::key::common_prefix(d.prev().as_bytes(), k.as_bytes());
            let before: Vec<(&str, u64)> = keys[..i]
                .iter()
                .enumerate()
                .map(|(j, k)| (*k, j as u64 + 1))
                .collect();
            d.insert(k, i as u64 + 1, shared, || before)
                .map_err(|first| (i + 1, first))?;
        }
        Ok(d.sorted())
    }

    #[test]
    fn sorted_fast_path_and_fallback() {
        assert_eq!(run(&["a", "a.b", "b"]), Ok(true));
        assert_eq!(run(&["a.b", "a"]), Ok(false));
        assert_eq!(run(&["a", "a"]), Err((2, 1)));
        assert_eq!(run(&["b", "a", "c", "b"]), Err((4, 1)));
        assert_eq!(run(&["c", "a", "b", "a"]), Err((4, 2)));
        assert_eq!(run(&["b", "a", "a.x", "c"]), Ok(false));
    }
}

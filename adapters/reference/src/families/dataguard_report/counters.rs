//! The `counts.*` counters: name (the key after `counts.`) to u64, kept in
//! ascending byte order of name. Names live in one arena string, so reading
//! millions of counters allocates no string per counter.

use std::fmt;

/// The counters of one report, sorted by name, each name once.
#[derive(Clone, PartialEq, Eq)]
pub struct Counters {
    /// Every name, back to back, in order.
    names: String,
    /// (end of the name in `names`, value), in order.
    entries: Vec<(usize, u64)>,
    /// Whether the names pushed so far came in ascending order.
    ordered: bool,
}

impl Counters {
    /// No counters.
    pub fn new() -> Self {
        Counters {
            names: String::new(),
            entries: Vec::new(),
            ordered: true,
        }
    }

    /// How many counters there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn name(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.entries[i - 1].0 };
        &self.names[start..self.entries[i].0]
    }

    /// Appends a counter whose name is not yet present (the KV grammar and
    /// JSON objects guarantee that); call [`Counters::seal`] when done.
    pub(crate) fn push(&mut self, name: &str, value: u64) {
        if self.ordered {
            if let Some(last) = self.entries.len().checked_sub(1) {
                self.ordered = self.name(last) < name;
            }
        }
        self.names.push_str(name);
        self.entries.push((self.names.len(), value));
    }

    /// Restores name order after pushes that came out of order.
    pub(crate) fn seal(&mut self) {
        if self.ordered {
            return;
        }
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_unstable_by(|&a, &b| self.name(a).cmp(self.name(b)));
        let mut sorted = Counters::new();
        sorted.names.reserve(self.names.len());
        sorted.entries.reserve(self.entries.len());
        for i in order {
            sorted.names.push_str(self.name(i));
            sorted.entries.push((sorted.names.len(), self.entries[i].1));
        }
        *self = sorted;
    }

    /// Every counter as (name, value), in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> + '_ {
        (0..self.entries.len()).map(|i| (self.name(i), self.entries[i].1))
    }

    /// The value of counter `name` (without the `counts.` prefix).
    pub fn get(&self, name: &str) -> Option<u64> {
        let mut lo = 0;
        let mut hi = self.entries.len();
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.name(mid).cmp(name) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(self.entries[mid].1),
            }
        }
        None
    }
}

impl<S: AsRef<str>> FromIterator<(S, u64)> for Counters {
    /// Builds counters from pairs in any order; a repeated name keeps its last value.
    fn from_iter<I: IntoIterator<Item = (S, u64)>>(iter: I) -> Self {
        let map: std::collections::BTreeMap<String, u64> = iter
            .into_iter()
            .map(|(k, v)| (k.as_ref().to_string(), v))
            .collect();
        let mut c = Counters::new();
        for (k, v) in &map {
            c.push(k, *v);
        }
        c
    }
}

impl Default for Counters {
    fn default() -> Self {
        Counters::new()
    }
}

impl fmt::Debug for Counters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_name_order() {
        let mut c = Counters::new();
        c.push("b", 2);
        c.push("a", 1);
        c.push("c.x", 3);
        c.seal();
        assert_eq!(
            c.iter().collect::<Vec<_>>(),
            vec![("a", 1), ("b", 2), ("c.x", 3)]
        );
        assert_eq!(c.get("b"), Some(2));
        assert_eq!(c.get("c"), None);
        let d: Counters = [("c.x", 3), ("a", 1), ("b", 2)].into_iter().collect();
        assert_eq!(c, d);
    }
}

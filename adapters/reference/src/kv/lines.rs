//! The line iterator: splits validated text into `key=value` pairs, applies
//! the line rules (LF terminator, CRLF, no blank or comment lines, first `=`
//! splits, key syntax, no duplicate key) and yields borrowed [`Line`]s. The
//! first error ends the iteration.
//!
//! Two paths decide a line. The fast path reads the 64-byte block masks of
//! [`super::scan`] and takes only well-formed pairs whose key sorts after the
//! previous one (a line within two blocks in a few bit operations, a longer
//! one block by block); everything else (CRLF, faults, out-of-order keys)
//! goes to the careful path, which splits with memchr, applies every rule and
//! explains the fault. A property test checks that both give the same result.
//!
//! Besides the iterator, [`Lines::each`] hands the pairs to a closure in a
//! tight loop, and [`Lines::resume`] continues a document from a line in the
//! middle (for [`super::pieces`]).

use super::dupes::Dupes;
use super::key;
use super::scan::{self, Masks};
use super::text::{encoding_error, utf8};
use crate::error::{ErrorClass, ReadError};
use memchr::{memchr, memrchr};

/// One `key=value` pair and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number.
    pub number: u64,
    pub key: &'a str,
    /// Everything after the first `=`, without the line terminator.
    pub value: &'a str,
    /// Whether `value` is 1 to 19 ASCII digits (known from the block masks
    /// on the fast path).
    short_decimal: bool,
}

impl<'a> Line<'a> {
    /// A pair (the fast path learns `short_decimal` from its masks).
    fn new(number: u64, key: &'a str, value: &'a str) -> Self {
        Line {
            number,
            key,
            value,
            short_decimal: super::value::is_short_decimal(value),
        }
    }

    /// Whether the value is 1 to 19 decimal digits, so always a u64
    /// ([`super::value::is_short_decimal`]), without looking at it again.
    #[inline(always)]
    pub fn is_short_decimal(&self) -> bool {
        self.short_decimal
    }
}

impl Line<'_> {
    /// The 1-based column where the value starts.
    pub fn value_column(&self) -> u64 {
        self.key.chars().count() as u64 + 2
    }

    /// An error about this line's value: class, line, column, key.
    pub fn error(&self, class: ErrorClass, expected: impl Into<String>) -> ReadError {
        ReadError::new(class, expected)
            .at(self.key)
            .at_line(self.number, Some(self.value_column()))
    }
}

/// The pairs of one document, in order.
#[derive(Debug)]
pub struct Lines<'a> {
    bytes: &'a [u8],
    /// The validated whole lines from `chunk_start` on.
    chunk: &'a str,
    chunk_start: usize,
    /// A byte that is not UTF-8 right after the chunk, reported when the
    /// lines reach it.
    pending: Option<ReadError>,
    pos: usize,
    number: u64,
    /// Whether [`Lines::fast`] may be tried (off only in tests).
    fast: bool,
    /// Whether to end at the first key out of order ([`Lines::stop_at_disorder`]).
    stop_unsorted: bool,
    done: bool,
    dupes: Dupes<'a>,
    /// The masks of the [`WINDOW`] blocks from `window_base` on.
    window_base: usize,
    window: Box<[Masks; WINDOW]>,
}

/// What [`Lines::fast_short`] made of a line.
enum Fast<'a> {
    /// A well-formed pair in order.
    Line(Line<'a>),
    /// Something for [`Lines::pair`] to decide and explain.
    Careful,
    /// A line too long for two blocks: [`Lines::fast_long`].
    Long,
}

/// How many 64-byte blocks are classified together.
const WINDOW: usize = 16;

/// About how many bytes are validated as UTF-8 at a time (a chunk ends at a
/// line end, so it holds whole lines).
const CHUNK: usize = 256 * 1024;

fn syntax(line: u64, expected: impl Into<String>) -> ReadError {
    ReadError::new(ErrorClass::Syntax, expected).at_line(line, Some(1))
}

/// A short, printable excerpt of a faulty line.
fn excerpt(raw: &str) -> String {
    let mut s: String = raw.chars().take(40).collect();
    if s.len() < raw.len() {
        s.push('…');
    }
    format!("{s:?}")
}

impl<'a> Lines<'a> {
    /// Iterates the pairs of `text`, already known to be UTF-8.
    pub fn new(text: &'a str) -> Self {
        Lines {
            chunk: text,
            ..Lines::from_bytes(text.as_bytes())
        }
    }

    /// Iterates the pairs of `bytes`, validating UTF-8 chunk by chunk.
    pub fn from_bytes(bytes: &'a [u8]) -> Self {
        Lines {
            bytes,
            chunk: "",
            chunk_start: 0,
            pending: None,
            pos: 0,
            number: 0,
            fast: true,
            stop_unsorted: false,
            done: false,
            dupes: Dupes::new(),
            window_base: usize::MAX / 2,
            window: Box::new([Masks::default(); WINDOW]),
        }
    }

    /// Continues the iteration of `bytes` from `start`, the start of line
    /// `number + 1`, in the state the iteration from the beginning has there
    /// when every key before `start` came in strictly increasing order, the
    /// last of them `prev` (`None`: no key before `start`). The caller
    /// vouches for that order and for the lines before `start` being valid;
    /// a later key out of order is then checked against every earlier key of
    /// `bytes`, as from the beginning.
    pub fn resume(bytes: &'a [u8], start: usize, number: u64, prev: Option<&'a str>) -> Self {
        Lines {
            pos: start,
            chunk_start: start,
            number,
            dupes: Dupes::after(prev.map(|p| (p, number))),
            ..Lines::from_bytes(bytes)
        }
    }

    /// Ends the iteration, without an error, right after the first key that
    /// sorts before the previous one (then [`Lines::sorted`] is false),
    /// without indexing the keys before it: for a caller that goes another
    /// way once the keys are out of order. Until then, nothing changes.
    pub fn stop_at_disorder(mut self) -> Self {
        self.stop_unsorted = true;
        self
    }

    /// The last key taken, while the keys are in strictly increasing order
    /// ([`Lines::sorted`]); `None` before the first.
    pub fn last_key(&self) -> Option<&'a str> {
        (self.number > 0 && self.sorted()).then(|| self.dupes.prev())
    }

    /// How many lines the iteration has taken so far (the number of the
    /// last one, counting from the start of the document).
    pub fn number(&self) -> u64 {
        self.number
    }

    /// The same iteration without the fast path (to test that it changes nothing).
    #[cfg(test)]
    fn careful(bytes: &'a [u8]) -> Self {
        Lines {
            fast: false,
            ..Lines::from_bytes(bytes)
        }
    }

    /// Validates the next chunk of whole lines from `self.pos`; an invalid
    /// byte ends the chunk at the line before it and is reported when the
    /// lines get there.
    #[cold]
    #[inline(never)]
    fn next_chunk(&mut self) -> Result<(), ReadError> {
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        let (bytes, start) = (self.bytes, self.pos);
        let mut end = bytes.len().min(start + CHUNK);
        if end < bytes.len() {
            end = match memrchr(b'\n', &bytes[start..end]) {
                Some(p) => start + p + 1,
                None => memchr(b'\n', &bytes[end..]).map_or(bytes.len(), |p| end + p + 1),
            };
        }
        let (valid, fault) = match utf8(&bytes[start..end]) {
            Ok(text) => (text, None),
            Err(offset) => {
                let bad = start + offset;
                let good = memrchr(b'\n', &bytes[start..bad]).map_or(start, |p| start + p + 1);
                let text = utf8(&bytes[start..good]).unwrap_or_default();
                (text, Some(encoding_error(bytes, bad)))
            }
        };
        if valid.is_empty() {
            if let Some(e) = fault {
                return Err(e);
            }
        }
        self.chunk = valid;
        self.chunk_start = start;
        self.pending = fault;
        Ok(())
    }

    /// `bytes[from..to]` as validated text, when it lies inside the chunk.
    #[inline(always)]
    fn slice(&self, from: usize, to: usize) -> Option<&'a str> {
        let chunk: &'a str = self.chunk;
        chunk.get(from.checked_sub(self.chunk_start)?..to.checked_sub(self.chunk_start)?)
    }

    /// Whether every key so far came in strictly increasing byte order.
    pub fn sorted(&self) -> bool {
        self.dupes.sorted()
    }

    fn pair(&mut self, start: usize, raw: &'a str) -> Result<Line<'a>, ReadError> {
        let number = self.number;
        let body = raw.strip_suffix('\r').unwrap_or(raw);
        if body.is_empty() {
            return Err(
                syntax(number, "a key=value pair (blank lines are not allowed)")
                    .found("an empty line"),
            );
        }
        let Some(eq) = memchr(b'=', body.as_bytes()) else {
            return Err(
                syntax(number, "a key=value pair (no `=` on this line)").found(excerpt(body))
            );
        };
        let (key, value) = (&body[..eq], &body[eq + 1..]);
        if key.is_empty() {
            return Err(syntax(number, "a key before the first `=`").found("an empty key"));
        }
        let shared = key::common_prefix(self.dupes.prev().as_bytes(), key.as_bytes());
        if let Err(fault) = key::check_from(key.as_bytes(), shared) {
            return Err(ReadError::new(ErrorClass::Syntax, key::EXPECTED)
                .at(key)
                .at_line(number, Some(fault.column as u64))
                .found(fault.found));
        }
        if let Some(cr) = memchr(b'\r', value.as_bytes()) {
            let line = Line::new(number, key, value);
            let column = line.value_column() + value[..cr].chars().count() as u64;
            return Err(ReadError::new(
                ErrorClass::Syntax,
                "no CR in a value (CR is allowed only right before the LF)",
            )
            .at(key)
            .at_line(number, Some(column))
            .found("CR"));
        }
        let bytes = self.bytes;
        let index = !self.stop_unsorted;
        self.dupes
            .insert(key, number, shared, || {
                if index {
                    earlier_keys(&bytes[..start])
                } else {
                    Vec::new() // the iteration ends after this key
                }
            })
            .map_err(|first| {
                ReadError::new(ErrorClass::DuplicateKey, "each key at most once")
                    .at(key)
                    .at_line(number, Some(1))
                    .found(format!("`{key}` again (first on line {first})"))
            })?;
        Ok(Line::new(number, key, value))
    }
}

impl<'a> Lines<'a> {
    /// The masks of the 64-byte block at `base`, classified [`WINDOW`]
    /// blocks at a time.
    #[inline(always)]
    fn block(&mut self, base: usize) -> Masks {
        let i = base.wrapping_sub(self.window_base) / 64;
        match self.window.get(i) {
            Some(m) => *m,
            None => self.refill(base),
        }
    }

    #[cold]
    #[inline(never)]
    fn refill(&mut self, base: usize) -> Masks {
        self.window_base = base;
        let text = self.bytes;
        scan::prefetch(text, base + CHUNK, WINDOW);
        scan::classify_window(text, base, &mut self.window[..]);
        self.window[0]
    }

    /// The common case, from the block masks: a pair whose key has the key
    /// syntax and sorts after the previous key. `None` leaves the line to
    /// [`Lines::pair`], which decides it and explains any fault; this path
    /// accepts nothing that one refuses (tested against it).
    #[inline(always)]
    fn fast(&mut self) -> Option<Line<'a>> {
        match self.fast_short() {
            Fast::Line(line) => Some(line),
            Fast::Careful => None,
            Fast::Long => self.fast_long(),
        }
    }

    /// The masks of the blocks at `base` and `base + 64`.
    #[inline(always)]
    fn two_blocks(&mut self, base: usize) -> (Masks, Masks) {
        let i = base.wrapping_sub(self.window_base) / 64;
        if let Some([a, b]) = self.window.get(i..).and_then(|w| w.first_chunk::<2>()) {
            return (*a, *b);
        }
        let a = self.refill(base);
        (a, self.window[1])
    }

    /// [`Lines::fast`] for a line that ends (its LF) within the two blocks
    /// from the one it starts in: from the masks of both blocks, where the
    /// line and its key end, and whether the key has two dots in a row, the
    /// value a CR, the value only digits.
    #[inline(always)]
    fn fast_short(&mut self) -> Fast<'a> {
        let start = self.pos;
        let (lo, hi) = self.two_blocks(start & !63);
        let shift = (start & 63) as u32;
        // The first set bit at or after the line's start, counted from it
        // (at least 128 - shift when there is none).
        let first = |l: u64, h: u64| {
            let here = l >> shift;
            if here != 0 {
                here.trailing_zeros() as usize
            } else {
                (64 - shift + h.trailing_zeros()) as usize
            }
        };
        if (lo.ctl >> shift) | hi.ctl == 0 {
            return Fast::Long;
        }
        // The line ends at `len`, at the first LF or CR, which must be an LF
        // (so the value holds no CR); the key ends at the first byte no key
        // may hold (`k <= len`, an LF being one), which must be `=` (so
        // `k < len`).
        let len = first(lo.ctl, hi.ctl);
        let k = first(lo.bad, hi.bad);
        let text = self.bytes;
        let key_ok = text.get(start + len) == Some(&b'\n')
            && k > 0
            && text.get(start + k) == Some(&b'=')
            && text.get(start) != Some(&b'.')
            && text.get(start + k - 1) != Some(&b'.')
            && first(lo.dd, hi.dd) >= k;
        if !key_ok {
            return Fast::Careful;
        }
        let value_len = len - k - 1;
        let digits = (((u128::from(hi.digit) << 64) | u128::from(lo.digit))
            >> (shift as usize + k + 1)) as u64;
        let short_decimal =
            (1..=19).contains(&value_len) && (!digits).trailing_zeros() as usize >= value_len;
        let Some((key, rest)) = self
            .slice(start, start + len)
            .and_then(|line| line.split_at_checked(k))
        else {
            return Fast::Careful;
        };
        if !self.dupes.advance_if_greater(key, self.number) {
            return Fast::Careful;
        }
        self.pos = start + len + 1;
        Fast::Line(Line {
            number: self.number,
            key,
            value: rest.get(1..).unwrap_or_default(),
            short_decimal,
        })
    }

    /// [`Lines::fast`] for a line of any length, block by block.
    #[inline(never)]
    fn fast_long(&mut self) -> Option<Line<'a>> {
        let text = self.bytes;
        let start = self.pos;
        // The key runs up to the first byte no key may hold, which must be `=`.
        let mut base = start & !63;
        let mut m = self.block(base);
        let mut from = start - base;
        let eq = loop {
            let bad = m.bad & (!0u64 << from);
            let end = if bad == 0 {
                64
            } else {
                bad.trailing_zeros() as usize
            };
            if m.dd & scan::range(from, end) != 0 {
                return None; // an empty segment: `..`
            }
            if bad != 0 {
                break base + end;
            }
            base += 64;
            if base >= text.len() {
                return None;
            }
            m = self.block(base);
            from = 0;
        };
        if eq == start || text.get(eq) != Some(&b'=') || text[start] == b'.' || text[eq - 1] == b'.'
        {
            return None;
        }
        // The value runs up to the first LF or CR, which must be an LF.
        let mut base = (eq + 1) & !63;
        let mut m = self.block(base);
        let mut from = eq + 1 - base;
        let nl = loop {
            let ctl = m.ctl & (!0u64 << from);
            if ctl != 0 {
                break base + ctl.trailing_zeros() as usize;
            }
            base += 64;
            if base >= text.len() {
                return None;
            }
            m = self.block(base);
            from = 0;
        };
        if text.get(nl) != Some(&b'\n') {
            return None;
        }
        let key = self.slice(start, eq)?;
        if !self.dupes.advance_if_greater(key, self.number) {
            return None;
        }
        let value = self.slice(eq + 1, nl)?;
        self.pos = nl + 1;
        Some(Line::new(self.number, key, value))
    }
}

impl<'a> Lines<'a> {
    /// Gives every pair to `f`, in order, until `f` returns false or the
    /// pairs end: the same pairs and the same first error as the iterator,
    /// with the common case in a tight loop (no `Option<Result<..>>` per
    /// line). After an error the iteration is over.
    pub fn each(&mut self, mut f: impl FnMut(Line<'a>) -> bool) -> Result<(), ReadError> {
        while let Some(line) = self.next() {
            if !f(line?) {
                return Ok(());
            }
            // Well-formed lines inside the validated chunk, from the masks.
            let chunk_end = self.chunk_start + self.chunk.len();
            while self.fast && self.pos < chunk_end {
                self.number += 1;
                match self.fast() {
                    Some(line) => {
                        if !f(line) {
                            return Ok(());
                        }
                    }
                    None => {
                        // Left to the iterator, which counts the line again.
                        self.number -= 1;
                        break;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Every key of `bytes` (whole lines that already passed the checks, so
/// their keys are ASCII), with its line number.
fn earlier_keys(bytes: &[u8]) -> Vec<(&str, u64)> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut number = 0;
    while let Some(nl) = memchr(b'\n', &bytes[pos..]) {
        number += 1;
        let line = &bytes[pos..pos + nl];
        let eq = memchr(b'=', line).unwrap_or(line.len());
        if let Ok(key) = std::str::from_utf8(&line[..eq]) {
            out.push((key, number));
        }
        pos += nl + 1;
    }
    out
}

impl<'a> Iterator for Lines<'a> {
    type Item = Result<Line<'a>, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.pos >= self.bytes.len() {
            return None;
        }
        if self.pos >= self.chunk_start + self.chunk.len() {
            if let Err(e) = self.next_chunk() {
                self.done = true;
                return Some(Err(e));
            }
        }
        self.number += 1;
        if self.fast {
            if let Some(line) = self.fast() {
                return Some(Ok(line));
            }
        }
        let start = self.pos;
        let chunk: &'a str = self.chunk;
        let rest = &chunk[start - self.chunk_start..];
        let result = match memchr(b'\n', rest.as_bytes()) {
            Some(nl) => {
                self.pos = start + nl + 1;
                self.pair(start, &rest[..nl])
            }
            // A chunk ends at a line end or at the end of the text.
            None => Err(syntax(
                self.number,
                "a line ending in LF (the last line has none: truncated?)",
            )
            .found(excerpt(rest))),
        };
        if result.is_err() || (self.stop_unsorted && !self.sorted()) {
            self.done = true;
        }
        Some(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Result<Vec<(u64, &str, &str)>, ReadError> {
        Lines::new(text)
            .map(|r| r.map(|l| (l.number, l.key, l.value)))
            .collect()
    }

    fn fault(text: &str) -> (ErrorClass, Option<u64>, Option<String>) {
        let e = pairs(text).unwrap_err();
        (e.class, e.line, e.path)
    }

    #[test]
    fn splits_at_the_first_equals_and_keeps_values_literal() {
        assert_eq!(
            pairs("a=b=c\nb= x \nc=\n").unwrap(),
            vec![(1, "a", "b=c"), (2, "b", " x "), (3, "c", "")]
        );
        assert_eq!(pairs("").unwrap(), vec![]);
    }

    #[test]
    fn crlf_is_one_terminator_and_a_lone_cr_is_not() {
        assert_eq!(
            pairs("a=1\r\nb=2\n").unwrap(),
            vec![(1, "a", "1"), (2, "b", "2")]
        );
        assert_eq!(
            fault("a=1\nb=x\ry\n"),
            (ErrorClass::Syntax, Some(2), Some("b".into()))
        );
        assert_eq!(fault("a=1\r\r\n").0, ErrorClass::Syntax);
        assert_eq!(fault("a\r=1\n").0, ErrorClass::Syntax);
    }

    #[test]
    fn line_faults() {
        assert_eq!(fault("a=1\n\nb=2\n"), (ErrorClass::Syntax, Some(2), None));
        assert_eq!(fault("a=1\nb=2"), (ErrorClass::Syntax, Some(2), None));
        assert_eq!(fault("a=1\n# note\n"), (ErrorClass::Syntax, Some(2), None));
        assert_eq!(fault("=1\n"), (ErrorClass::Syntax, Some(1), None));
        assert_eq!(
            fault("a=1\n b=2\n"),
            (ErrorClass::Syntax, Some(2), Some(" b".into()))
        );
        assert_eq!(fault("a =1\n").2.as_deref(), Some("a "));
    }

    #[test]
    fn duplicates_sorted_or_not() {
        let e = pairs("a=1\nb=2\nb=3\n").unwrap_err();
        assert_eq!((e.class, e.line), (ErrorClass::DuplicateKey, Some(3)));
        assert!(e.found.unwrap().contains("first on line 2"));
        let e = pairs("b=1\na=2\nc=3\nb=4\n").unwrap_err();
        assert_eq!((e.class, e.line), (ErrorClass::DuplicateKey, Some(4)));
        assert!(e.found.unwrap().contains("first on line 1"));
        let mut lines = Lines::new("b=1\na=2\n");
        assert!(lines.by_ref().all(|l| l.is_ok()));
        assert!(!lines.sorted());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn the_fast_path_changes_nothing(
            text in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "b", "a.b", ".", "..", "=", "\n", "\n", "\n", " ", "#", "-", "é", "1",
                    "counts.records", "abcdefghijklmnopqrstuvwxyz", "0123456789", "_X",
                ]),
                0..160,
            )
        ) {
            let text: String = text.concat();
            let fast: Vec<_> = Lines::new(&text).collect();
            let careful: Vec<_> = Lines::careful(text.as_bytes()).collect();
            proptest::prop_assert_eq!(&fast, &careful);
            let chunked: Vec<_> = Lines::from_bytes(text.as_bytes()).collect();
            proptest::prop_assert_eq!(fast, chunked);
        }
    }

    #[test]
    fn chunks_hold_whole_lines_and_faults_come_in_document_order() {
        let doc = |i: usize| format!("counts.k{i:08}=123456789\n");
        let len = doc(0).len();
        let lines = 3 * CHUNK / len;
        let mut text: Vec<u8> = (0..lines).flat_map(|i| doc(i).into_bytes()).collect();
        assert_eq!(text.len(), lines * len);
        assert_eq!(
            Lines::from_bytes(&text).filter(|l| l.is_ok()).count(),
            lines
        );
        // A byte that is not UTF-8 far into the text: found at its line.
        let at = CHUNK + 5 * len + 20;
        text[at] = 0xFF;
        let all: Vec<_> = Lines::from_bytes(&text).collect();
        let e = all.last().unwrap().as_ref().unwrap_err();
        assert_eq!(e.class, ErrorClass::Encoding);
        assert_eq!(e.line, Some((at / len) as u64 + 1));
        assert_eq!(all.len(), at / len + 1);
        // An earlier syntax fault wins over a later encoding fault.
        text[len + 3] = b' ';
        let e = Lines::from_bytes(&text).find_map(|l| l.err()).unwrap();
        assert_eq!((e.class, e.line), (ErrorClass::Syntax, Some(2)));
        // A duplicate far from its first occurrence, in another chunk.
        let mut text: Vec<u8> = (0..lines).flat_map(|i| doc(i).into_bytes()).collect();
        text.extend_from_slice(doc(3).as_bytes());
        let e = Lines::from_bytes(&text).find_map(|l| l.err()).unwrap();
        assert_eq!(
            (e.class, e.line),
            (ErrorClass::DuplicateKey, Some(lines as u64 + 1))
        );
        assert!(e.found.unwrap().contains("first on line 4"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn each_gives_what_the_iterator_gives(
            text in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "b", "a.b", ".", "=", "=", "\n", "\n", "\n", " ", "\r", "é", "1", "c.d",
                ]),
                0..120,
            ),
            stop in 0usize..20,
        ) {
            let text: String = text.concat();
            let iterated: Vec<_> = Lines::new(&text).collect();
            let mut each = Vec::new();
            let mut lines = Lines::from_bytes(text.as_bytes());
            if let Err(e) = lines.each(|l| { each.push(Ok(l)); true }) {
                each.push(Err(e));
            }
            proptest::prop_assert_eq!(&each, &iterated);
            proptest::prop_assert!(lines.next().is_none());
            // Stopping early leaves the rest to the iterator.
            let mut lines = Lines::from_bytes(text.as_bytes());
            let mut seen = Vec::new();
            let first = lines.each(|l| { seen.push(Ok(l)); seen.len() < stop });
            if let Err(e) = first {
                seen.push(Err(e));
            }
            seen.extend(lines);
            proptest::prop_assert_eq!(seen, iterated);
        }
    }

    #[test]
    fn stops_at_disorder_when_asked() {
        let text = "a=1\nc=2\nb=3\nb=4\n";
        let mut lines = Lines::new(text).stop_at_disorder();
        let keys: Vec<_> = lines.by_ref().map(|l| l.unwrap().key).collect();
        assert_eq!(keys, ["a", "c", "b"]);
        assert!(!lines.sorted());
        // A repeat of the previous key is still a duplicate.
        let e = Lines::new("a=1\na=2\n")
            .stop_at_disorder()
            .find_map(|l| l.err());
        assert_eq!(e.unwrap().class, ErrorClass::DuplicateKey);
        let all: Vec<_> = Lines::new("a=1\nb=2\n").stop_at_disorder().collect();
        assert_eq!(all.len(), 2);
    }

    #[test]
    fn stops_after_the_first_error() {
        let mut lines = Lines::new("a\nb=1\n");
        assert!(lines.next().unwrap().is_err());
        assert!(lines.next().is_none());
    }
}

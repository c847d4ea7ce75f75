//! The line grammar over a document cut into pieces read in parallel: the
//! result, piece by piece in document order, is what the one sequential
//! iteration ([`Lines`] from the start) gives, first error included.
//!
//! The document is cut right after an LF, so every piece holds whole lines
//! and no UTF-8 sequence is split (LF never occurs inside one). The pieces
//! (about [`PIECE_BYTES`] each) are shared out among the threads ([`Split`]:
//! one per core, each taking the next piece not yet taken). Each piece is
//! read as if it were a document of its own, so only the facts that span
//! pieces need a second look, in document order:
//!
//! - line numbers: a piece counts from 1; the lines of the pieces before it
//!   are added afterwards ([`Piece::offset`]);
//! - duplicate keys: when every piece's keys are in strictly increasing
//!   order and each piece's first key sorts after the previous piece's last
//!   key, the whole document is strictly increasing, so no key repeats;
//! - the first error: a piece reports only its own first fault.
//!
//! At the first piece where that does not settle it (a fault, keys out of
//! order inside the piece or across its start), the pieces before it stand,
//! and the rest of the document, from that piece's first line to the end,
//! is read sequentially by [`Lines::resume`] in exactly the state the
//! sequential iteration has there. So a document with a fault is decided by
//! the sequential iteration from the faulty piece on, and a document whose
//! keys are not sorted (the canonical writer sorts them) is read
//! sequentially from the first piece where the order breaks: correct, as
//! slow as one core.

use super::lines::{Line, Lines};
use super::text::check_intake;
use crate::error::ReadError;
use crate::limits::Limits;
use memchr::memchr;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Takes the pairs of a document, piece by piece.
pub trait Sink<'a>: Send {
    /// One pair, numbered from the start of its piece (see [`Piece::offset`]).
    fn line(&mut self, line: Line<'a>);
}

/// One piece's sink and how to place its line numbers.
#[derive(Debug)]
pub struct Piece<S> {
    /// What to add to the line numbers the sink saw to get the line numbers
    /// in the document.
    pub offset: u64,
    pub sink: S,
}

/// The pieces of a valid document, in order.
#[derive(Debug)]
pub struct Scan<S> {
    pub pieces: Vec<Piece<S>>,
    /// How many lines (pairs) the document has.
    pub lines: u64,
    /// Whether its keys came in strictly increasing byte order.
    pub sorted: bool,
    /// How many bytes, from the end, were read sequentially after a piece
    /// could not settle its part (0 when every piece stood).
    pub sequential_bytes: u64,
}

/// How a document is cut and read: `pieces` pieces shared out among
/// `threads` threads (each takes the next piece not yet taken, so a thread
/// the scheduler holds back delays the others by one piece at most).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    pub pieces: usize,
    pub threads: usize,
}

/// Documents smaller than this are read on one thread.
pub const MIN_PARALLEL_BYTES: usize = 2 * 1024 * 1024;

/// About how large a piece is when a document is read on several threads.
pub const PIECE_BYTES: usize = 4 * 1024 * 1024;

impl Split {
    /// One piece on the calling thread.
    pub const SEQUENTIAL: Split = Split {
        pieces: 1,
        threads: 1,
    };

    /// How to read `len` bytes on this machine: one thread per available
    /// core, pieces of about [`PIECE_BYTES`]; one piece on one thread below
    /// [`MIN_PARALLEL_BYTES`].
    pub fn for_len(len: usize) -> Split {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cores < 2 || len < MIN_PARALLEL_BYTES {
            return Split::SEQUENTIAL;
        }
        Split {
            pieces: len.div_ceil(PIECE_BYTES).max(cores),
            threads: cores,
        }
    }
}

/// Checks `bytes` against `limits` and the BOM rule, then reads its lines
/// piece by piece as `split` says into sinks made by `make`. The error, if
/// any, is the one [`Lines`] gives.
pub fn scan<'a, S, F>(
    bytes: &'a [u8],
    limits: &Limits,
    split: Split,
    make: F,
) -> Result<Scan<S>, ReadError>
where
    S: Sink<'a>,
    F: Fn() -> S + Sync,
{
    scan_prepared(bytes, limits, split, make, |_, _| {})
}

/// [`scan`], calling `prepare(start, end)` on the thread that reads
/// `bytes[start..end]`, before it does (to map a memory-mapped file's pages,
/// say).
pub fn scan_prepared<'a, S, F, P>(
    bytes: &'a [u8],
    limits: &Limits,
    split: Split,
    make: F,
    prepare: P,
) -> Result<Scan<S>, ReadError>
where
    S: Sink<'a>,
    F: Fn() -> S + Sync,
    P: Fn(usize, usize) + Sync,
{
    check_intake(bytes, limits)?;
    let bounds = cut(bytes, split.pieces.max(1));
    let count = bounds.len() - 1;
    // The next piece to take, and the first piece found unable to settle
    // its part: the pieces after it would be read again anyway.
    let next = AtomicUsize::new(0);
    let stop = AtomicUsize::new(usize::MAX);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count || i > stop.load(Ordering::Relaxed) {
                return done;
            }
            let (start, end) = (bounds[i], bounds[i + 1]);
            prepare(start, end);
            let outcome = run_piece(bytes, start, end, make());
            if !outcome.clean {
                stop.fetch_min(i, Ordering::Relaxed);
            }
            done.push((i, outcome));
        }
    };
    let mut outcomes: Vec<Option<Outcome<'a, S>>> = (0..count).map(|_| None).collect();
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..split.threads.clamp(1, count.max(1)))
            .map(|_| scope.spawn(work))
            .collect();
        let mut all = work();
        for h in helpers {
            // A thread runs only the line grammar and the sink, which do not
            // panic; should one panic anyway, so does the caller.
            all.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        for (i, outcome) in all {
            outcomes[i] = Some(outcome);
        }
    });
    settle(bytes, &bounds, outcomes, make)
}

/// The start of every piece and the end of the last: `bytes` cut at the
/// first line start at or past each `len / pieces * i` (a piece may come
/// out empty of lines only when a line is longer than a piece).
fn cut(bytes: &[u8], pieces: usize) -> Vec<usize> {
    let len = bytes.len();
    let mut bounds = vec![0];
    for i in 1..pieces {
        let last = bounds[bounds.len() - 1];
        // The LF ending the line before the cut is at `target - 1` or later,
        // and past the previous cut's LF.
        let from = ((len / pieces) * i).saturating_sub(1).max(last);
        let at = match bytes.get(from..).and_then(|rest| memchr(b'\n', rest)) {
            Some(p) => from + p + 1,
            None => len,
        };
        if at < len {
            bounds.push(at);
        }
    }
    bounds.push(len);
    bounds
}

/// What one piece found on its own.
#[derive(Debug)]
struct Outcome<'a, S> {
    /// How many lines it took.
    lines: u64,
    sink: S,
    first: Option<&'a str>,
    last: Option<&'a str>,
    /// No fault, and its keys in strictly increasing order.
    clean: bool,
}

/// Reads `bytes[start..end]` as a document of its own, stopping at its
/// first fault or at its first key out of order (the piece is then read
/// again sequentially, so going on would be wasted).
fn run_piece<'a, S: Sink<'a>>(
    bytes: &'a [u8],
    start: usize,
    end: usize,
    mut sink: S,
) -> Outcome<'a, S> {
    let mut lines = Lines::from_bytes(&bytes[start..end]).stop_at_disorder();
    let (first, mut clean) = match lines.next() {
        Some(Ok(line)) => {
            let key = line.key;
            sink.line(line);
            (Some(key), true)
        }
        Some(Err(_)) => (None, false),
        None => (None, true),
    };
    clean &= lines
        .each(|line| {
            sink.line(line);
            true
        })
        .is_ok();
    clean &= lines.sorted();
    Outcome {
        lines: lines.number(),
        sink,
        first,
        last: lines.last_key(),
        clean,
    }
}

/// Walks the outcomes in document order: each clean piece whose first key
/// follows the last key before it stands; from the first other one (or one
/// not read, which comes only after a piece that could not settle), the
/// rest of the document is read again sequentially.
fn settle<'a, S, F>(
    bytes: &'a [u8],
    bounds: &[usize],
    outcomes: Vec<Option<Outcome<'a, S>>>,
    make: F,
) -> Result<Scan<S>, ReadError>
where
    S: Sink<'a>,
    F: Fn() -> S,
{
    let mut pieces = Vec::with_capacity(outcomes.len());
    let mut offset = 0u64;
    let mut prev: Option<&'a str> = None;
    for (i, o) in outcomes.into_iter().enumerate() {
        if let Some(o) = o {
            let follows = match (prev, o.first) {
                (Some(p), Some(f)) => f > p,
                _ => true,
            };
            if o.clean && follows {
                pieces.push(Piece {
                    offset,
                    sink: o.sink,
                });
                offset += o.lines;
                prev = o.last.or(prev);
                continue;
            }
        }
        let start = bounds[i];
        let mut sink = make();
        let mut lines = Lines::resume(bytes, start, offset, prev);
        for line in lines.by_ref() {
            sink.line(line?);
        }
        pieces.push(Piece { offset: 0, sink });
        return Ok(Scan {
            pieces,
            lines: lines.number(),
            sorted: lines.sorted(),
            sequential_bytes: (bytes.len() - start) as u64,
        });
    }
    Ok(Scan {
        pieces,
        lines: offset,
        sorted: true,
        sequential_bytes: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Collects (line in the document, key, value).
    #[derive(Default)]
    struct Collect<'a>(Vec<(u64, &'a str, &'a str)>);

    impl<'a> Sink<'a> for Collect<'a> {
        fn line(&mut self, line: Line<'a>) {
            self.0.push((line.number, line.key, line.value));
        }
    }

    /// Every pair as (line, key, value), and whether the keys were sorted.
    type Pairs<'a> = Result<(Vec<(u64, &'a str, &'a str)>, bool), ReadError>;

    fn pieced(bytes: &[u8], n: usize) -> Pairs<'_> {
        let split = Split {
            pieces: n,
            threads: n.min(3),
        };
        let scan = scan(bytes, &Limits::default(), split, Collect::default)?;
        let mut all = Vec::new();
        for p in scan.pieces {
            all.extend(p.sink.0.into_iter().map(|(l, k, v)| (l + p.offset, k, v)));
        }
        assert_eq!(all.len() as u64, scan.lines);
        Ok((all, scan.sorted))
    }

    fn sequential(bytes: &[u8]) -> Pairs<'_> {
        check_intake(bytes, &Limits::default())?;
        let mut lines = Lines::from_bytes(bytes);
        let mut all = Vec::new();
        for line in lines.by_ref() {
            let line = line?;
            all.push((line.number, line.key, line.value));
        }
        Ok((all, lines.sorted()))
    }

    #[test]
    fn cuts_after_line_ends() {
        assert_eq!(cut(b"a=1\nb=2\nc=3\n", 3), vec![0, 4, 8, 12]);
        assert_eq!(cut(b"a=1\nb=2\nc=3\n", 1), vec![0, 12]);
        assert_eq!(cut(b"abcdefgh=1\nb=2\n", 4), vec![0, 11, 15]);
        assert_eq!(cut(b"", 4), vec![0, 0]);
        assert_eq!(cut(b"a=1", 4), vec![0, 3]);
    }

    #[test]
    fn line_numbers_and_faults_across_pieces() {
        let doc = b"a=1\nb=2\nc=3\nd=4\ne=5\nf=6\n";
        for n in 1..8 {
            assert_eq!(pieced(doc, n).unwrap(), sequential(doc).unwrap(), "{n}");
        }
        // A duplicate across a cut, out of order across a cut, a fault late.
        for doc in [
            &b"a=1\nb=2\nc=3\nc=4\ne=5\nf=6\n"[..],
            b"a=1\nb=2\nz=3\nc=4\nd=5\na=6\n",
            b"a=1\nb=2\nc=3\nd=4\ne=5\nf 6\n",
            b"d=1\ne=2\nf=3\na=4\nb=5\nc=6\n",
            b"a=1\nb=\xff\nc=3\nd=4\ne=5\nf=6\n",
            b"a=1\nb=2\nc=3\nd=4\ne=5\nf=6",
        ] {
            for n in 1..8 {
                assert_eq!(pieced(doc, n), sequential(doc), "{n}");
            }
        }
        let e = pieced(b"a=1\nb=2\nc=3\nd=4\ne=5\nb=6\n", 3).unwrap_err();
        assert!(e.found.unwrap().contains("first on line 2"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        #[test]
        fn pieces_agree_with_the_sequential_iteration(
            text in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "b", "c", "a.b", ".", "=", "=", "1", "\n", "\n", "\n", "\n", " ",
                    "\r", "é", "\u{feff}", "counts.", "x_y",
                ]),
                0..120,
            ),
            n in 1usize..9,
        ) {
            let text: String = text.concat();
            proptest::prop_assert_eq!(pieced(text.as_bytes(), n), sequential(text.as_bytes()));
        }

        #[test]
        fn sorted_documents_agree_too(
            keys in proptest::collection::btree_set("[a-c]{1,3}(\\.[a-c]{1,2})?", 0..40),
            dup in proptest::option::of(0usize..40),
            n in 1usize..9,
        ) {
            let mut keys: Vec<String> = keys.into_iter().collect();
            if let Some(i) = dup {
                if i < keys.len() {
                    let k = keys[i].clone();
                    keys.insert(i, k);
                }
            }
            let text: String = keys.iter().map(|k| format!("{k}=v\n")).collect();
            proptest::prop_assert_eq!(pieced(text.as_bytes(), n), sequential(text.as_bytes()));
        }
    }
}

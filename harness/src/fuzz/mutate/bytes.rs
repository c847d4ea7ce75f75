//! Byte-level edits for input no structured mutator understands: flip,
//! insert, delete or repeat a byte range.

use fastrand::Rng;

/// A mutated copy of `bytes`.
pub fn mutate(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = bytes.to_vec();
    if out.is_empty() {
        out.push(rng.u8(..));
        return out;
    }
    let at = rng.usize(..out.len());
    match rng.u8(0..4) {
        0 => out[at] ^= 1 << rng.u8(0..8),
        1 => out.insert(
            at,
            [b'"', b'\\', b'\n', b'\r', 0, 0xff, b'='][rng.usize(..7)],
        ),
        2 => {
            let end = (at + rng.usize(1..=8)).min(out.len());
            out.drain(at..end);
        }
        _ => {
            let end = (at + rng.usize(1..=8)).min(out.len());
            let chunk = out[at..end].to_vec();
            out.splice(at..at, chunk);
        }
    }
    out
}

//! Byte classes of 64-byte blocks as bit masks (bit i = byte i of the
//! block), computed 32 bytes at a time with AVX2 where the CPU has it
//! (detected at run time), else 16 at a time with SSE2 on x86_64, else byte
//! by byte. The line iterator's fast path finds the end of a key, checks
//! its syntax and finds the end of the line from these masks, a few bit
//! operations a line instead of a loop over its bytes.

/// The classes of one block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Masks {
    /// LF or CR (a line ends at the first one, which must be an LF).
    pub ctl: u64,
    /// A byte no key may hold (anything but `[A-Za-z0-9_.-]`).
    pub bad: u64,
    /// A dot followed by a dot (looking one byte past the block).
    pub dd: u64,
    /// A decimal digit `0`-`9`.
    pub digit: u64,
}

/// The classes of one block before `dd` is derived.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Classes {
    pub ctl: u64,
    pub bad: u64,
    pub dot: u64,
    pub digit: u64,
}

impl Classes {
    /// The masks, `next` being the byte after the block (0 past the text).
    #[inline(always)]
    pub fn masks(self, next: u8) -> Masks {
        let dot = self.dot;
        Masks {
            ctl: self.ctl,
            bad: self.bad,
            dd: dot & ((dot >> 1) | (u64::from(next == b'.') << 63)),
            digit: self.digit,
        }
    }
}

/// Whether `b` may appear in a key.
#[inline]
fn key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.'
}

/// The masks of `block`; `next` is the byte after it (0 past the text).
pub fn classify(block: &[u8; 64], next: u8) -> Masks {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    // SAFETY: `classes` only needs SSE2, which this cfg guarantees is enabled
    // for the whole build (it is part of the x86_64 baseline).
    let classes = unsafe { sse2::classes(block) };
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    let classes = portable_classes(block);
    classes.masks(next)
}

/// The classes byte by byte.
pub fn portable_classes(block: &[u8; 64]) -> Classes {
    let mut c = Classes::default();
    for (i, &b) in block.iter().enumerate() {
        c.ctl |= u64::from(b == b'\n' || b == b'\r') << i;
        c.bad |= u64::from(!key_byte(b)) << i;
        c.dot |= u64::from(b == b'.') << i;
        c.digit |= u64::from(b.is_ascii_digit()) << i;
    }
    c
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    //! SSE2 is part of the x86_64 baseline; the 16-byte loads go through
    //! `u64`s, without pointers, so nothing here touches memory unchecked.
    //! The functions are `unsafe` only because `#[target_feature]` on a safe
    //! function needs Rust 1.86 and the workspace supports 1.85.
    use super::Classes;
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x,
    };

    #[target_feature(enable = "sse2")]
    unsafe fn load(block: &[u8; 64], at: usize) -> __m128i {
        let word = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&block[i..i + 8]);
            i64::from_le_bytes(w)
        };
        _mm_set_epi64x(word(at + 8), word(at))
    }

    #[target_feature(enable = "sse2")]
    unsafe fn splat(b: u8) -> __m128i {
        _mm_set1_epi8(b as i8)
    }

    #[target_feature(enable = "sse2")]
    unsafe fn bits(m: __m128i, k: usize) -> u64 {
        u64::from(_mm_movemask_epi8(m) as u16) << (16 * k)
    }

    /// The classes of the block.
    #[target_feature(enable = "sse2")]
    pub unsafe fn classes(block: &[u8; 64]) -> Classes {
        let mut c = Classes::default();
        for k in 0..4 {
            let v = load(block, 16 * k);
            let is_dot = _mm_cmpeq_epi8(v, splat(b'.'));
            // Bytes >= 0x80 are negative as i8, so they fall outside every range.
            let folded = _mm_or_si128(v, splat(0x20));
            let alpha = _mm_and_si128(
                _mm_cmpgt_epi8(folded, splat(b'a' - 1)),
                _mm_cmplt_epi8(folded, splat(b'z' + 1)),
            );
            let digit = _mm_and_si128(
                _mm_cmpgt_epi8(v, splat(b'0' - 1)),
                _mm_cmplt_epi8(v, splat(b'9' + 1)),
            );
            let punct = _mm_or_si128(
                _mm_or_si128(
                    _mm_cmpeq_epi8(v, splat(b'_')),
                    _mm_cmpeq_epi8(v, splat(b'-')),
                ),
                is_dot,
            );
            let key = _mm_or_si128(_mm_or_si128(alpha, digit), punct);
            let ctl = _mm_or_si128(
                _mm_cmpeq_epi8(v, splat(b'\n')),
                _mm_cmpeq_epi8(v, splat(b'\r')),
            );
            c.ctl |= bits(ctl, k);
            c.bad |= !bits(key, k) & (0xFFFF << (16 * k));
            c.dot |= bits(is_dot, k);
            c.digit |= bits(digit, k);
        }
        c
    }
}

/// The masks of the 64-byte block at `base` of `text` (zero-padded past the end).
pub fn masks_at(text: &[u8], base: usize) -> Masks {
    let (block, next) = block_at(text, base);
    classify(&block, next)
}

/// The masks of the blocks at `base`, `base + 64`, ... into `out`.
pub fn classify_window(text: &[u8], base: usize, out: &mut [Masks]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU was just found to support AVX2, all `window` needs.
        unsafe { avx2::window(text, base, out) };
        return;
    }
    for (k, m) in out.iter_mut().enumerate() {
        *m = masks_at(text, base + 64 * k);
    }
}

/// Asks the CPU to bring the `blocks` 64-byte blocks of `text` from `base`
/// on into its caches, without waiting for them (a hint: nothing is read,
/// and blocks past the end are left out). The line iterator asks for the
/// next chunk while it works on this one, so the chunk's UTF-8 pass, the
/// first to read its bytes, finds them in cache: the hardware prefetchers
/// stop at each 4 KiB page, and that pass has too little work of its own to
/// hide the wait for memory.
#[inline]
pub fn prefetch(text: &[u8], base: usize, blocks: usize) {
    #[cfg(target_arch = "x86_64")]
    for at in (base..text.len()).step_by(64).take(blocks) {
        // SAFETY: `at < text.len()`, so the pointer stays inside `text`;
        // a prefetch reads nothing and cannot fault, and SSE (all it
        // needs) is part of the x86_64 baseline.
        unsafe {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            _mm_prefetch::<_MM_HINT_T0>(text.as_ptr().add(at).cast::<i8>());
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (text, base, blocks);
}

/// The block at `base` of `text`, zero-padded past the end, and the byte after it.
#[inline(always)]
fn block_at(text: &[u8], base: usize) -> ([u8; 64], u8) {
    let next = text.get(base + 64).copied().unwrap_or(0);
    match text
        .get(base..base + 64)
        .and_then(|s| s.first_chunk::<64>())
    {
        Some(block) => (*block, next),
        None => {
            let mut block = [0u8; 64];
            let tail = text.get(base..).unwrap_or_default();
            block[..tail.len()].copy_from_slice(tail);
            (block, next)
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    //! The AVX2 classifier, called only after run-time detection; its
    //! 32-byte loads go through `u64`s, without pointers. `unsafe` only as
    //! `#[target_feature]` requires before Rust 1.86: the caller must make
    //! sure the CPU has AVX2.
    use super::{block_at, Classes, Masks};
    use std::arch::x86_64::{
        __m256i, _mm256_and_si256, _mm256_cmpeq_epi8, _mm256_cmpgt_epi8, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8, _mm256_set_epi64x,
    };

    #[target_feature(enable = "avx2")]
    unsafe fn load(block: &[u8; 64], at: usize) -> __m256i {
        let word = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&block[i..i + 8]);
            i64::from_le_bytes(w)
        };
        _mm256_set_epi64x(word(at + 24), word(at + 16), word(at + 8), word(at))
    }

    #[target_feature(enable = "avx2")]
    unsafe fn splat(b: u8) -> __m256i {
        _mm256_set1_epi8(b as i8)
    }

    #[target_feature(enable = "avx2")]
    unsafe fn bits(m: __m256i, k: usize) -> u64 {
        u64::from(_mm256_movemask_epi8(m) as u32) << (32 * k)
    }

    /// The masks of the blocks at `base`, `base + 64`, ... into `out`.
    #[target_feature(enable = "avx2")]
    pub unsafe fn window(text: &[u8], base: usize, out: &mut [Masks]) {
        for (i, m) in out.iter_mut().enumerate() {
            let (block, next) = block_at(text, base + 64 * i);
            let mut c = Classes::default();
            for k in 0..2 {
                let v = load(&block, 32 * k);
                let is_dot = _mm256_cmpeq_epi8(v, splat(b'.'));
                // Bytes >= 0x80 are negative as i8, so they fall outside every range.
                let folded = _mm256_or_si256(v, splat(0x20));
                let alpha = _mm256_and_si256(
                    _mm256_cmpgt_epi8(folded, splat(b'a' - 1)),
                    _mm256_cmpgt_epi8(splat(b'z' + 1), folded),
                );
                let digit = _mm256_and_si256(
                    _mm256_cmpgt_epi8(v, splat(b'0' - 1)),
                    _mm256_cmpgt_epi8(splat(b'9' + 1), v),
                );
                let punct = _mm256_or_si256(
                    _mm256_or_si256(
                        _mm256_cmpeq_epi8(v, splat(b'_')),
                        _mm256_cmpeq_epi8(v, splat(b'-')),
                    ),
                    is_dot,
                );
                let key = _mm256_or_si256(_mm256_or_si256(alpha, digit), punct);
                let ctl = _mm256_or_si256(
                    _mm256_cmpeq_epi8(v, splat(b'\n')),
                    _mm256_cmpeq_epi8(v, splat(b'\r')),
                );
                c.ctl |= bits(ctl, k);
                c.bad |= !bits(key, k) & (0xFFFF_FFFF << (32 * k));
                c.dot |= bits(is_dot, k);
                c.digit |= bits(digit, k);
            }
            *m = c.masks(next);
        }
    }
}

/// Bits `from..end` (`from <= end <= 64`).
#[inline]
pub fn range(from: usize, end: usize) -> u64 {
    let upto = if end >= 64 { !0 } else { (1u64 << end) - 1 };
    upto & (!0u64 << from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn simd_and_portable_agree(bytes in prop::collection::vec(any::<u8>(), 64), next in any::<u8>()) {
            let block: [u8; 64] = bytes.try_into().unwrap();
            let c = portable_classes(&block);
            let m = classify(&block, next);
            prop_assert_eq!((m.ctl, m.bad, m.digit), (c.ctl, c.bad, c.digit));
            let dd = (0..64).filter(|&i| block[i] == b'.' && (if i == 63 { next } else { block[i + 1] }) == b'.')
                .fold(0u64, |acc, i| acc | 1 << i);
            prop_assert_eq!(m.dd, dd);
        }
    }

    proptest! {
        #[test]
        fn every_classifier_agrees(
            text in prop::collection::vec(
                prop::sample::select(b"az.=\n\r_-Z09/: \x80\xff".to_vec()),
                0..300,
            ),
            skip in 0usize..4,
        ) {
            let base = 64 * skip;
            let mut windowed = [Masks::default(); 4];
            classify_window(&text, base, &mut windowed);
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                let mut w = [Masks::default(); 4];
                // SAFETY: AVX2 was just detected.
                unsafe { avx2::window(&text, base, &mut w) };
                prop_assert_eq!(w, windowed);
            }
            for (k, m) in windowed.iter().enumerate() {
                let (block, next) = block_at(&text, base + 64 * k);
                prop_assert_eq!(*m, portable_classes(&block).masks(next));
                prop_assert_eq!(masks_at(&text, base + 64 * k), *m);
            }
        }
    }

    #[test]
    fn classes_of_a_line() {
        let mut block = [b'a'; 64];
        block[3] = b'=';
        block[10] = b'\n';
        block[20] = b'.';
        block[21] = b'.';
        block[63] = b'.';
        let m = classify(&block, b'.');
        assert_eq!(m.ctl, 1 << 10);
        assert_eq!(m.bad, 1 << 3 | 1 << 10);
        assert_eq!(m.dd, 1 << 20 | 1 << 63);
        let mut digits = [b'7'; 64];
        digits[10..16].copy_from_slice(b"/:=a-.");
        assert_eq!(classify(&digits, 0).digit, !(0x3F << 10));
        assert_eq!(range(2, 5), 0b11100);
        assert_eq!(range(60, 64), 0xF << 60);
        assert_eq!(range(3, 3), 0);
    }
}

//! A bounded capture of a program's stderr: the last `limit` bytes are
//! kept and the count of older bytes dropped is remembered, so a chatty or
//! hostile program cannot grow the harness's memory.

use std::collections::VecDeque;

/// The tail of a byte stream, at most `limit` bytes.
#[derive(Debug)]
pub struct Capture {
    buf: VecDeque<u8>,
    limit: usize,
    dropped: u64,
}

impl Capture {
    pub fn new(limit: usize) -> Capture {
        Capture {
            buf: VecDeque::with_capacity(limit.min(4096)),
            limit,
            dropped: 0,
        }
    }

    /// Appends `bytes`, dropping the oldest ones beyond the limit.
    pub fn push(&mut self, bytes: &[u8]) {
        if bytes.len() >= self.limit {
            self.dropped += (self.buf.len() + bytes.len() - self.limit) as u64;
            self.buf.clear();
            self.buf.extend(&bytes[bytes.len() - self.limit..]);
            return;
        }
        let over = (self.buf.len() + bytes.len()).saturating_sub(self.limit);
        self.dropped += over as u64;
        self.buf.drain(..over);
        self.buf.extend(bytes);
    }

    /// Everything captured since the last take (lossy UTF-8, with a note of
    /// what was dropped), or `None` when nothing was written.
    pub fn take(&mut self) -> Option<String> {
        if self.buf.is_empty() && self.dropped == 0 {
            return None;
        }
        let bytes: Vec<u8> = self.buf.drain(..).collect();
        let mut text = String::new();
        if self.dropped > 0 {
            text.push_str(&format!("[... {} earlier bytes dropped]\n", self.dropped));
        }
        text.push_str(&String::from_utf8_lossy(&bytes));
        self.dropped = 0;
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_tail() {
        let mut c = Capture::new(4);
        assert_eq!(c.take(), None);
        c.push(b"ab");
        c.push(b"cd");
        assert_eq!(c.take().as_deref(), Some("abcd"));
        c.push(b"abc");
        c.push(b"def");
        assert_eq!(
            c.take().as_deref(),
            Some("[... 2 earlier bytes dropped]\ncdef")
        );
        c.push(b"0123456789");
        assert_eq!(
            c.take().as_deref(),
            Some("[... 6 earlier bytes dropped]\n6789")
        );
        assert_eq!(c.take(), None);
    }
}

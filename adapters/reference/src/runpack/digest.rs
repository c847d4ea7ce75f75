//! SHA-256 digests as runpacks write them (`{"algorithm":"sha256","value":
//! "<64 lowercase hex>"}`), and streaming file hashing: a file is read in
//! fixed-size chunks, never whole, so memory stays flat whatever its size.

use sha2::{Digest as _, Sha256};
use std::io::Read;

/// The only hash algorithm runpack v1 defines.
pub const SHA256: &str = "sha256";

/// Read buffer for streaming hashes: 1 MiB.
pub const CHUNK: usize = 1 << 20;

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Whether `value` is a SHA-256 digest as the manifest writes it: exactly
/// 64 lowercase hex digits.
pub fn is_lower_hex_sha256(value: &str) -> bool {
    value.len() == 64
        && value
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// What streaming a file through SHA-256 gave.
#[derive(Debug)]
pub enum Streamed {
    /// The whole file was read: its digest and length.
    Hashed { hex: String, len: u64 },
    /// The file grew past `limit` bytes while being read.
    TooLarge { read: u64 },
}

/// Hashes everything `reader` yields, in [`CHUNK`] pieces, stopping once
/// more than `limit` bytes have been seen.
pub fn sha256_stream(reader: impl Read, limit: u64) -> std::io::Result<Streamed> {
    sha256_stream_with(reader, limit, &mut vec![0u8; CHUNK])
}

/// [`sha256_stream`] reading through the caller's buffer (reused from file
/// to file, so hashing many small files allocates nothing per file).
pub fn sha256_stream_with(
    mut reader: impl Read,
    limit: u64,
    buf: &mut [u8],
) -> std::io::Result<Streamed> {
    let mut hasher = Sha256::new();
    let mut total: u64 = 0;
    loop {
        let n = match reader.read(buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        total += n as u64;
        if total > limit {
            return Ok(Streamed::TooLarge { read: total });
        }
        hasher.update(&buf[..n]);
    }
    Ok(Streamed::Hashed {
        hex: hex::encode(hasher.finalize()),
        len: total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vectors() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let big = vec![b'a'; CHUNK * 2 + 17];
        match sha256_stream(&big[..], u64::MAX).unwrap() {
            Streamed::Hashed { hex, len } => {
                assert_eq!(hex, sha256_hex(&big));
                assert_eq!(len, big.len() as u64);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            sha256_stream(&big[..], 10).unwrap(),
            Streamed::TooLarge { .. }
        ));
    }

    #[test]
    fn digest_shape() {
        assert!(is_lower_hex_sha256(&sha256_hex(b"")));
        assert!(!is_lower_hex_sha256(&sha256_hex(b"").to_uppercase()));
        assert!(!is_lower_hex_sha256(&sha256_hex(b"")[..63]));
        assert!(!is_lower_hex_sha256(&format!("{}0", sha256_hex(b""))));
    }
}

//! Hashes and printable bytes: reproduces msticpy's `get_hashes` and `_as_byte_string`.

use md5::{Digest, Md5};
use sha1::Sha1;
use sha2::Sha256;

/// The three digests msticpy reports, as lower-case hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hashes {
    /// MD5 of the bytes.
    pub md5: String,
    /// SHA-1 of the bytes.
    pub sha1: String,
    /// SHA-256 of the bytes.
    pub sha256: String,
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// msticpy's `get_hashes`: md5, sha1 and sha256 of `binary` (the facade builds the dict).
pub fn get_hashes(binary: &[u8]) -> Hashes {
    Hashes {
        md5: hex(&Md5::digest(binary)),
        sha1: hex(&Sha1::digest(binary)),
        sha256: hex(&Sha256::digest(binary)),
    }
}

/// msticpy's `_as_byte_string`: two-digit lower-case hex per byte, separated by spaces.
pub fn printable_bytes(binary: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = Vec::with_capacity(binary.len() * 3);
    for &b in binary {
        out.extend_from_slice(&[
            DIGITS[usize::from(b >> 4)],
            DIGITS[usize::from(b & 0x0f)],
            b' ',
        ]);
    }
    out.pop();
    // Only ASCII hex digits and spaces were written.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn known_digests() {
        let h = get_hashes(b"abc");
        assert_eq!(h.md5, "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(h.sha1, "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(
            h.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(printable_bytes(b"Wr\x00"), "57 72 00");
        assert_eq!(printable_bytes(b""), "");
    }
}

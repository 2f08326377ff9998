//! Opt-in encodings beyond msticpy: hex and base32 runs, and file-type sniffing of
//! decoded bytes.
//!
//! msticpy only knows base64; a hex or base32 run that matches its candidate pattern is
//! decoded as base64 into noise. With `decode_hex` / `decode_base32` set, a candidate that
//! is entirely hex (optionally `0x`-prefixed) or entirely upper-case RFC 4648 base32 is
//! decoded in that alphabet instead, but only when the result *means* something: text
//! without control characters, or bytes of a known file type. Anything else (an MD5 hash
//! is a 32-character hex run) falls back to msticpy's base64 reading, so results only
//! change where the other reading is clearly right.

use super::encoding::byte_encoding;
use super::filetype::known_b64_type;

/// The alphabet a candidate was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEncoding {
    /// msticpy's base64.
    Base64,
    /// Hexadecimal digits, two per byte (opt-in).
    Hex,
    /// RFC 4648 base32, upper case (opt-in).
    Base32,
}

impl SourceEncoding {
    /// The name shown in the `source_encoding` output column.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Base64 => "base64",
            Self::Hex => "hex",
            Self::Base32 => "base32",
        }
    }
}

/// The candidate without CR/LF, which the candidate pattern lets through.
fn without_newlines(candidate: &str) -> String {
    candidate
        .chars()
        .filter(|c| *c != '\n' && *c != '\r')
        .collect()
}

/// Decodes an even-length run of hex digits (optionally `0x`-prefixed).
pub(crate) fn decode_hex(candidate: &str) -> Option<Vec<u8>> {
    let text = without_newlines(candidate);
    let digits = text
        .strip_prefix("0x")
        .or_else(|| text.strip_prefix("0X"))
        .unwrap_or(&text);
    if digits.is_empty() || !digits.len().is_multiple_of(2) {
        return None;
    }
    let nibble = |b: u8| (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok());
    digits
        .as_bytes()
        .chunks_exact(2)
        .map(|pair| Some((nibble(pair[0])? << 4) | nibble(pair[1])?))
        .collect()
}

/// Maps a base32 character to its five-bit value.
fn quintet(byte: u8) -> Option<u8> {
    match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'2'..=b'7' => Some(byte - b'2' + 26),
        _ => None,
    }
}

/// Decodes an RFC 4648 base32 run: upper case, padded to a multiple of eight characters
/// with one of the legal pad lengths (0, 1, 3, 4 or 6).
pub(crate) fn decode_base32(candidate: &str) -> Option<Vec<u8>> {
    let text = without_newlines(candidate);
    if text.is_empty() || !text.len().is_multiple_of(8) {
        return None;
    }
    let body = text.trim_end_matches('=');
    let pads = text.len() - body.len();
    if !matches!(pads, 0 | 1 | 3 | 4 | 6) {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 5 / 8);
    let mut acc = 0u64;
    let mut bits = 0u32;
    for &byte in body.as_bytes() {
        acc = (acc << 5) | u64::from(quintet(byte)?);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// True when a candidate's base32 body (before any `=`) is all base32 letters, so a
/// longer `=` run after it belongs to the candidate.
pub(crate) fn is_base32_body(candidate: &str) -> bool {
    let body = candidate.trim_end_matches('=');
    !body.is_empty()
        && body
            .bytes()
            .all(|b| quintet(b).is_some() || b == b'\n' || b == b'\r')
}

/// msticpy's file type for raw bytes: the type its base64-prefix table gives for the
/// base64 of the same bytes (the table looks at the first 160 characters, 120 bytes).
pub fn sniff_type(bytes: &[u8]) -> Option<&'static str> {
    let head = bytes.get(..120).unwrap_or(bytes);
    known_b64_type(&encode_base64(head))
}

/// Standard base64 with padding (for sniffing; tests build inputs with it too).
pub(crate) fn encode_base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The archive kind of raw bytes by magic number (gzip, zip local header, POSIX tar).
pub(crate) fn archive_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        Some("gz")
    } else if bytes.starts_with(b"PK\x03\x04") {
        Some("zip")
    } else if bytes.get(257..262) == Some(b"ustar") {
        Some("tar")
    } else {
        None
    }
}

/// True when decoded bytes clearly mean something: printable text or a known file type.
pub(crate) fn is_meaningful(bytes: &[u8], utf16: bool) -> bool {
    if sniff_type(bytes).is_some() || archive_kind(bytes).is_some() {
        return true;
    }
    match byte_encoding(bytes, utf16) {
        (Some(text), _) => {
            !text.is_empty()
                && text
                    .chars()
                    .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        }
        (None, _) => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn hex_runs() {
        assert_eq!(decode_hex("68656c6c6f").unwrap(), b"hello");
        assert_eq!(decode_hex("0x68656C6C6F").unwrap(), b"hello");
        assert_eq!(decode_hex("6865\r\n6c6c6f").unwrap(), b"hello");
        assert_eq!(decode_hex("68656c6c6"), None);
        assert_eq!(decode_hex("68656c6c6g"), None);
        assert_eq!(decode_hex(""), None);
    }

    #[test]
    fn base32_runs() {
        assert_eq!(decode_base32("NBSWY3DP").unwrap(), b"hello");
        assert_eq!(decode_base32("NBSWY3DPEE======").unwrap(), b"hello!");
        assert_eq!(decode_base32("MZXW6===").unwrap(), b"foo");
        assert_eq!(decode_base32("MZXW6YQ=").unwrap(), b"foob");
        assert_eq!(decode_base32("NBSWY3D"), None);
        assert_eq!(decode_base32("nbswy3dp"), None);
        assert_eq!(decode_base32("NBSWY3=="), None);
        assert!(is_base32_body("NBSWY3DPEE======"));
        assert!(!is_base32_body("NBSWy3DP"));
    }

    #[test]
    fn sniffing_uses_msticpys_table() {
        let gz = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0];
        assert_eq!(sniff_type(&gz), Some("gz"));
        assert_eq!(archive_kind(&gz), Some("gz"));
        assert_eq!(encode_base64(b"hi"), "aGk=");
        assert_eq!(encode_base64(b"hello"), "aGVsbG8=");
        assert_eq!(sniff_type(b"hello"), None);
    }

    #[test]
    fn meaning() {
        assert!(is_meaningful(b"powershell -nop", false));
        assert!(!is_meaningful(b"\x01\x02abc", false));
        assert!(!is_meaningful(
            &decode_hex("d41d8cd98f00b204e9800998ecf8427e").unwrap(),
            false
        ));
    }
}

//! Finding base64 candidates and decoding them like Python's `base64.b64decode`.
//!
//! Reproduces msticpy's `BASE64_REGEX_C` search and the non-validating
//! `base64.b64decode` call in `_decode_b64_binary`. msticpy compiles its pattern with
//! `re.IGNORECASE` on a `str`, which makes `[A-Za-z]` also match four non-ASCII letters
//! (`ſ`, `K` Kelvin sign, `İ`, `ı`); the class below lists them explicitly so that the
//! same runs are found. Python then raises `ValueError` (not `binascii.Error`) for such a
//! run, which escapes msticpy's `unpack`; here it is reported as
//! [`DecodeError::NonAscii`] and the caller turns it into a status instead.

use std::sync::OnceLock;

use regex::Regex;

/// The candidate pattern: 30 or more base64 characters (CR/LF allowed) and up to two `=`.
const CANDIDATE_PATTERN: &str = "[A-Za-z0-9+/\\n\\r\u{17f}\u{212a}\u{130}\u{131}]{30,}={0,2}";

/// The compiled candidate pattern, built once per process.
pub(crate) fn candidate_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(CANDIDATE_PATTERN).ok())
        .as_ref()
}

/// Why a candidate did not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// Python would raise `binascii.Error` (bad padding or a stray data character).
    Padding,
    /// Python would raise `ValueError` because the text is not ASCII.
    NonAscii,
}

/// Maps an ASCII byte to its six-bit value, or `None` for characters Python skips.
fn sextet(byte: u8) -> Option<u8> {
    match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'a'..=b'z' => Some(byte - b'a' + 26),
        b'0'..=b'9' => Some(byte - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Upper bound of the decoded size, used to check the item budget before decoding.
pub(crate) fn decoded_len_bound(text: &str) -> usize {
    text.len() / 4 * 3 + 3
}

/// Decodes `text` with the rules of CPython's non-strict `binascii.a2b_base64`.
///
/// Characters outside the alphabet are skipped. A `=` only counts as padding once at
/// least two data characters of the current quantum were seen, and a complete pad ends
/// the input (the rest is ignored). Leftover data characters without enough padding are
/// an error, exactly as `binascii.Error("Incorrect padding")` is in Python.
pub(crate) fn python_b64decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    if !text.is_ascii() {
        return Err(DecodeError::NonAscii);
    }
    let mut out = Vec::with_capacity(decoded_len_bound(text));
    let mut quad_pos = 0u8;
    let mut left = 0u8;
    let mut pads = 0u8;
    for &byte in text.as_bytes() {
        if byte == b'=' {
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let Some(value) = sextet(byte) else {
            continue;
        };
        pads = 0;
        match quad_pos {
            0 => {
                left = value;
                quad_pos = 1;
            }
            1 => {
                out.push((left << 2) | (value >> 4));
                left = value & 0x0f;
                quad_pos = 2;
            }
            2 => {
                out.push((left << 4) | (value >> 2));
                left = value & 0x03;
                quad_pos = 3;
            }
            _ => {
                out.push((left << 6) | value);
                left = 0;
                quad_pos = 0;
            }
        }
    }
    if quad_pos == 0 {
        Ok(out)
    } else {
        Err(DecodeError::Padding)
    }
}

/// Converts a Python string index (code points) to a byte offset, or `None` past the end.
pub(crate) fn char_to_byte(text: &str, chars: usize) -> Option<usize> {
    if text.is_ascii() {
        return (chars <= text.len()).then_some(chars);
    }
    if chars == 0 {
        return Some(0);
    }
    let mut seen = 0usize;
    for (offset, _) in text.char_indices() {
        if seen == chars {
            return Some(offset);
        }
        seen += 1;
    }
    (seen == chars).then_some(text.len())
}

/// Converts a byte offset on a character boundary to a Python string index.
pub(crate) fn byte_to_char(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |head| head.chars().count())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn padding_rules_match_binascii() {
        assert_eq!(python_b64decode("aGk=").unwrap(), b"hi");
        assert_eq!(python_b64decode("aGk").unwrap_err(), DecodeError::Padding);
        assert_eq!(python_b64decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(python_b64decode("aG\r\nk=").unwrap(), b"hi");
        assert_eq!(python_b64decode("aGk=trailing").unwrap(), b"hi");
        assert_eq!(python_b64decode("a").unwrap_err(), DecodeError::Padding);
        assert_eq!(python_b64decode("aa==").unwrap(), b"i");
        assert_eq!(python_b64decode("aa=").unwrap_err(), DecodeError::Padding);
        assert_eq!(python_b64decode("=aGk=").unwrap(), b"hi");
        assert_eq!(
            python_b64decode("ſaGk=").unwrap_err(),
            DecodeError::NonAscii
        );
        assert_eq!(python_b64decode("").unwrap(), b"");
    }

    #[test]
    fn index_conversions() {
        let s = "aé b";
        assert_eq!(char_to_byte(s, 2), Some(3));
        assert_eq!(char_to_byte(s, 4), Some(5));
        assert_eq!(char_to_byte(s, 5), None);
        assert_eq!(byte_to_char(s, 3), 2);
    }
}

//! Finding base64 candidates and decoding them like Python's `base64.b64decode`.
//!
//! Reproduces msticpy's `BASE64_REGEX_C` search (by a hand-written linear scanner,
//! tested against the regex) and the non-validating
//! `base64.b64decode` call in `_decode_b64_binary`. msticpy compiles its pattern with
//! `re.IGNORECASE` on a `str`, which makes `[A-Za-z]` also match four non-ASCII letters
//! (`ſ`, `K` Kelvin sign, `İ`, `ı`); the scanner accepts them explicitly so that the
//! same runs are found. Python then raises `ValueError` (not `binascii.Error`) for such a
//! run, which escapes msticpy's `unpack`; here it is reported as
//! [`DecodeError::NonAscii`] and the caller turns it into a status instead.

use std::ops::Range;

/// The candidate pattern msticpy uses (`[A-Za-z0-9+/\n\r]{30,}={0,2}` under `re.I`),
/// kept as the specification [`find_candidate`] is tested against.
#[cfg(test)]
pub(crate) const CANDIDATE_PATTERN: &str =
    "[A-Za-z0-9+/\\n\\r\u{17f}\u{212a}\u{130}\u{131}]{30,}={0,2}";

/// Shortest run of candidate characters (in code points).
const MIN_RUN: usize = 30;

/// ASCII bytes of the candidate class.
const fn ascii_class() -> [bool; 128] {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'\n' | b'\r');
        b += 1;
    }
    table
}

const ASCII_CLASS: [bool; 128] = ascii_class();

/// The non-ASCII letters Python's case-insensitive `[A-Za-z]` also matches.
fn non_ascii_member(c: char) -> bool {
    matches!(c, '\u{17f}' | '\u{212a}' | '\u{130}' | '\u{131}')
}

/// Finds the leftmost candidate at or after byte offset `from` (a char boundary), as
/// the regex `CANDIDATE_PATTERN` would: the first maximal run of at least 30 class
/// characters, then up to two `=`. Linear, one pass, no allocation.
pub(crate) fn find_candidate(text: &str, from: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let mut pos = from;
    let mut run_start = from;
    let mut run_chars = 0usize;
    let finish = |start: usize, end: usize| {
        let pads = bytes.get(end..).map_or(0, |rest| {
            rest.iter().take(2).take_while(|b| **b == b'=').count()
        });
        start..end + pads
    };
    while pos < bytes.len() {
        let byte = bytes[pos];
        let (member, width) = if byte < 0x80 {
            (ASCII_CLASS[usize::from(byte)], 1)
        } else {
            let c = text.get(pos..).and_then(|rest| rest.chars().next())?;
            (non_ascii_member(c), c.len_utf8())
        };
        if member {
            if run_chars == 0 {
                run_start = pos;
            }
            run_chars += 1;
        } else {
            if run_chars >= MIN_RUN {
                return Some(finish(run_start, pos));
            }
            run_chars = 0;
        }
        pos += width;
    }
    (run_chars >= MIN_RUN).then(|| finish(run_start, bytes.len()))
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
const fn sextet(byte: u8) -> Option<u8> {
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
    if let Some(bytes) = decode_clean(text.as_bytes()) {
        return Ok(bytes);
    }
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

/// Six-bit values of the base64 alphabet; 0xff for every other byte.
const SEXTETS: [u8; 256] = {
    let mut table = [0xffu8; 256];
    let mut b = 0;
    while b < 256 {
        if let Some(v) = sextet(b as u8) {
            table[b] = v;
        }
        b += 1;
    }
    table
};

/// Fast path for the common case: only alphabet characters, then at most two `=`.
/// Returns `None` whenever the input needs [`python_b64decode`]'s general rules
/// (line breaks, stray characters, incomplete padding), which then give the result.
fn decode_clean(text: &[u8]) -> Option<Vec<u8>> {
    let body_len = text.len()
        - text
            .iter()
            .rev()
            .take(2)
            .take_while(|b| **b == b'=')
            .count();
    let (body, pads) = text.split_at(body_len);
    let needed = match body.len() % 4 {
        0 => 0,
        2 => 2,
        3 => 1,
        _ => return None,
    };
    if pads.len() < needed {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 2);
    let mut quads = body.chunks_exact(4);
    for quad in quads.by_ref() {
        let v = [
            SEXTETS[usize::from(quad[0])],
            SEXTETS[usize::from(quad[1])],
            SEXTETS[usize::from(quad[2])],
            SEXTETS[usize::from(quad[3])],
        ];
        if (v[0] | v[1] | v[2] | v[3]) & 0xc0 != 0 {
            return None;
        }
        let n = (u32::from(v[0]) << 18)
            | (u32::from(v[1]) << 12)
            | (u32::from(v[2]) << 6)
            | u32::from(v[3]);
        out.extend_from_slice(&n.to_be_bytes()[1..]);
    }
    let rest: Vec<u8> = quads
        .remainder()
        .iter()
        .map(|b| SEXTETS[usize::from(*b)])
        .collect();
    if rest.iter().any(|v| v & 0xc0 != 0) {
        return None;
    }
    // Python ignores the unused low bits of the last character.
    match rest.as_slice() {
        [] => {}
        [a, b] => out.push((a << 2) | (b >> 4)),
        [a, b, c] => out.extend_from_slice(&[(a << 2) | (b >> 4), (b << 4) | (c >> 2)]),
        _ => return None,
    }
    Some(out)
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
    fn fast_path_agrees_with_the_general_rules() {
        let alphabet = b"AZaz09+/==\r\n-";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut fast_taken = 0;
        for round in 0..20_000 {
            let len = round % 24;
            let text: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % if round % 2 == 0 { 8 } else { 13 }) as usize]
                })
                .collect();
            let text = std::str::from_utf8(&text).unwrap();
            if let Some(fast) = decode_clean(text.as_bytes()) {
                fast_taken += 1;
                let general = python_b64decode_general(text);
                assert_eq!(Ok(fast), general, "{text:?}");
            }
        }
        assert!(fast_taken > 1000);
    }

    /// The general decoder alone, bypassing the fast path.
    fn python_b64decode_general(text: &str) -> Result<Vec<u8>, DecodeError> {
        // A leading line break is skipped by the general rules and defeats the fast path.
        python_b64decode(&format!("\n{text}"))
    }

    #[test]
    fn scanner_equals_the_regex() {
        let re = regex::Regex::new(CANDIDATE_PATTERN).unwrap();
        let alphabet: Vec<char> = "aZ09+/=\r\n -.ſKİıé\u{1f600}".chars().collect();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for round in 0..3000 {
            let len = (round % 90) + 1;
            let text: String = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    // Mostly class characters so that long runs occur.
                    let k = (state % 40) as usize;
                    if k < 30 {
                        alphabet[k % 4]
                    } else {
                        alphabet[k % alphabet.len()]
                    }
                })
                .collect();
            let mut from = 0;
            loop {
                let expected = re.find_at(&text, from).map(|m| m.range());
                assert_eq!(
                    find_candidate(&text, from),
                    expected,
                    "{text:?} from {from}"
                );
                let Some(found) = expected else { break };
                from = found.end;
            }
        }
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

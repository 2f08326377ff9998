//! Text detection of decoded bytes: reproduces msticpy's `_get_byte_encoding`.
//!
//! With `utf16` set, Python's `bytes.decode("utf-16")` is tried first (3.x order): a
//! leading BOM picks the byte order and is dropped, otherwise the machine's native order
//! is used, which is little-endian on every platform msticpy ships for; here it is always
//! little-endian. Odd lengths and unpaired surrogates fail, as in Python. Then strict
//! UTF-8 (Python's and Rust's UTF-8 validators accept exactly the same byte strings; a
//! UTF-8 BOM is kept as U+FEFF in both).

/// How the bytes were read as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingType {
    /// Valid UTF-8.
    Utf8,
    /// Valid UTF-16 (only tried when asked for).
    Utf16,
    /// Not text.
    Binary,
}

impl EncodingType {
    /// msticpy's spelling: `utf-8`, `utf-16` or `binary`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::Utf16 => "utf-16",
            Self::Binary => "binary",
        }
    }
}

/// Python's `bytes.decode("utf-16")` in strict mode (little-endian without a BOM).
pub(crate) fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let (big_endian, body) = match bytes {
        [0xff, 0xfe, rest @ ..] => (false, rest),
        [0xfe, 0xff, rest @ ..] => (true, rest),
        _ => (false, bytes),
    };
    if body.len() % 2 != 0 {
        return None;
    }
    let units = body.chunks_exact(2).map(|pair| {
        if big_endian {
            u16::from_be_bytes([pair[0], pair[1]])
        } else {
            u16::from_le_bytes([pair[0], pair[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

/// Returns the text form of `bytes` (if any) and its encoding type.
pub(crate) fn byte_encoding(bytes: &[u8], utf16: bool) -> (Option<String>, EncodingType) {
    if utf16 {
        if let Some(text) = decode_utf16(bytes) {
            return (Some(text), EncodingType::Utf16);
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Some(text.to_owned()), EncodingType::Utf8),
        Err(_) => (None, EncodingType::Binary),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn utf16_like_python() {
        assert_eq!(decode_utf16(b"\xff\xfeh\x00i\x00").as_deref(), Some("hi"));
        assert_eq!(decode_utf16(b"h\x00i\x00").as_deref(), Some("hi"));
        assert_eq!(decode_utf16(b"\xfe\xff\x00h").as_deref(), Some("h"));
        assert_eq!(decode_utf16(b"h\x00i"), None);
        assert_eq!(decode_utf16(b"\x00\xd8a\x00"), None);
        assert_eq!(decode_utf16(b"").as_deref(), Some(""));
        assert_eq!(byte_encoding(b"\xff", false).1, EncodingType::Binary);
    }
}

//! Hex-encoded audit values: `codecs.decode(bytes(v, "utf-8"), "hex").decode("utf-8")`.
//!
//! The kernel hex-encodes a value that holds a space, a quote, a control character or
//! a non-ASCII byte. msticpy decodes only a few fields (see `schema::is_encoded`), and
//! only into valid UTF-8; anything else keeps the raw text (msticpy also prints the
//! record to stdout then; we count it as `bad_hex` instead).

/// Decode `text` as hex into UTF-8 text; `None` on odd length, a non-hex digit or
/// bytes that are not valid UTF-8.
pub fn decode_hex_utf8(text: &str) -> Option<String> {
    let raw = text.as_bytes();
    if !raw.len().is_multiple_of(2) {
        return None;
    }
    let mut out = Vec::with_capacity(raw.len() / 2);
    for pair in raw.chunks_exact(2) {
        out.push((nibble(pair[0])? << 4) | nibble(pair[1])?);
    }
    String::from_utf8(out).ok()
}

/// Decode `text` as hex into bytes (any bytes); `None` when it is not hex.
pub fn decode_hex_bytes(text: &str) -> Option<Vec<u8>> {
    let raw = text.as_bytes();
    if !raw.len().is_multiple_of(2) {
        return None;
    }
    raw.chunks_exact(2)
        .map(|pair| Some((nibble(pair[0])? << 4) | nibble(pair[1])?))
        .collect()
}

fn nibble(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_like_codecs() {
        assert_eq!(decode_hex_utf8("6C73002D6C61").as_deref(), Some("ls\0-la"));
        assert_eq!(decode_hex_utf8("").as_deref(), Some(""));
        assert_eq!(decode_hex_utf8("414"), None);
        assert_eq!(decode_hex_utf8("ZZ"), None);
        assert_eq!(decode_hex_utf8("FFFE41"), None);
        assert_eq!(decode_hex_utf8("c000003e"), None);
        assert_eq!(decode_hex_utf8("eda080"), None); // a surrogate, rejected by Python too
        assert_eq!(decode_hex_bytes("ff00"), Some(vec![0xff, 0]));
    }
}

//! URL percent-decoding with the semantics of Python's `urllib.parse.unquote`, which
//! msticpy applies to every URL it finds before scanning it again.
//!
//! Python decodes `%XX` escapes only inside runs of ASCII characters and decodes each
//! run's bytes as UTF-8, replacing invalid sequences with U+FFFD; non-ASCII characters
//! pass through untouched. Invalid escapes (`%G1`, a trailing `%`) stay as they are.
use std::borrow::Cow;

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn decode_ascii_run(run: &str, out: &mut String) {
    let bytes = run.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hi = bytes.get(i + 1).copied().and_then(hex_value);
            let lo = bytes.get(i + 2).copied().and_then(hex_value);
            if let (Some(hi), Some(lo)) = (hi, lo) {
                decoded.push(hi * 16 + lo);
                i += 3;
                continue;
            }
        }
        decoded.push(b);
        i += 1;
    }
    out.push_str(&String::from_utf8_lossy(&decoded));
}

/// Percent-decode `text` as Python's `urllib.parse.unquote` does.
pub fn unquote(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut run_start = 0;
    let mut in_ascii = true;
    for (i, c) in text.char_indices() {
        if c.is_ascii() != in_ascii {
            flush(&text[run_start..i], in_ascii, &mut out);
            run_start = i;
            in_ascii = c.is_ascii();
        }
    }
    flush(&text[run_start..], in_ascii, &mut out);
    Cow::Owned(out)
}

fn flush(run: &str, ascii: bool, out: &mut String) {
    if ascii {
        decode_ascii_run(run, out);
    } else {
        out.push_str(run);
    }
}

#[cfg(test)]
mod tests {
    use super::unquote;

    #[test]
    fn decodes_like_python() {
        assert_eq!(unquote("http%3A%2F%2Fevil.ru%2Fp"), "http://evil.ru/p");
        assert_eq!(unquote("a%zz%4"), "a%zz%4");
        assert_eq!(unquote("%C3%A9"), "é");
        assert_eq!(unquote("%C3é"), "\u{FFFD}é");
        assert_eq!(unquote("no escapes"), "no escapes");
    }
}

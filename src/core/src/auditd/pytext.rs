//! Python's text rules that msticpy's auditd parser relies on, reproduced exactly:
//! `str.isspace`/`str.rstrip()`, `str.strip('"')`, `int(str)` and `float(str)`.

/// Python's `str.isspace` for one character (Unicode White_Space plus the four
/// ASCII information separators U+001C..U+001F, which Python also counts).
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `s.rstrip()`.
pub fn py_rstrip(s: &str) -> &str {
    s.trim_end_matches(is_py_space)
}

/// `s.strip('"')`.
pub fn strip_quotes(s: &str) -> &str {
    s.trim_matches('"')
}

/// `int(s)` for base 10, limited to `i64`: surrounding whitespace, one sign, ASCII digits
/// with single underscores between them. `None` where Python raises `ValueError`, and
/// also (a deliberate narrowing, documented) for non-ASCII decimal digits and for values
/// outside `i64`, which Python would accept as a big or Unicode-digit integer.
pub fn py_int(s: &str) -> Option<i64> {
    let t = s.trim_matches(is_py_space);
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let bytes = digits.as_bytes();
    if bytes.is_empty() || bytes[0] == b'_' || bytes[bytes.len() - 1] == b'_' {
        return None;
    }
    let mut value: i64 = 0;
    let mut previous_underscore = false;
    for &b in bytes {
        if b == b'_' {
            if previous_underscore {
                return None;
            }
            previous_underscore = true;
            continue;
        }
        previous_underscore = false;
        if !b.is_ascii_digit() {
            return None;
        }
        let digit = i64::from(b - b'0');
        value = value.checked_mul(10)?;
        value = if negative {
            value.checked_sub(digit)?
        } else {
            value.checked_add(digit)?
        };
    }
    Some(value)
}

/// `float(s)` for the forms an audit message id can take: surrounding whitespace, sign,
/// digits, one point, exponent, `inf`/`nan`. Underscores (accepted by Python between
/// digits) are rejected: `None`, reported as a bad timestamp.
pub fn py_float(s: &str) -> Option<f64> {
    let t = s.trim_matches(is_py_space);
    if t.is_empty() || t.contains('_') {
        return None;
    }
    t.parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_follow_python() {
        assert_eq!(py_int("42"), Some(42));
        assert_eq!(py_int(" -7\t"), Some(-7));
        assert_eq!(py_int("+1_000"), Some(1000));
        assert_eq!(py_int("010"), Some(10));
        assert_eq!(py_int("4294967295"), Some(4_294_967_295));
        for bad in [
            "",
            "-",
            "1__0",
            "_1",
            "1_",
            "0x10",
            "1.0",
            "abc",
            "9223372036854775808",
        ] {
            assert_eq!(py_int(bad), None, "{bad}");
        }
        assert_eq!(py_int("-9223372036854775808"), Some(i64::MIN));
    }

    #[test]
    fn floats_and_space() {
        assert_eq!(py_float("1551485405.594"), Some(1_551_485_405.594));
        assert_eq!(py_float(" 12 "), Some(12.0));
        assert!(py_float("nan").is_some_and(f64::is_nan));
        assert_eq!(py_float("1_0"), None);
        assert_eq!(py_float("abc"), None);
        assert_eq!(py_rstrip("a b \u{1d}\u{a0}\r"), "a b");
        assert_eq!(strip_quotes("\"\"x\"y\""), "x\"y");
    }
}

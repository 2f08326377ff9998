//! One raw `audit.log` line: its message-id time key and its record, split the way
//! msticpy's `_extract_timestamp` and `_parse_audit_message` do.
//!
//! After `rstrip()`, the header is the text before the first `": "`. The time key is the
//! id inside the *last* `msg=audit(...)` of the header that starts before any newline
//! (msticpy's greedy `.*msg=audit\(([^\)]+)\)`), cut at its first `:`: the serial is
//! dropped, so records of different serials in the same millisecond group together (as
//! in msticpy). The record type is the run of non-space text after a leading `type=`;
//! the body is only the text between the first and the second `": "`.
use memchr::memmem;

use super::pytext::{is_py_space, py_rstrip};

const MSG_AUDIT: &[u8] = b"msg=audit(";

/// Why a line gives no record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineProblem {
    /// The header does not start with `type=<name>` (msticpy yields an empty record).
    NoType,
    /// There is a type but no `": "` separator (msticpy raises `IndexError`).
    NoBody,
}

/// A line split into its parts (all borrowed from the line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedLine<'a> {
    /// The time key (`"1551485405.594"`), `None` without a `msg=audit(...)` id.
    pub key: Option<&'a str>,
    /// `(type, body)` or why there is none.
    pub record: Result<(&'a str, &'a str), LineProblem>,
}

/// Split one line.
pub fn parse_line(line: &str) -> ParsedLine<'_> {
    let text = py_rstrip(line);
    let (header, rest) = match memmem::find(text.as_bytes(), b": ") {
        Some(at) => (&text[..at], Some(&text[at + 2..])),
        None => (text, None),
    };
    let record = match record_type(header) {
        None => Err(LineProblem::NoType),
        Some(msg_type) => match rest {
            None => Err(LineProblem::NoBody),
            Some(rest) => {
                let body = match memmem::find(rest.as_bytes(), b": ") {
                    Some(at) => &rest[..at],
                    None => rest,
                };
                Ok((msg_type, body))
            }
        },
    };
    ParsedLine {
        key: time_key(header),
        record,
    }
}

/// `re.match(r"type=([^\s]+)", header)`.
fn record_type(header: &str) -> Option<&str> {
    let rest = header.strip_prefix("type=")?;
    let end = rest.find(is_py_space).unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// The message id of the last usable `msg=audit(...)`, cut at its first `:`.
pub fn time_key(header: &str) -> Option<&str> {
    let bytes = header.as_bytes();
    // `.*` cannot cross a newline, so the literal must start before the first one.
    let limit = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
    let finder = memmem::FinderRev::new(MSG_AUDIT);
    let mut end = limit;
    while let Some(start) = finder.rfind(&bytes[..end]) {
        let inner = start + MSG_AUDIT.len();
        // `[^\)]+\)`: at least one character, up to the first `)`. When that fails here,
        // an earlier `msg=audit(` may still match (it sees more text).
        if let Some(close) = memchr::memchr(b')', &bytes[inner..]) {
            if close > 0 {
                let id = &header[inner..inner + close];
                let key_end = id.find(':').unwrap_or(id.len());
                return Some(&id[..key_end]);
            }
        }
        end = start;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_msticpy() {
        let p =
            parse_line("type=SYSCALL msg=audit(1551485405.594:1234): arch=c000003e a=b: c=d \r");
        assert_eq!(p.key, Some("1551485405.594"));
        assert_eq!(p.record, Ok(("SYSCALL", "arch=c000003e a=b")));
        let p = parse_line("node=h type=X msg=audit(1.5:2): a=b");
        assert_eq!(p.key, Some("1.5"));
        assert_eq!(p.record, Err(LineProblem::NoType));
        let p = parse_line("type=X msg=audit(1.5:2) a=b");
        assert_eq!(p.record, Err(LineProblem::NoBody));
        assert_eq!(p.key, Some("1.5"));
        assert_eq!(parse_line("type=X a=b: c").key, None);
        assert_eq!(parse_line("type= x: y").record, Err(LineProblem::NoType));
    }

    #[test]
    fn key_is_the_last_usable_id() {
        assert_eq!(time_key("msg=audit(1:1) msg=audit(2:2)"), Some("2"));
        assert_eq!(time_key("msg=audit(1:1) msg=audit()"), Some("1"));
        assert_eq!(time_key("msg=audit(1) msg=audit(2"), Some("1"));
        assert_eq!(time_key("msg=audit(7"), None);
        assert_eq!(time_key("x\nmsg=audit(1:2)"), None);
        assert_eq!(time_key("msg=audit(1\n2:3)"), Some("1\n2"));
        assert_eq!(time_key("msg=audit(:5)"), Some(""));
        assert_eq!(time_key("msg=audit(msg=audit(3))"), Some("3"));
    }
}

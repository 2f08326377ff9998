//! Plain indicator lists: one indicator per line, `#` comment lines and blank lines
//! ignored. Text after the indicator (after `#`, `;` or white space) is kept as the
//! entry's description, as block lists such as `203.0.113.0/24 ; SBL0001` write it.
use super::budget::Sink;
use super::lines::for_each_line;
use super::types::{Entry, IocKind};

/// Read a plain list into `sink`.
pub fn parse(data: &[u8], sink: &mut Sink<'_>) -> crate::Result<()> {
    // Values of no recognised kind are garbage in a list unless the caller said the
    // whole list is of kind `other` (e.g. file names).
    let keep_other = sink.default_kind == Some(IocKind::Other);
    for_each_line(data, sink, |number, line, sink| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("//") {
            return Ok(true);
        }
        let (value, rest) = if keep_other {
            (line, "")
        } else {
            let end = line
                .find(|c: char| c.is_whitespace() || c == '#' || c == ';' || c == ',')
                .unwrap_or(line.len());
            line.split_at(end)
        };
        let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || "#;,".contains(c));
        let entry = Entry {
            description: sink.text(rest),
            ..Entry::default()
        };
        sink.add(|| format!("line {number}"), value, None, keep_other, entry)
    })
}

//! Guessing a feed's format from its name and first bytes.
use memchr::memmem;

use super::types::FeedFormat;

/// How much of a JSON document is searched for MISP or STIX markers.
const SNIFF_BYTES: usize = 64 * 1024;

/// The format of `data`; `file_name` (when known) settles `.csv` / `.tsv` files.
pub fn detect(data: &[u8], file_name: Option<&str>) -> FeedFormat {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let start = data
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(data.len());
    let head = &data[start..data.len().min(start + SNIFF_BYTES)];
    if matches!(head.first(), Some(b'{' | b'[')) {
        let has = |needle: &[u8]| memmem::find(head, needle).is_some();
        if has(b"\"Attribute\"") || has(b"\"Event\"") {
            return FeedFormat::Misp;
        }
        return FeedFormat::Stix;
    }
    let lower = file_name.map(str::to_ascii_lowercase).unwrap_or_default();
    if lower.ends_with(".csv") || lower.ends_with(".tsv") {
        return FeedFormat::Csv;
    }
    let first_line = head
        .split(|&b| b == b'\n')
        .map(|l| l.trim_ascii())
        .find(|l| !l.is_empty() && !l.starts_with(b"#"));
    match first_line {
        Some(line) if line.contains(&b',') || line.contains(&b'\t') => FeedFormat::Csv,
        _ => FeedFormat::Plain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats() {
        assert_eq!(detect(b"  {\"Event\": {}}", None), FeedFormat::Misp);
        assert_eq!(
            detect(b"{\"response\": [{\"Event\": {}}]}", None),
            FeedFormat::Misp
        );
        assert_eq!(detect(b"{\"type\": \"bundle\"}", None), FeedFormat::Stix);
        assert_eq!(detect(b"# c\nindicator,type\n", None), FeedFormat::Csv);
        assert_eq!(detect(b"x", Some("feed.CSV")), FeedFormat::Csv);
        assert_eq!(detect(b"# c\n203.0.113.1\n", None), FeedFormat::Plain);
        assert_eq!(detect(b"", None), FeedFormat::Plain);
    }
}

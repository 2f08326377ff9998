//! Splitting one CSV record into fields (RFC 4180 quoting: `"a ""b"""`), and choosing
//! the delimiter of a file from its header line.

/// Split `record` on `delim`, honouring double quotes. `None` when a quote is left open
/// (the record continues on the next line).
pub fn split(record: &str, delim: char) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut chars = record.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
        } else if c == '"' && field.trim().is_empty() {
            field.clear();
            in_quotes = true;
        } else if c == delim {
            fields.push(std::mem::take(&mut field));
        } else {
            field.push(c);
        }
    }
    if in_quotes {
        return None;
    }
    fields.push(field);
    Some(fields)
}

/// The delimiter used by `header`: the most frequent of comma, tab, semicolon and pipe
/// outside quotes (comma on a tie or when none occurs).
pub fn sniff_delimiter(header: &str) -> char {
    let mut counts = [(',', 0usize), ('\t', 0), (';', 0), ('|', 0)];
    let mut in_quotes = false;
    for c in header.chars() {
        if c == '"' {
            in_quotes = !in_quotes;
        } else if !in_quotes {
            for (d, n) in counts.iter_mut() {
                if *d == c {
                    *n += 1;
                }
            }
        }
    }
    let mut best = counts[0];
    for candidate in &counts[1..] {
        if candidate.1 > best.1 {
            best = *candidate;
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn splits_quoted_fields() {
        assert_eq!(
            split(r#"a,"b,c","d ""e""",,"#, ',').unwrap(),
            vec!["a", "b,c", r#"d "e""#, "", ""]
        );
        assert_eq!(split(r#"a,"open"#, ','), None);
        assert_eq!(split("x\ty", '\t').unwrap(), vec!["x", "y"]);
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a,b,c"), ',');
        assert_eq!(sniff_delimiter("a\tb\tc"), '\t');
        assert_eq!(sniff_delimiter("a;b;\"c,d,e\""), ';');
        assert_eq!(sniff_delimiter("single"), ',');
    }
}

//! Which key a line of a YAML file belongs to.
//!
//! The YAML parser reports a line and column; users need the key too ("TIProviders.OTX.Args"),
//! so this walks the block-style key lines up to the error line and keeps the chain of
//! enclosing keys by indentation. It is a heuristic for messages only (flow collections and
//! multi-line scalars are not tracked) and is linear in the text before the line.

/// Longest key segment kept in a path (longer ones are cut, so a message stays short).
const MAX_SEGMENT_CHARS: usize = 80;

/// Deepest chain of keys kept (deeper lines report their outermost 32 keys).
const MAX_SEGMENTS: usize = 32;

/// The dotted path of the key on, or nearest before, 1-based `line`; `(document)` when none.
pub(crate) fn key_path_at_line(text: &str, line: usize) -> String {
    let mut stack: Vec<(usize, String)> = Vec::new();
    for raw in text.lines().take(line.max(1)) {
        let Some((indent, key)) = key_of_line(raw) else {
            continue;
        };
        while stack.last().is_some_and(|(level, _)| *level >= indent) {
            stack.pop();
        }
        if stack.len() < MAX_SEGMENTS {
            stack.push((indent, key));
        }
    }
    if stack.is_empty() {
        return "(document)".to_owned();
    }
    stack
        .into_iter()
        .map(|(_, key)| key)
        .collect::<Vec<_>>()
        .join(".")
}

/// The indentation and key of a block mapping line such as `  AuthKey: value`.
fn key_of_line(raw: &str) -> Option<(usize, String)> {
    let body = raw.trim_start_matches([' ', '\t']);
    let mut indent = raw.len() - body.len();
    // A key inside a sequence item (`- name: x`) sits one level deeper than the dash.
    let body = match body.strip_prefix("- ") {
        Some(rest) => {
            indent += 2;
            rest.trim_start()
        }
        None => body,
    };
    if body.is_empty() || body.starts_with('#') || body.starts_with('-') {
        return None;
    }
    let key = if let Some(quote) = body.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let rest = &body[1..];
        let end = rest.find(quote)?;
        let after = rest[end + 1..].trim_start();
        if !after.starts_with(':') {
            return None;
        }
        &rest[..end]
    } else {
        let colon = find_key_colon(body)?;
        body[..colon].trim_end()
    };
    if key.is_empty() || key.starts_with(['{', '[', '&', '*', '!', '|', '>']) {
        return None;
    }
    Some((indent, key.chars().take(MAX_SEGMENT_CHARS).collect()))
}

/// Position of the `:` that ends a plain key (followed by a space or the end of the line).
fn find_key_colon(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    for (pos, byte) in bytes.iter().enumerate() {
        match byte {
            b'#' if pos > 0 && bytes[pos - 1] == b' ' => return None,
            b':' if matches!(bytes.get(pos + 1), None | Some(b' ' | b'\t')) => return Some(pos),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::key_path_at_line;

    #[test]
    fn nested_keys_by_indentation() {
        let text =
            "TIProviders:\n  OTX:\n    Args:\n      AuthKey: x\n  VirusTotal:\n    Primary: y\n";
        assert_eq!(key_path_at_line(text, 4), "TIProviders.OTX.Args.AuthKey");
        assert_eq!(key_path_at_line(text, 6), "TIProviders.VirusTotal.Primary");
        assert_eq!(key_path_at_line(text, 1), "TIProviders");
    }

    #[test]
    fn comments_lists_and_quotes() {
        let text = "# head\nmsticpy:\n  QueryDefinitions:\n    - one\n  'http_timeout': 3 # c\n";
        assert_eq!(key_path_at_line(text, 4), "msticpy.QueryDefinitions");
        assert_eq!(key_path_at_line(text, 5), "msticpy.http_timeout");
        assert_eq!(key_path_at_line("# only a comment\n", 1), "(document)");
    }

    #[test]
    fn urls_are_not_keys() {
        let text = "A:\n  Url: http://x:8080/p\n";
        assert_eq!(key_path_at_line(text, 2), "A.Url");
    }
}

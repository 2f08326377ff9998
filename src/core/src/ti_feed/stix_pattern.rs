//! Values out of STIX 2.1 patterns: the comparison values of the object paths that
//! name indicators (`[ipv4-addr:value = '203.0.113.5' OR file:hashes.'SHA-256' = '...']`).
//!
//! A single linear pass over tokens; nothing recurses, so nesting in the pattern costs
//! nothing. Only equality (`=`), `IN (...)` and `ISSUBSET` (an IP inside a CIDR range,
//! which is the range itself as an indicator) give values; negated comparisons, `LIKE`,
//! `MATCHES` and the rest are not exact values and are reported as unsupported.
use super::types::IocKind;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Path(String),
    Str(String),
    Word(String),
    Op(&'static str),
    Punct(char),
    Other,
}

fn lex(pattern: &str) -> Result<Vec<Token>, &'static str> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' {
            let mut text = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err("unterminated string in pattern"),
                    Some('\\') => {
                        if let Some(&next) = chars.get(i + 1) {
                            text.push(next);
                        }
                        i += 2;
                    }
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some(&ch) => {
                        text.push(ch);
                        i += 1;
                    }
                }
            }
            tokens.push(Token::Str(text));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            let mut text = String::new();
            while let Some(&ch) = chars.get(i) {
                if ch.is_ascii_alphanumeric() || matches!(ch, '_' | '-' | ':' | '.') {
                    text.push(ch);
                    i += 1;
                } else if ch == '\'' && text.ends_with('.') {
                    // A quoted path segment: file:hashes.'SHA-256'.
                    i += 1;
                    while let Some(&q) = chars.get(i) {
                        i += 1;
                        if q == '\'' {
                            break;
                        }
                        text.push(q);
                    }
                } else {
                    break;
                }
            }
            // Typed literals t'...', h'...', b'...' are single tokens of no interest.
            if i == start + 1 && chars.get(i) == Some(&'\'') && matches!(c, 't' | 'h' | 'b') {
                tokens.push(Token::Other);
                i += 1;
                while let Some(&q) = chars.get(i) {
                    i += 1;
                    if q == '\'' {
                        break;
                    }
                }
            } else if text.contains(':') {
                tokens.push(Token::Path(text));
            } else {
                tokens.push(Token::Word(text.to_ascii_uppercase()));
            }
        } else {
            let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let op = match two.as_str() {
                "!=" => Some("!="),
                "<=" => Some("<="),
                ">=" => Some(">="),
                _ => None,
            };
            if let Some(op) = op {
                tokens.push(Token::Op(op));
                i += 2;
            } else {
                tokens.push(match c {
                    '=' => Token::Op("="),
                    '<' => Token::Op("<"),
                    '>' => Token::Op(">"),
                    '[' | ']' | '(' | ')' | ',' => Token::Punct(c),
                    _ => Token::Other,
                });
                i += 1;
            }
        }
    }
    Ok(tokens)
}

/// The indicator kind an object path names, if it is one we index.
pub fn kind_of_path(path: &str) -> Option<IocKind> {
    let (object, property) = path.split_once(':')?;
    let property = property.to_ascii_lowercase();
    match (object.to_ascii_lowercase().as_str(), property.as_str()) {
        ("ipv4-addr", "value") => Some(IocKind::Ipv4),
        ("ipv6-addr", "value") => Some(IocKind::Ipv6),
        ("domain-name", "value") => Some(IocKind::Dns),
        ("url", "value") => Some(IocKind::Url),
        ("email-addr", "value") => Some(IocKind::Email),
        ("file", p) => {
            let algo: String = p
                .strip_prefix("hashes.")?
                .chars()
                .filter(|c| *c != '-')
                .collect();
            match algo.as_str() {
                "sha256" => Some(IocKind::Sha256),
                "sha1" => Some(IocKind::Sha1),
                "md5" => Some(IocKind::Md5),
                _ => None,
            }
        }
        _ => None,
    }
}

/// What a pattern gave.
#[derive(Debug, Default, PartialEq)]
pub struct Extracted {
    /// Values with their kinds.
    pub values: Vec<(IocKind, String)>,
    /// Comparisons on indexed paths that give no exact value (e.g. `MATCHES`, `!=`).
    pub unsupported: usize,
}

/// Extract indicator values from a STIX pattern.
pub fn extract(pattern: &str) -> Result<Extracted, &'static str> {
    let tokens = lex(pattern)?;
    let mut out = Extracted::default();
    let mut i = 0;
    while i < tokens.len() {
        let Token::Path(path) = &tokens[i] else {
            i += 1;
            continue;
        };
        i += 1;
        let Some(kind) = kind_of_path(path) else {
            continue;
        };
        let negated = tokens.get(i) == Some(&Token::Word("NOT".into()));
        if negated {
            i += 1;
        }
        match tokens.get(i) {
            Some(Token::Op("=")) if !negated => {
                if let Some(Token::Str(value)) = tokens.get(i + 1) {
                    out.values.push((kind, value.clone()));
                    i += 2;
                } else {
                    out.unsupported += 1;
                }
            }
            Some(Token::Word(w)) if w == "ISSUBSET" && !negated => {
                if let Some(Token::Str(value)) = tokens.get(i + 1) {
                    out.values.push((kind, value.clone()));
                    i += 2;
                } else {
                    out.unsupported += 1;
                }
            }
            Some(Token::Word(w)) if w == "IN" && !negated => {
                i += 1;
                if tokens.get(i) != Some(&Token::Punct('(')) {
                    out.unsupported += 1;
                    continue;
                }
                i += 1;
                while let Some(token) = tokens.get(i) {
                    match token {
                        Token::Str(value) => out.values.push((kind, value.clone())),
                        Token::Punct(',') => {}
                        _ => break,
                    }
                    i += 1;
                }
            }
            _ => out.unsupported += 1,
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn extracts_values() {
        let e = extract(
            "[ipv4-addr:value = '203.0.113.5' OR domain-name:value = 'evil.example.com'] \
             AND [file:hashes.'SHA-256' = 'AB' AND file:hashes.MD5 IN ('a1', 'b2')]",
        )
        .unwrap();
        assert_eq!(
            e.values,
            vec![
                (IocKind::Ipv4, "203.0.113.5".into()),
                (IocKind::Dns, "evil.example.com".into()),
                (IocKind::Sha256, "AB".into()),
                (IocKind::Md5, "a1".into()),
                (IocKind::Md5, "b2".into()),
            ]
        );
        assert_eq!(e.unsupported, 0);
    }

    #[test]
    fn handles_escapes_negation_and_other_operators() {
        let e = extract(r"[url:value = 'http://x.example/it\'s' AND url:value NOT = 'a']").unwrap();
        assert_eq!(
            e.values,
            vec![(IocKind::Url, "http://x.example/it's".into())]
        );
        assert_eq!(e.unsupported, 1);
        let e = extract(
            "[domain-name:value MATCHES '^x'] WITHIN 5 SECONDS START t'2020-01-01T00:00:00Z'",
        )
        .unwrap();
        assert!(e.values.is_empty());
        assert_eq!(e.unsupported, 1);
        let e = extract("[ipv4-addr:value ISSUBSET '198.51.100.0/24']").unwrap();
        assert_eq!(e.values, vec![(IocKind::Ipv4, "198.51.100.0/24".into())]);
        assert!(extract("[url:value = 'open").is_err());
        let e = extract("[process:name = 'x.exe' AND email-addr:value = 'a@example.com']").unwrap();
        assert_eq!(e.values, vec![(IocKind::Email, "a@example.com".into())]);
    }
}

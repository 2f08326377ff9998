//! Scrubbing secrets from error texts.
//!
//! Error messages from the network stack may quote the URL, and API keys often travel in
//! the query string, so every message goes through [`redact`] before leaving the core.

/// The replacement for every secret occurrence.
pub const REDACTED: &str = "[REDACTED]";

/// Replace each secret (and its percent-encoded form) in `text` by `[REDACTED]`.
///
/// Longer secrets are replaced first so that a secret containing a shorter one is not
/// left half visible. Empty secrets are ignored.
#[must_use]
pub fn redact(text: &str, secrets: &[String]) -> String {
    let mut forms: Vec<String> = Vec::new();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        forms.push(secret.clone());
        let encoded = percent_encode(secret);
        if encoded != *secret {
            forms.push(encoded);
        }
    }
    forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
    let mut out = text.to_owned();
    for form in &forms {
        if out.contains(form.as_str()) {
            out = out.replace(form.as_str(), REDACTED);
        }
    }
    out
}

/// Percent-encode everything but RFC 3986 unreserved characters, as URL builders do.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_plain_and_encoded_forms() {
        let secrets = vec!["k3y/+x".to_owned(), String::new()];
        let text = "GET /a?key=k3y/+x and k3y%2F%2Bx";
        assert_eq!(
            redact(text, &secrets),
            "GET /a?key=[REDACTED] and [REDACTED]"
        );
    }

    #[test]
    fn longest_secret_first() {
        let secrets = vec!["abc".to_owned(), "abcdef".to_owned()];
        assert_eq!(
            redact("x abcdef y abc", &secrets),
            "x [REDACTED] y [REDACTED]"
        );
    }
}

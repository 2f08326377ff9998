//! tldextract-style splitting of a name into sub-domain, registrable label and suffix.
//!
//! Reproduces what msticpy's `dns_components` returns (tldextract 5 with the ICANN
//! section of the Public Suffix List): the host is taken from a URL-like string with
//! tldextract's lenient rules, IPv4 and bracketed IPv6 literals are returned whole as the
//! domain, and a name with no known suffix keeps its last label as the domain.
use crate::ioc::psl::{icann_child, icann_has_child, icann_root, lenient_host};

/// The parts of a name, as tldextract's `ExtractResult` (private suffixes excluded, so
/// `is_private` is always false and `registry_suffix` equals `suffix`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DomainParts {
    /// Labels left of the registrable one, joined by dots.
    pub subdomain: String,
    /// The label just left of the suffix (or the whole address for an IP literal).
    pub domain: String,
    /// The public suffix, empty when the name has none.
    pub suffix: String,
}

/// Python's `str.isspace` (Rust's `char::is_whitespace` lacks the four separators
/// U+001C..U+001F that Python's `strip` removes).
/// tldextract's IPv4 test: four dotted decimal octets 0-255 without leading zeros.
fn looks_like_ipv4(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
                && p.parse::<u16>().is_ok_and(|v| v <= 255)
        })
}

/// Index of the first label of the public suffix, walking the ICANN rules from the
/// right (wildcards and their exceptions as tldextract applies them).
fn suffix_start(labels: &[&str]) -> Option<usize> {
    let mut node = icann_root();
    let mut label_idx = labels.len();
    let mut suffix_idx = labels.len();
    for label in labels.iter().rev() {
        if let Some(next) = icann_child(node, label) {
            label_idx -= 1;
            node = next;
            if node.end {
                suffix_idx = label_idx;
            }
            continue;
        }
        if icann_has_child(node, "*") {
            let lowered = label.to_lowercase();
            let exception = icann_has_child(node, &format!("!{lowered}"));
            return Some(if exception {
                label_idx
            } else {
                label_idx.saturating_sub(1)
            });
        }
        break;
    }
    (suffix_idx < labels.len()).then_some(suffix_idx)
}

/// Split `name` (a domain or URL, lower-cased first as msticpy does) into its parts.
pub fn split_domain(name: &str) -> DomainParts {
    let host =
        lenient_host(&name.to_lowercase()).replace(['\u{3002}', '\u{ff0e}', '\u{ff61}'], ".");
    let whole = |domain: String| DomainParts {
        domain,
        ..DomainParts::default()
    };
    if host.chars().count() >= 4 && host.starts_with('[') && host.ends_with(']') {
        let inner = &host[1..host.len() - 1];
        if inner.parse::<std::net::Ipv6Addr>().is_ok() {
            return whole(host);
        }
    }
    let labels: Vec<&str> = host.split('.').collect();
    match suffix_start(&labels) {
        None if looks_like_ipv4(&host) => whole(host),
        None => DomainParts {
            subdomain: labels[..labels.len() - 1].join("."),
            domain: labels[labels.len() - 1].to_string(),
            suffix: String::new(),
        },
        Some(idx) => DomainParts {
            subdomain: if idx >= 2 {
                labels[..idx - 1].join(".")
            } else {
                String::new()
            },
            domain: if idx > 0 {
                labels[idx - 1].to_string()
            } else {
                String::new()
            },
            suffix: labels[idx..].join("."),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(name: &str) -> (String, String, String) {
        let p = split_domain(name);
        (p.subdomain, p.domain, p.suffix)
    }

    #[test]
    fn splits_names_and_urls() {
        assert_eq!(
            parts("www.Foo.bbc.co.uk"),
            ("www.foo".into(), "bbc".into(), "co.uk".into())
        );
        assert_eq!(
            parts("http://user@a.b.example.com:80/x"),
            ("a.b".into(), "example".into(), "com".into())
        );
        assert_eq!(parts("co.uk"), ("".into(), "".into(), "co.uk".into()));
        assert_eq!(
            parts("a.b.local"),
            ("a.b".into(), "local".into(), "".into())
        );
    }

    #[test]
    fn addresses_are_whole() {
        assert_eq!(parts("1.2.3.4"), ("".into(), "1.2.3.4".into(), "".into()));
        assert_eq!(
            parts("http://[::1]:80/"),
            ("".into(), "[::1]".into(), "".into())
        );
        // A leading zero is not tldextract's IPv4 form: the last label is the domain.
        assert_eq!(parts("01.2.3.4"), ("01.2.3".into(), "4".into(), "".into()));
    }

    #[test]
    fn wildcard_rules() {
        // `*.ck` makes `bar.ck` a suffix; `!www.ck` makes `www` registrable.
        assert_eq!(
            parts("foo.bar.ck"),
            ("".into(), "foo".into(), "bar.ck".into())
        );
        assert_eq!(parts("www.ck"), ("".into(), "www".into(), "ck".into()));
    }
}

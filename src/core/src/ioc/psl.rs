//! Public Suffix List look-ups: the TLD check behind msticpy's `dns` IoC type.
//!
//! msticpy validates every `dns` match with `DomainValidator.validate_tld`, which asks
//! `tldextract` whether the name has a public suffix (ICANN section of the list only).
//! tldextract downloads the list at run time and falls back to a bundled snapshot; we
//! ship the same snapshot inside the package (`public_suffix_list.dat`, MPL-2.0) and
//! never touch the network. The host-part parsing mirrors tldextract's lenient rules so
//! that `validate_tld("http://x.com:80/p")` and `validate_tld("x.com")` agree with it.
use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

static PSL_TEXT: &str = include_str!("public_suffix_list.dat");
const PRIVATE_MARKER: &str = "// ===BEGIN PRIVATE DOMAINS===";

#[derive(Default, Debug)]
pub(crate) struct Node {
    children: HashMap<String, Node>,
    /// A rule ends at this node.
    pub(crate) end: bool,
}

impl Node {
    fn insert(&mut self, rule: &str) {
        let mut node = self;
        for label in rule.rsplit('.') {
            node = node.children.entry(label.to_string()).or_default();
        }
        node.end = true;
    }
}

fn icann_trie() -> &'static Node {
    static TRIE: OnceLock<Node> = OnceLock::new();
    TRIE.get_or_init(|| {
        let icann = PSL_TEXT.split(PRIVATE_MARKER).next().unwrap_or("");
        let mut root = Node::default();
        for line in icann.lines() {
            if let Some(rule) = rule_of_line(line) {
                root.insert(rule);
            }
        }
        root
    })
}

/// A rule is the line's first whitespace-free token when it starts with optional
/// `.*!` characters followed by a word character; comments and blank lines have none.
fn rule_of_line(line: &str) -> Option<&str> {
    let token = line.split(char::is_whitespace).next()?;
    let rest = token.trim_start_matches(['.', '*', '!']);
    let first = rest.chars().next()?;
    (first.is_alphanumeric() || first == '_').then_some(token)
}

/// Look a label up among a node's children, lower-casing it and turning an `xn--`
/// A-label into its Unicode form (the list stores internationalised suffixes in
/// Unicode). Allocates only when the label needs changing.
fn child<'n>(node: &'n Node, label: &str) -> Option<&'n Node> {
    if label.len() > 4
        && label
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("xn--"))
    {
        let (decoded, result) = idna::domain_to_unicode(&label.to_lowercase());
        if result.is_ok() && !decoded.contains('.') {
            return node.children.get(decoded.as_str());
        }
    }
    if label.chars().any(char::is_uppercase) {
        return node.children.get(label.to_lowercase().as_str());
    }
    node.children.get(label)
}

fn has_child(node: &Node, key: &str) -> bool {
    node.children.contains_key(key)
}

/// The root of the ICANN rule trie (for `crate::dns`'s tldextract-style split).
pub(crate) fn icann_root() -> &'static Node {
    icann_trie()
}

/// A child of `node` for `label` (case- and punycode-insensitive).
pub(crate) fn icann_child<'n>(node: &'n Node, label: &str) -> Option<&'n Node> {
    child(node, label)
}

/// Whether `node` has the exact child key (`*` or `!label`).
pub(crate) fn icann_has_child(node: &Node, key: &str) -> bool {
    has_child(node, key)
}

/// Index of the first label of the public suffix, if the name has one.
pub(crate) fn suffix_index(labels: &[&str]) -> Option<usize> {
    let mut node = icann_trie();
    let mut label_idx = labels.len();
    let mut suffix_idx = labels.len();
    for label in labels.iter().rev() {
        if let Some(next) = child(node, label) {
            label_idx -= 1;
            node = next;
            if node.end {
                suffix_idx = label_idx;
            }
            continue;
        }
        if has_child(node, "*") {
            let lowered = label.to_lowercase();
            let idx = if has_child(node, &format!("!{lowered}")) {
                label_idx
            } else {
                label_idx.saturating_sub(1)
            };
            return Some(idx);
        }
        break;
    }
    (suffix_idx < labels.len()).then_some(suffix_idx)
}

/// Python's `str.strip()` whitespace: Unicode White_Space plus the separators U+001C-U+001F.
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn is_scheme_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')
}

/// The host part of a URL-like string, parsed as leniently as tldextract's
/// `lenient_netloc` does (also used by the DNS name splitting).
pub(crate) fn lenient_host(url: &str) -> &str {
    let schemeless = match url.find("//") {
        Some(0) => &url[2..],
        Some(idx)
            if idx >= 2
                && url[..idx].ends_with(':')
                && url[..idx - 1].chars().all(is_scheme_char) =>
        {
            &url[idx + 2..]
        }
        _ => url,
    };
    let authority = schemeless
        .split(['/', '?', '#'])
        .next()
        .unwrap_or(schemeless);
    let after_userinfo = authority.rsplit('@').next().unwrap_or(authority);
    if after_userinfo.starts_with('[') {
        if let Some(close) = after_userinfo.find(']') {
            return &after_userinfo[..=close];
        }
    }
    let host = after_userinfo
        .split(':')
        .next()
        .unwrap_or("")
        .trim_matches(py_space);
    host.trim_end_matches(['.', '\u{3002}', '\u{ff0e}', '\u{ff61}'])
}

/// True when `domain` (a bare name or URL) ends in a public suffix from the ICANN
/// section of the Public Suffix List; the behaviour of msticpy's
/// `DomainValidator.validate_tld`.
pub fn validate_tld(domain: &str) -> bool {
    // Fast path for the common case, a plain ASCII name: no lower-casing copy, no URL
    // parsing, no Unicode dots to fold.
    if domain
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    {
        let host = domain.trim_end_matches('.');
        // Most names end in a top-level domain with no rules below it (`com`, `net`):
        // then the last label alone decides.
        let last = host.rsplit('.').next().unwrap_or(host);
        if host.contains('.') {
            let root = icann_trie();
            match child(root, last) {
                Some(node) if node.children.is_empty() => return node.end,
                None if !root.children.contains_key("*") => return false,
                _ => {}
            }
        }
        let labels: Vec<&str> = host.split('.').collect();
        return suffix_index(&labels).is_some();
    }
    let lowered = domain.to_lowercase();
    let host = lenient_host(&lowered);
    let host = host.replace(['\u{3002}', '\u{ff0e}', '\u{ff61}'], ".");
    if host.len() >= 4 && host.starts_with('[') && host.ends_with(']') {
        let inner = &host[1..host.len() - 1];
        if inner.parse::<std::net::Ipv6Addr>().is_ok() {
            return false;
        }
    }
    let labels: Vec<&str> = host.split('.').collect();
    suffix_index(&labels).is_some()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_suffixes() {
        assert!(validate_tld("microsoft.com"));
        assert!(validate_tld("domain.like.uk"));
        assert!(validate_tld("co.uk"));
        assert!(!validate_tld("domain.like.iandom"));
        assert!(!validate_tld("localhost"));
        assert!(validate_tld("EVIL.EXAMPLE.COM"));
    }

    #[test]
    fn wildcard_and_exception_rules() {
        // `*.ck` with the exception `!www.ck`.
        assert!(validate_tld("foo.ck"));
        assert!(validate_tld("www.ck"));
    }

    #[test]
    fn url_forms_use_the_host() {
        assert!(validate_tld("http://user@x.com:80/path?q#f"));
        assert!(!validate_tld("http://x.invalidtld/path"));
        assert!(validate_tld("x.com."));
    }

    #[test]
    fn punycode_suffix_is_decoded() {
        assert!(validate_tld("example.xn--p1ai"));
    }
}

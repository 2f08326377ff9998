//! Per-type normalisation of indicator values, shared by feeds and look-ups so that
//! both sides of a match are written the same way.
//!
//! Domains and hashes are lower-cased, IP addresses take their canonical text form
//! (IPv6 compressed, lower-case), CIDR ranges are kept as numbers for containment
//! look-ups, and URLs are normalised lightly (scheme and host lower-cased, default
//! port and fragment dropped). Common "defanging" (`hxxp`, `[.]`) is undone first.
use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::types::IocKind;

/// A normalised value: an exact key, or an IP network answered by containment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Normalized {
    /// Compared as text.
    Exact(String),
    /// An IPv4 network (address already masked) with its prefix length (< 32).
    V4Net(u32, u8),
    /// An IPv6 network (address already masked) with its prefix length (< 128).
    V6Net(u128, u8),
}

impl Normalized {
    /// The value as text (`network/prefix` for ranges).
    pub fn text(&self) -> String {
        match self {
            Normalized::Exact(s) => s.clone(),
            Normalized::V4Net(net, len) => format!("{}/{len}", Ipv4Addr::from(*net)),
            Normalized::V6Net(net, len) => format!("{}/{len}", Ipv6Addr::from(*net)),
        }
    }
}

/// Undo the usual defanging of indicators in reports and feeds.
pub fn refang(value: &str) -> Cow<'_, str> {
    let value = value.trim();
    let needs = value.contains('[')
        || value.contains("(.)")
        || value
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("hxxp"));
    if !needs {
        return Cow::Borrowed(value);
    }
    let mut out = value
        .replace("[.]", ".")
        .replace("(.)", ".")
        .replace("[dot]", ".")
        .replace("[:]", ":")
        .replace("[://]", "://")
        .replace("[@]", "@");
    if out.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("hxxp")) {
        out.replace_range(..4, "http");
    }
    Cow::Owned(out)
}

fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// True when `s` looks like a host name: dot-separated labels of letters, digits,
/// hyphens and underscores, with a last label that is not all digits.
fn is_hostname(s: &str) -> bool {
    let s = s.strip_suffix('.').unwrap_or(s);
    if s.len() > 253 || !s.contains('.') {
        return false;
    }
    let mut last = "";
    for label in s.split('.') {
        if label.is_empty() || label.len() > 63 {
            return false;
        }
        if !label
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return false;
        }
        last = label;
    }
    !last.chars().all(|c| c.is_ascii_digit())
}

/// Guess the kind of an untyped value. `None` when it looks like no indicator.
pub fn infer_kind(value: &str) -> Option<IocKind> {
    let value = refang(value);
    let v = value.as_ref();
    if v.is_empty() {
        return None;
    }
    let addr = v.split_once('/').map_or(v, |(a, _)| a);
    match addr.parse::<IpAddr>() {
        Ok(IpAddr::V4(_)) => return Some(IocKind::Ipv4),
        Ok(IpAddr::V6(_)) => return Some(IocKind::Ipv6),
        Err(_) => {}
    }
    if is_hex(v) {
        match v.len() {
            32 => return Some(IocKind::Md5),
            40 => return Some(IocKind::Sha1),
            64 => return Some(IocKind::Sha256),
            _ => {}
        }
    }
    if v.contains("://") {
        return Some(IocKind::Url);
    }
    if let Some((local, host)) = v.rsplit_once('@') {
        if !local.is_empty() && !local.contains(char::is_whitespace) && is_hostname(host) {
            return Some(IocKind::Email);
        }
        return None;
    }
    if is_hostname(v) {
        return Some(IocKind::Dns);
    }
    // A host followed by a path without a scheme is a URL as feeds write them.
    if let Some((host, _)) = v.split_once('/') {
        if is_hostname(host) || host.parse::<Ipv4Addr>().is_ok() {
            return Some(IocKind::Url);
        }
    }
    None
}

/// Normalise an IP address or CIDR range. A `/32` (`/128`) range is an exact address;
/// host bits set in a range are masked off (feeds often write `203.0.113.7/24`).
fn normalize_ip(v: &str, want: IocKind) -> Result<Normalized, &'static str> {
    let (addr, prefix) = match v.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (v, None),
    };
    let ip: IpAddr = addr.parse().map_err(|_| "not an IP address")?;
    let prefix: Option<u8> = match prefix {
        Some(p) => Some(p.parse().map_err(|_| "bad CIDR prefix")?),
        None => None,
    };
    match ip {
        IpAddr::V4(a) => {
            if want == IocKind::Ipv6 {
                return Err("IPv4 address given for an IPv6 indicator");
            }
            match prefix {
                None | Some(32) => Ok(Normalized::Exact(a.to_string())),
                Some(p) if p < 32 => {
                    let mask = if p == 0 { 0 } else { u32::MAX << (32 - p) };
                    Ok(Normalized::V4Net(u32::from(a) & mask, p))
                }
                Some(_) => Err("CIDR prefix above 32"),
            }
        }
        IpAddr::V6(a) => {
            if want == IocKind::Ipv4 {
                return Err("IPv6 address given for an IPv4 indicator");
            }
            match prefix {
                None | Some(128) => Ok(Normalized::Exact(a.to_string())),
                Some(p) if p < 128 => {
                    let mask = if p == 0 { 0 } else { u128::MAX << (128 - p) };
                    Ok(Normalized::V6Net(u128::from(a) & mask, p))
                }
                Some(_) => Err("CIDR prefix above 128"),
            }
        }
    }
}

/// Lower-case a host name, drop a trailing dot, and write international names in
/// their ASCII (punycode) form so both spellings meet.
fn normalize_host(host: &str) -> Result<String, &'static str> {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_ascii() {
        return Ok(host.to_ascii_lowercase());
    }
    idna::domain_to_ascii(host).map_err(|_| "invalid international domain name")
}

/// Light URL normalisation: a missing scheme becomes `http://`, scheme and host are
/// lower-cased, a default port and the fragment are dropped, an empty path becomes `/`.
/// The path and query are kept as written (they are case-sensitive on most servers).
fn normalize_url(v: &str) -> Result<String, &'static str> {
    let (scheme, rest) = match v.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => ("http".to_owned(), v),
    };
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+')
    {
        return Err("bad URL scheme");
    }
    let rest = rest.split_once('#').map_or(rest, |(r, _)| r);
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(split);
    // Credentials are part of the authority but never compared case-insensitively.
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    if hostport.is_empty() {
        return Err("URL without a host");
    }
    let (host, port) = if hostport.starts_with('[') {
        match hostport.find(']') {
            Some(end) => (&hostport[..=end], hostport[end + 1..].strip_prefix(':')),
            None => return Err("bad IPv6 host in URL"),
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    let host = if host.starts_with('[') {
        host.to_ascii_lowercase()
    } else {
        normalize_host(host)?
    };
    let port = match (scheme.as_str(), port) {
        (_, Some("")) | ("http", Some("80")) | ("https", Some("443")) => None,
        (_, p) => p,
    };
    let mut out = String::with_capacity(v.len() + 8);
    out.push_str(&scheme);
    out.push_str("://");
    if let Some(u) = userinfo {
        out.push_str(u);
        out.push('@');
    }
    out.push_str(&host);
    if let Some(p) = port {
        out.push(':');
        out.push_str(p);
    }
    if path.is_empty() || path.starts_with('?') {
        out.push('/');
    }
    out.push_str(path);
    Ok(out)
}

/// Normalise `value` as an indicator of `kind`, or say why it cannot be one.
pub fn normalize(value: &str, kind: IocKind) -> Result<Normalized, &'static str> {
    let value = refang(value);
    let v = value.as_ref();
    if v.is_empty() {
        return Err("empty value");
    }
    match kind {
        IocKind::Ipv4 | IocKind::Ipv6 => normalize_ip(v, kind),
        IocKind::Dns => {
            let host = normalize_host(v)?;
            if is_hostname(&host) {
                Ok(Normalized::Exact(host))
            } else {
                Err("not a domain name")
            }
        }
        IocKind::Url => normalize_url(v).map(Normalized::Exact),
        IocKind::Md5 | IocKind::Sha1 | IocKind::Sha256 => {
            let want = match kind {
                IocKind::Md5 => 32,
                IocKind::Sha1 => 40,
                _ => 64,
            };
            if v.len() == want && is_hex(v) {
                Ok(Normalized::Exact(v.to_ascii_lowercase()))
            } else {
                Err("hash has the wrong length or non-hex characters")
            }
        }
        IocKind::Email => match v.rsplit_once('@') {
            // The local part is case-sensitive in principle; the domain is not.
            Some((local, host)) if !local.is_empty() && is_hostname(host) => Ok(Normalized::Exact(
                format!("{local}@{}", normalize_host(host)?),
            )),
            _ => Err("not an e-mail address"),
        },
        IocKind::Other => Ok(Normalized::Exact(v.to_owned())),
    }
}

/// Normalise a value whose kind may be unknown: a given kind is used as is, otherwise
/// the kind is inferred; an uninferrable value is kept as `Other` when `keep_other`.
pub fn normalize_any(
    value: &str,
    kind: Option<IocKind>,
    keep_other: bool,
) -> Result<(IocKind, Normalized), &'static str> {
    let kind = match kind.or_else(|| infer_kind(value)) {
        Some(k) => k,
        None if keep_other => IocKind::Other,
        None => return Err("not a recognised indicator"),
    };
    // A feed that types a value "hash" or "ip" loosely: re-infer within the family.
    let kind = match kind {
        k if k.is_hash() => match infer_kind(value) {
            Some(h) if h.is_hash() => h,
            _ => k,
        },
        IocKind::Ipv4 | IocKind::Ipv6 => match infer_kind(value) {
            Some(ip @ (IocKind::Ipv4 | IocKind::Ipv6)) => ip,
            _ => kind,
        },
        k => k,
    };
    normalize(value, kind).map(|n| (kind, n))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn exact(v: &str, k: IocKind) -> String {
        match normalize(v, k).unwrap() {
            Normalized::Exact(s) => s,
            other => other.text(),
        }
    }

    #[test]
    fn infers_kinds() {
        assert_eq!(infer_kind("203.0.113.5"), Some(IocKind::Ipv4));
        assert_eq!(infer_kind("203.0.113.0/24"), Some(IocKind::Ipv4));
        assert_eq!(infer_kind("2001:DB8::1"), Some(IocKind::Ipv6));
        assert_eq!(infer_kind("Evil.Example.COM"), Some(IocKind::Dns));
        assert_eq!(infer_kind("evil[.]example[.]com"), Some(IocKind::Dns));
        assert_eq!(infer_kind("hxxps://x.example.com/a"), Some(IocKind::Url));
        assert_eq!(infer_kind("x.example.com/a"), Some(IocKind::Url));
        assert_eq!(infer_kind(&"a".repeat(32)), Some(IocKind::Md5));
        assert_eq!(infer_kind(&"B".repeat(40)), Some(IocKind::Sha1));
        assert_eq!(infer_kind(&"0".repeat(64)), Some(IocKind::Sha256));
        assert_eq!(infer_kind("bob@example.com"), Some(IocKind::Email));
        assert_eq!(infer_kind("hello world"), None);
        assert_eq!(infer_kind("1.2.3.4.5"), None);
        assert_eq!(infer_kind(""), None);
    }

    #[test]
    fn normalises_values() {
        assert_eq!(exact("Evil.Example.COM.", IocKind::Dns), "evil.example.com");
        assert_eq!(exact("2001:0DB8:0:0::1", IocKind::Ipv6), "2001:db8::1");
        assert_eq!(exact("203.0.113.9/32", IocKind::Ipv4), "203.0.113.9");
        assert_eq!(exact("203.0.113.9/24", IocKind::Ipv4), "203.0.113.0/24");
        assert_eq!(exact(&"AB".repeat(16), IocKind::Md5), "ab".repeat(16));
        assert_eq!(
            exact("HTTP://Evil.Example.com:80/Path?Q=1#frag", IocKind::Url),
            "http://evil.example.com/Path?Q=1"
        );
        assert_eq!(
            exact("evil.example.com", IocKind::Url),
            "http://evil.example.com/"
        );
        assert_eq!(
            exact("https://[2001:DB8::1]:8443/x", IocKind::Url),
            "https://[2001:db8::1]:8443/x"
        );
        assert_eq!(exact("Bob@Example.COM", IocKind::Email), "Bob@example.com");
        assert_eq!(
            exact("bücher.example", IocKind::Dns),
            "xn--bcher-kva.example"
        );
    }

    #[test]
    fn rejects_bad_values() {
        assert!(normalize("203.0.113.1/33", IocKind::Ipv4).is_err());
        assert!(normalize("2001:db8::1", IocKind::Ipv4).is_err());
        assert!(normalize("010.1.1.1", IocKind::Ipv4).is_err());
        assert!(normalize("abc", IocKind::Md5).is_err());
        assert!(normalize("not a domain", IocKind::Dns).is_err());
        assert!(normalize("://", IocKind::Url).is_err());
        assert!(normalize("   ", IocKind::Other).is_err());
    }

    #[test]
    fn loose_family_types_are_refined() {
        let (k, _) = normalize_any(&"c".repeat(64), Some(IocKind::Md5), false).unwrap();
        assert_eq!(k, IocKind::Sha256);
        let (k, _) = normalize_any("2001:db8::/32", Some(IocKind::Ipv4), false).unwrap();
        assert_eq!(k, IocKind::Ipv6);
    }
}

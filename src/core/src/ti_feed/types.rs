//! The values a feed is made of: indicator kinds, entries and feed formats.
use std::fmt;

/// The kind of an indicator, named as msticpy names IoC types (`ipv4`, `dns`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IocKind {
    /// An IPv4 address or CIDR range.
    Ipv4,
    /// An IPv6 address or CIDR range.
    Ipv6,
    /// A domain or host name.
    Dns,
    /// A URL.
    Url,
    /// An MD5 hash (32 hex digits).
    Md5,
    /// A SHA-1 hash (40 hex digits).
    Sha1,
    /// A SHA-256 hash (64 hex digits).
    Sha256,
    /// An e-mail address.
    Email,
    /// Anything else (a file name, a mutex, a registry key...): matched exactly.
    Other,
}

impl IocKind {
    /// msticpy's IoC type name.
    pub fn name(self) -> &'static str {
        match self {
            IocKind::Ipv4 => "ipv4",
            IocKind::Ipv6 => "ipv6",
            IocKind::Dns => "dns",
            IocKind::Url => "url",
            IocKind::Md5 => "md5_hash",
            IocKind::Sha1 => "sha1_hash",
            IocKind::Sha256 => "sha256_hash",
            IocKind::Email => "email",
            IocKind::Other => "other",
        }
    }

    /// Parse a type name: msticpy's names plus common feed spellings. `None` when the
    /// name is not a known indicator type (callers treat such values as `Other`).
    pub fn from_name(name: &str) -> Option<IocKind> {
        let key: String = name
            .trim()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        Some(match key.as_str() {
            "ipv4" | "ipv4addr" | "ip4" | "ipsrc" | "ipdst" => IocKind::Ipv4,
            "ipv6" | "ipv6addr" | "ip6" => IocKind::Ipv6,
            "dns" | "domain" | "domainname" | "hostname" | "host" | "fqdn" => IocKind::Dns,
            "url" | "uri" => IocKind::Url,
            "md5" | "md5hash" => IocKind::Md5,
            "sha1" | "sha1hash" => IocKind::Sha1,
            "sha256" | "sha256hash" => IocKind::Sha256,
            "email" | "emailaddr" | "emailsrc" | "emaildst" | "emailaddress" => IocKind::Email,
            "other" | "string" => IocKind::Other,
            _ => return None,
        })
    }

    /// True for the three hash kinds.
    pub fn is_hash(self) -> bool {
        matches!(self, IocKind::Md5 | IocKind::Sha1 | IocKind::Sha256)
    }

    /// Whether an entry of kind `self` may answer a query of kind `query`. IP kinds and
    /// hash kinds are compared loosely because feeds often say only "ip" or "hash".
    pub fn answers(self, query: IocKind) -> bool {
        self == query
            || self == IocKind::Other
            || (self.is_hash() && query.is_hash())
            || (matches!(self, IocKind::Ipv4 | IocKind::Ipv6)
                && matches!(query, IocKind::Ipv4 | IocKind::Ipv6))
    }
}

impl fmt::Display for IocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The format of a feed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedFormat {
    /// One indicator per line, `#` comments.
    Plain,
    /// Comma (or tab, semicolon, pipe) separated values with a header row.
    Csv,
    /// A MISP event (or a list / REST `response` of events).
    Misp,
    /// A STIX 2.1 bundle of `indicator` objects.
    Stix,
}

impl FeedFormat {
    /// The format's name as the Python facade spells it.
    pub fn name(self) -> &'static str {
        match self {
            FeedFormat::Plain => "plain",
            FeedFormat::Csv => "csv",
            FeedFormat::Misp => "misp",
            FeedFormat::Stix => "stix",
        }
    }

    /// Parse a format name (`auto` is handled by the caller).
    pub fn from_name(name: &str) -> Option<FeedFormat> {
        match name.trim().to_ascii_lowercase().as_str() {
            "plain" | "text" | "txt" | "list" => Some(FeedFormat::Plain),
            "csv" | "tsv" => Some(FeedFormat::Csv),
            "misp" => Some(FeedFormat::Misp),
            "stix" | "stix2" | "stix21" | "stix2.1" => Some(FeedFormat::Stix),
            _ => None,
        }
    }
}

/// One indicator read from a feed, with what the feed said about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    /// Index of the feed in the owning index's feed table.
    pub feed: u32,
    /// Normalised value (a CIDR range is written `network/prefix`).
    pub value: String,
    /// The kind the value was normalised as.
    pub kind: Option<IocKind>,
    /// The type label the feed used (e.g. a MISP type such as `ip-dst|port`), if any.
    pub feed_type: Option<String>,
    /// A severity label (`high`, `medium`...) as the feed gave it.
    pub severity: Option<String>,
    /// A numeric score or confidence.
    pub score: Option<f64>,
    /// A name or title (STIX `name`, MISP event `info`).
    pub name: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// A reference (URL or identifier).
    pub reference: Option<String>,
    /// Tags or labels.
    pub tags: Vec<String>,
    /// First seen / valid from.
    pub first_seen: Option<String>,
    /// Last seen.
    pub last_seen: Option<String>,
    /// Valid until (STIX `valid_until`).
    pub valid_until: Option<String>,
}

impl Entry {
    /// The entry's kind, `Other` when unknown.
    pub fn kind_or_other(&self) -> IocKind {
        self.kind.unwrap_or(IocKind::Other)
    }
}

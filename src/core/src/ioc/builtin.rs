//! The built-in IoC patterns of msticpy 3.0.2's `IoCExtract`, written for a linear-time
//! engine.
//!
//! Types, priorities, capture groups and registration order are msticpy's (see
//! `reference/msticpy_api.md` §4.2). Patterns whose msticpy form uses look-around (IPv6,
//! DNS and the e-mail domain) are expressed here without it and finished by the
//! hand-written checks in [`super::matcher`], which reproduce the look-around's effect
//! exactly. Each entry also carries a Python-syntax rendering, shown to users through
//! `IoCPattern.comp_regex` for inspection only: matching never uses it.
use super::matcher::Kind;
use super::pychar::CASELESS_EXTRA;

/// Which of msticpy's two pattern tables an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// Used when `defanged=False`.
    Plain,
    /// Used when `defanged=True` (the default).
    Defanged,
    /// Registered in both tables.
    Both,
}

/// One built-in entry.
#[derive(Debug, Clone)]
pub struct Builtin {
    /// IoC type name.
    pub ioc_type: &'static str,
    /// Pattern in `regex`-crate syntax, without flags.
    pub pattern: String,
    /// Equivalent Python `re` pattern, for display.
    pub python: String,
    /// Lower number wins when one substring matches several types.
    pub priority: i64,
    /// Capture group returned instead of the whole match.
    pub group: Option<&'static str>,
    /// Post-match check that stands in for look-around.
    pub kind: Kind,
    /// Table(s) the entry is registered in.
    pub table: Table,
}

fn label(sep: &str) -> String {
    let c = format!("[a-z0-9{CASELESS_EXTRA}]");
    format!("{c}+(?:-{c}+)*{sep}")
}

fn dns_body(defanged: bool) -> String {
    let sep = if defanged { r"\[?\.\]?" } else { r"\." };
    // Unbounded here: a smaller automaton than `{1,126}`. The matcher checks the label
    // count and hands longer chains to the exact emulation of the bounded form.
    format!("(?:{})+[a-z{CASELESS_EXTRA}]{{2,63}}", label(sep))
}

fn dns_python(defanged: bool) -> String {
    let sep = if defanged { r"\[?\.\]?" } else { r"\." };
    format!(r"((?=[a-z0-9-]{{1,63}}{sep})[a-z0-9]+(-[a-z0-9]+)*{sep}){{1,126}}[a-z]{{2,63}}")
}

fn email_user() -> String {
    format!(r"(?P<user>[a-z0-9.!#$%&'*+/=?^_`{{|}}~\-{CASELESS_EXTRA}]+)")
}

/// Deliberate difference from msticpy: a bracketed IPv6 literal is a whole host, so
/// `http://[2001:db8::1]:443/a` is one URL instead of msticpy's `http://[2001:` (whose
/// host `[2001` then became a bogus `dns` observable).
const IPV6_HOST: &str = r"\[[0-9a-f.]*:[0-9a-f:.]*\]";

fn url(defanged: bool) -> String {
    let unreserved = format!(r"a-z0-9\-._~!$&'()*+,;={CASELESS_EXTRA}");
    let (schemes, host_extra) = if defanged {
        (r"https?|hxxps?|s?ftps?|s?fxps?|telnet|ldap|file", r"\[\]")
    } else {
        (r"https?|s?ftps?|telnet|ldap|file", "")
    };
    let pct = "%[0-9a-f]{2}";
    let qf = format!(r"(?:[{unreserved}:/?@]|{pct})*");
    format!(
        "(?P<protocol>(?:{schemes})://)\
         (?P<userinfo>(?:[{unreserved}:]|{pct})*@)?\
         (?P<host>{IPV6_HOST}|(?:[{unreserved}{host_extra}]|{pct})*)\
         (?::(?P<port>\\d*))?\
         (?:/(?P<path>(?:[^?#\"<>\\s]|{pct})*/?))?\
         (?:\\?(?P<query>{qf}))?\
         (?:\\#(?P<fragment>{qf}))?"
    )
}

fn windows_path() -> String {
    format!(
        r#"(?P<root>[a-z{CASELESS_EXTRA}]:|\\\\[a-z0-9_.$\-{CASELESS_EXTRA}]+||\.+)(?P<folder>\\(?:[^/:*?"'<>|\r\n]+\\)*)(?P<file>[^\\/*?"<>|\r\n ]+)"#
    )
}

const LINUX_PATH: &str =
    r"(?P<root>/+||\.+)(?P<folder>/(?:[^\\/:*?<>|\r\n]+/)*)(?P<file>[^/\x00<>|\r\n ]+)";

fn hash(len: usize) -> String {
    format!("(?:^|[^a-f0-9])(?P<hash>[a-f0-9]{{{len}}})(?:$|[^a-f0-9])")
}

const IPV4: &str = r"(?P<ipaddress>(?:[0-9]{1,3}\.){3}[0-9]{1,3})";
const IPV4_DF: &str = r"(?P<ipaddress>(?:[0-9]{1,3}\[?\.\]?){3}[0-9]{1,3})";
/// A maximal run of hex digits and colons holding at least one colon; the boundary and
/// shape checks of msticpy's look-around are done in the matcher.
const IPV6_RUN: &str = r"[0-9a-f:]*:[0-9a-f:]*";
const IPV6_PYTHON: &str = r"(?<![:.\w])(?:[A-F0-9]{0,4}:){2,7}[A-F0-9]{0,4}(?![:.\w])";

/// The built-in table in msticpy's registration order.
pub fn builtins() -> Vec<Builtin> {
    let b = |ioc_type, pattern: String, python: String, priority, group, kind, table| Builtin {
        ioc_type,
        pattern,
        python,
        priority,
        group,
        kind,
        table,
    };
    let same = |p: &str| (p.to_string(), p.to_string());
    let (ip4, ip4_py) = same(IPV4);
    let (ip4df, ip4df_py) = same(IPV4_DF);
    let email = |df: bool| {
        let at = if df { r"(?:@|\[at\])" } else { "@" };
        let py_at = if df { r"(@|\[at\])" } else { "@" };
        (
            format!("{}{at}(?P<domain>{})", email_user(), dns_body(df)),
            format!(
                r"(?P<user>[a-zA-Z0-9.!#$%&'*+/=?^_`{{|}}~-]+){py_at}(?P<domain>{})",
                dns_python(df)
            ),
        )
    };
    let (em, em_py) = email(false);
    let (emdf, emdf_py) = email(true);
    let table = vec![
        b(
            "ipv4",
            ip4,
            ip4_py,
            0,
            Some("ipaddress"),
            Kind::Ipv4 { defanged: false },
            Table::Plain,
        ),
        b(
            "ipv4",
            ip4df,
            ip4df_py,
            0,
            Some("ipaddress"),
            Kind::Ipv4 { defanged: true },
            Table::Defanged,
        ),
        b(
            "ipv6",
            IPV6_RUN.into(),
            IPV6_PYTHON.into(),
            0,
            None,
            Kind::Ipv6,
            Table::Both,
        ),
        b(
            "dns",
            dns_body(false),
            dns_python(false),
            2,
            None,
            Kind::Dns { defanged: false },
            Table::Plain,
        ),
        b(
            "dns",
            dns_body(true),
            dns_python(true),
            2,
            None,
            Kind::Dns { defanged: true },
            Table::Defanged,
        ),
        b(
            "url",
            url(false),
            url(false),
            0,
            None,
            Kind::Plain,
            Table::Plain,
        ),
        b(
            "url",
            url(true),
            url(true),
            0,
            None,
            Kind::Plain,
            Table::Defanged,
        ),
        b(
            "email",
            em,
            em_py,
            1,
            None,
            Kind::Email { defanged: false },
            Table::Plain,
        ),
        b(
            "email",
            emdf,
            emdf_py,
            1,
            None,
            Kind::Email { defanged: true },
            Table::Defanged,
        ),
        b(
            "windows_path",
            windows_path(),
            windows_path(),
            3,
            None,
            Kind::Plain,
            Table::Both,
        ),
        b(
            "linux_path",
            LINUX_PATH.into(),
            LINUX_PATH.into(),
            4,
            None,
            Kind::Plain,
            Table::Both,
        ),
        b(
            "md5_hash",
            hash(32),
            hash(32),
            1,
            Some("hash"),
            Kind::HexRun { len: 32 },
            Table::Both,
        ),
        b(
            "sha1_hash",
            hash(40),
            hash(40),
            1,
            Some("hash"),
            Kind::HexRun { len: 40 },
            Table::Both,
        ),
        b(
            "sha256_hash",
            hash(64),
            hash(64),
            1,
            Some("hash"),
            Kind::HexRun { len: 64 },
            Table::Both,
        ),
    ];
    // The Python rendering must compile with `re`, which has no `\x{...}` escapes; the
    // extra caseless letters are implicit there anyway.
    table
        .into_iter()
        .map(|mut entry| {
            entry.python = entry.python.replace(CASELESS_EXTRA, "");
            entry
        })
        .collect()
}

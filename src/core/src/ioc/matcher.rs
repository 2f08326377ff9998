//! Compiled IoC patterns with Python `re.finditer` / `re.fullmatch` semantics.
//!
//! The `regex` crate's leftmost-first matching picks the same match as Python's
//! backtracking engine for any pattern without look-around, so plain patterns map one to
//! one. msticpy's IPv6, DNS and e-mail patterns use look-around; for those a look-around
//! free superset pattern finds candidates and the checks here reproduce exactly what the
//! look-around would have allowed:
//!
//! * IPv6: `(?<![:.\w])` and `(?![:.\w])` force the match to be a whole run of hex digits
//!   and colons, bounded by characters outside `[:.\w]`, so candidates are those runs.
//! * DNS: the look-ahead `(?=[a-z0-9-]{1,63}\.)` before each label limits labels to 63
//!   characters. A candidate whose labels all fit is exactly Python's match; otherwise a
//!   small deterministic emulation of the backtracking runs from the candidate's start.
//! * e-mail: the user part is a run ending at `@`, followed by the DNS pattern.
use regex::{Regex, RegexBuilder};

use super::dns::{self, dns_full_match, dns_match_at};
use super::pychar::is_caseless_alnum;
use crate::Limits;

/// Which post-match check stands in for look-around.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// No look-around: the regex alone decides.
    Plain,
    /// msticpy's IPv6 pattern.
    Ipv6,
    /// msticpy's DNS pattern (`defanged` allows `[.]` separators).
    Dns {
        /// Separators may be `.`, `[.`, `.]` or `[.]`.
        defanged: bool,
    },
    /// msticpy's e-mail pattern (`defanged` allows `[at]` and `[.]`).
    Email {
        /// Separators may be defanged.
        defanged: bool,
    },
    /// A hash pattern `(?:^|[^hex])(?P<hash>hex{len})(?:$|[^hex])`, scanned by hand.
    HexRun {
        /// Number of hex digits.
        len: usize,
    },
    /// msticpy's IPv4 pattern, scanned by hand.
    Ipv4 {
        /// Separators may be `[.]`.
        defanged: bool,
    },
}

/// One match: the whole span and the span of the observable (the named group when the
/// pattern has one), as byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Start of the whole match.
    pub start: usize,
    /// End of the whole match.
    pub end: usize,
    /// Start of the observable.
    pub obs_start: usize,
    /// End of the observable.
    pub obs_end: usize,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Matcher {
    re: Regex,
    full: Regex,
    group: Option<usize>,
    kind: Kind,
    /// Extra validation of an observable (used by the extended types).
    check: Option<fn(&str) -> bool>,
    /// A byte every match contains, for line-local patterns: lines without it are
    /// skipped with `memchr` instead of being run through the automaton.
    required_byte: Option<u8>,
}

fn build(pattern: &str, limits: &Limits) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .multi_line(true)
        .size_limit(limits.regex_size_limit)
        .dfa_size_limit(limits.regex_dfa_size_limit)
        .nest_limit(limits.regex_nest_limit)
        .build()
        .map_err(|e| e.to_string())
}

fn next_boundary(text: &str, pos: usize) -> usize {
    text[pos..]
        .chars()
        .next()
        .map_or(text.len() + 1, |c| pos + c.len_utf8())
}

impl Matcher {
    /// Compile `pattern` (regex-crate syntax) with msticpy's flags (`IGNORECASE`,
    /// `MULTILINE`). `group` names the capture group holding the observable.
    pub fn new(
        pattern: &str,
        group: Option<&str>,
        kind: Kind,
        limits: &Limits,
    ) -> Result<Self, String> {
        let re = build(pattern, limits)?;
        let full_src = match kind {
            Kind::Ipv6 => r"\A(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}\z".to_string(),
            _ => format!(r"\A(?:{pattern})\z"),
        };
        let full = build(&full_src, limits)?;
        let group = match group {
            None => None,
            Some(name) => {
                let index = re
                    .capture_names()
                    .position(|n| n == Some(name))
                    .ok_or_else(|| format!("the pattern has no group named '{name}'"))?;
                // A group that spans the whole pattern is the whole match: skip the
                // (slower) capture pass.
                (!group_is_whole(pattern, name)).then_some(index)
            }
        };
        let group = match kind {
            Kind::HexRun { .. } | Kind::Ipv4 { .. } => None,
            _ => group,
        };
        Ok(Self {
            re,
            full,
            group,
            kind,
            check: None,
            required_byte: None,
        })
    }

    /// Declare a byte every match contains. Only for patterns that never match across a
    /// line break: scanning then starts at the line holding the next such byte.
    pub fn with_required_byte(mut self, byte: u8) -> Self {
        self.required_byte = Some(byte);
        self
    }

    /// Where a search from `pos` may start: `pos`, or the start of the first line at or
    /// after it that holds the required byte; `None` when no such line is left.
    fn skip_to_candidate_line(&self, text: &str, pos: usize) -> Option<usize> {
        let Some(byte) = self.required_byte else {
            return Some(pos);
        };
        let bytes = text.as_bytes();
        let rest = bytes.get(pos..)?;
        let at = pos + memchr::memchr(byte, rest)?;
        let before = bytes.get(pos..at).unwrap_or_default();
        Some(memchr::memrchr(b'\n', before).map_or(pos, |i| pos + i + 1))
    }

    /// Add a validation every observable must pass (e.g. a checksum).
    pub fn with_check(mut self, check: fn(&str) -> bool) -> Self {
        self.check = Some(check);
        self
    }

    fn passes(&self, observable: &str) -> bool {
        self.check.is_none_or(|check| check(observable))
    }

    /// The look-around emulation this pattern uses.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Names of the pattern's capture groups (for `groupdict`-style access).
    pub fn group_index(&self, name: &str) -> Option<usize> {
        self.re.capture_names().position(|n| n == Some(name))
    }

    /// Python `pattern.fullmatch(text) is not None`.
    pub fn is_full_match(&self, text: &str) -> bool {
        if !self.passes(text) {
            return false;
        }
        match self.kind {
            Kind::Plain | Kind::Ipv6 | Kind::HexRun { .. } | Kind::Ipv4 { .. } => {
                self.full.is_match(text)
            }
            Kind::Dns { defanged } => dns_full_match(text, defanged),
            Kind::Email { defanged } => email_full_match(text, defanged),
        }
    }

    /// Visit the matches of Python `pattern.finditer(text, pos)` in order, `pos` being a
    /// byte offset on a character boundary. The visitor returns `false` to stop.
    pub fn for_each(&self, text: &str, pos: usize, mut visit: impl FnMut(Hit) -> bool) {
        match self.kind {
            Kind::Plain => self.plain_iter(text, pos, &mut visit),
            Kind::HexRun { len } => super::scanners::hex_runs(text, pos, len, &mut visit),
            Kind::Ipv4 { defanged } => super::scanners::ipv4(text, pos, defanged, &mut visit),
            Kind::Ipv6 => self.ipv6_iter(text, pos, &mut visit),
            Kind::Dns { defanged } => self.dns_iter(text, pos, defanged, &mut visit),
            Kind::Email { defanged } => self.email_iter(text, pos, defanged, &mut visit),
        }
    }

    /// Like [`Matcher::for_each`] but also hands the visitor the span of another named
    /// group (used for the `host` of URLs).
    pub fn for_each_with_group(
        &self,
        text: &str,
        pos: usize,
        extra: usize,
        mut visit: impl FnMut(Hit, Option<(usize, usize)>) -> bool,
    ) {
        let mut pos = pos;
        while pos <= text.len() {
            let Some(caps) = self.re.captures_at(text, pos) else {
                return;
            };
            let Some(m) = caps.get(0) else { return };
            let hit = Hit {
                start: m.start(),
                end: m.end(),
                obs_start: m.start(),
                obs_end: m.end(),
            };
            let other = caps.get(extra).map(|g| (g.start(), g.end()));
            if !visit(hit, other) {
                return;
            }
            pos = if m.is_empty() {
                next_boundary(text, m.end())
            } else {
                m.end()
            };
        }
    }

    fn plain_iter(&self, text: &str, mut pos: usize, visit: &mut dyn FnMut(Hit) -> bool) {
        while pos <= text.len() {
            let Some(next) = self.skip_to_candidate_line(text, pos) else {
                return;
            };
            pos = next;
            let hit = match self.group {
                None => match self.re.find_at(text, pos) {
                    None => return,
                    Some(m) => Hit {
                        start: m.start(),
                        end: m.end(),
                        obs_start: m.start(),
                        obs_end: m.end(),
                    },
                },
                Some(g) => {
                    let Some(caps) = self.re.captures_at(text, pos) else {
                        return;
                    };
                    let Some(m) = caps.get(0) else { return };
                    // A group that did not take part yields no observable; msticpy
                    // would record `None`, which we skip.
                    match caps.get(g) {
                        Some(obs) => Hit {
                            start: m.start(),
                            end: m.end(),
                            obs_start: obs.start(),
                            obs_end: obs.end(),
                        },
                        None => {
                            pos = if m.is_empty() {
                                next_boundary(text, m.end())
                            } else {
                                m.end()
                            };
                            continue;
                        }
                    }
                }
            };
            if self.passes(&text[hit.obs_start..hit.obs_end]) && !visit(hit) {
                return;
            }
            pos = if hit.start == hit.end {
                next_boundary(text, hit.end)
            } else {
                hit.end
            };
        }
    }

    fn ipv6_iter(&self, text: &str, pos: usize, visit: &mut dyn FnMut(Hit) -> bool) {
        super::scanners::ipv6(text, pos, &|run| self.full.is_match(run), visit);
    }

    fn dns_iter(&self, text: &str, pos: usize, defanged: bool, visit: &mut dyn FnMut(Hit) -> bool) {
        dns::scan(text, pos, defanged, &mut |start, end| {
            visit(Hit {
                start,
                end,
                obs_start: start,
                obs_end: end,
            })
        });
    }

    fn email_iter(
        &self,
        text: &str,
        start: usize,
        defanged: bool,
        visit: &mut dyn FnMut(Hit) -> bool,
    ) {
        // The user part is a run of user characters ending at the separator (`@`, or
        // `[at]` when defanged); neither separator can be inside a user part, so each
        // separator is tried once, with the longest user run after the previous match.
        let bytes = text.as_bytes();
        let mut consumed_to = start;
        let mut pos = start;
        loop {
            let rest = bytes.get(pos..).unwrap_or_default();
            let found = if defanged {
                memchr::memchr2(b'@', b'[', rest)
            } else {
                memchr::memchr(b'@', rest)
            };
            let Some(offset) = found else { return };
            let sep = pos + offset;
            pos = sep + 1;
            let domain_start = if bytes.get(sep) == Some(&b'@') {
                sep + 1
            } else if text
                .get(sep..sep + 4)
                .is_some_and(|t| t.eq_ignore_ascii_case("[at]"))
            {
                sep + 4
            } else {
                continue;
            };
            let user = text.get(consumed_to..sep).unwrap_or_default();
            let user_len = user
                .char_indices()
                .rev()
                .find(|&(_, c)| !is_email_user_char(c))
                .map_or(user.len(), |(i, c)| user.len() - i - c.len_utf8());
            if user_len == 0 {
                continue;
            }
            let Some(end) = dns_match_at(text, domain_start, defanged) else {
                continue;
            };
            let hit = Hit {
                start: sep - user_len,
                end,
                obs_start: sep - user_len,
                obs_end: end,
            };
            if !visit(hit) {
                return;
            }
            consumed_to = end;
            pos = end;
        }
    }
}

/// True when `pattern` is exactly `(?P<name>...)`: one named group around everything.
fn group_is_whole(pattern: &str, name: &str) -> bool {
    let Some(body) = pattern.strip_prefix(&format!("(?P<{name}>")) else {
        return false;
    };
    let mut depth = 1usize;
    let mut in_class = false;
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => {
                depth -= 1;
                if depth == 0 {
                    return i + 1 == body.len();
                }
            }
            _ => {}
        }
    }
    false
}

fn is_email_user_char(c: char) -> bool {
    is_caseless_alnum(c) || ".!#$%&'*+/=?^_`{|}~-".contains(c)
}

fn email_full_match(text: &str, defanged: bool) -> bool {
    let user_len = text
        .char_indices()
        .find(|&(_, c)| !is_email_user_char(c))
        .map_or(text.len(), |(i, _)| i);
    if user_len == 0 {
        return false;
    }
    let rest = &text[user_len..];
    let domain = if let Some(d) = rest.strip_prefix('@') {
        d
    } else if defanged
        && rest
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("[at]"))
    {
        rest.get(4..).unwrap_or("")
    } else {
        return false;
    };
    dns_full_match(domain, defanged)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn email_full_match_cases() {
        assert!(email_full_match("bob@evil.com", false));
        assert!(email_full_match("bob[AT]evil[.]com", true));
        assert!(!email_full_match("@evil.com", false));
    }

    #[test]
    fn whole_group_detection() {
        assert!(group_is_whole("(?P<ip>a(b)c)", "ip"));
        assert!(!group_is_whole("(?P<ip>a)(b)", "ip"));
        assert!(group_is_whole(r"(?P<ip>a\))", "ip"));
        assert!(!group_is_whole(r"(?P<ip>a\))x", "ip"));
    }
}

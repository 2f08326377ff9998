//! The extraction algorithm of msticpy's `IoCExtract._scan_for_iocs`.
//!
//! For each type, in table order, every match is recorded; `dns` matches must pass the
//! TLD check; a substring already recorded keeps its type unless the new type has a
//! strictly lower priority number. Each `url` match is percent-decoded and scanned again
//! with the URL pattern, adding the decoded URLs and their hosts (as `dns`, unchecked).
//! With `defanged=False`, ipv4/ipv6/url/dns/email observables are re-fanged at the end.
//!
//! Deliberately kept quirks: the decoded URL is scanned from the character offset where
//! the *previous* URL match ended (msticpy passes its running `match_pos`), so only the
//! first URL's decoded form is always re-scanned; an empty URL host is recorded as an
//! empty `dns` observable. Deliberate difference: a per-cell budget
//! ([`crate::Limits::ioc_max_matches_per_cell`]) bounds memory and sets `truncated`.
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::matcher::Kind;
use super::psl::validate_tld;
use super::pychar::is_fragment_boundary;
use super::registry::{extended_table, PatternDef, Tables};
use super::unquote::unquote;

/// What to scan for and how.
#[derive(Debug, Clone, Copy)]
pub struct ScanOptions<'a> {
    /// Restrict to these type names; `None` or empty means every registered type.
    pub types: Option<&'a [String]>,
    /// Use the defanged table (msticpy's default) or the plain one (then re-fang).
    pub defanged: bool,
    /// Skip the Public Suffix List check on `dns` matches.
    pub ignore_tlds: bool,
    /// Budget of raw matches per type and of distinct observables per cell.
    pub max_matches: usize,
    /// Worker threads for one large text (1 = scan on the calling thread).
    pub threads: usize,
    /// Also scan for the extended types (beyond msticpy; off by default).
    pub extended: bool,
}

/// The observables of one text, in msticpy's order (first occurrence), de-duplicated
/// per type, with the truncation flag.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extraction {
    /// `(ioc_type, observable)` pairs.
    pub items: Vec<(String, String)>,
    /// True when a budget stopped the scan early.
    pub truncated: bool,
}

/// A raw hit: observable span and end of the whole match (byte offsets).
pub(crate) type RawHit = (usize, usize, usize);

/// Texts shorter than this are scanned on one thread: spawning costs more than it saves.
const PARALLEL_MIN_BYTES: usize = 256 * 1024;

pub(crate) fn selected<'t>(tables: &'t Tables, opts: &ScanOptions<'_>) -> Vec<&'t Arc<PatternDef>> {
    let extended: &'static [Arc<PatternDef>] = if opts.extended { extended_table() } else { &[] };
    tables
        .table(opts.defanged)
        .iter()
        .chain(extended.iter())
        .filter(|d| match opts.types {
            Some(t) if !t.is_empty() => t.contains(&d.ioc_type),
            _ => true,
        })
        .collect()
}

/// Collect one pattern's hits over the whole text, applying the TLD check for `dns`.
fn collect_hits(def: &PatternDef, text: &str, opts: &ScanOptions<'_>) -> (Vec<RawHit>, bool) {
    let check_tld = def.ioc_type == "dns" && !opts.ignore_tlds;
    let is_dns = matches!(def.matcher.kind(), Kind::Dns { .. });
    let mut hits = Vec::new();
    let mut truncated = false;
    def.matcher.for_each(text, 0, |hit| {
        let obs = &text[hit.obs_start..hit.obs_end];
        if check_tld && !validate_tld(&obs.replace("[.]", ".")) {
            return true;
        }
        if is_dns && is_name_fragment(text, hit.obs_start, hit.obs_end) {
            return true;
        }
        if hits.len() >= opts.max_matches {
            truncated = true;
            return false;
        }
        hits.push((hit.obs_start, hit.obs_end, hit.end));
        true
    });
    (hits, truncated)
}

/// Deliberate difference from msticpy: a domain match that is only part of a longer
/// name (`cher.com` out of `bücher.com`, `bcher-kva.com` out of `xn--bcher-kva.com`,
/// `pple.com` out of a Cyrillic `аpple.com`) is dropped. msticpy's ASCII-only pattern
/// emits such fragments, and a threat-intelligence look-up of a fragment asks about a
/// domain that is not in the text.
fn is_name_fragment(text: &str, start: usize, end: usize) -> bool {
    let mut preceding = text[..start].chars().rev();
    let before = preceding.next();
    // `x--y.com`: the match starts after a double hyphen inside a word (punycode
    // `xn--...` labels, which msticpy's label pattern cannot take whole).
    let inside_hyphenated = before == Some('-')
        && preceding
            .next()
            .is_some_and(|c| c == '-' || c.is_alphanumeric());
    let after = text[end..].chars().next();
    inside_hyphenated
        || before.is_some_and(is_fragment_boundary)
        || after.is_some_and(is_fragment_boundary)
}

pub(crate) fn collect_all(
    defs: &[&Arc<PatternDef>],
    text: &str,
    opts: &ScanOptions<'_>,
) -> Vec<(Vec<RawHit>, bool)> {
    let threads = opts.threads.min(defs.len());
    if threads <= 1 || text.len() < PARALLEL_MIN_BYTES {
        return defs.iter().map(|d| collect_hits(d, text, opts)).collect();
    }
    // Work-stealing over patterns: the costly ones (dns, paths) land on separate cores.
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<(Vec<RawHit>, bool)>>> =
        defs.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(def) = defs.get(i) else { break };
                let result = collect_hits(def, text, opts);
                if let Some(slot) = slots.get(i) {
                    if let Ok(mut guard) = slot.lock() {
                        *guard = Some(result);
                    }
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|s| s.into_inner().ok().flatten().unwrap_or_default())
        .collect()
}

/// msticpy's priority table: observable -> (type, priority), in first-seen order.
struct Found<'t> {
    order: Vec<Cow<'t, str>>,
    map: HashMap<Cow<'t, str>, (&'t str, i64)>,
    limit: usize,
    truncated: bool,
}

impl<'t> Found<'t> {
    fn add(&mut self, obs: Cow<'t, str>, ioc_type: &'t str, priority: i64) {
        if let Some(entry) = self.map.get_mut(&obs) {
            if priority < entry.1 {
                *entry = (ioc_type, priority);
            }
            return;
        }
        if self.map.len() >= self.limit {
            self.truncated = true;
            return;
        }
        self.order.push(obs.clone());
        self.map.insert(obs, (ioc_type, priority));
    }
}

/// Re-scan a percent-decoded URL from character offset `from_chars`.
fn add_decoded_url<'t>(
    found: &mut Found<'t>,
    url: &str,
    def: &'t PatternDef,
    from_chars: usize,
    dns: (&'t str, i64),
) {
    let decoded = unquote(url);
    let Some(start) = char_to_byte(&decoded, from_chars) else {
        return;
    };
    let host = def.matcher.group_index("host");
    let mut add = |hit: super::matcher::Hit, host_span: Option<(usize, usize)>| {
        found.add(
            Cow::Owned(decoded[hit.start..hit.end].to_string()),
            &def.ioc_type,
            def.priority,
        );
        // A bracketed IPv6 literal host is not a domain name (deliberate difference).
        let host_span = host_span.filter(|&(s, e)| {
            let host = &decoded[s..e];
            !(host.starts_with('[') && host.contains(':'))
        });
        if let Some((s, e)) = host_span {
            found.add(Cow::Owned(decoded[s..e].to_string()), dns.0, dns.1);
        }
        true
    };
    match host {
        Some(h) => def.matcher.for_each_with_group(&decoded, start, h, &mut add),
        None => def.matcher.for_each(&decoded, start, |hit| add(hit, None)),
    }
}

fn char_to_byte(text: &str, chars: usize) -> Option<usize> {
    if chars == 0 {
        return Some(0);
    }
    match text.char_indices().nth(chars) {
        Some((i, _)) => Some(i),
        None if text.chars().count() == chars => Some(text.len()),
        None => None,
    }
}

/// msticpy's `refang_ioc`: only `[AT]` (upper case) for e-mail, `hXXp`/`fXp` for URLs,
/// then `[.]` for every type it is applied to.
pub fn refang_msticpy(obs: &str, ioc_type: &str) -> String {
    let s = match ioc_type {
        "email" => obs.replace("[AT]", "@"),
        "url" => obs.replace("hXXp", "http").replace("fXp", "ftp"),
        _ => obs.to_string(),
    };
    s.replace("[.]", ".")
}

/// Scan one text: msticpy's `_scan_for_iocs`.
pub fn scan_text(tables: &Tables, text: &str, opts: &ScanOptions<'_>) -> Extraction {
    let defs = selected(tables, opts);
    let all_hits = collect_all(&defs, text, opts);
    let dns = tables
        .get(true, "dns")
        .map_or(("dns", 2), |d| (d.ioc_type.as_str(), d.priority));
    let mut found = Found {
        order: Vec::new(),
        map: HashMap::new(),
        limit: opts.max_matches,
        truncated: all_hits.iter().any(|(_, t)| *t),
    };
    for (def, (hits, _)) in defs.iter().zip(&all_hits) {
        let is_url = def.ioc_type == "url";
        // msticpy's running `match_pos`, in characters: where the previous match ended.
        let mut match_pos_chars = 0usize;
        let mut last_end = 0usize;
        for &(obs_start, obs_end, end) in hits {
            let obs = &text[obs_start..obs_end];
            found.add(Cow::Borrowed(obs), &def.ioc_type, def.priority);
            if is_url {
                add_decoded_url(&mut found, obs, def, match_pos_chars, dns);
                match_pos_chars += text[last_end..end].chars().count();
                last_end = end;
            }
        }
    }
    finish(found, opts.defanged)
}

fn finish(found: Found<'_>, defanged: bool) -> Extraction {
    // msticpy collects results into a dict of sets keyed by type (first-seen type order);
    // DataFrame rows follow that grouping, so items are grouped by type here, keeping
    // first-seen order within each type.
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    let mut seen: HashSet<(&str, String)> = HashSet::new();
    for obs in &found.order {
        let Some(&(ioc_type, _)) = found.map.get(obs) else {
            continue;
        };
        let refang = !defanged && matches!(ioc_type, "ipv4" | "ipv6" | "url" | "dns" | "email");
        let value = if refang {
            let fanged = refang_msticpy(obs, ioc_type);
            if !seen.insert((ioc_type, fanged.clone())) {
                continue;
            }
            fanged
        } else {
            obs.to_string()
        };
        match groups.iter_mut().find(|(t, _)| *t == ioc_type) {
            Some((_, values)) => values.push(value),
            None => groups.push((ioc_type, vec![value])),
        }
    }
    let items = groups
        .into_iter()
        .flat_map(|(t, values)| values.into_iter().map(move |v| (t.to_string(), v)))
        .collect();
    Extraction {
        items,
        truncated: found.truncated,
    }
}

/// Map `f` over cells, in parallel blocks when the input is large; results keep the
/// cells' order.
pub fn map_cells<T: Send + Default>(
    cells: &[Option<&str>],
    threads: usize,
    f: impl Fn(&str) -> T + Sync,
) -> Vec<T> {
    let one = |cell: &Option<&str>| match cell {
        Some(text) if !text.is_empty() => f(text),
        _ => T::default(),
    };
    let threads = threads.max(1);
    let total: usize = cells.iter().flatten().map(|c| c.len()).sum();
    if threads == 1 || total < PARALLEL_MIN_BYTES {
        return cells.iter().map(one).collect();
    }
    const BLOCK: usize = 512;
    let blocks = cells.len().div_ceil(BLOCK);
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Vec<T>>> = (0..blocks).map(|_| Mutex::new(Vec::new())).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let b = next.fetch_add(1, Ordering::Relaxed);
                if b >= blocks {
                    break;
                }
                let chunk = &cells[b * BLOCK..((b + 1) * BLOCK).min(cells.len())];
                let out: Vec<T> = chunk.iter().map(one).collect();
                if let Some(slot) = slots.get(b) {
                    if let Ok(mut guard) = slot.lock() {
                        *guard = out;
                    }
                }
            });
        }
    });
    slots
        .into_iter()
        .flat_map(|s| s.into_inner().unwrap_or_default())
        .collect()
}

/// Scan many cells (a DataFrame column), in parallel over cells. `None` cells (missing
/// or non-text values) yield nothing. Returns, per cell, its extraction.
pub fn scan_cells(
    tables: &Tables,
    cells: &[Option<&str>],
    opts: &ScanOptions<'_>,
) -> Vec<Extraction> {
    let cell_opts = ScanOptions { threads: 1, ..*opts };
    map_cells(cells, opts.threads, |text| scan_text(tables, text, &cell_opts))
}

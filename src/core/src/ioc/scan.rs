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
//! empty `dns` observable. Deliberate differences: a per-cell budget
//! ([`crate::Limits::ioc_max_matches_per_cell`]) bounds memory and sets `truncated`;
//! a per-cell deadline for user patterns ([`crate::Limits::ioc_scan_deadline`]) bounds
//! the time of patterns whose match iteration is quadratic, and sets `timed_out` too.
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::matcher::Kind;
use super::psl::validate_tld;
use super::pychar::is_fragment_boundary;
use super::registry::{extended_table, PatternDef, Tables};
use super::unquote::unquote;
use crate::parallel::par_map;

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
    /// Time the user patterns may spend on one cell (`None`: no limit).
    pub deadline: Option<Duration>,
}

/// An observable: a span of the scanned text, or text the scan made (a decoded URL or
/// a re-fanged value). Spans avoid copying every observable twice on its way to Python.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Observable {
    /// Byte range of the scanned text.
    Span(usize, usize),
    /// Text produced by the scan.
    Owned(String),
}

impl Observable {
    /// The observable's text, given the scanned text.
    pub fn as_str<'a>(&'a self, text: &'a str) -> &'a str {
        match self {
            Observable::Span(s, e) => text.get(*s..*e).unwrap_or(""),
            Observable::Owned(value) => value,
        }
    }
}

/// The observables of one text, grouped by type in msticpy's order (types by first
/// occurrence, observables by first occurrence within a type), de-duplicated per type,
/// with the truncation flag.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extraction {
    /// `(ioc_type, observables)` groups.
    pub groups: Vec<(String, Vec<Observable>)>,
    /// True when a budget stopped the scan early.
    pub truncated: bool,
    /// True when the deadline of user patterns was among the budgets that stopped it.
    pub timed_out: bool,
}

impl Extraction {
    /// `(ioc_type, observable)` pairs as owned strings (for tests and tools).
    pub fn pairs(&self, text: &str) -> Vec<(String, String)> {
        self.groups
            .iter()
            .flat_map(|(t, values)| {
                values
                    .iter()
                    .map(move |v| (t.clone(), v.as_str(text).to_string()))
            })
            .collect()
    }

    /// Number of observables.
    pub fn len(&self) -> usize {
        self.groups.iter().map(|(_, v)| v.len()).sum()
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
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

/// When the user patterns scanning a cell from now must stop.
pub(crate) fn cell_deadline(opts: &ScanOptions<'_>) -> Option<Instant> {
    opts.deadline.and_then(|d| Instant::now().checked_add(d))
}

/// True when `deadline` is set and has passed.
fn past(deadline: Option<Instant>) -> bool {
    deadline.is_some_and(|d| Instant::now() >= d)
}

/// Collect one pattern's hits over the whole text, applying the TLD check for `dns`.
/// User patterns (not line-local) stop at `deadline`: each further match of a pattern
/// whose iteration is quadratic costs a scan to the end of the text, so the time is
/// checked at every match.
fn collect_hits(
    def: &PatternDef,
    text: &str,
    opts: &ScanOptions<'_>,
    deadline: Option<Instant>,
) -> (Vec<RawHit>, bool) {
    let deadline = if def.line_local { None } else { deadline };
    let check_tld = def.ioc_type == "dns" && !opts.ignore_tlds;
    let is_dns = matches!(def.matcher.kind(), Kind::Dns { .. });
    let mut hits = Vec::new();
    let mut truncated = false;
    // Domains repeat a lot in logs: remember each name's verdict for this scan.
    let mut tld_verdicts: FxHashMap<&str, bool> = FxHashMap::default();
    def.matcher.for_each(text, 0, |hit| {
        let obs = &text[hit.obs_start..hit.obs_end];
        if check_tld {
            let valid = *tld_verdicts.entry(obs).or_insert_with(|| {
                if obs.contains('[') {
                    validate_tld(&obs.replace("[.]", "."))
                } else {
                    validate_tld(obs)
                }
            });
            if !valid {
                return true;
            }
        }
        if is_dns && is_name_fragment(text, hit.obs_start, hit.obs_end) {
            return true;
        }
        if hits.len() >= opts.max_matches || past(deadline) {
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

/// Split `text` into about `pieces` ranges that end just after a line break.
fn line_pieces(text: &str, pieces: usize) -> Vec<(usize, usize)> {
    let target = text.len().div_ceil(pieces.max(1)).max(1);
    let mut out = Vec::with_capacity(pieces);
    let mut start = 0;
    while start < text.len() {
        let want = (start + target).min(text.len());
        let end = match memchr::memchr(b'\n', &text.as_bytes()[want..]) {
            Some(i) => want + i + 1,
            None => text.len(),
        };
        out.push((start, end));
        start = end;
    }
    if out.is_empty() {
        out.push((0, 0));
    }
    out
}

/// Hits of every pattern over `text`, one entry per pattern.
///
/// Line-local patterns are scanned piecewise over line-aligned ranges in parallel:
/// because they never match across a line break, and a line break looks to every
/// built-in check (`^`, `$`, look-around emulation, fragment test) exactly like the
/// edge of the text, the pieces give the same hits as one scan of the whole text.
pub(crate) fn collect_all(
    defs: &[&Arc<PatternDef>],
    text: &str,
    opts: &ScanOptions<'_>,
) -> Vec<(Vec<RawHit>, bool)> {
    let deadline = cell_deadline(opts);
    let threads = if text.len() < PARALLEL_MIN_BYTES {
        1
    } else {
        opts.threads.max(1)
    };
    let pieces = if threads > 1 {
        line_pieces(text, threads * 8)
    } else {
        vec![(0, text.len())]
    };
    let whole: Vec<usize> = (0..defs.len())
        .filter(|&i| pieces.len() > 1 && defs.get(i).is_some_and(|d| !d.line_local))
        .collect();
    // Work items: every piece (all line-local patterns), then each whole-text pattern.
    let work: Vec<Result<(usize, usize), usize>> = pieces
        .iter()
        .copied()
        .map(Ok)
        .chain(whole.iter().copied().map(Err))
        .collect();
    let per_item = par_map(&work, threads, 1, |item| match *item {
        Ok((start, end)) => defs
            .iter()
            .enumerate()
            .filter(|(i, _)| !whole.contains(i))
            .map(|(i, def)| {
                let (mut hits, truncated) = collect_hits(def, &text[start..end], opts, deadline);
                for hit in &mut hits {
                    *hit = (hit.0 + start, hit.1 + start, hit.2 + start);
                }
                (i, hits, truncated)
            })
            .collect::<Vec<_>>(),
        Err(i) => defs
            .get(i)
            .map(|def| {
                let (hits, truncated) = collect_hits(def, text, opts, deadline);
                (i, hits, truncated)
            })
            .into_iter()
            .collect(),
    });
    let mut merged: Vec<(Vec<RawHit>, bool)> = defs.iter().map(|_| (Vec::new(), false)).collect();
    for (i, hits, truncated) in per_item.into_iter().flatten() {
        if let Some(slot) = merged.get_mut(i) {
            slot.0.extend(hits);
            slot.1 |= truncated;
        }
    }
    for slot in &mut merged {
        if slot.0.len() > opts.max_matches {
            slot.0.truncate(opts.max_matches);
            slot.1 = true;
        }
    }
    merged
}

/// msticpy's priority table: observable -> (type, priority), in first-seen order.
struct Found<'t> {
    entries: Vec<(Observable, &'t str, i64)>,
    map: FxHashMap<Cow<'t, str>, usize>,
    limit: usize,
    truncated: bool,
}

impl<'t> Found<'t> {
    fn with_capacity(capacity: usize, limit: usize, truncated: bool) -> Self {
        Found {
            entries: Vec::with_capacity(capacity.min(limit)),
            map: FxHashMap::with_capacity_and_hasher(capacity.min(limit), Default::default()),
            limit,
            truncated,
        }
    }

    fn add(&mut self, key: Cow<'t, str>, obs: Observable, ioc_type: &'t str, priority: i64) {
        use std::collections::hash_map::Entry;
        let next = self.entries.len();
        let at_limit = next >= self.limit;
        match self.map.entry(key) {
            Entry::Occupied(slot) => {
                if let Some(entry) = self.entries.get_mut(*slot.get()) {
                    if priority < entry.2 {
                        entry.1 = ioc_type;
                        entry.2 = priority;
                    }
                }
            }
            Entry::Vacant(_) if at_limit => self.truncated = true,
            Entry::Vacant(slot) => {
                slot.insert(next);
                self.entries.push((obs, ioc_type, priority));
            }
        }
    }
}

/// Observables added for one URL match: `(value, ioc_type, priority)`.
type Additions<'t> = Vec<(String, &'t str, i64)>;

/// What msticpy adds for one URL match: the URLs found again in its percent-decoded
/// form, scanned from character offset `from_chars`, and their hosts (as `dns`).
fn decoded_url_additions<'t>(
    url: &str,
    def: &'t PatternDef,
    from_chars: usize,
    dns: (&'t str, i64),
) -> Additions<'t> {
    let mut out = Vec::new();
    let decoded = unquote(url);
    let Some(start) = char_to_byte(&decoded, from_chars) else {
        return out;
    };
    let host = def.matcher.group_index("host");
    let mut add = |hit: super::matcher::Hit, host_span: Option<(usize, usize)>| {
        out.push((
            decoded[hit.start..hit.end].to_string(),
            def.ioc_type.as_str(),
            def.priority,
        ));
        // A bracketed IPv6 literal host is not a domain name (deliberate difference).
        let host_span = host_span.filter(|&(s, e)| {
            let host = &decoded[s..e];
            !(host.starts_with('[') && host.contains(':'))
        });
        if let Some((s, e)) = host_span {
            out.push((decoded[s..e].to_string(), dns.0, dns.1));
        }
        true
    };
    match host {
        Some(h) => def
            .matcher
            .for_each_with_group(&decoded, start, h, &mut add),
        None => def.matcher.for_each(&decoded, start, |hit| add(hit, None)),
    }
    out
}

/// The additions for every hit of a URL pattern, in hit order, following msticpy's
/// running `match_pos` (in characters: where the previous match ended).
fn url_additions<'t>(
    def: &'t PatternDef,
    text: &str,
    hits: &[RawHit],
    dns: (&'t str, i64),
) -> Vec<Additions<'t>> {
    let mut match_pos_chars = 0usize;
    let mut last_end = 0usize;
    hits.iter()
        .map(|&(obs_start, obs_end, end)| {
            let added = decoded_url_additions(&text[obs_start..obs_end], def, match_pos_chars, dns);
            match_pos_chars += char_count(&text[last_end..end]);
            last_end = end;
            added
        })
        .collect()
}

/// Number of characters, fast for ASCII text.
fn char_count(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
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
    let started = Instant::now();
    let all_hits = collect_all(&defs, text, opts);
    let mut extraction = resolve(tables, &defs, text, &all_hits, opts);
    extraction.timed_out = extraction.truncated && ran_out(opts, started);
    extraction
}

/// True when a scan that began at `started` has used up the user patterns' deadline.
fn ran_out(opts: &ScanOptions<'_>, started: Instant) -> bool {
    opts.deadline.is_some_and(|d| started.elapsed() >= d)
}

/// Below this many hits one thread resolves faster than two.
const SHARD_MIN_HITS: usize = 50_000;

/// msticpy's priority resolution, URL re-scan and re-fang over one text's hits.
fn resolve(
    tables: &Tables,
    defs: &[&Arc<PatternDef>],
    text: &str,
    all_hits: &[(Vec<RawHit>, bool)],
    opts: &ScanOptions<'_>,
) -> Extraction {
    let dns = tables
        .get(true, "dns")
        .map_or(("dns", 2), |d| (d.ioc_type.as_str(), d.priority));
    let total: usize = all_hits.iter().map(|(h, _)| h.len()).sum();
    let truncated = all_hits.iter().any(|(_, t)| *t);
    let additions: Vec<Vec<Additions<'_>>> = defs
        .iter()
        .zip(all_hits)
        .map(|(def, (hits, _))| {
            if def.ioc_type == "url" {
                url_additions(def, text, hits, dns)
            } else {
                Vec::new()
            }
        })
        .collect();
    // With no budget to enforce, observables can be resolved in independent shards
    // (by hash): a string's type depends only on the hits of that same string.
    let shards = if opts.threads > 1 && total >= SHARD_MIN_HITS && total <= opts.max_matches {
        opts.threads
    } else {
        1
    };
    let shard_ids: Vec<usize> = (0..shards).collect();
    let founds = par_map(&shard_ids, shards, 1, |&shard| {
        let limit = if shards == 1 {
            opts.max_matches
        } else {
            usize::MAX
        };
        let mut found = Found::with_capacity(total / shards, limit, truncated);
        let mine = |value: &str| shards == 1 || shard_of(value, shards) == shard;
        for ((def, (hits, _)), extra) in defs.iter().zip(all_hits).zip(&additions) {
            for (i, &(obs_start, obs_end, _)) in hits.iter().enumerate() {
                let obs = &text[obs_start..obs_end];
                if mine(obs) {
                    found.add(
                        Cow::Borrowed(obs),
                        Observable::Span(obs_start, obs_end),
                        &def.ioc_type,
                        def.priority,
                    );
                }
                for (value, ioc_type, priority) in extra.get(i).into_iter().flatten() {
                    if mine(value) {
                        found.add(
                            Cow::Owned(value.clone()),
                            Observable::Owned(value.clone()),
                            ioc_type,
                            *priority,
                        );
                    }
                }
            }
        }
        finish(found, text, opts.defanged)
    });
    merge_shards(founds, text, opts.defanged)
}

fn shard_of(value: &str, shards: usize) -> usize {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = rustc_hash::FxBuildHasher.build_hasher();
    hasher.write(value.as_bytes());
    (hasher.finish() as usize) % shards.max(1)
}

/// Join per-shard results: types in first-seen order across shards, and (when values
/// were re-fanged) one copy of each value per type.
fn merge_shards(mut parts: Vec<Extraction>, text: &str, defanged: bool) -> Extraction {
    if parts.len() == 1 {
        return parts.pop().unwrap_or_default();
    }
    let mut merged = Extraction::default();
    for part in parts {
        merged.truncated |= part.truncated;
        for (ioc_type, values) in part.groups {
            match merged.groups.iter_mut().find(|(t, _)| *t == ioc_type) {
                Some((_, existing)) => existing.extend(values),
                None => merged.groups.push((ioc_type, values)),
            }
        }
    }
    if !defanged {
        for (_, values) in &mut merged.groups {
            let mut seen: FxHashSet<String> = FxHashSet::default();
            values.retain(|v| seen.insert(v.as_str(text).to_string()));
        }
    }
    merged
}

fn finish(found: Found<'_>, text: &str, defanged: bool) -> Extraction {
    // msticpy collects results into a dict of sets keyed by type (first-seen type order);
    // DataFrame rows follow that grouping, so observables are grouped by type here,
    // keeping first-seen order within each type.
    let mut groups: Vec<(&str, Vec<Observable>)> = Vec::new();
    let mut seen: FxHashSet<(&str, String)> = FxHashSet::default();
    for (obs, ioc_type, _) in found.entries {
        let refang = !defanged && matches!(ioc_type, "ipv4" | "ipv6" | "url" | "dns" | "email");
        let value = if refang {
            let raw = obs.as_str(text);
            let fanged = refang_msticpy(raw, ioc_type);
            if !seen.insert((ioc_type, fanged.clone())) {
                continue;
            }
            if fanged == raw {
                obs
            } else {
                Observable::Owned(fanged)
            }
        } else {
            obs
        };
        match groups.iter_mut().find(|(t, _)| *t == ioc_type) {
            Some((_, values)) => values.push(value),
            None => groups.push((ioc_type, vec![value])),
        }
    }
    Extraction {
        groups: groups
            .into_iter()
            .map(|(t, values)| (t.to_string(), values))
            .collect(),
        truncated: found.truncated,
        timed_out: false,
    }
}

/// Map `f` over cells, in parallel blocks when the input is large; results keep the
/// cells' order. Missing and empty cells give `T::default()`.
pub fn map_cells<T: Send + Default>(
    cells: &[Option<&str>],
    threads: usize,
    f: impl Fn(&str) -> T + Sync,
) -> Vec<T> {
    let total: usize = cells.iter().flatten().map(|c| c.len()).sum();
    let threads = if total < PARALLEL_MIN_BYTES {
        1
    } else {
        threads
    };
    par_map(cells, threads, 512, |cell| match cell {
        Some(text) if !text.is_empty() => f(text),
        _ => T::default(),
    })
}

/// Scan many cells (a DataFrame column). `None` cells (missing or non-text values)
/// yield nothing. Returns, per cell, its extraction.
///
/// Cells are processed in blocks: each block's cells are joined with line breaks and
/// the line-local patterns run once over the joined text (a line break looks like the
/// edge of a text to every built-in pattern, so no hit spans two cells or differs from
/// a per-cell scan); hits are then handed back to their cells, where msticpy's
/// per-string resolution runs. This avoids one regex call per cell and pattern.
pub fn scan_cells(
    tables: &Tables,
    cells: &[Option<&str>],
    opts: &ScanOptions<'_>,
) -> Vec<Extraction> {
    let defs = selected(tables, opts);
    let cell_opts = ScanOptions {
        threads: 1,
        ..*opts
    };
    let blocks = cell_blocks(cells, BLOCK_BYTES);
    let total: usize = cells.iter().flatten().map(|c| c.len()).sum();
    let threads = if total < PARALLEL_MIN_BYTES {
        1
    } else {
        opts.threads
    };
    par_map(&blocks, threads, 1, |&(first, last)| {
        scan_block(tables, &defs, &cells[first..last], &cell_opts)
    })
    .into_iter()
    .flatten()
    .collect()
}

/// About this many bytes of cells are joined and scanned together.
const BLOCK_BYTES: usize = 256 * 1024;

fn cell_blocks(cells: &[Option<&str>], block_bytes: usize) -> Vec<(usize, usize)> {
    let mut blocks = Vec::new();
    let (mut first, mut size) = (0, 0);
    for (i, cell) in cells.iter().enumerate() {
        size += cell.map_or(0, str::len) + 1;
        if size >= block_bytes {
            blocks.push((first, i + 1));
            first = i + 1;
            size = 0;
        }
    }
    if first < cells.len() {
        blocks.push((first, cells.len()));
    }
    blocks
}

fn scan_block(
    tables: &Tables,
    defs: &[&Arc<PatternDef>],
    cells: &[Option<&str>],
    opts: &ScanOptions<'_>,
) -> Vec<Extraction> {
    let mut joined = String::new();
    let mut spans = Vec::with_capacity(cells.len());
    for cell in cells {
        let start = joined.len();
        if let Some(text) = cell {
            joined.push_str(text);
        }
        spans.push((start, joined.len()));
        joined.push('\n');
    }
    // Hits over the joined text for line-local patterns; `None` marks the others.
    let joined_hits: Vec<Option<(Vec<RawHit>, bool)>> = defs
        .iter()
        .map(|def| {
            def.line_local
                .then(|| collect_hits(def, &joined, opts, None))
        })
        .collect();
    let mut cursors = vec![0usize; defs.len()];
    let mut out = Vec::with_capacity(cells.len());
    for (cell, &(start, end)) in cells.iter().zip(&spans) {
        let text = match cell {
            Some(text) if !text.is_empty() => *text,
            _ => {
                out.push(Extraction::default());
                continue;
            }
        };
        let started = Instant::now();
        let deadline = cell_deadline(opts);
        let hits: Vec<(Vec<RawHit>, bool)> = defs
            .iter()
            .zip(&joined_hits)
            .zip(cursors.iter_mut())
            .map(|((def, joined), cursor)| match joined {
                Some((list, truncated)) => {
                    let mut mine = Vec::new();
                    while let Some(&(s, e, m)) = list.get(*cursor) {
                        if s >= end && !(s == end && e == end) {
                            break;
                        }
                        *cursor += 1;
                        if s >= start {
                            mine.push((s - start, e - start, m.min(end) - start));
                        }
                    }
                    (mine, *truncated)
                }
                None => collect_hits(def, text, opts, deadline),
            })
            .collect();
        let mut extraction = resolve(tables, defs, text, &hits, opts);
        extraction.timed_out = extraction.truncated && ran_out(opts, started);
        out.push(extraction);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod deadline_tests {
    use super::*;
    use crate::Limits;

    fn options(deadline: Option<Duration>, types: &[String]) -> ScanOptions<'_> {
        ScanOptions {
            types: Some(types),
            defanged: true,
            ignore_tlds: true,
            max_matches: usize::MAX,
            threads: 1,
            extended: false,
            deadline,
        }
    }

    #[test]
    fn quadratic_user_pattern_stops_at_the_deadline() {
        let mut tables = Tables::with_builtins();
        let limits = Limits::DEFAULT;
        tables
            .add("quad", r".*[^A-Z]|[A-Z]", 0, None, None, &limits)
            .unwrap();
        let types = ["quad".to_string()];
        let text = "A".repeat(200_000);
        let started = Instant::now();
        let cut = scan_text(
            &tables,
            &text,
            &options(Some(Duration::from_millis(200)), &types),
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(cut.truncated && cut.timed_out);
        let cells = [Some(text.as_str())];
        let per_cell = scan_cells(
            &tables,
            &cells,
            &options(Some(Duration::from_millis(200)), &types),
        );
        assert!(per_cell[0].truncated && per_cell[0].timed_out);
        // Without a deadline a short text runs to the end and is not truncated.
        let short = "A".repeat(2_000);
        let full = scan_text(&tables, &short, &options(None, &types));
        assert!(!full.truncated && !full.timed_out);
        assert_eq!(full.pairs(&short).len(), 1);
    }
}

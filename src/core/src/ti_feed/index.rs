//! The in-memory index: exact values in a hash map, IP ranges in one map per prefix
//! length, so a look-up costs one probe per distinct prefix length in the feeds.
use std::collections::BTreeMap;
use std::net::IpAddr;

use rustc_hash::FxHashMap;

use super::budget::{FeedLimits, LoadReport, Sink};
use super::csv::CsvOptions;
use super::misp::MispOptions;
use super::normalize::{infer_kind, normalize, Normalized};
use super::types::{Entry, FeedFormat, IocKind};
use super::{csv, detect, misp, plain, stix};
use crate::error::{Error, Result};

/// How to load one feed.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The feed's name (a feed loaded again under the same name replaces the old one).
    pub name: String,
    /// The format; detected from the file name and content when `None`.
    pub format: Option<FeedFormat>,
    /// File name used for detection and messages.
    pub file_name: Option<String>,
    /// The kind of values the feed does not type.
    pub default_kind: Option<IocKind>,
    /// CSV options.
    pub csv: CsvOptions,
    /// MISP options.
    pub misp: MispOptions,
    /// Raise `Error::LimitExceeded` on a budget instead of a warning.
    pub strict: bool,
}

/// One loaded feed.
#[derive(Debug, Clone)]
pub struct Feed {
    /// The feed's name.
    pub name: String,
    /// The report of its load.
    pub report: LoadReport,
}

/// The result of a batch look-up.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct LookupResult {
    /// Per query value: the kind it was looked up as (`None`: not an indicator).
    pub kinds: Vec<Option<IocKind>>,
    /// Per query value: the normalised value (empty when it could not be normalised).
    pub normalized: Vec<String>,
    /// Matches: (query position, entry position), in query order.
    pub hits: Vec<(usize, usize)>,
}

/// Indicators from any number of feeds, answering batch look-ups.
#[derive(Debug, Default)]
pub struct FeedIndex {
    limits: FeedLimits,
    feeds: Vec<Feed>,
    entries: Vec<Entry>,
    exact: FxHashMap<String, Vec<u32>>,
    v4: BTreeMap<u8, FxHashMap<u32, Vec<u32>>>,
    v6: BTreeMap<u8, FxHashMap<u128, Vec<u32>>>,
}

impl FeedIndex {
    /// An empty index with these budgets.
    pub fn new(limits: FeedLimits) -> Self {
        FeedIndex {
            limits,
            ..FeedIndex::default()
        }
    }

    /// The budgets in force.
    pub fn limits(&self) -> &FeedLimits {
        &self.limits
    }

    /// The loaded feeds.
    pub fn feeds(&self) -> &[Feed] {
        &self.feeds
    }

    /// All entries (entry positions in [`LookupResult::hits`] index this).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no entry is loaded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entry counts by kind name.
    pub fn counts_by_kind(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for entry in &self.entries {
            *counts.entry(entry.kind_or_other().name()).or_insert(0) += 1;
        }
        counts
    }

    /// Statistics as JSON text: entries, counts by type, budgets and each feed's report.
    pub fn stats_json(&self) -> String {
        let feeds: Vec<serde_json::Value> = self
            .feeds
            .iter()
            .map(|f| serde_json::from_str(&f.report.to_json()).unwrap_or_default())
            .collect();
        let l = &self.limits;
        serde_json::json!({
            "entries": self.entries.len(),
            "by_type": self.counts_by_kind(),
            "limits": {
                "max_file_bytes": l.max_file_bytes,
                "max_entries": l.max_entries,
                "max_line_bytes": l.max_line_bytes,
                "max_json_depth": l.max_json_depth,
                "max_field_bytes": l.max_field_bytes,
            },
            "feeds": feeds,
        })
        .to_string()
    }

    /// Parse `data` as a feed and add its entries. Bad entries and budgets reached are
    /// in the returned report; errors are for bad options (and budgets when strict).
    pub fn load(&mut self, data: &[u8], options: &LoadOptions) -> Result<LoadReport> {
        if options.name.trim().is_empty() {
            return Err(Error::InvalidArgument(
                "a feed needs a non-empty name".into(),
            ));
        }
        self.remove_feed(&options.name);
        let format = options
            .format
            .unwrap_or_else(|| detect::detect(data, options.file_name.as_deref()));
        let report = LoadReport {
            feed: options.name.clone(),
            format: format.name().to_owned(),
            ..LoadReport::default()
        };
        let feed_id = u32::try_from(self.feeds.len())
            .map_err(|_| Error::InvalidArgument("too many feeds".into()))?;
        let remaining = self.limits.max_entries.saturating_sub(self.entries.len());
        let limits = self.limits;
        let mut sink = Sink::new(
            &limits,
            report,
            remaining,
            options.strict,
            options.default_kind,
            feed_id,
        );
        if data.len() > limits.max_file_bytes {
            sink.budget_hit(
                "max_file_bytes",
                format!(
                    "feed of {} bytes is larger than {} bytes; it was not read",
                    data.len(),
                    limits.max_file_bytes
                ),
            )?;
        } else {
            match format {
                FeedFormat::Plain => plain::parse(data, &mut sink)?,
                FeedFormat::Csv => csv::parse(data, &options.csv, &mut sink)?,
                FeedFormat::Misp => misp::parse(data, &options.misp, &mut sink)?,
                FeedFormat::Stix => stix::parse(data, &mut sink)?,
            }
        }
        let Sink { report, out, .. } = sink;
        for (normalized, entry) in out {
            self.insert(normalized, entry);
        }
        self.feeds.push(Feed {
            name: options.name.clone(),
            report: report.clone(),
        });
        Ok(report)
    }

    fn insert(&mut self, normalized: Normalized, entry: Entry) {
        // Entry counts are capped by `max_entries`, far below u32::MAX by default; a
        // larger budget saturates rather than wraps.
        let id = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        self.entries.push(entry);
        match normalized {
            Normalized::Exact(value) => self.exact.entry(value).or_default().push(id),
            Normalized::V4Net(net, len) => self
                .v4
                .entry(len)
                .or_default()
                .entry(net)
                .or_default()
                .push(id),
            Normalized::V6Net(net, len) => self
                .v6
                .entry(len)
                .or_default()
                .entry(net)
                .or_default()
                .push(id),
        }
    }

    /// Remove a feed and its entries; true when it was loaded.
    pub fn remove_feed(&mut self, name: &str) -> bool {
        let Some(position) = self.feeds.iter().position(|f| f.name == name) else {
            return false;
        };
        let removed = u32::try_from(position).unwrap_or(u32::MAX);
        let entries = std::mem::take(&mut self.entries);
        self.feeds.remove(position);
        self.exact.clear();
        self.v4.clear();
        self.v6.clear();
        for mut entry in entries {
            if entry.feed == removed {
                continue;
            }
            if entry.feed > removed {
                entry.feed -= 1;
            }
            // Stored values are normalised already; re-normalising only re-derives the
            // range numbers.
            let normalized = normalize(&entry.value, entry.kind_or_other())
                .unwrap_or_else(|_| Normalized::Exact(entry.value.clone()));
            self.insert(normalized, entry);
        }
        true
    }

    fn net_hits(&self, ip: IpAddr, out: &mut Vec<u32>) {
        match ip {
            IpAddr::V4(a) => {
                let a = u32::from(a);
                for (&len, nets) in &self.v4 {
                    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
                    if let Some(ids) = nets.get(&(a & mask)) {
                        out.extend(ids);
                    }
                }
            }
            IpAddr::V6(a) => {
                let a = u128::from(a);
                for (&len, nets) in &self.v6 {
                    let mask = if len == 0 {
                        0
                    } else {
                        u128::MAX << (128 - len)
                    };
                    if let Some(ids) = nets.get(&(a & mask)) {
                        out.extend(ids);
                    }
                }
            }
        }
    }

    /// Look up many values. `kind` forces the type of every value (values that do not
    /// normalise as that type match nothing); otherwise each value's type is inferred,
    /// and a value of no recognised type is matched exactly against `other` entries.
    pub fn lookup<S: AsRef<str>>(&self, values: &[S], kind: Option<IocKind>) -> LookupResult {
        let mut result = LookupResult {
            kinds: Vec::with_capacity(values.len()),
            normalized: Vec::with_capacity(values.len()),
            hits: Vec::new(),
        };
        let mut found: Vec<u32> = Vec::new();
        for (position, value) in values.iter().enumerate() {
            let value = value.as_ref();
            found.clear();
            let query_kind = kind.or_else(|| infer_kind(value));
            let normalized = match query_kind {
                Some(k) => normalize(value, k).ok(),
                None => {
                    let v = value.trim();
                    (!v.is_empty()).then(|| Normalized::Exact(v.to_owned()))
                }
            };
            let text = match &normalized {
                Some(Normalized::Exact(s)) => {
                    if let Some(ids) = self.exact.get(s) {
                        found.extend(ids);
                    }
                    if let Ok(ip) = s.parse::<IpAddr>() {
                        self.net_hits(ip, &mut found);
                    }
                    s.clone()
                }
                // A range as a query matches the same range in a feed.
                Some(Normalized::V4Net(net, len)) => {
                    if let Some(ids) = self.v4.get(len).and_then(|m| m.get(net)) {
                        found.extend(ids);
                    }
                    normalized
                        .as_ref()
                        .map(Normalized::text)
                        .unwrap_or_default()
                }
                Some(Normalized::V6Net(net, len)) => {
                    if let Some(ids) = self.v6.get(len).and_then(|m| m.get(net)) {
                        found.extend(ids);
                    }
                    normalized
                        .as_ref()
                        .map(Normalized::text)
                        .unwrap_or_default()
                }
                None => String::new(),
            };
            let effective = query_kind.unwrap_or(IocKind::Other);
            for &id in &found {
                let Some(entry) = self.entries.get(id as usize) else {
                    continue;
                };
                if entry.kind_or_other().answers(effective) {
                    result.hits.push((position, id as usize));
                }
            }
            result.kinds.push(query_kind);
            result.normalized.push(text);
        }
        result
    }
}

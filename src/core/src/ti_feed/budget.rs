//! Budgets for feed loading and the report a load returns.
//!
//! Feeds are downloaded from third parties, so every amplifying dimension is capped:
//! file size, entries kept, line length and JSON nesting. Reaching a budget stops the
//! load with a warning in the report (or `Error::LimitExceeded` in strict mode); a
//! malformed entry is counted under its reason and skipped.
use std::collections::BTreeMap;

use serde_json::json;

use super::normalize::{normalize_any, Normalized};
use super::types::{Entry, IocKind};
use crate::error::{Error, Result};

/// Budgets for loading feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedLimits {
    /// Largest feed file read (bytes).
    pub max_file_bytes: usize,
    /// Most entries held by one index across all feeds.
    pub max_entries: usize,
    /// Longest line of a plain or CSV feed (bytes); longer lines are skipped.
    pub max_line_bytes: usize,
    /// Deepest JSON nesting accepted in MISP and STIX feeds.
    pub max_json_depth: usize,
    /// Longest indicator value or text field kept (bytes); longer values are skipped
    /// (indicators) or cut (text fields).
    pub max_field_bytes: usize,
}

impl FeedLimits {
    /// The documented defaults.
    pub const DEFAULT: FeedLimits = FeedLimits {
        max_file_bytes: 256 * 1024 * 1024,
        max_entries: 10_000_000,
        max_line_bytes: 64 * 1024,
        max_json_depth: 64,
        max_field_bytes: 8 * 1024,
    };
}

impl Default for FeedLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How many examples of skipped entries a report keeps.
const MAX_EXAMPLES: usize = 20;

/// What one load did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadReport {
    /// The feed's name.
    pub feed: String,
    /// The format the feed was read as.
    pub format: String,
    /// Entries added to the index.
    pub entries: usize,
    /// Entries skipped, by reason.
    pub skipped: BTreeMap<String, usize>,
    /// The first few skipped entries: where, and why.
    pub examples: Vec<String>,
    /// Load-level warnings (budgets reached, unsupported parts).
    pub warnings: Vec<String>,
    /// True when a budget stopped the load before the end of the feed.
    pub truncated: bool,
}

impl LoadReport {
    /// Total skipped entries.
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    /// The report as JSON text (what the bindings hand to Python).
    pub fn to_json(&self) -> String {
        json!({
            "feed": self.feed,
            "format": self.format,
            "entries": self.entries,
            "skipped": self.skipped,
            "skipped_total": self.skipped_total(),
            "examples": self.examples,
            "warnings": self.warnings,
            "truncated": self.truncated,
        })
        .to_string()
    }
}

/// Where parsers put what they read: it normalises values, applies the entry and field
/// budgets and keeps the report.
pub struct Sink<'a> {
    pub(super) limits: &'a FeedLimits,
    pub(super) report: LoadReport,
    pub(super) out: Vec<(Normalized, Entry)>,
    remaining: usize,
    strict: bool,
    /// Kind for values the feed does not type (the caller's `ioc_type`).
    pub(super) default_kind: Option<IocKind>,
    feed: u32,
}

impl<'a> Sink<'a> {
    pub(super) fn new(
        limits: &'a FeedLimits,
        report: LoadReport,
        remaining: usize,
        strict: bool,
        default_kind: Option<IocKind>,
        feed: u32,
    ) -> Self {
        Sink {
            limits,
            report,
            out: Vec::new(),
            remaining,
            strict,
            default_kind,
            feed,
        }
    }

    /// Record a skipped entry at `location` (e.g. `line 4`).
    pub fn skip(&mut self, location: impl FnOnce() -> String, reason: &str) {
        *self.report.skipped.entry(reason.to_owned()).or_insert(0) += 1;
        if self.report.examples.len() < MAX_EXAMPLES {
            self.report
                .examples
                .push(format!("{}: {reason}", location()));
        }
    }

    /// Record a load-level warning.
    pub fn warn(&mut self, message: String) {
        if !self.report.warnings.contains(&message) {
            self.report.warnings.push(message);
        }
    }

    /// Stop the load because `limit` was reached: a warning, or an error when strict.
    pub fn budget_hit(&mut self, limit: &'static str, detail: String) -> Result<()> {
        if self.strict {
            return Err(Error::LimitExceeded { limit, detail });
        }
        self.report.truncated = true;
        self.warn(format!("limit '{limit}' reached: {detail}"));
        Ok(())
    }

    /// Cut a text field to the field budget (on a character boundary).
    pub fn text(&self, value: &str) -> Option<String> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        let mut end = value.len().min(self.limits.max_field_bytes);
        while !value.is_char_boundary(end) {
            end -= 1;
        }
        Some(value[..end].to_owned())
    }

    /// Add one indicator. `kind` is the feed's type for it (falls back to the default
    /// kind, then to inference); `keep_other` keeps values of no recognised kind as
    /// exact-match `other` entries. Returns `Ok(false)` once the entry budget is spent
    /// (the caller stops), `Err` only in strict mode.
    pub fn add(
        &mut self,
        location: impl FnOnce() -> String,
        value: &str,
        kind: Option<IocKind>,
        keep_other: bool,
        mut entry: Entry,
    ) -> Result<bool> {
        if self.remaining == 0 {
            self.budget_hit(
                "max_entries",
                format!("the index holds {} entries", self.limits.max_entries),
            )?;
            return Ok(false);
        }
        if value.len() > self.limits.max_field_bytes {
            self.skip(location, "value longer than max_field_bytes");
            return Ok(true);
        }
        match normalize_any(value, kind.or(self.default_kind), keep_other) {
            Ok((kind, normalized)) => {
                entry.feed = self.feed;
                entry.kind = Some(kind);
                entry.value = normalized.text();
                self.out.push((normalized, entry));
                self.report.entries += 1;
                self.remaining -= 1;
            }
            Err(reason) => self.skip(location, reason),
        }
        Ok(true)
    }
}

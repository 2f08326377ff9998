//! Offline threat-intelligence feeds: downloaded indicator lists loaded into an
//! in-memory index that answers batch look-ups with no account and no network.
//!
//! msticpy has no such provider; this is the engine under the facade's `FeedIndex`
//! (and the offline TI provider built on it). Formats: plain lists ([`plain`]), CSV
//! ([`csv`]), MISP events ([`misp`]) and STIX 2.1 bundles ([`stix`]). Values are
//! normalised per type ([`normalize`]) so that feeds and queries meet; IP ranges are
//! answered by containment. Loading is bounded by [`FeedLimits`]: a budget reached is a
//! warning in the [`LoadReport`] (or an error in strict mode), a malformed entry is
//! counted and skipped, never a panic.
pub mod budget;
pub mod csv;
mod csv_record;
pub mod detect;
pub mod index;
mod json;
mod lines;
pub mod misp;
pub mod normalize;
pub mod plain;
pub mod stix;
pub mod stix_pattern;
pub mod types;
mod unix_time;

#[cfg(test)]
mod tests;

pub use budget::{FeedLimits, LoadReport};
pub use csv::CsvOptions;
pub use index::{Feed, FeedIndex, LoadOptions, LookupResult};
pub use misp::MispOptions;
pub use types::{Entry, FeedFormat, IocKind};

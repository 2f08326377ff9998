//! CSV feeds: a header row, an indicator column chosen by name or detected, and
//! optional columns for type, severity, score, description, dates, tags and reference.
//!
//! Comment lines (`#`) before the header are skipped; abuse.ch-style files whose header
//! is itself the last comment line (`# id,dateadded,url,...`) are understood. Quoted
//! fields may span lines; the line budget then applies to the whole record.
use std::borrow::Cow;
use std::collections::BTreeMap;

use super::budget::Sink;
use super::csv_record::{sniff_delimiter, split};
use super::lines::for_each_line;
use super::normalize::infer_kind;
use super::types::{Entry, IocKind};
use crate::error::{Error, Result};

/// CSV-specific options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// Field name (`indicator`, `type`, `severity`, `score`, `description`, `name`,
    /// `first_seen`, `last_seen`, `tags`, `reference`) to column name.
    pub columns: BTreeMap<String, String>,
    /// The delimiter; sniffed from the header when `None`.
    pub delimiter: Option<char>,
}

/// Header names recognised for each field, compared lower-case without punctuation.
/// Order matters for the indicator: generic names win over type-specific ones.
const FIELD_NAMES: &[(&str, &[&str])] = &[
    (
        "indicator",
        &[
            "indicator",
            "ioc",
            "value",
            "observable",
            "iocvalue",
            "indicatorvalue",
            "url",
            "domain",
            "hostname",
            "host",
            "fqdn",
            "ip",
            "ipaddress",
            "dstip",
            "srcip",
            "ipv4",
            "ipv6",
            "sha256hash",
            "sha256",
            "sha1hash",
            "sha1",
            "md5hash",
            "md5",
            "hash",
            "email",
        ],
    ),
    (
        "type",
        &["type", "ioctype", "indicatortype", "kind", "datatype"],
    ),
    (
        "severity",
        &["severity", "threatlevel", "risk", "level", "priority"],
    ),
    (
        "score",
        &["score", "confidence", "reliability", "riskscore"],
    ),
    (
        "description",
        &[
            "description",
            "comment",
            "comments",
            "threat",
            "malware",
            "signature",
            "details",
        ],
    ),
    ("name", &["name", "title", "info"]),
    (
        "first_seen",
        &[
            "firstseen",
            "firstseenutc",
            "dateadded",
            "created",
            "validfrom",
            "added",
        ],
    ),
    (
        "last_seen",
        &[
            "lastseen",
            "lastseenutc",
            "lastonline",
            "modified",
            "updated",
        ],
    ),
    ("tags", &["tags", "tag", "labels", "categories", "category"]),
    (
        "reference",
        &["reference", "references", "link", "urlhauslink", "source"],
    ),
];

fn header_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The kind a type-specific indicator column name implies (`sha256_hash` -> SHA-256).
fn kind_of_column(name: &str) -> Option<IocKind> {
    match header_key(name).as_str() {
        "ip" | "ipaddress" | "dstip" | "srcip" | "ipv4" | "ipv6" => Some(IocKind::Ipv4),
        "hash" => Some(IocKind::Md5),
        key => IocKind::from_name(key).filter(|k| *k != IocKind::Other),
    }
}

/// Column positions for each field found in `header`.
fn resolve(header: &[String], options: &CsvOptions) -> Result<BTreeMap<&'static str, usize>> {
    let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    let mut found = BTreeMap::new();
    for (field, names) in FIELD_NAMES {
        if let Some(wanted) = options.columns.get(*field) {
            let key = header_key(wanted);
            match keys.iter().position(|k| *k == key) {
                Some(i) => {
                    found.insert(*field, i);
                }
                None if *field == "indicator" => {
                    return Err(Error::InvalidArgument(format!(
                        "indicator column '{wanted}' is not in the CSV header {header:?}"
                    )));
                }
                None => {}
            }
            continue;
        }
        let taken: Vec<usize> = found.values().copied().collect();
        let position = names.iter().find_map(|n| {
            keys.iter()
                .enumerate()
                .position(|(i, k)| k == n && !taken.contains(&i))
        });
        if let Some(i) = position {
            found.insert(*field, i);
        }
    }
    if let Some(unknown) = options
        .columns
        .keys()
        .find(|k| !FIELD_NAMES.iter().any(|(f, _)| f == k))
    {
        return Err(Error::InvalidArgument(format!(
            "unknown CSV field '{unknown}' (known: indicator, type, severity, score, \
             description, name, first_seen, last_seen, tags, reference)"
        )));
    }
    Ok(found)
}

/// The column whose values look most like indicators in the first rows.
fn detect_indicator_column(rows: &[(usize, Vec<String>)]) -> Option<usize> {
    let width = rows.iter().map(|(_, r)| r.len()).max()?;
    let mut best: Option<(usize, usize)> = None;
    for col in 0..width {
        let hits = rows
            .iter()
            .filter(|(_, r)| r.get(col).is_some_and(|v| infer_kind(v).is_some()))
            .count();
        if hits > 0 && best.is_none_or(|(_, n)| hits > n) {
            best = Some((col, hits));
        }
    }
    best.map(|(c, _)| c)
}

fn split_tags(value: &str) -> Vec<String> {
    value
        .split([',', ';', '|'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Read a CSV feed into `sink`.
pub fn parse(data: &[u8], options: &CsvOptions, sink: &mut Sink<'_>) -> Result<()> {
    // Pass 1: records (quoted fields may continue over lines), comments before the header.
    let mut last_comment: Option<String> = None;
    let mut records: Vec<(usize, Cow<'_, str>)> = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    let max_line = sink.limits.max_line_bytes;
    let mut seen_data = false;
    for_each_line(data, sink, |number, line, sink| {
        if let Some((start, mut text)) = pending.take() {
            text.push('\n');
            text.push_str(line);
            if text.len() > max_line {
                sink.skip(
                    || format!("line {start}"),
                    "record longer than max_line_bytes",
                );
            } else if text.bytes().filter(|&b| b == b'"').count() % 2 == 1 {
                pending = Some((start, text));
            } else {
                records.push((start, Cow::Owned(text)));
            }
            return Ok(true);
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            return Ok(true);
        }
        if trimmed.starts_with('#') {
            if !seen_data {
                last_comment = Some(trimmed.trim_start_matches('#').trim().to_owned());
            }
            return Ok(true);
        }
        seen_data = true;
        // An odd number of quotes means a quoted field goes on to the next line.
        if line.bytes().filter(|&b| b == b'"').count() % 2 == 1 {
            pending = Some((number, line.to_owned()));
        } else {
            records.push((number, Cow::Borrowed(line)));
        }
        Ok(true)
    })?;
    if let Some((start, _)) = pending {
        sink.skip(|| format!("line {start}"), "unterminated quoted field");
    }

    let delim = options
        .delimiter
        .unwrap_or_else(|| records.first().map_or(',', |(_, r)| sniff_delimiter(r)));
    let mut rows: Vec<(usize, Vec<String>)> = Vec::with_capacity(records.len());
    for (number, record) in &records {
        match split(record, delim) {
            Some(fields) => rows.push((*number, fields)),
            None => sink.skip(|| format!("line {number}"), "unterminated quoted field"),
        }
    }
    drop(records);

    // Find the header: the first row, or the last comment line (abuse.ch style), or
    // none at all (the indicator column is then detected from the values).
    let mut data_start = 1;
    let mut columns = BTreeMap::new();
    let first = rows.first().map(|(_, r)| r.clone()).unwrap_or_default();
    let from_first = resolve(&first, options);
    match from_first {
        Ok(found) if found.contains_key("indicator") => columns = found,
        first_result => {
            let comment_header = last_comment
                .as_deref()
                .and_then(|c| split(c, delim))
                .filter(|h| h.len() > 1 && h.len() == first.len());
            let from_comment = comment_header.as_ref().map(|h| resolve(h, options));
            match from_comment {
                Some(Ok(found)) if found.contains_key("indicator") => {
                    columns = found;
                    data_start = 0;
                }
                _ => {
                    first_result?;
                    let sample_end = rows.len().min(21);
                    let single_column = first.len() == 1 && sink.default_kind.is_some();
                    let detected =
                        detect_indicator_column(&rows[..sample_end]).or(single_column.then_some(0));
                    match detected {
                        Some(col) => {
                            columns.insert("indicator", col);
                            let header_is_data =
                                first.get(col).is_some_and(|v| infer_kind(v).is_some());
                            data_start = usize::from(!header_is_data);
                        }
                        None => {
                            sink.warn(
                                "no indicator column found in the CSV header or values".into(),
                            );
                            return Ok(());
                        }
                    }
                }
            }
        }
    }

    let Some(&ind) = columns.get("indicator") else {
        return Ok(());
    };
    let column_kind = if data_start == 1 && !columns.contains_key("type") {
        first.get(ind).and_then(|h| kind_of_column(h))
    } else if data_start == 0 && !columns.contains_key("type") {
        last_comment
            .as_deref()
            .and_then(|c| split(c, delim))
            .and_then(|h| h.get(ind).and_then(|n| kind_of_column(n)))
    } else {
        None
    };
    let get = |row: &[String], field: &str| -> Option<String> {
        columns
            .get(field)
            .and_then(|&i| row.get(i))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    for (number, row) in rows.iter().skip(data_start) {
        let number = *number;
        let Some(value) = row.get(ind).map(|v| v.trim()).filter(|v| !v.is_empty()) else {
            sink.skip(|| format!("line {number}"), "empty indicator field");
            continue;
        };
        let feed_type = get(row, "type");
        let (kind, keep_other) = match feed_type.as_deref() {
            Some(t) => match IocKind::from_name(t) {
                Some(k) => (Some(k), k == IocKind::Other),
                None => (Some(IocKind::Other), true),
            },
            None => (column_kind, false),
        };
        let score_text = get(row, "score");
        let score = score_text
            .as_deref()
            .and_then(|s| s.parse::<f64>().ok())
            .filter(|s| s.is_finite());
        let mut severity = get(row, "severity");
        if severity.is_none() && score.is_none() {
            severity = score_text;
        }
        let entry = Entry {
            feed_type: feed_type.as_deref().and_then(|t| sink.text(t)),
            severity: severity.as_deref().and_then(|t| sink.text(t)),
            score,
            name: get(row, "name").as_deref().and_then(|t| sink.text(t)),
            description: get(row, "description")
                .as_deref()
                .and_then(|t| sink.text(t)),
            reference: get(row, "reference").as_deref().and_then(|t| sink.text(t)),
            tags: get(row, "tags")
                .as_deref()
                .map(split_tags)
                .unwrap_or_default(),
            first_seen: get(row, "first_seen"),
            last_seen: get(row, "last_seen"),
            ..Entry::default()
        };
        if !sink.add(|| format!("line {number}"), value, kind, keep_other, entry)? {
            break;
        }
    }
    Ok(())
}

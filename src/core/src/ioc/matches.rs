//! Beyond msticpy: every occurrence of every IoC with its offsets (`matches` mode).
//!
//! The text is re-fanged first ([`super::fanged`]), so all defang styles are found and
//! reported with their fanged value, the original text and a `defanged` flag; the
//! plain patterns (plus the extended types when asked) run on the re-fanged copy. A
//! substring keeps one type, chosen by msticpy's priority rule over the whole text, so
//! the types agree with `extract()`. Offsets are in characters (Python `str` indices).
//! URLs are not percent-decoded and re-scanned here: decoded text has no offsets.
use std::collections::HashMap;

use super::fanged::refang;
use super::registry::Tables;
use super::scan::{collect_all, selected, ScanOptions};

/// One occurrence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchRow {
    /// IoC type.
    pub ioc_type: String,
    /// The observable, re-fanged.
    pub value: String,
    /// The text as it stands in the input.
    pub raw: String,
    /// Start offset in characters.
    pub start: usize,
    /// End offset in characters.
    pub end: usize,
    /// True when `raw` differs from `value` (the input was defanged).
    pub defanged: bool,
}

/// All occurrences in one text, ordered by position; plus a truncation flag.
pub fn find_matches(tables: &Tables, text: &str, opts: &ScanOptions<'_>) -> (Vec<MatchRow>, bool) {
    let fanged = refang(text);
    let plain = ScanOptions {
        defanged: false,
        ..*opts
    };
    let defs = selected(tables, &plain);
    let hits = collect_all(&defs, &fanged.text, &plain);
    let truncated = hits.iter().any(|(_, t)| *t);
    // msticpy's rule: a substring keeps the first type with the lowest priority number.
    let mut winner: HashMap<&str, (usize, i64)> = HashMap::new();
    for (i, (def, (list, _))) in defs.iter().zip(&hits).enumerate() {
        for &(s, e, _) in list {
            let obs = &fanged.text[s..e];
            let entry = winner.entry(obs).or_insert((i, def.priority));
            if def.priority < entry.1 {
                *entry = (i, def.priority);
            }
        }
    }
    let mut rows: Vec<(usize, usize, usize, MatchRow)> = Vec::new();
    for (i, (def, (list, _))) in defs.iter().zip(&hits).enumerate() {
        for &(s, e, _) in list {
            let value = &fanged.text[s..e];
            if winner.get(value).map(|w| w.0) != Some(i) {
                continue;
            }
            let (os, oe, raw) = fanged.original_span(s, e);
            rows.push((
                os,
                oe,
                i,
                MatchRow {
                    ioc_type: def.ioc_type.clone(),
                    value: value.to_string(),
                    raw: raw.to_string(),
                    start: os,
                    end: oe,
                    defanged: raw != value,
                },
            ));
        }
    }
    rows.sort_by_key(|r| (r.0, r.1, r.2));
    let mut rows: Vec<MatchRow> = rows.into_iter().map(|r| r.3).collect();
    to_char_offsets(text, &mut rows);
    (rows, truncated)
}

/// Replace byte offsets by character offsets in one pass over the text.
fn to_char_offsets(text: &str, rows: &mut [MatchRow]) {
    if text.is_ascii() {
        return;
    }
    let mut offsets: Vec<usize> = rows.iter().flat_map(|r| [r.start, r.end]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let mut map = HashMap::with_capacity(offsets.len());
    let mut chars = 0usize;
    let mut iter = text.char_indices().peekable();
    for off in offsets {
        while let Some(&(i, _)) = iter.peek() {
            if i >= off {
                break;
            }
            iter.next();
            chars += 1;
        }
        map.insert(off, chars);
    }
    for row in rows {
        row.start = map.get(&row.start).copied().unwrap_or(row.start);
        row.end = map.get(&row.end).copied().unwrap_or(row.end);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn opts(extended: bool) -> ScanOptions<'static> {
        ScanOptions {
            types: None,
            defanged: true,
            ignore_tlds: false,
            max_matches: 1000,
            threads: 1,
            extended,
            deadline: None,
        }
    }

    #[test]
    fn reports_refanged_values_with_offsets() {
        let tables = Tables::with_builtins();
        let text = "é see hxxps[:]//evil(.)com/x from 10[.]0.0.1";
        let (rows, truncated) = find_matches(&tables, text, &opts(false));
        assert!(!truncated);
        let url = rows.iter().find(|r| r.ioc_type == "url").unwrap();
        assert_eq!(url.value, "https://evil.com/x");
        assert_eq!(url.raw, "hxxps[:]//evil(.)com/x");
        assert!(url.defanged);
        let chars: Vec<char> = text.chars().collect();
        let raw: String = chars[url.start..url.end].iter().collect();
        assert_eq!(raw, url.raw);
        let ip = rows.iter().find(|r| r.ioc_type == "ipv4").unwrap();
        assert_eq!(ip.value, "10.0.0.1");
    }

    #[test]
    fn extended_types_are_opt_in() {
        let tables = Tables::with_builtins();
        let text = "exploit CVE-2021-44228 via T1190";
        assert!(find_matches(&tables, text, &opts(false)).0.is_empty());
        let (rows, _) = find_matches(&tables, text, &opts(true));
        let types: Vec<&str> = rows.iter().map(|r| r.ioc_type.as_str()).collect();
        assert_eq!(types, ["cve", "mitre_attack"]);
    }
}

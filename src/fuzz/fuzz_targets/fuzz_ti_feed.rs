//! Fuzz the offline TI feed loader: the input is loaded in every format (and detected),
//! with small budgets so truncation paths run, then its own lines are looked up.
//! Asserts no panic, that reports add up (entries added equal the index growth) and
//! that every hit points at an entry whose kind may answer the query.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mstic_core::ti_feed::{FeedFormat, FeedIndex, FeedLimits, LoadOptions};

fuzz_target!(|data: &[u8]| {
    let limits = FeedLimits {
        max_file_bytes: 1 << 20,
        max_entries: 5_000,
        max_line_bytes: 4096,
        max_json_depth: 32,
        max_field_bytes: 1024,
    };
    let mut index = FeedIndex::new(limits);
    let formats = [
        None,
        Some(FeedFormat::Plain),
        Some(FeedFormat::Csv),
        Some(FeedFormat::Misp),
        Some(FeedFormat::Stix),
    ];
    for (i, format) in formats.into_iter().enumerate() {
        let before = index.len();
        let options = LoadOptions {
            name: format!("f{i}"),
            format,
            ..LoadOptions::default()
        };
        let report = index.load(data, &options).expect("tolerant loads never fail");
        assert_eq!(index.len(), before + report.entries);
        assert!(report.examples.len() <= 20);
    }
    let text = String::from_utf8_lossy(data);
    let queries: Vec<&str> = text.lines().take(200).collect();
    let result = index.lookup(&queries, None);
    assert_eq!(result.kinds.len(), queries.len());
    for &(query, entry) in &result.hits {
        assert!(query < queries.len());
        let entry = &index.entries()[entry];
        let kind = result.kinds[query].unwrap_or(mstic_core::ti_feed::IocKind::Other);
        assert!(entry.kind_or_other().answers(kind));
    }
    // Removing feeds keeps the index consistent.
    assert!(index.remove_feed("f0"));
    let _ = index.lookup(&queries, None);
});

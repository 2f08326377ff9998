//! Per-format and index tests for the feed loader.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use super::*;

fn load(index: &mut FeedIndex, name: &str, data: &str, format: Option<FeedFormat>) -> LoadReport {
    let options = LoadOptions {
        name: name.into(),
        format,
        ..LoadOptions::default()
    };
    index.load(data.as_bytes(), &options).unwrap()
}

fn hit_values(index: &FeedIndex, query: &str) -> Vec<String> {
    let result = index.lookup(&[query], None);
    result
        .hits
        .iter()
        .map(|&(_, e)| index.entries()[e].value.clone())
        .collect()
}

#[test]
fn plain_list() {
    let mut index = FeedIndex::new(FeedLimits::DEFAULT);
    let report = load(
        &mut index,
        "list",
        "\u{feff}# comment\r\n203.0.113.5\r\n\nEvil.Example.COM ; seen in phishing\n\
         198.51.100.0/24 # block\nnot an indicator\n2001:DB8::1\n",
        None,
    );
    assert_eq!(report.format, "plain");
    assert_eq!(report.entries, 4);
    assert_eq!(report.skipped.get("not a recognised indicator"), Some(&1));
    assert_eq!(hit_values(&index, "203.0.113.5"), vec!["203.0.113.5"]);
    assert_eq!(
        hit_values(&index, "evil.example.com."),
        vec!["evil.example.com"]
    );
    assert_eq!(hit_values(&index, "198.51.100.77"), vec!["198.51.100.0/24"]);
    assert_eq!(hit_values(&index, "2001:db8:0::1"), vec!["2001:db8::1"]);
    assert!(hit_values(&index, "198.51.101.1").is_empty());
    let entry = &index.entries()[index.lookup(&["evil.example.com"], None).hits[0].1];
    assert_eq!(entry.description.as_deref(), Some("seen in phishing"));
}

#[test]
fn csv_by_name_with_fields() {
    let mut index = FeedIndex::new(FeedLimits::DEFAULT);
    let data = "# header comment\nid,indicator,type,severity,description,tags,first_seen,link\n\
                1,203.0.113.9,ipv4,high,\"C2, port 443\",\"botnet,c2\",2026-01-01,https://ref.example/1\n\
                2,bad.example.net,domain,low,,,,\n\
                3,,domain,low,,,,\n\
                4,C:\\\\x.exe,filename,medium,,,,\n";
    let report = load(&mut index, "csv", data, None);
    assert_eq!(report.format, "csv");
    assert_eq!(report.entries, 3, "{report:?}");
    assert_eq!(report.skipped.get("empty indicator field"), Some(&1));
    let hits = index.lookup(&["203.0.113.9"], None).hits;
    let entry = &index.entries()[hits[0].1];
    assert_eq!(entry.severity.as_deref(), Some("high"));
    assert_eq!(entry.description.as_deref(), Some("C2, port 443"));
    assert_eq!(entry.tags, vec!["botnet", "c2"]);
    assert_eq!(entry.reference.as_deref(), Some("https://ref.example/1"));
    assert_eq!(entry.first_seen.as_deref(), Some("2026-01-01"));
    // Unknown feed types are kept as exact `other` values.
    assert_eq!(hit_values(&index, "C:\\\\x.exe").len(), 1);
}

#[test]
fn csv_abuse_ch_style_and_detection() {
    let mut index = FeedIndex::new(FeedLimits::DEFAULT);
    let data = "# comment\n# id,dateadded,url,url_status\n\
                \"1\",\"2026-01-01\",\"http://x.example.com/a\",\"online\"\n";
    let report = load(&mut index, "urls", data, None);
    assert_eq!(report.entries, 1, "{report:?}");
    assert_eq!(
        hit_values(&index, "HTTP://X.example.com:80/a"),
        vec!["http://x.example.com/a"]
    );

    // No header at all: the indicator column is found from the values.
    let report = load(
        &mut index,
        "bare",
        "5,bad.example.org\n6,worse.example.org\n",
        Some(FeedFormat::Csv),
    );
    assert_eq!(report.entries, 2, "{report:?}");

    // A named column that is not there is an argument error.
    let options = LoadOptions {
        name: "x".into(),
        format: Some(FeedFormat::Csv),
        csv: CsvOptions {
            columns: [("indicator".to_owned(), "nope".to_owned())].into(),
            delimiter: None,
        },
        ..LoadOptions::default()
    };
    assert!(matches!(
        index.load(b"a,b\n1,2\n", &options),
        Err(crate::Error::InvalidArgument(_))
    ));
}

#[test]
fn csv_typed_column_and_semicolons() {
    let mut index = FeedIndex::new(FeedLimits::DEFAULT);
    let hash = "AA".repeat(32);
    let data = format!("sha256_hash;score\n{hash};87\nzz;1\n");
    let report = load(&mut index, "hashes", &data, Some(FeedFormat::Csv));
    assert_eq!(report.entries, 1, "{report:?}");
    assert_eq!(report.skipped_total(), 1);
    let hits = index.lookup(&[hash.to_lowercase()], None).hits;
    assert_eq!(index.entries()[hits[0].1].score, Some(87.0));
}

const MISP: &str = r#"{"Event": {"info": "Phishing wave", "threat_level_id": "1",
  "uuid": "5e1a0000-0000-4000-8000-000000000001", "date": "2026-02-01",
  "Tag": [{"name": "tlp:green"}],
  "Attribute": [
    {"type": "ip-dst|port", "value": "203.0.113.20|8080", "to_ids": true, "comment": "C2", "category": "Network activity", "timestamp": "1700000000"},
    {"type": "domain|ip", "value": "c2.example.com|198.51.100.3", "to_ids": false},
    {"type": "filename|sha256", "value": "x.exe|ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB", "to_ids": true},
    {"type": "md5", "value": "zz", "to_ids": true},
    {"type": "mutex", "value": "Global\\evil", "to_ids": true},
    {"type": "url", "value": "https://c2.example.com/gate", "deleted": true},
    {"value": "no type"}
  ],
  "Object": [{"name": "email", "Attribute": [{"type": "email-src", "value": "Bad@Example.com", "to_ids": true}]}]
}}"#;

#[test]
fn misp_event() {
    let mut index = FeedIndex::new(FeedLimits::DEFAULT);
    let report = load(&mut index, "misp", MISP, None);
    assert_eq!(report.format, "misp");
    assert_eq!(report.entries, 6, "{report:?}");
    assert_eq!(report.skipped_total(), 3, "{report:?}");
    let hits = index.lookup(&["203.0.113.20"], None).hits;
    let entry = &index.entries()[hits[0].1];
    assert_eq!(entry.severity.as_deref(), Some("high"));
    assert_eq!(entry.name.as_deref(), Some("Phishing wave"));
    assert_eq!(entry.description.as_deref(), Some("C2"));
    assert_eq!(entry.feed_type.as_deref(), Some("ip-dst|port"));
    assert_eq!(entry.last_seen.as_deref(), Some("2023-11-14T22:13:20Z"));
    assert!(entry.tags.contains(&"tlp:green".to_owned()));
    assert!(entry.tags.contains(&"to_ids".to_owned()));
    assert_eq!(hit_values(&index, "198.51.100.3").len(), 1);
    assert_eq!(hit_values(&index, "c2.example.com").len(), 1);
    assert_eq!(hit_values(&index, &"ab".repeat(32)).len(), 1);
    assert_eq!(hit_values(&index, "Global\\evil").len(), 1);
    assert_eq!(hit_values(&index, "Bad@example.com").len(), 1);

    let options = LoadOptions {
        name: "misp".into(),
        misp: MispOptions { to_ids_only: true },
        ..LoadOptions::default()
    };
    let report = index.load(MISP.as_bytes(), &options).unwrap();
    assert_eq!(report.entries, 4, "{report:?}");
    assert_eq!(index.len(), 4, "reloading a feed replaces it");
}

#[test]
fn misp_response_and_manifest() {
    let mut index = FeedIndex::new(FeedLimits::DEFAULT);
    let response = format!("{{\"response\": [{MISP}]}}");
    assert_eq!(load(&mut index, "r", &response, None).entries, 6);
    let report = load(
        &mut index,
        "m",
        r#"{"5e1a": {"info": "x", "Orgc": {}}}"#,
        Some(FeedFormat::Misp),
    );
    assert_eq!(report.entries, 0);
    assert!(report.warnings[0].contains("manifest"));
}

const STIX: &str = r#"{"type": "bundle", "id": "bundle--1", "objects": [
  {"type": "indicator", "spec_version": "2.1", "id": "indicator--1", "name": "Bad IPs",
   "description": "Scanner range", "indicator_types": ["malicious-activity"], "confidence": 80,
   "pattern": "[ipv4-addr:value ISSUBSET '203.0.113.128/25'] OR [ipv6-addr:value = '2001:db8::dead']",
   "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2027-01-01T00:00:00Z",
   "external_references": [{"source_name": "x", "url": "https://ref.example/stix"}]},
  {"type": "indicator", "pattern": "[file:hashes.'SHA-256' = 'CDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCD' OR file:hashes.MD5 = '0123456789abcdef0123456789ABCDEF']", "labels": ["trojan"], "valid_from": "2026-01-01T00:00:00Z"},
  {"type": "indicator", "pattern": "[url:value = 'http://Bad.Example.com/x'] AND [email-addr:value = 'a@example.com'] AND [domain-name:value = 'evil.example']", "valid_from": "2026-01-01T00:00:00Z"},
  {"type": "indicator", "pattern": "[x-custom:value = 'q']", "valid_from": "2026-01-01T00:00:00Z"},
  {"type": "indicator", "pattern": "alert tcp any", "pattern_type": "snort", "valid_from": "2026-01-01T00:00:00Z"},
  {"type": "indicator", "pattern": "[url:value = 'x']", "revoked": true, "valid_from": "2026-01-01T00:00:00Z"},
  {"type": "malware", "name": "not an indicator"}
]}"#;

#[test]
fn stix_bundle() {
    let mut index = FeedIndex::new(FeedLimits::DEFAULT);
    let report = load(&mut index, "stix", STIX, None);
    assert_eq!(report.format, "stix");
    assert_eq!(report.entries, 7, "{report:?}");
    assert_eq!(report.skipped_total(), 3, "{report:?}");
    let hits = index.lookup(&["203.0.113.200"], None).hits;
    assert_eq!(hits.len(), 1);
    let entry = &index.entries()[hits[0].1];
    assert_eq!(entry.value, "203.0.113.128/25");
    assert_eq!(entry.score, Some(80.0));
    assert_eq!(entry.valid_until.as_deref(), Some("2027-01-01T00:00:00Z"));
    assert_eq!(entry.reference.as_deref(), Some("https://ref.example/stix"));
    assert_eq!(entry.tags, vec!["malicious-activity"]);
    assert!(index.lookup(&["203.0.113.5"], None).hits.is_empty());
    assert_eq!(hit_values(&index, "http://bad.example.com/x").len(), 1);
    assert_eq!(
        hit_values(&index, "0123456789ABCDEF0123456789abcdef").len(),
        1
    );
    assert_eq!(hit_values(&index, "evil.example").len(), 1);
}

#[test]
fn lookup_kinds_and_batches() {
    let mut index = FeedIndex::new(FeedLimits::DEFAULT);
    load(
        &mut index,
        "a",
        "203.0.113.0/24\n203.0.113.7\nexample.com\n",
        None,
    );
    load(&mut index, "b", "203.0.113.7\n", None);
    let result = index.lookup(&["203.0.113.7", "example.com", "nothing", ""], None);
    assert_eq!(result.hits.iter().filter(|h| h.0 == 0).count(), 3);
    assert_eq!(result.hits.iter().filter(|h| h.0 == 1).count(), 1);
    assert_eq!(
        result.kinds,
        vec![Some(IocKind::Ipv4), Some(IocKind::Dns), None, None]
    );
    // A forced type that does not fit matches nothing.
    assert!(index
        .lookup(&["example.com"], Some(IocKind::Url))
        .hits
        .is_empty());
    assert!(index.remove_feed("a"));
    assert_eq!(index.lookup(&["203.0.113.7"], None).hits.len(), 1);
    assert_eq!(index.feeds().len(), 1);
}

#[test]
fn budgets_are_warnings_or_errors() {
    let limits = FeedLimits {
        max_entries: 3,
        max_line_bytes: 20,
        max_json_depth: 4,
        max_file_bytes: 1000,
        ..FeedLimits::DEFAULT
    };
    let mut index = FeedIndex::new(limits);
    let report = load(&mut index, "a", "203.0.113.1\n203.0.113.2\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.example.com\n203.0.113.3\n203.0.113.4\n", None);
    assert_eq!(report.entries, 3);
    assert!(report.truncated);
    assert_eq!(
        report.skipped.get("line longer than max_line_bytes"),
        Some(&1)
    );
    assert!(report.warnings[0].contains("max_entries"));

    let deep = format!("{}{}", "[".repeat(10), "]".repeat(10));
    let report = load(&mut index, "deep", &deep, Some(FeedFormat::Stix));
    assert!(report.truncated && report.warnings[0].contains("max_json_depth"));

    let big = "a".repeat(2000);
    let report = load(&mut index, "big", &big, None);
    assert!(report.truncated && report.warnings[0].contains("max_file_bytes"));

    let strict = LoadOptions {
        name: "s".into(),
        strict: true,
        ..LoadOptions::default()
    };
    assert!(matches!(
        index.load(big.as_bytes(), &strict),
        Err(crate::Error::LimitExceeded {
            limit: "max_file_bytes",
            ..
        })
    ));
}

#[test]
fn hostile_inputs_do_not_panic() {
    let mut index = FeedIndex::new(FeedLimits::DEFAULT);
    let inputs: Vec<Vec<u8>> = vec![
        b"\xff\xfe\x00garbage\n\x80\x81".to_vec(),
        b"{\"Event\": {\"Attribute\": [1, null, {\"type\": 5}]}}".to_vec(),
        b"{\"objects\": [{\"type\": \"indicator\", \"pattern\": 7}]}".to_vec(),
        b"{\"type\": \"indicator\", \"pattern\": \"[file:hashes.'\"}".to_vec(),
        b"\"a,\"\"b\n\"\"\"".to_vec(),
        format!("{}{}", "{\"a\":".repeat(100_000), "1").into_bytes(),
        b"[".repeat(1_000_000),
    ];
    for (i, data) in inputs.iter().enumerate() {
        for format in [
            None,
            Some(FeedFormat::Plain),
            Some(FeedFormat::Csv),
            Some(FeedFormat::Misp),
            Some(FeedFormat::Stix),
        ] {
            let options = LoadOptions {
                name: format!("h{i}"),
                format,
                ..LoadOptions::default()
            };
            index.load(data, &options).unwrap();
        }
    }
    // ::/0 and 0.0.0.0/0 answer every address.
    let report = load(&mut index, "all", "1.2.3.4/99\n::/0\n0.0.0.0/0\n", None);
    assert_eq!((report.entries, report.skipped_total()), (2, 1));
    assert!(!index
        .lookup(&["192.0.2.1", "2001:db8::5"], None)
        .hits
        .is_empty());
}

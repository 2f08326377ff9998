//! GeoIP reader against MaxMind's test databases (tests/data/geoip, MIT/Apache).
use std::path::PathBuf;

use mstic_core::geoip::GeoDb;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/geoip")
        .join(name)
}

#[test]
fn city_fields_and_sharing() -> mstic_core::Result<()> {
    let db = GeoDb::open(&data("GeoIP2-City-Test.mmdb"))?;
    let again = GeoDb::open(&data("GeoIP2-City-Test.mmdb"))?;
    assert!(std::sync::Arc::ptr_eq(&db, &again), "one reader per file");
    let batch = db.lookup_batch(&["81.2.69.142", "10.0.0.1", "nope", "1.1.1.1", "81.2.69.143"]);
    assert_eq!(batch.rows, vec![Some(0), None, None, None, Some(0)]);
    let rec = &batch.records[0];
    assert_eq!(rec.country_code.as_deref(), Some("GB"));
    assert_eq!(rec.city.as_deref(), Some("London"));
    assert_eq!(rec.state.as_deref(), Some("England"));
    assert_eq!(rec.latitude, Some(51.5142));
    Ok(())
}

#[test]
fn raw_records_carry_traits() -> mstic_core::Result<()> {
    let db = GeoDb::open(&data("GeoIP2-City-Test.mmdb"))?;
    let (json, idx, errors) = db.lookup_raw(&["127.0.0.1", "2001:218::1"]);
    assert!(errors.is_empty());
    assert_eq!(idx, vec![1]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value[0]["traits"]["network"], "2001:218::/32");
    assert_eq!(value[0]["country"]["iso_code"], "JP");
    Ok(())
}

#[test]
fn bad_files_fail_at_open() {
    let dir = std::env::temp_dir().join(format!("geoip-core-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_default();
    let good = std::fs::read(data("GeoIP2-City-Test.mmdb")).unwrap_or_default();
    let truncated = dir.join("truncated.mmdb");
    std::fs::write(&truncated, &good[..good.len() / 2]).unwrap_or_default();
    let text = dir.join("text.mmdb");
    std::fs::write(&text, b"not a database at all").unwrap_or_default();
    for path in [
        truncated,
        text,
        dir.join("missing.mmdb"),
        data("MaxMind-DB-test-broken-search-tree-24.mmdb"),
        data("GeoIP2-City-Test-Broken-Double-Format.mmdb"),
    ] {
        let outcome = GeoDb::open(&path).map(|_| ());
        let message = outcome.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message.contains("cannot be used"),
            "{}: {message}",
            path.display()
        );
    }
}

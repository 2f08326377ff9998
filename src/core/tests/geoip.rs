//! GeoIP reader against MaxMind's test databases (tests/data/geoip, MIT/Apache).
use std::path::PathBuf;

use mstic_core::geoip::{DbBytes, GeoDb};

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
    let raw = db.lookup_records(&["127.0.0.1", "2001:218::1", "2001:218::2", "1.1.1.1"]);
    assert!(raw.errors.is_empty());
    let indexes: Vec<usize> = raw.rows.iter().map(|r| r.index).collect();
    assert_eq!(indexes, vec![1, 2]);
    assert_eq!(raw.rows[0].network.as_deref(), Some("2001:218::/32"));
    assert_eq!(raw.rows[1].ip_address, "2001:218::2");
    assert_eq!(
        raw.records.len(),
        1,
        "one decoded record per database record"
    );
    assert_eq!(raw.records[0]["country"]["iso_code"], "JP");
    Ok(())
}

fn copy_loader(path: &std::path::Path) -> std::io::Result<(DbBytes, &'static str)> {
    let bytes: std::sync::Arc<[u8]> = std::fs::read(path)?.into();
    Ok((DbBytes::new(bytes), "custom"))
}

#[test]
fn custom_byte_source() -> mstic_core::Result<()> {
    // A private copy, so no other test has this file's reader cached.
    let dir = std::env::temp_dir().join(format!("geoip-src-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_default();
    let path = dir.join("city.mmdb");
    std::fs::copy(data("GeoIP2-City-Test.mmdb"), &path).unwrap_or_default();
    let db = GeoDb::open_with(&path, "custom", copy_loader)?;
    assert_eq!(db.source(), "custom");
    assert_eq!(db.pid(), std::process::id());
    // Shared with the same mode; another mode gets its own reader.
    assert!(std::sync::Arc::ptr_eq(
        &db,
        &GeoDb::open_with(&path, "custom", copy_loader)?
    ));
    assert!(!std::sync::Arc::ptr_eq(&db, &GeoDb::open(&path)?));
    assert_eq!(db.lookup_batch(&["81.2.69.142"]).rows, vec![Some(0)]);
    std::fs::remove_dir_all(&dir).unwrap_or_default();
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

//! The country-level default that answers when no MaxMind database is configured.
//!
//! msticpy raises `MsticpyUserConfigError` without a GeoLite2 file; we answer country
//! level from the Regional Internet Registries' delegation files, as compiled into
//! the `iptocc` crate (MIT OR Apache-2.0, regenerated nightly from the five RIRs'
//! `delegated-*-extended` statistics). The country is the one the block was
//! *assigned* to, which agrees with MaxMind for most, not all, addresses.
//!
//! Each answer also carries a representative point of that country (Natural Earth,
//! public domain; see `country_points.rs`) so that looked-up addresses can be drawn on a
//! map. It is a country-level point, the same for every address of the country: raw
//! results mark it with `location.accuracy_radius` 1000 (MaxMind's value for
//! country-level records) and `location.resolution` `"country"`.
use serde_json::json;

use super::countries::english_name;
use super::country_points::POINTS;
use super::iptype;
use super::reader::{Batch, RawBatch, RawRow};
use super::record::GeoRecord;

/// Where the embedded data comes from and how old it is, for the one-time notice.
pub const SOURCE: &str = "RIR delegation data (AFRINIC, APNIC, ARIN, LACNIC, RIPE NCC) \
     embedded by the iptocc crate 1.4.175";

/// About when the snapshot was taken: 1.4.175 was the newest (nightly) release then.
pub const SNAPSHOT_DATE: &str = "2026-12-07";

/// Radius (km) the raw results give for a country-level point, as MaxMind's
/// country-level City records do.
pub const COUNTRY_ACCURACY_KM: u32 = 1000;

/// The representative `(latitude, longitude)` of a country, when the table has one.
#[must_use]
pub fn country_point(code: &str) -> Option<(f64, f64)> {
    POINTS
        .binary_search_by(|(c, _, _)| (*c).cmp(code))
        .ok()
        .and_then(|i| POINTS.get(i))
        .map(|&(_, lat, lon)| (lat, lon))
}

fn record_for(code: &str) -> GeoRecord {
    let point = country_point(code);
    GeoRecord {
        country_code: Some(code.to_owned()),
        country_name: english_name(code).map(str::to_owned),
        latitude: point.map(|p| p.0),
        longitude: point.map(|p| p.1),
        ..GeoRecord::default()
    }
}

/// Country-level answers for many addresses, in the same shape as a database batch.
#[must_use]
pub fn lookup_batch<S: AsRef<str>>(addresses: &[S]) -> Batch {
    let mut batch = Batch {
        rows: Vec::with_capacity(addresses.len()),
        ..Batch::default()
    };
    let mut by_code: Vec<(&'static str, u32)> = Vec::new();
    for text in addresses {
        let code = iptype::parse(text.as_ref())
            .filter(|a| iptype::is_public(*a))
            .and_then(iptocc::country_code);
        let row = code.and_then(|code| {
            if let Some(&(_, row)) = by_code.iter().find(|(c, _)| *c == code) {
                return Some(row);
            }
            let row = u32::try_from(batch.records.len()).ok()?;
            batch.records.push(record_for(code));
            by_code.push((code, row));
            Some(row)
        });
        batch.rows.push(row);
    }
    batch
}

/// Whole records for the raw results, shaped like a country-level City record
/// (`country.iso_code`, `country.names.en`, `location` with the country's point): one
/// record per distinct country, one row per answered address (no `network`: the RIR
/// data has no MaxMind networks).
#[must_use]
pub fn lookup_records<S: AsRef<str>>(addresses: &[S]) -> RawBatch {
    let mut out = RawBatch::default();
    let mut by_code: Vec<(&'static str, u32)> = Vec::new();
    for (index, text) in addresses.iter().enumerate() {
        let Some(addr) = iptype::parse(text.as_ref()).filter(|a| iptype::is_public(*a)) else {
            continue;
        };
        let Some(code) = iptocc::country_code(addr) else {
            continue;
        };
        let record = if let Some(&(_, row)) = by_code.iter().find(|(c, _)| *c == code) {
            row
        } else {
            let Ok(row) = u32::try_from(out.records.len()) else {
                continue;
            };
            out.records.push(raw_record(code));
            by_code.push((code, row));
            row
        };
        out.rows.push(RawRow {
            index,
            record,
            ip_address: iptype::python_str(addr),
            network: None,
        });
    }
    out
}

fn raw_record(code: &str) -> serde_json::Value {
    let mut country = json!({ "iso_code": code });
    if let Some(name) = english_name(code) {
        country["names"] = json!({ "en": name });
    }
    let mut record = json!({ "country": country });
    if let Some((lat, lon)) = country_point(code) {
        record["location"] = json!({
            "accuracy_radius": COUNTRY_ACCURACY_KM,
            "latitude": lat,
            "longitude": lon,
            "resolution": "country",
        });
    }
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_country_level() {
        let batch = lookup_batch(&["8.8.8.8", "10.0.0.1", "bogus", "193.0.6.139", "8.8.4.4"]);
        assert_eq!(batch.rows, vec![Some(0), None, None, Some(1), Some(0)]);
        assert_eq!(batch.records[0].country_code.as_deref(), Some("US"));
        assert_eq!(
            batch.records[0].country_name.as_deref(),
            Some("United States")
        );
        assert_eq!(batch.records[1].country_code.as_deref(), Some("NL"));
        assert_eq!(batch.records[0].city, None);
        // Country-level point: inside the contiguous United States / the Netherlands.
        let us = (batch.records[0].latitude, batch.records[0].longitude);
        assert!(
            matches!(us, (Some(lat), Some(lon)) if (25.0..49.0).contains(&lat) && (-125.0..-67.0).contains(&lon))
        );
        let nl = (batch.records[1].latitude, batch.records[1].longitude);
        assert!(
            matches!(nl, (Some(lat), Some(lon)) if (50.7..53.6).contains(&lat) && (3.3..7.3).contains(&lon))
        );
    }

    #[test]
    fn points_table_sorted_valid_and_covers_names() {
        assert!(POINTS.windows(2).all(|w| w[0].0 < w[1].0));
        for &(code, lat, lon) in POINTS {
            assert!((-90.0..=90.0).contains(&lat), "{code}");
            assert!((-180.0..=180.0).contains(&lon), "{code}");
        }
        // Every named country has a point except the EU and uninhabited Bouvet Island.
        let missing: Vec<&str> = crate::geoip::countries::codes()
            .filter(|c| country_point(c).is_none())
            .collect();
        assert_eq!(missing, vec!["BV", "EU"]);
        assert_eq!(country_point("ZZ"), None);
    }

    #[test]
    fn raw_shape() {
        let raw = lookup_records(&["x", "8.8.8.8", "8.8.4.4"]);
        assert_eq!(raw.rows.len(), 2);
        assert_eq!(raw.rows[0].index, 1);
        assert_eq!(raw.rows[1].record, 0, "one record per country");
        assert_eq!(raw.rows[0].ip_address, "8.8.8.8");
        assert_eq!(raw.rows[0].network, None);
        let value = &raw.records[0];
        assert_eq!(value["country"]["iso_code"], "US");
        assert_eq!(value["location"]["resolution"], "country");
        assert_eq!(value["location"]["accuracy_radius"], 1000);
        assert!(value["location"]["latitude"].is_f64());
    }
}

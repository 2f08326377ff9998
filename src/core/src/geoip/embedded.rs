//! The country-level default that answers when no MaxMind database is configured.
//!
//! msticpy raises `MsticpyUserConfigError` without a GeoLite2 file; we answer country
//! level from the Regional Internet Registries' delegation files, as compiled into
//! the `iptocc` crate (MIT OR Apache-2.0, regenerated nightly from the five RIRs'
//! `delegated-*-extended` statistics). The country is the one the block was
//! *assigned* to, which agrees with MaxMind for most, not all, addresses.
use serde_json::json;

use super::countries::english_name;
use super::iptype;
use super::reader::Batch;
use super::record::GeoRecord;

/// Where the embedded data comes from and how old it is, for the one-time notice.
pub const SOURCE: &str = "RIR delegation data (AFRINIC, APNIC, ARIN, LACNIC, RIPE NCC) \
     embedded by the iptocc crate 1.4.175";

/// About when the snapshot was taken: 1.4.175 was the newest (nightly) release then.
pub const SNAPSHOT_DATE: &str = "2026-12-07";

fn record_for(code: &str) -> GeoRecord {
    GeoRecord {
        country_code: Some(code.to_owned()),
        country_name: english_name(code).map(str::to_owned),
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

/// Raw results shaped like a Country record (`country.iso_code`, `country.names.en`,
/// `traits.ip_address`), one JSON array element per answered address.
#[must_use]
pub fn lookup_raw<S: AsRef<str>>(addresses: &[S]) -> (String, Vec<usize>) {
    let mut out = Vec::new();
    let mut indexes = Vec::new();
    for (idx, text) in addresses.iter().enumerate() {
        let Some(addr) = iptype::parse(text.as_ref()).filter(|a| iptype::is_public(*a)) else {
            continue;
        };
        let Some(code) = iptocc::country_code(addr) else {
            continue;
        };
        let mut country = json!({ "iso_code": code });
        if let Some(name) = english_name(code) {
            country["names"] = json!({ "en": name });
        }
        out.push(
            json!({ "country": country, "traits": { "ip_address": iptype::python_str(addr) } }),
        );
        indexes.push(idx);
    }
    let json = serde_json::Value::Array(out).to_string();
    (json, indexes)
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
    }

    #[test]
    fn raw_shape() {
        let (json, idx) = lookup_raw(&["x", "8.8.8.8"]);
        assert_eq!(idx, vec![1]);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(value[0]["country"]["iso_code"], "US");
        assert_eq!(value[0]["traits"]["ip_address"], "8.8.8.8");
    }
}

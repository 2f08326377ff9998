//! STIX 2.1 feeds: a bundle (`{"type": "bundle", "objects": [...]}`), a bare list of
//! objects or a single object. Each `indicator` whose `pattern_type` is `stix` (or not
//! given, as in STIX 2.0) gives the values of its pattern (`stix_pattern`); its name,
//! description, labels / `indicator_types`, `valid_from`, `valid_until`, `confidence`
//! and first external reference travel with them. Revoked indicators are skipped.
use serde_json::Value;

use super::budget::Sink;
use super::json::{parse as parse_json, str_of};
use super::stix_pattern::extract;
use super::types::Entry;
use crate::error::Result;

fn strings(value: &Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

fn reference(indicator: &Value) -> Option<String> {
    let refs = indicator.get("external_references")?.as_array()?;
    refs.iter().find_map(|r| {
        str_of(r, "url")
            .or_else(|| str_of(r, "external_id"))
            .map(str::to_owned)
    })
}

fn add_indicator(sink: &mut Sink<'_>, indicator: &Value, index: usize) -> Result<bool> {
    let location = || format!("object {index}");
    if indicator.get("revoked").and_then(Value::as_bool) == Some(true) {
        sink.skip(location, "revoked indicator");
        return Ok(true);
    }
    if let Some(kind) = str_of(indicator, "pattern_type") {
        if !kind.eq_ignore_ascii_case("stix") {
            sink.skip(location, "pattern_type is not stix");
            return Ok(true);
        }
    }
    let Some(pattern) = str_of(indicator, "pattern") else {
        sink.skip(location, "indicator without a pattern");
        return Ok(true);
    };
    let extracted = match extract(pattern) {
        Ok(e) => e,
        Err(reason) => {
            sink.skip(location, reason);
            return Ok(true);
        }
    };
    for _ in 0..extracted.unsupported {
        sink.skip(
            location,
            "comparison gives no exact value (negated, LIKE, MATCHES...)",
        );
    }
    if extracted.values.is_empty() && extracted.unsupported == 0 {
        sink.skip(location, "pattern names no supported indicator type");
        return Ok(true);
    }
    let mut tags = strings(indicator, "indicator_types");
    tags.extend(strings(indicator, "labels"));
    let score = indicator.get("confidence").and_then(Value::as_f64);
    for (kind, value) in extracted.values {
        let entry = Entry {
            feed_type: Some(kind.name().to_owned()),
            score,
            name: str_of(indicator, "name").and_then(|t| sink.text(t)),
            description: str_of(indicator, "description").and_then(|t| sink.text(t)),
            reference: reference(indicator).and_then(|r| sink.text(&r)),
            tags: tags.clone(),
            first_seen: str_of(indicator, "valid_from").map(str::to_owned),
            last_seen: str_of(indicator, "modified").map(str::to_owned),
            valid_until: str_of(indicator, "valid_until").map(str::to_owned),
            ..Entry::default()
        };
        if !sink.add(location, &value, Some(kind), false, entry)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Read a STIX document into `sink`.
pub fn parse(data: &[u8], sink: &mut Sink<'_>) -> Result<()> {
    let Some(root) = parse_json(data, sink)? else {
        return Ok(());
    };
    let objects: Vec<&Value> = match &root {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) => match root.get("objects").and_then(Value::as_array) {
            Some(items) => items.iter().collect(),
            None => vec![&root],
        },
        _ => Vec::new(),
    };
    let mut indicators = 0usize;
    for (index, object) in objects.into_iter().enumerate() {
        if str_of(object, "type") != Some("indicator") {
            continue;
        }
        indicators += 1;
        if !add_indicator(sink, object, index)? {
            break;
        }
    }
    if indicators == 0 {
        sink.warn("no STIX indicator objects found".into());
    }
    Ok(())
}

//! MISP feeds: an event (`{"Event": {...}}` or bare), a list of events, a REST search
//! reply (`{"response": [...]}` of events or `{"response": {"Attribute": [...]}}`).
//! Indicators come from `Event.Attribute[]` and `Event.Object[].Attribute[]`. The
//! manifest + events layout of MISP feed folders is walked by the caller, which loads
//! each `<uuid>.json` listed in `manifest.json`.
//!
//! MISP types map to indicator kinds (`ip-dst|port` keeps the address, `domain|ip`
//! gives both, `filename|sha256` the hash); other types are kept as exact-match
//! `other` entries carrying their MISP type. Deleted attributes are skipped.
use serde_json::Value;

use super::budget::Sink;
use super::json::{parse as parse_json, str_of};
use super::types::{Entry, IocKind};
use super::unix_time::iso_from_unix;
use crate::error::Result;

/// MISP-specific options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MispOptions {
    /// Keep only attributes flagged `to_ids` (MISP's "usable for detection").
    pub to_ids_only: bool,
}

/// The parts of a MISP attribute value to index, with their kinds.
fn parts(misp_type: &str, value: &str) -> Vec<(String, Option<IocKind>, bool)> {
    let split = |i: usize| value.split('|').nth(i).unwrap_or("").to_owned();
    match misp_type {
        "ip-src" | "ip-dst" => vec![(value.to_owned(), Some(IocKind::Ipv4), false)],
        "ip-src|port" | "ip-dst|port" => vec![(split(0), Some(IocKind::Ipv4), false)],
        "domain" | "hostname" => vec![(value.to_owned(), Some(IocKind::Dns), false)],
        "hostname|port" => vec![(split(0), Some(IocKind::Dns), false)],
        "domain|ip" => vec![
            (split(0), Some(IocKind::Dns), false),
            (split(1), Some(IocKind::Ipv4), false),
        ],
        "url" => vec![(value.to_owned(), Some(IocKind::Url), false)],
        "md5" | "sha1" | "sha256" => {
            vec![(value.to_owned(), IocKind::from_name(misp_type), false)]
        }
        "filename|md5" | "filename|sha1" | "filename|sha256" | "malware-sample" => {
            vec![(split(1), Some(IocKind::Md5), false)]
        }
        "email" | "email-src" | "email-dst" => {
            vec![(value.to_owned(), Some(IocKind::Email), false)]
        }
        _ => vec![(value.to_owned(), Some(IocKind::Other), true)],
    }
}

fn tag_names(value: &Value) -> impl Iterator<Item = String> + '_ {
    value
        .get("Tag")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| str_of(t, "name").map(str::to_owned))
}

fn threat_level(event: &Value) -> Option<String> {
    let level = match event.get("threat_level_id")? {
        Value::String(s) => s.parse::<u8>().ok()?,
        Value::Number(n) => u8::try_from(n.as_u64()?).ok()?,
        _ => return None,
    };
    Some(
        match level {
            1 => "high",
            2 => "medium",
            3 => "low",
            _ => "undefined",
        }
        .to_owned(),
    )
}

fn time_field(attribute: &Value, key: &str) -> Option<String> {
    match attribute.get(key)? {
        Value::String(s) if s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty() => {
            s.parse::<i64>().ok().and_then(iso_from_unix)
        }
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => n.as_i64().and_then(iso_from_unix),
        _ => None,
    }
}

fn is_true(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "1" || s.eq_ignore_ascii_case("true"),
        Some(Value::Number(n)) => n.as_u64() == Some(1),
        _ => false,
    }
}

/// Context shared by the attributes of one event.
struct EventContext {
    name: Option<String>,
    severity: Option<String>,
    reference: Option<String>,
    tags: Vec<String>,
    date: Option<String>,
}

fn add_attribute(
    sink: &mut Sink<'_>,
    options: &MispOptions,
    event: &EventContext,
    attribute: &Value,
    object_name: Option<&str>,
    location: &str,
) -> Result<bool> {
    let (Some(misp_type), Some(value)) = (str_of(attribute, "type"), str_of(attribute, "value"))
    else {
        sink.skip(
            || location.to_owned(),
            "attribute without a string type and value",
        );
        return Ok(true);
    };
    if is_true(attribute.get("deleted")) {
        sink.skip(|| location.to_owned(), "deleted attribute");
        return Ok(true);
    }
    let to_ids = is_true(attribute.get("to_ids"));
    if options.to_ids_only && !to_ids {
        sink.skip(|| location.to_owned(), "attribute not flagged to_ids");
        return Ok(true);
    }
    let mut tags = event.tags.clone();
    if let Some(category) = str_of(attribute, "category") {
        tags.push(format!("misp-category:{category}"));
    }
    if let Some(object) = object_name {
        tags.push(format!("misp-object:{object}"));
    }
    tags.extend(tag_names(attribute));
    if to_ids {
        tags.push("to_ids".to_owned());
    }
    let first_seen = time_field(attribute, "first_seen").or_else(|| event.date.clone());
    let last_seen =
        time_field(attribute, "last_seen").or_else(|| time_field(attribute, "timestamp"));
    for (part, kind, keep_other) in parts(misp_type, value) {
        let entry = Entry {
            feed_type: sink.text(misp_type),
            severity: event.severity.clone(),
            name: event.name.clone(),
            description: str_of(attribute, "comment").and_then(|c| sink.text(c)),
            reference: event.reference.clone(),
            tags: tags.clone(),
            first_seen: first_seen.clone(),
            last_seen: last_seen.clone(),
            ..Entry::default()
        };
        if !sink.add(|| location.to_owned(), &part, kind, keep_other, entry)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn add_event(
    sink: &mut Sink<'_>,
    options: &MispOptions,
    event: &Value,
    index: usize,
) -> Result<bool> {
    let event = event.get("Event").unwrap_or(event);
    let context = EventContext {
        name: str_of(event, "info").and_then(|i| sink.text(i)),
        severity: threat_level(event),
        reference: str_of(event, "uuid").map(|u| format!("misp-event:{u}")),
        tags: tag_names(event).collect(),
        date: str_of(event, "date").map(str::to_owned),
    };
    let attributes = event
        .get("Attribute")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    for (i, attribute) in attributes.enumerate() {
        let location = format!("event {index} attribute {i}");
        if !add_attribute(sink, options, &context, attribute, None, &location)? {
            return Ok(false);
        }
    }
    let objects = event
        .get("Object")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    for (o, object) in objects.enumerate() {
        let object_name = str_of(object, "name");
        let attributes = object
            .get("Attribute")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for (i, attribute) in attributes.enumerate() {
            let location = format!("event {index} object {o} attribute {i}");
            if !add_attribute(sink, options, &context, attribute, object_name, &location)? {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

fn looks_like_event(value: &Value) -> bool {
    value.get("Event").is_some()
        || value.get("Attribute").is_some()
        || value.get("Object").is_some()
}

/// Read a MISP document into `sink`.
pub fn parse(data: &[u8], options: &MispOptions, sink: &mut Sink<'_>) -> Result<()> {
    let Some(root) = parse_json(data, sink)? else {
        return Ok(());
    };
    let root = root.get("response").unwrap_or(&root);
    let events: Vec<&Value> = match root {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) if looks_like_event(root) => vec![root],
        _ => Vec::new(),
    };
    let events: Vec<&Value> = events.into_iter().filter(|e| looks_like_event(e)).collect();
    if events.is_empty() {
        sink.warn(
            "no MISP event found (a feed folder's manifest.json only lists event files: \
             load the folder or the <uuid>.json files)"
                .into(),
        );
        return Ok(());
    }
    for (index, event) in events.into_iter().enumerate() {
        if !add_event(sink, options, event, index)? {
            break;
        }
    }
    Ok(())
}

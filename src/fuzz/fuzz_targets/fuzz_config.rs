//! Fuzz msticpyconfig.yaml reading and validation: the input is a configuration file,
//! parsed as bytes and as (lossy) text, and every document that parses is validated
//! against the schema the Python facade ships. Asserts no panic, that every error names
//! a key, and the config module's promise that messages never quote a value: each `$V$`
//! in the input is replaced by a canary, which may then appear in a message only where
//! it is part of a key name (or of an `EnvironmentVar` name, which is reported as such).
#![no_main]

use std::collections::HashMap;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mstic_core::config::{parse_config, parse_config_bytes, validate_config, Environment, Schema};
use mstic_core::Error;
use serde_json::Value;

/// The marker fuzz inputs place where a value (a secret) goes.
const MARKER: &str = "$V$";

/// What the marker becomes: text no message of the config module contains by itself.
const CANARY: &str = "CanaryQz7Secret";

const FILE: &str = "fuzz/msticpyconfig.yaml";

/// The schema as the facade builds it: the shipped YAML read by the same parser.
fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let text = include_str!("../../../python/msticpy/resources/mpconfig_schema.yaml");
        let json = parse_config("mpconfig_schema.yaml", text).expect("shipped schema parses");
        Schema::from_json(&json).expect("shipped schema is valid")
    })
}

/// One variable set, one empty (names the seeds use); any other is unset.
fn environment() -> Environment {
    let mut vars = HashMap::new();
    vars.insert("MP_FUZZ_SET".to_owned(), true);
    vars.insert("MP_FUZZ_EMPTY".to_owned(), false);
    Environment { vars }
}

/// True when the canary is part of a key or an `EnvironmentVar` name in `value`.
/// Iterative: the depth of a parsed document is bounded, but this must not rely on it.
fn canary_in_names(value: &Value) -> bool {
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    if key.contains(CANARY) {
                        return true;
                    }
                    if key == "EnvironmentVar" && child.as_str().is_some_and(|s| s.contains(CANARY))
                    {
                        return true;
                    }
                    pending.push(child);
                }
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    false
}

/// A parse outcome: settings are a JSON mapping; an error names the file and a key and
/// its reason never carries the canary.
fn check_parse(result: &Result<String, Error>) -> Option<Value> {
    match result {
        Ok(json) => {
            let value: Value = serde_json::from_str(json).expect("settings are JSON");
            assert!(value.is_object(), "settings must be a mapping");
            Some(value)
        }
        Err(Error::Config {
            file,
            line,
            key,
            reason,
        }) => {
            assert_eq!(file, FILE);
            assert!(!key.is_empty(), "an error must name a key");
            assert!(!reason.is_empty());
            assert_ne!(*line, Some(0), "lines are 1-based");
            assert!(
                !reason.contains(CANARY),
                "an error reason quotes a value: {reason}"
            );
            for internal in ["DuplicateKeyPolicy", "budget breached", "Options", "-->"] {
                assert!(!reason.contains(internal), "internal wording: {reason}");
            }
            None
        }
        Err(other) => panic!("unexpected error kind: {other}"),
    }
}

fn check_validation(settings: &Value) {
    let report = validate_config(settings, schema(), &environment());
    let names_hold_canary = canary_in_names(settings);
    for message in report.errors.iter().chain(&report.warnings) {
        let (path, rest) = message
            .split_once(": ")
            .unwrap_or_else(|| panic!("a message must start with a key path: {message}"));
        assert!(!path.is_empty(), "a message names an empty key: {message}");
        assert!(!rest.is_empty());
        if message.contains(CANARY) {
            assert!(names_hold_canary, "a message quotes a value: {message}");
        }
    }
    for (path, package) in &report.packages {
        assert!(!path.is_empty() && !package.is_empty());
    }
}

fuzz_target!(|data: &[u8]| {
    // Replace the marker bytewise so non-UTF-8 inputs keep their bad bytes.
    let marker = MARKER.as_bytes();
    let mut bytes = Vec::with_capacity(data.len() + 16);
    let mut rest = data;
    while !rest.is_empty() {
        if rest.starts_with(marker) {
            bytes.extend_from_slice(CANARY.as_bytes());
            rest = &rest[marker.len()..];
        } else {
            bytes.push(rest[0]);
            rest = &rest[1..];
        }
    }

    let from_bytes = parse_config_bytes(FILE, &bytes);
    if let Some(settings) = check_parse(&from_bytes) {
        check_validation(&settings);
    }
    let text = String::from_utf8_lossy(&bytes);
    let from_text = parse_config(FILE, &text);
    if let Some(settings) = check_parse(&from_text) {
        check_validation(&settings);
    }
    // Valid UTF-8 (after a BOM) reads the same both ways.
    if std::str::from_utf8(&bytes).is_ok() && !bytes.starts_with(b"\xEF\xBB\xBF") {
        assert_eq!(from_bytes.is_ok(), from_text.is_ok());
        if let (Ok(a), Ok(b)) = (&from_bytes, &from_text) {
            assert_eq!(a, b);
        }
    }
});

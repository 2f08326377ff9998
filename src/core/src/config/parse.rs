//! Reading msticpyconfig.yaml text into a settings document (JSON text for the facade).
//!
//! msticpy reads the file with PyYAML's `safe_load`, which has no size, depth or alias
//! limits. Here the input is bounded before and during parsing: files larger than
//! [`MAX_CONFIG_BYTES`] are refused, nesting deeper than [`MAX_CONFIG_DEPTH`] is refused by
//! the parser's budget (so no recursion depth is controlled by the input), and alias replay
//! is capped so an anchor/alias "billion laughs" document fails fast instead of expanding.
//! Duplicate keys keep the last value, as PyYAML does.
use serde_json::Value;
use serde_saphyr::{
    budget::Budget, options::AliasLimits, DuplicateKeyPolicy, NonFiniteFloatPolicy, Options,
};

use super::locate::key_path_at_line;
use crate::{Error, Result};

/// Largest configuration file accepted (bytes).
pub const MAX_CONFIG_BYTES: usize = 10 * 1024 * 1024;

/// Deepest nesting of mappings and sequences accepted. Real files nest 6 levels at most.
pub const MAX_CONFIG_DEPTH: usize = 64;

/// Most alias uses (`*name`) in one file; real files use a handful.
const MAX_ALIASES: usize = 10_000;

/// Most parser events replayed from aliases in total: bounds what expansion can produce.
const MAX_REPLAYED_EVENTS: usize = 200_000;

/// Most nodes (scalars, mappings, sequences) in one file.
const MAX_NODES: usize = 500_000;

fn config_error(file: &str, line: Option<usize>, key: &str, reason: impl Into<String>) -> Error {
    Error::Config {
        file: file.to_owned(),
        line,
        key: key.to_owned(),
        reason: reason.into(),
    }
}

fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = MAX_CONFIG_DEPTH;
    budget.max_aliases = MAX_ALIASES;
    budget.max_anchors = MAX_ALIASES;
    budget.max_nodes = MAX_NODES;
    budget.max_documents = 1;
    let mut limits = AliasLimits::default();
    limits.max_total_replayed_events = MAX_REPLAYED_EVENTS;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.alias_limits = limits;
    options.duplicate_keys = DuplicateKeyPolicy::LastWins;
    // PyYAML (YAML 1.1) reads `012` as octal; JSON has no infinities, so `.inf` stays text;
    // a `null` mapping key becomes the text "null" (JSON keys are text).
    options.legacy_octal_numbers = true;
    options.non_finite_float_policy = NonFiniteFloatPolicy::AsString;
    options.null_as_string = true;
    // Snippets quote the input around the error, which may hold a secret.
    options.with_snippet = false;
    options
}

/// Read configuration bytes (a file's content): checks size and UTF-8, then [`parse_config`].
///
/// # Errors
/// [`Error::Config`] naming `file` when the content is too large, not UTF-8 (with the
/// line of the first bad byte) or not a valid settings document.
pub fn parse_config_bytes(file: &str, bytes: &[u8]) -> Result<String> {
    check_size(file, bytes.len())?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_config(file, text),
        Err(err) => {
            let before = &bytes[..err.valid_up_to()];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            // The valid prefix is text, so the key path can still be found.
            let prefix = std::str::from_utf8(before).unwrap_or_default();
            Err(config_error(
                file,
                Some(line),
                &key_path_at_line(prefix, line),
                "the file is not UTF-8 text",
            ))
        }
    }
}

fn check_size(file: &str, len: usize) -> Result<()> {
    if len > MAX_CONFIG_BYTES {
        return Err(config_error(
            file,
            None,
            "(file)",
            format!("the file is larger than {MAX_CONFIG_BYTES} bytes ({len} bytes)"),
        ));
    }
    Ok(())
}

/// Parse msticpyconfig.yaml text into the settings document as JSON text.
///
/// An empty document gives `{}` (msticpy's empty settings). `file` is only used in errors.
///
/// # Errors
/// [`Error::Config`] naming `file`, the line (when the parser reports one) and the nearest
/// key, for invalid YAML, a budget exceeded (size, depth, aliases) or a top level that is
/// not a mapping of sections.
pub fn parse_config(file: &str, text: &str) -> Result<String> {
    check_size(file, text.len())?;
    let document: Value = serde_saphyr::from_str_with_options(text, options()).map_err(|err| {
        let line = err
            .location()
            .and_then(|loc| usize::try_from(loc.line()).ok())
            .filter(|line| *line > 0);
        let key = line.map_or_else(|| "(document)".to_owned(), |l| key_path_at_line(text, l));
        config_error(file, line, &key, describe(&err))
    })?;
    match document {
        Value::Null => Ok("{}".to_owned()),
        Value::Object(_) => Ok(document.to_string()),
        other => Err(config_error(
            file,
            Some(1),
            "(document)",
            format!(
                "the top level must be a mapping of sections (found {})",
                kind(&other)
            ),
        )),
    }
}

/// The parser's message without location suffixes, snippets or quoted input.
fn describe(err: &serde_saphyr::Error) -> String {
    let full = err.without_snippet().to_string();
    let first = full.lines().next().unwrap_or("invalid YAML");
    // Drop " at line N, column M" style suffixes: the line is reported separately.
    let text = first
        .find(" at line ")
        .map_or(first, |pos| &first[..pos])
        .trim();
    if let Some(budget) = budget_reason(text) {
        return budget;
    }
    let reason = redact_quoted(text);
    format!("invalid YAML: {reason}")
}

/// Plain words for the parser's budget messages.
fn budget_reason(text: &str) -> Option<String> {
    let reason = if text.contains("Depth {") || text.contains("recursion limit") {
        format!("nested deeper than {MAX_CONFIG_DEPTH} levels")
    } else if text.contains("Aliases {") || text.contains("Anchors {") {
        format!("more than {MAX_ALIASES} anchors or aliases")
    } else if text.contains("alias replay limit") {
        format!("aliases expand to more than {MAX_REPLAYED_EVENTS} values (an alias bomb?)")
    } else if text.contains("Documents {") {
        "more than one YAML document (a '---' separator)".to_owned()
    } else if text.contains("Nodes {") {
        format!("more than {MAX_NODES} values")
    } else if text.contains("budget breached") {
        "too large to read (a parser budget was exceeded)".to_owned()
    } else {
        return None;
    };
    Some(reason)
}

/// Replace quoted fragments (which may be input values) with `"…"`.
fn redact_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    for ch in text.chars() {
        match quote {
            Some(q) if ch == q => {
                out.push('…');
                out.push(ch);
                quote = None;
            }
            Some(_) => {}
            None if ch == '"' || ch == '`' => {
                out.push(ch);
                quote = Some(ch);
            }
            None => out.push(ch),
        }
    }
    if quote.is_some() {
        out.push('…');
    }
    out
}

pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests;

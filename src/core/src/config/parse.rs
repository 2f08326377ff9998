//! Reading msticpyconfig.yaml text into a settings document (JSON text for the facade).
//!
//! msticpy reads the file with PyYAML's `safe_load`, which has no size, depth or alias
//! limits. Here the input is bounded before and during parsing: files larger than
//! [`MAX_CONFIG_BYTES`] are refused, and the rules of [`super::yaml`] apply (nesting
//! depth, alias replay, a node budget that grows with the file, application tags refused
//! as `safe_load` refuses them). Duplicate keys keep the last value, as PyYAML does.
use serde_json::Value;
use serde_saphyr::{NonFiniteFloatPolicy, Options};

use super::locate::key_path_at_line;
use super::yaml::YamlRules;
pub use super::yaml::MAX_YAML_DEPTH as MAX_CONFIG_DEPTH;
use crate::{Error, Result};

/// Largest configuration file accepted (bytes).
pub const MAX_CONFIG_BYTES: usize = 10 * 1024 * 1024;

/// Configuration files: at least 500,000 nodes, duplicate keys keep the last value
/// (PyYAML's behaviour), and a refused tag is not quoted (it may sit next to a secret).
const RULES: YamlRules = YamlRules {
    min_nodes: 500_000,
    reject_duplicate_keys: false,
    quote_tags: false,
};

fn config_error(file: &str, line: Option<usize>, key: &str, reason: impl Into<String>) -> Error {
    Error::Config {
        file: file.to_owned(),
        line,
        key: key.to_owned(),
        reason: reason.into(),
    }
}

fn options(bytes: usize) -> Options {
    let mut options = RULES.options(bytes);
    // PyYAML (YAML 1.1) reads `012` as octal; JSON has no infinities, so `.inf` stays text;
    // a `null` mapping key becomes the text "null" (JSON keys are text).
    options.legacy_octal_numbers = true;
    options.non_finite_float_policy = NonFiniteFloatPolicy::AsString;
    options.null_as_string = true;
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
    let document: Value =
        serde_saphyr::from_str_with_options(text, options(text.len())).map_err(|err| {
            let (line, reason) = RULES.describe(&err, text.len());
            let key = line.map_or_else(|| "(document)".to_owned(), |l| key_path_at_line(text, l));
            config_error(file, line, &key, reason)
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

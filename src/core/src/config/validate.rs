//! Checking a settings document: msticpy's `validate_config` rules plus the schema.
//!
//! Errors are what msticpy's `validate_config` reports as errors (a missing or empty
//! Sentinel workspace section, workspace and tenant IDs that are not GUIDs, provider `Args`
//! that are empty or not a mapping, required provider arguments missing, environment
//! variables named by `EnvironmentVar` that are unset or empty). Warnings are msticpy's
//! (no `Default` workspace, empty sections) plus this project's schema checks: keys that
//! are not known settings (with the closest known spelling) and values of the wrong type.
//! Schema findings are warnings so a file msticpy accepts is still accepted here.
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::parse::kind;
use super::schema::{Node, ProviderRule, Schema};

/// Most messages of each kind reported (a hostile document cannot grow the report).
const MAX_MESSAGES: usize = 1_000;

/// What the facade knows about the process: environment variable names and whether
/// each holds a non-empty value (values never cross into the core).
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// Variable name -> `true` when it is set to a non-empty value.
    pub vars: HashMap<String, bool>,
}

/// The outcome of [`validate_config`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationReport {
    /// Problems that stop a provider or workspace from working.
    pub errors: Vec<String>,
    /// Suspicious settings (unknown keys, wrong types, empty sections, no default).
    pub warnings: Vec<String>,
    /// `(section path, package)` pairs: Python packages providers need (checked by the facade).
    pub packages: Vec<(String, String)>,
}

impl ValidationReport {
    fn error(&mut self, message: String) {
        if self.errors.len() < MAX_MESSAGES {
            self.errors.push(message);
        }
    }

    fn warn(&mut self, message: String) {
        if self.warnings.len() < MAX_MESSAGES {
            self.warnings.push(message);
        }
    }
}

/// True when `text` is a GUID in one of the forms Python's `uuid.UUID` accepts.
pub(crate) fn is_uuid(text: &str) -> bool {
    let mut body = text.trim();
    if let Some(rest) = body.strip_prefix("urn:") {
        body = rest.strip_prefix("uuid:").unwrap_or(rest);
    }
    let body = body.trim_start_matches('{').trim_end_matches('}');
    let hex: String = body.chars().filter(|c| *c != '-').collect();
    hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// A key name as shown in a message: an empty or blank name is quoted (`''`), so a
/// message always starts with a visible key path (found by fuzzing: `"": x` gave
/// ": not a known setting").
fn key_name(name: &str) -> Cow<'_, str> {
    if name.trim().is_empty() {
        Cow::Owned(format!("'{name}'"))
    } else {
        Cow::Borrowed(name)
    }
}

/// Microsoft Sentinel's section, under its current or its former name.
fn sentinel(config: &Map<String, Value>) -> Option<&Value> {
    config
        .get("AzureSentinel")
        .or_else(|| config.get("MSSentinel"))
}

fn present(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::String(text)) => !text.is_empty(),
        Some(Value::Bool(flag)) => *flag,
        Some(Value::Array(items)) => !items.is_empty(),
        Some(Value::Object(map)) => !map.is_empty(),
        Some(Value::Number(_)) => true,
    }
}

fn uuid_value(value: Option<&Value>) -> bool {
    matches!(value, Some(Value::String(text)) if is_uuid(text))
}

/// Validate `config` (the settings document) against msticpy's rules and `schema`.
pub fn validate_config(config: &Value, schema: &Schema, env: &Environment) -> ValidationReport {
    let mut report = ValidationReport::default();
    let Value::Object(config) = config else {
        report.error(format!(
            "the settings must be a mapping of sections (found {})",
            kind(config)
        ));
        return report;
    };
    check_sentinel(config, env, &mut report);
    for section in ["TIProviders", "OtherProviders", "DataProviders"] {
        let value = config.get(section);
        if section == "DataProviders" && value.is_none() {
            continue;
        }
        check_providers(
            section,
            value,
            schema.sections.get(section),
            env,
            &mut report,
        );
    }
    for (name, value) in config {
        let node = schema.sections.get(name).or_else(|| match name.as_str() {
            "MSSentinel" => schema.sections.get("AzureSentinel"),
            _ => None,
        });
        match node {
            Some(node) => walk(name, value, node, &mut report),
            None => report.warn(unknown_key(name, schema.sections.keys())),
        }
    }
    report
}

fn check_sentinel(config: &Map<String, Value>, env: &Environment, report: &mut ValidationReport) {
    let Some(Value::Object(section)) = sentinel(config).filter(|v| present(Some(v))) else {
        report.error("AzureSentinel: the section is missing or empty".into());
        return;
    };
    let Some(Value::Object(workspaces)) = section.get("Workspaces").filter(|v| present(Some(v)))
    else {
        report.error("AzureSentinel.Workspaces: missing or empty".into());
        return;
    };
    for (name, workspace) in workspaces {
        let path = format!("AzureSentinel.Workspaces.{}", key_name(name));
        let empty = Map::new();
        let fields = workspace.as_object().unwrap_or(&empty);
        for key in ["WorkspaceId", "TenantId"] {
            if !uuid_value(fields.get(key)) {
                report.error(format!("{path}: {key} is missing or not a valid GUID"));
            }
        }
        if let Some(Value::Object(args)) = fields.get("Args") {
            check_env_vars(&path, args, env, report);
        }
    }
    if !workspaces.contains_key("Default") {
        report.warn("AzureSentinel.Workspaces: no 'Default' workspace is set".into());
    }
}

fn check_providers(
    section: &str,
    value: Option<&Value>,
    node: Option<&Node>,
    env: &Environment,
    report: &mut ValidationReport,
) {
    let providers = match value {
        Some(Value::Object(providers)) if !providers.is_empty() => providers,
        Some(value) if present(Some(value)) => {
            report.error(format!(
                "{section}: must be a mapping of providers (found {})",
                kind(value)
            ));
            return;
        }
        _ => {
            report.warn(format!("{section}: the section has no settings"));
            return;
        }
    };
    for (name, settings) in providers {
        let path = format!("{section}.{}", key_name(name));
        if !present(Some(settings)) {
            report.warn(format!("{path}: the provider has no settings"));
            continue;
        }
        let Some(settings) = settings.as_object() else {
            report.error(format!(
                "{path}: must be a mapping of settings (found {})",
                kind(settings)
            ));
            continue;
        };
        let Some(args) = settings.get("Args") else {
            continue;
        };
        let Some(args) = args.as_object().filter(|a| !a.is_empty()) else {
            report.error(format!("{path}.Args: empty or not a mapping of arguments"));
            continue;
        };
        if let Some(rule) = node.and_then(|n| n.provider_rule(name)) {
            check_rule(&path, args, rule, report);
        }
        check_env_vars(&path, args, env, report);
    }
}

fn check_rule(
    path: &str,
    args: &Map<String, Value>,
    rule: &ProviderRule,
    report: &mut ValidationReport,
) {
    if let Some(trigger) = &rule.when_present {
        if matches!(args.get(trigger), None | Some(Value::Null)) {
            return;
        }
    }
    for key in &rule.required {
        if !present(args.get(key)) {
            report.error(format!("{path}.Args: {key} is missing or empty"));
        }
    }
    for key in &rule.uuid {
        if !uuid_value(args.get(key)) {
            report.error(format!("{path}.Args: {key} is missing or not a valid GUID"));
        }
    }
    for package in &rule.packages {
        report.packages.push((path.to_owned(), package.clone()));
    }
}

fn check_env_vars(
    path: &str,
    args: &Map<String, Value>,
    env: &Environment,
    report: &mut ValidationReport,
) {
    for (arg, value) in args {
        let Value::Object(indirect) = value else {
            continue;
        };
        let Some(name) = indirect.get("EnvironmentVar") else {
            continue;
        };
        match name.as_str().filter(|n| !n.is_empty()) {
            None => report.error(format!(
                "{path}.Args.{}: EnvironmentVar does not name a variable",
                key_name(arg)
            )),
            Some(name) => match env.vars.get(name) {
                None => report.error(format!(
                    "{path}.Args.{}: environment variable {name} is not set",
                    key_name(arg)
                )),
                Some(false) => report.error(format!(
                    "{path}.Args.{}: environment variable {name} is empty",
                    key_name(arg)
                )),
                Some(true) => {}
            },
        }
    }
}

fn type_matches(kind_name: &str, value: &Value) -> bool {
    match (kind_name, value) {
        (_, Value::Null) | ("any", _) => true,
        ("mapping", Value::Object(_))
        | ("list", Value::Array(_))
        | ("str", Value::String(_))
        | ("bool", Value::Bool(_))
        | ("number", Value::Number(_)) => true,
        ("int", Value::Number(n)) => n.is_i64() || n.is_u64(),
        // A secret is text, or a mapping naming where to read it from.
        ("secret", Value::String(_) | Value::Number(_)) => true,
        ("secret", Value::Object(map)) => {
            map.contains_key("EnvironmentVar") || map.contains_key("KeyVault")
        }
        // A list setting may be written as one value.
        ("list", Value::String(_)) => true,
        _ => false,
    }
}

fn expected(kind_name: &str) -> &str {
    match kind_name {
        "mapping" => "a mapping",
        "list" => "a list",
        "str" => "text",
        "bool" => "true or false",
        "int" => "a whole number",
        "number" => "a number",
        "secret" => "text or a mapping with EnvironmentVar or KeyVault",
        other => other,
    }
}

/// Schema checks, recursing only as deep as the schema itself (never the input).
fn walk(path: &str, value: &Value, node: &Node, report: &mut ValidationReport) {
    if !type_matches(&node.kind, value) {
        report.warn(format!(
            "{path}: should be {} (found {})",
            expected(&node.kind),
            kind(value)
        ));
        return;
    }
    if node.uuid {
        if let Value::String(text) = value {
            if !text.is_empty() && !is_uuid(text) {
                report.warn(format!("{path}: should be a GUID"));
            }
        }
    }
    if !node.options.is_empty() {
        let values: Vec<&str> = match value {
            Value::String(text) => vec![text.as_str()],
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        for item in values {
            if !node.options.iter().any(|option| option == item) {
                // The value itself is not quoted: a misplaced secret must not be echoed.
                report.warn(format!(
                    "{path}: a value is not one of {}",
                    node.options.join(", ")
                ));
            }
        }
    }
    let Value::Object(map) = value else {
        return;
    };
    if let Some(keys) = &node.keys {
        for (name, child) in map {
            match keys.get(name) {
                Some(child_node) => walk(&format!("{path}.{name}"), child, child_node, report),
                None if node.each.is_some() => {}
                None => report.warn(format!("{path}.{}", unknown_key(name, keys.keys()))),
            }
        }
        for (name, child_node) in keys {
            if child_node.required && !map.contains_key(name) {
                report.warn(format!("{path}: {name} is missing"));
            }
        }
    }
    if let Some(each) = &node.each {
        for (name, child) in map {
            if node.keys.as_ref().is_some_and(|k| k.contains_key(name)) {
                continue;
            }
            walk(&format!("{path}.{}", key_name(name)), child, each, report);
        }
    }
}

/// "`name`: not a known setting", with the closest known spelling when there is one.
fn unknown_key<'a>(name: &str, known: impl Iterator<Item = &'a String>) -> String {
    let folded = name.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in known {
        let distance = if candidate.to_lowercase() == folded {
            0
        } else {
            edit_distance(&folded, &candidate.to_lowercase())
        };
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    let limit = (name.chars().count() / 3).max(2);
    match best {
        Some((distance, candidate)) if distance <= limit => {
            format!(
                "{}: not a known setting (did you mean '{candidate}'?)",
                key_name(name)
            )
        }
        _ => format!("{}: not a known setting", key_name(name)),
    }
}

/// Levenshtein distance over at most 64 characters of each word (names are short).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().take(64).collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Report as JSON text: `{"errors": [...], "warnings": [...], "packages": [[path, name]]}`.
impl ValidationReport {
    /// The report as JSON text for the facade.
    pub fn to_json(&self) -> String {
        let mut out = BTreeMap::new();
        out.insert("errors", serde_json::json!(self.errors));
        out.insert("warnings", serde_json::json!(self.warnings));
        out.insert("packages", serde_json::json!(self.packages));
        serde_json::Value::Object(out.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            .to_string()
    }
}

/// [`validate_config`] on JSON text (settings and schema); the report as JSON text.
///
/// # Errors
/// [`Error::Config`] for a malformed schema, [`Error::InvalidArgument`] for settings that
/// are not JSON.
pub fn validate_config_json(
    settings_json: &str,
    schema_json: &str,
    env: &Environment,
) -> crate::Result<String> {
    let schema = Schema::from_json(schema_json)?;
    let settings: Value = serde_json::from_str(settings_json)
        .map_err(|err| crate::Error::InvalidArgument(format!("settings are not JSON: {err}")))?;
    Ok(validate_config(&settings, &schema, env).to_json())
}

#[cfg(test)]
mod tests;

//! The configuration schema: which sections, keys and value types msticpyconfig.yaml has.
//!
//! The schema is data (`python/msticpy/resources/mpconfig_schema.yaml`, read by the facade
//! and handed over as JSON) so adding a provider needs no Rust change. A node says:
//! `type` (`mapping`, `list`, `str`, `bool`, `int`, `number`, `secret`, `any`), `required`,
//! `format: uuid`, `options` (allowed values), `keys` (known keys of a mapping; others are
//! reported with the closest known spelling), `each` (the node, or the name of a
//! `definitions` entry, for every child of a mapping whose child names are free, such as
//! providers and workspaces) and `providers` (per child name: `required` and `uuid`
//! argument names checked in its `Args`, `packages` it needs; a name ending in `*` matches
//! by prefix).
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::{Error, Result};

/// Rules for one provider's `Args`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ProviderRule {
    /// Argument names that must be present and non-empty.
    pub required: Vec<String>,
    /// Argument names that must be present and hold a GUID.
    pub uuid: Vec<String>,
    /// Python packages the provider needs (checked by the facade).
    pub packages: Vec<String>,
    /// Checked only when this argument is present and non-empty (msticpy's AzureCLI rule).
    pub when_present: Option<String>,
}

/// One node of the schema.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Node {
    pub kind: String,
    pub required: bool,
    pub uuid: bool,
    pub options: Vec<String>,
    pub keys: Option<BTreeMap<String, Node>>,
    pub each: Option<Box<Node>>,
    pub providers: Vec<(String, ProviderRule)>,
}

/// A parsed schema: the top-level sections.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schema {
    pub(crate) sections: BTreeMap<String, Node>,
}

fn bad(path: &str, reason: &str) -> Error {
    Error::Config {
        file: "(schema)".into(),
        line: None,
        key: path.to_owned(),
        reason: reason.to_owned(),
    }
}

fn names(value: Option<&Value>, path: &str) -> Result<Vec<String>> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => Ok(text.clone()),
                _ => Err(bad(path, "must be a list of names")),
            })
            .collect(),
        Some(_) => Err(bad(path, "must be a list of names")),
    }
}

impl Schema {
    /// Build the schema from its JSON text (`{"definitions": {...}, "sections": {...}}`).
    ///
    /// # Errors
    /// [`Error::Config`] with file `(schema)` naming the malformed entry.
    pub fn from_json(text: &str) -> Result<Self> {
        let root: Value =
            serde_json::from_str(text).map_err(|e| bad("(document)", &e.to_string()))?;
        let empty = Map::new();
        let definitions = root
            .get("definitions")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let Some(sections) = root.get("sections").and_then(Value::as_object) else {
            return Err(bad("sections", "missing"));
        };
        let mut out = BTreeMap::new();
        for (name, spec) in sections {
            out.insert(name.clone(), node(spec, definitions, name, 0)?);
        }
        Ok(Self { sections: out })
    }
}

/// Definitions may refer to each other; this bounds the chain (no recursion from input).
const MAX_SCHEMA_DEPTH: usize = 16;

fn node(spec: &Value, defs: &Map<String, Value>, path: &str, depth: usize) -> Result<Node> {
    if depth > MAX_SCHEMA_DEPTH {
        return Err(bad(path, "nested too deeply"));
    }
    let spec = match spec {
        Value::String(name) => defs
            .get(name)
            .ok_or_else(|| bad(path, "refers to an unknown definition"))?,
        other => other,
    };
    let Value::Object(spec) = spec else {
        return Err(bad(path, "must be a mapping or a definition name"));
    };
    let kind = match spec.get("type") {
        None => "any".to_owned(),
        Some(Value::String(kind)) => kind.clone(),
        Some(_) => return Err(bad(path, "type must be a name")),
    };
    let keys = match spec.get("keys") {
        None | Some(Value::Null) => None,
        Some(Value::Object(keys)) => {
            let mut out = BTreeMap::new();
            for (name, child) in keys {
                let child_path = format!("{path}.{name}");
                out.insert(name.clone(), node(child, defs, &child_path, depth + 1)?);
            }
            Some(out)
        }
        Some(_) => return Err(bad(path, "keys must be a mapping")),
    };
    let each = match spec.get("each") {
        None | Some(Value::Null) => None,
        Some(child) => Some(Box::new(node(
            child,
            defs,
            &format!("{path}.*"),
            depth + 1,
        )?)),
    };
    let mut providers = Vec::new();
    if let Some(rules) = spec.get("providers") {
        let Value::Object(rules) = rules else {
            return Err(bad(path, "providers must be a mapping"));
        };
        for (name, rule) in rules {
            let rule_path = format!("{path}.providers.{name}");
            let when_present = match rule.get("when_present") {
                Some(Value::String(arg)) => Some(arg.clone()),
                None | Some(Value::Null) => None,
                Some(_) => return Err(bad(&rule_path, "when_present must be a name")),
            };
            providers.push((
                name.clone(),
                ProviderRule {
                    required: names(rule.get("required"), &rule_path)?,
                    uuid: names(rule.get("uuid"), &rule_path)?,
                    packages: names(rule.get("packages"), &rule_path)?,
                    when_present,
                },
            ));
        }
    }
    Ok(Node {
        kind,
        required: spec
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        uuid: spec.get("format").and_then(Value::as_str) == Some("uuid"),
        options: names(spec.get("options"), path)?,
        keys,
        each,
        providers,
    })
}

impl Node {
    /// The rule for a provider named `name` (exact names first, then `prefix*` names).
    pub(crate) fn provider_rule(&self, name: &str) -> Option<&ProviderRule> {
        self.providers
            .iter()
            .find(|(rule_name, _)| rule_name == name)
            .or_else(|| {
                self.providers.iter().find(|(rule_name, _)| {
                    rule_name
                        .strip_suffix('*')
                        .is_some_and(|prefix| name.starts_with(prefix))
                })
            })
            .map(|(_, rule)| rule)
    }
}

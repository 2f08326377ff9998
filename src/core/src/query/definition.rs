//! Loading and validating msticpy query definition files (YAML).
//!
//! A file has `metadata` (`data_environments`, `data_families`, ...), optional
//! `defaults` (`metadata`, `parameters`) and `sources`: one entry per query with
//! `description`, optional `metadata`, `args.query` (the template), `parameters`
//! (`type`, `description`, optional `default`, `aliases`, `format`) and optional
//! `query_macros`. The checks are msticpy's (`data_query_reader.validate_query_defs`
//! and `QuerySource.validate`) plus template syntax; every error names the file, the
//! query and the key. The result is the document as JSON text, each query template
//! with its macros expanded, for the Python facade to build its objects from.
use std::collections::HashMap;

use serde_json::{Map, Value};

use super::template::{expand_macros, Template};
use crate::config::YamlRules;
use crate::{Error, Result};

/// Largest query file accepted (bytes).
pub const MAX_QUERY_FILE_BYTES: usize = 10 * 1024 * 1024;

/// Query files: at least 250,000 nodes (more for larger files), and a repeated key is an
/// error (in `sources` it would silently replace a query; PyYAML keeps the last one).
const RULES: YamlRules = YamlRules {
    min_nodes: 250_000,
    reject_duplicate_keys: true,
    quote_tags: true,
};

struct Checker<'a> {
    file: &'a str,
}

impl Checker<'_> {
    fn error(&self, query: Option<&str>, key: &str, reason: impl Into<String>) -> Error {
        Error::QueryDefinition {
            file: self.file.to_owned(),
            query: query.map(str::to_owned),
            key: key.to_owned(),
            reason: reason.into(),
        }
    }

    fn non_empty_list(&self, metadata: &Map<String, Value>, name: &str) -> Result<()> {
        let key = format!("metadata.{name}");
        match metadata.get(name) {
            None | Some(Value::Null) => Err(self.error(None, &key, "missing")),
            Some(Value::Array(items)) if items.is_empty() => Err(self.error(None, &key, "empty")),
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => Ok(()),
            Some(_) => Err(self.error(None, &key, "must be a list of names")),
        }
    }

    fn parameters<'v>(
        &self,
        query: Option<&str>,
        key: &str,
        value: Option<&'v Value>,
    ) -> Result<Option<&'v Map<String, Value>>> {
        let params = match value {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Object(params)) => params,
            Some(_) => return Err(self.error(query, key, "must be a mapping of parameter names")),
        };
        for (name, spec) in params {
            let spec_key = format!("{key}.{name}");
            let Value::Object(spec) = spec else {
                return Err(self.error(
                    query,
                    &spec_key,
                    "must be a mapping (type, description, default)",
                ));
            };
            match spec.get("type") {
                Some(Value::String(_)) => {}
                None | Some(Value::Null) => {
                    return Err(self.error(query, &format!("{spec_key}.type"), "missing"))
                }
                Some(_) => {
                    return Err(self.error(
                        query,
                        &format!("{spec_key}.type"),
                        "must be a type name",
                    ))
                }
            }
        }
        Ok(Some(params))
    }

    fn source(
        &self,
        name: &str,
        source: &mut Value,
        default_params: Option<&Map<String, Value>>,
    ) -> Result<()> {
        let key = format!("sources.{name}");
        let Value::Object(fields) = source else {
            return Err(self.error(Some(name), &key, "must be a mapping"));
        };
        if let Some(metadata) = fields.get("metadata") {
            if !matches!(metadata, Value::Object(_) | Value::Null) {
                return Err(self.error(
                    Some(name),
                    &format!("{key}.metadata"),
                    "must be a mapping",
                ));
            }
        }
        let params = self.parameters(
            Some(name),
            &format!("{key}.parameters"),
            fields.get("parameters"),
        )?;
        let macros = self.macros(name, &key, fields.get("query_macros"))?;
        let query_key = format!("{key}.args.query");
        let query = match fields.get("args") {
            Some(Value::Object(args)) => match args.get("query") {
                Some(Value::String(query)) if !query.is_empty() => query.clone(),
                Some(Value::String(_)) => return Err(self.error(Some(name), &query_key, "empty")),
                None | Some(Value::Null) => {
                    return Err(self.error(Some(name), &query_key, "missing"))
                }
                Some(_) => return Err(self.error(Some(name), &query_key, "must be text")),
            },
            None | Some(Value::Null) => {
                return Err(self.error(Some(name), &format!("{key}.args"), "missing"))
            }
            Some(_) => {
                return Err(self.error(Some(name), &format!("{key}.args"), "must be a mapping"))
            }
        };
        let expanded = expand_macros(&query, &macros);
        let template = Template::parse(&expanded)
            .map_err(|reason| self.error(Some(name), &query_key, reason))?;
        for placeholder in template.placeholders() {
            let declared = params.is_some_and(|p| p.contains_key(placeholder))
                || default_params.is_some_and(|p| p.contains_key(placeholder));
            if !declared {
                return Err(self.error(
                    Some(name),
                    &query_key,
                    format!("placeholder '{{{placeholder}}}' is not a declared parameter"),
                ));
            }
        }
        if let Some(Value::Object(args)) = fields.get_mut("args") {
            args.insert("query".into(), Value::String(expanded));
        }
        Ok(())
    }

    fn macros(
        &self,
        name: &str,
        key: &str,
        value: Option<&Value>,
    ) -> Result<HashMap<String, String>> {
        let mut macros = HashMap::new();
        let entries = match value {
            None | Some(Value::Null) => return Ok(macros),
            Some(Value::Object(entries)) => entries,
            Some(_) => {
                return Err(self.error(
                    Some(name),
                    &format!("{key}.query_macros"),
                    "must be a mapping",
                ))
            }
        };
        for (macro_name, spec) in entries {
            let text = match spec {
                Value::Object(spec) => match spec.get("value") {
                    Some(Value::String(text)) => text.clone(),
                    None | Some(Value::Null) => String::new(),
                    Some(other) => other.to_string(),
                },
                _ => {
                    return Err(self.error(
                        Some(name),
                        &format!("{key}.query_macros.{macro_name}"),
                        "must be a mapping with a 'value'",
                    ))
                }
            };
            macros.insert(macro_name.clone(), text);
        }
        Ok(macros)
    }
}

/// Parse and validate one query file's text; returns the document as JSON text.
///
/// `file` names the file in error messages.
pub fn load_query_text(file: &str, text: &str) -> Result<String> {
    let checker = Checker { file };
    if text.len() > MAX_QUERY_FILE_BYTES {
        return Err(checker.error(
            None,
            "(file)",
            format!("larger than {MAX_QUERY_FILE_BYTES} bytes"),
        ));
    }
    let mut document: Value = serde_saphyr::from_str_with_options(text, RULES.options(text.len()))
        .map_err(|err| {
            let (line, reason) = RULES.describe(&err, text.len());
            let reason = match line {
                Some(line) if !reason.contains(" at line ") => format!("{reason} (line {line})"),
                _ => reason,
            };
            checker.error(None, "(yaml)", reason)
        })?;
    let Value::Object(root) = &mut document else {
        let reason = if document.is_null() {
            "the file is empty"
        } else {
            "must be a mapping"
        };
        return Err(checker.error(None, "(document)", reason));
    };
    if root.is_empty() {
        return Err(checker.error(None, "(document)", "the file is empty"));
    }
    match root.get("sources") {
        Some(Value::Object(sources)) if !sources.is_empty() => {}
        Some(Value::Object(_)) | None | Some(Value::Null) => {
            return Err(checker.error(None, "sources", "no queries are defined"))
        }
        Some(_) => return Err(checker.error(None, "sources", "must be a mapping of queries")),
    }
    match root.get("metadata") {
        Some(Value::Object(metadata)) if !metadata.is_empty() => {
            checker.non_empty_list(metadata, "data_environments")?;
            checker.non_empty_list(metadata, "data_families")?;
        }
        Some(Value::Object(_)) | None | Some(Value::Null) => {
            return Err(checker.error(None, "metadata", "missing"))
        }
        Some(_) => return Err(checker.error(None, "metadata", "must be a mapping")),
    }
    let default_params = match root.get("defaults") {
        None | Some(Value::Null) => None,
        Some(Value::Object(defaults)) => checker
            .parameters(None, "defaults.parameters", defaults.get("parameters"))?
            .cloned(),
        Some(_) => return Err(checker.error(None, "defaults", "must be a mapping")),
    };
    if let Some(Value::Object(sources)) = root.get_mut("sources") {
        for (name, source) in sources.iter_mut() {
            checker.source(name, source, default_params.as_ref())?;
        }
    }
    serde_json::to_string(&document)
        .map_err(|err| checker.error(None, "(document)", format!("cannot be represented: {err}")))
}

/// Read and load one query file.
pub fn load_query_file(path: &str) -> Result<String> {
    let checker = Checker { file: path };
    let size = std::fs::metadata(path)
        .map_err(|err| checker.error(None, "(file)", format!("cannot be read: {err}")))?
        .len();
    if size > MAX_QUERY_FILE_BYTES as u64 {
        return Err(checker.error(
            None,
            "(file)",
            format!("larger than {MAX_QUERY_FILE_BYTES} bytes"),
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|err| checker.error(None, "(file)", format!("cannot be read: {err}")))?;
    load_query_text(path, &text)
}

/// Load many files on up to `threads` threads; results in input order.
pub fn load_query_files(paths: &[String], threads: usize) -> Vec<Result<String>> {
    crate::parallel::par_map(paths, threads, 4, |path| load_query_file(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
metadata:
  version: 1
  data_environments: [LogAnalytics]
  data_families: [SecurityAlert]
defaults:
  parameters:
    start: {description: Start, type: datetime}
    table: &tbl {description: Table, type: str, default: SecurityAlert}
sources:
  list_alerts:
    description: All alerts
    args:
      query: '{table} | where TimeGenerated >= datetime({start}) $<extra>$'
    parameters:
      host: {description: Host, type: str, default: ''}
    query_macros:
      extra: {description: x, value: "| where Computer has '{host}'"}
"#;

    fn err_of(text: &str) -> Error {
        match load_query_text("f.yaml", text) {
            Err(err) => err,
            Ok(json) => unreachable!("loaded: {json}"),
        }
    }

    #[test]
    fn loads_and_expands_macros() {
        let json = load_query_text("f.yaml", GOOD).unwrap_or_else(|e| unreachable!("{e}"));
        let doc: Value = serde_json::from_str(&json).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(
            doc["sources"]["list_alerts"]["args"]["query"],
            "{table} | where TimeGenerated >= datetime({start}) | where Computer has '{host}'"
        );
        assert_eq!(
            doc["defaults"]["parameters"]["table"]["default"],
            "SecurityAlert"
        );
    }

    #[test]
    fn errors_name_file_query_and_key() {
        let err = err_of(&GOOD.replace("type: str, default: ''", "default: ''"));
        assert_eq!(
            err.to_string(),
            "f.yaml: query 'list_alerts': key 'sources.list_alerts.parameters.host.type': missing"
        );
        let err = err_of(&GOOD.replace("{start}", "{stat}"));
        assert!(err
            .to_string()
            .contains("placeholder '{stat}' is not a declared parameter"));
        let err = err_of(&GOOD.replace("{start}", "{start.__class__}"));
        assert!(err
            .to_string()
            .contains("key 'sources.list_alerts.args.query'"));
        let err = err_of(&GOOD.replace("data_families: [SecurityAlert]", "data_families: []"));
        assert_eq!(
            err.to_string(),
            "f.yaml: key 'metadata.data_families': empty"
        );
        assert!(err_of("").to_string().contains("empty"));
        assert!(err_of("a: [").to_string().contains("'(yaml)'"));
        assert!(err_of("- 1").to_string().contains("must be a mapping"));
    }

    #[test]
    fn hostile_yaml_is_refused_not_expanded() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..12 {
            let prev = level - 1;
            bomb.push_str(&format!(
                "l{level}: &l{level} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
                p = if prev == 0 { "a".to_owned() } else { format!("l{prev}") }
            ));
        }
        assert!(load_query_text("bomb.yaml", &bomb).is_err());
        let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(load_query_text("deep.yaml", &deep).is_err());
    }

    /// A generated file with `count` queries (about 100 bytes and 8 values each).
    fn generated(count: usize) -> String {
        let mut text = String::from(
            "metadata:\n  data_environments: [LogAnalytics]\n  data_families: [Big]\nsources:\n",
        );
        for i in 0..count {
            text.push_str(&format!(
                "  q{i}:\n    description: Query {i}\n    args:\n      query: 'T | where A == {i}'\n    parameters: {{}}\n"
            ));
        }
        text
    }

    #[test]
    fn a_large_generated_file_loads() {
        // 50,000 queries: more values than the fixed 250,000 node budget of the parser.
        let text = generated(50_000);
        let json = load_query_text("big.yaml", &text).unwrap_or_else(|e| unreachable!("{e}"));
        assert!(json.contains("\"q49999\""));
    }

    #[test]
    fn the_node_budget_message_names_the_file_size_rule() {
        // One value per 2 bytes: far denser than any real file.
        let filler = format!(
            "metadata: {{data_environments: [A], data_families: [B]}}\nx: [{}]\n",
            "1,".repeat(400_000)
        );
        let message = err_of(&filler).to_string();
        assert!(
            message.starts_with("f.yaml: key '(yaml)': more than "),
            "{message}"
        );
        assert!(
            message.contains("one value per 4 bytes of file, at least 250000"),
            "{message}"
        );
        assert!(message.contains("split the file"), "{message}");
        assert!(!message.contains("budget breached"), "{message}");
    }

    #[test]
    fn duplicate_keys_are_named_with_their_line() {
        let text = format!("{}  list_alerts:\n    description: again\n", GOOD);
        let message = err_of(&text).to_string();
        assert!(
            message.contains("duplicate key 'list_alerts' at line"),
            "{message}"
        );
        assert!(!message.contains("DuplicateKeyPolicy"), "{message}");
    }

    #[test]
    fn application_tags_are_refused_as_safe_load_does() {
        let text = format!("{GOOD}extra: !!python/object/apply:os.system [\"echo hi\"]\n");
        let message = err_of(&text).to_string();
        assert!(
            message.contains("the tag '!!python/object/apply:os.system' is not allowed"),
            "{message}"
        );
        let local = format!("{GOOD}extra: !secret abc\n");
        assert!(err_of(&local)
            .to_string()
            .contains("the tag '!secret' is not allowed"));
    }
}

//! Bindings for the query library (`mstic_core::query`). Translation only.
use std::collections::HashMap;

use mstic_core::query::{
    apply_offset, code_skeleton, load_query_files, load_query_text, parse_offset, Language,
    ListItem, ParamValue, Template,
};
use mstic_core::Error;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::convert::worker_threads;
use crate::errors::to_py;

/// A file's load error as `(file, query, key, reason)`.
type DefinitionProblem = (String, Option<String>, String, String);

fn problem(err: Error) -> DefinitionProblem {
    match err {
        Error::QueryDefinition {
            file,
            query,
            key,
            reason,
        } => (file, query, key, reason),
        other => (String::new(), None, "(file)".into(), other.to_string()),
    }
}

/// Load query files in parallel: for each path `(json_text, None)` or `(None, problem)`.
#[pyfunction]
#[pyo3(signature = (paths, threads=0))]
fn query_load_files(
    py: Python<'_>,
    paths: Vec<String>,
    threads: usize,
) -> Vec<(Option<String>, Option<DefinitionProblem>)> {
    let threads = worker_threads(threads);
    py.detach(|| {
        load_query_files(&paths, threads)
            .into_iter()
            .map(|result| match result {
                Ok(json) => (Some(json), None),
                Err(err) => (None, Some(problem(err))),
            })
            .collect()
    })
}

/// Load one query file's text (`name` is used in error messages); JSON text out.
#[pyfunction]
fn query_load_text(py: Python<'_>, name: &str, text: &str) -> PyResult<String> {
    py.detach(|| load_query_text(name, text)).map_err(to_py)
}

/// A substitution value from Python: text, or a list of `(is_string, text)` items.
#[derive(FromPyObject)]
enum ValueArg {
    Text(String),
    List(Vec<(bool, String)>),
}

fn language(name: &str) -> PyResult<Language> {
    Language::parse(name).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown query language {name:?} (use 'kql', 'sql' or 'raw')"
        ))
    })
}

/// Render a template with escaped values for `language` (`kql`, `sql` or `raw`).
#[pyfunction]
fn query_render(
    py: Python<'_>,
    template: &str,
    values: HashMap<String, ValueArg>,
    language_name: &str,
) -> PyResult<String> {
    let lang = language(language_name)?;
    let values: HashMap<String, ParamValue> = values
        .into_iter()
        .map(|(name, value)| {
            let value = match value {
                ValueArg::Text(text) => ParamValue::Text(text),
                ValueArg::List(items) => ParamValue::List(
                    items
                        .into_iter()
                        .map(|(is_str, text)| {
                            if is_str {
                                ListItem::Str(text)
                            } else {
                                ListItem::Other(text)
                            }
                        })
                        .collect(),
                ),
            };
            (name, value)
        })
        .collect();
    py.detach(|| {
        Template::parse(template)
            .map_err(Error::InvalidArgument)
            .and_then(|parsed| parsed.render(&values, lang))
    })
    .map_err(to_py)
}

/// The placeholder names of a template (in order, with repeats).
#[pyfunction]
fn query_placeholders(template: &str) -> PyResult<Vec<String>> {
    Template::parse(template)
        .map(|parsed| parsed.placeholders().to_vec())
        .map_err(|reason| to_py(Error::InvalidArgument(reason)))
}

/// Apply a relative-date spec (`-3d@d`) to `now` (UTC microseconds since the epoch):
/// `(microseconds, keeps_time_zone)`.
#[pyfunction]
fn query_time_offset(spec: &str, now_micros: i64) -> PyResult<(i64, bool)> {
    parse_offset(spec)
        .and_then(|offset| apply_offset(&offset, now_micros))
        .map_err(to_py)
}

/// The code skeleton of a rendered query (literal contents blanked); ValueError when a
/// literal or comment is left open or brackets do not balance.
#[pyfunction]
fn query_code_skeleton(text: &str, language_name: &str) -> PyResult<String> {
    let lang = language(language_name)?;
    code_skeleton(lang, text).map_err(|problem| PyValueError::new_err(problem.to_string()))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(query_load_files, m)?)?;
    m.add_function(wrap_pyfunction!(query_load_text, m)?)?;
    m.add_function(wrap_pyfunction!(query_render, m)?)?;
    m.add_function(wrap_pyfunction!(query_placeholders, m)?)?;
    m.add_function(wrap_pyfunction!(query_time_offset, m)?)?;
    m.add_function(wrap_pyfunction!(query_code_skeleton, m)?)?;
    Ok(())
}

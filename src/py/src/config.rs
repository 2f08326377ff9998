//! Bindings for msticpyconfig.yaml reading and validation (`mstic_core::config`).
//! Translation only.
use std::collections::HashMap;

use mstic_core::config::{parse_config_bytes, validate_config_json, Environment};
use pyo3::prelude::*;

use crate::errors::to_py;

/// Parse a configuration file's bytes (`file` names it in errors); settings JSON text out.
#[pyfunction]
fn config_parse(py: Python<'_>, file: &str, data: &[u8]) -> PyResult<String> {
    py.detach(|| parse_config_bytes(file, data)).map_err(to_py)
}

/// Validate settings (JSON text) against the schema (JSON text); report JSON text out.
///
/// `env` maps environment variable names to whether each holds a non-empty value.
#[pyfunction]
fn config_validate(
    py: Python<'_>,
    settings_json: &str,
    schema_json: &str,
    env: HashMap<String, bool>,
) -> PyResult<String> {
    py.detach(|| validate_config_json(settings_json, schema_json, &Environment { vars: env }))
        .map_err(to_py)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(config_parse, m)?)?;
    m.add_function(wrap_pyfunction!(config_validate, m)?)?;
    Ok(())
}

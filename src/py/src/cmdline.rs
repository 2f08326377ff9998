//! Bindings for command-line rule matching (`mstic_core::cmdline`). Translation only.
use mstic_core::cmdline::RuleSet;
use mstic_core::Limits;
use pyo3::prelude::*;

use crate::convert::{with_cells, worker_threads};
use crate::errors::to_py;

/// For every cell, the lowest index of a rule (Python `re` syntax, `re.match`
/// semantics) that matches it, or None.
#[pyfunction]
#[pyo3(signature = (patterns, column, threads=0))]
fn cmd_rules_first_match(
    py: Python<'_>,
    patterns: Vec<String>,
    column: &Bound<'_, PyAny>,
    threads: usize,
) -> PyResult<Vec<Option<usize>>> {
    let rules = py
        .detach(|| RuleSet::new(&patterns, &Limits::default()))
        .map_err(to_py)?;
    let threads = worker_threads(threads);
    with_cells(py, column, |cells| rules.match_cells(cells, threads))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(cmd_rules_first_match, m)?)?;
    Ok(())
}

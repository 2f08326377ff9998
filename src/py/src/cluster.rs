//! Bindings for event clustering (`mstic_core::cluster`, `mstic_core::templates`).
//! Translation only. Matrices and numeric columns cross as little-endian bytes
//! (`numpy.frombuffer` on the Python side), text columns through `convert.rs`.
use mstic_core::cluster::normalize::l2_normalize_rows;
use mstic_core::cluster::process::{commandline_features, path_features, score_column, Scorer};
use mstic_core::cluster::{dbscan, DbscanParams, Points};
use mstic_core::templates::{mine_templates, TemplateParams};
use mstic_core::Error;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};

use crate::convert::{f64_bytes, int64_bytes, text_arg, with_cells, worker_threads};
use crate::errors::to_py;

/// A row-major float64 matrix from little-endian bytes.
pub fn points_from_bytes(data: &[u8], dims: usize) -> PyResult<Points> {
    let n = data.len() / 8;
    if dims == 0 || n * 8 != data.len() || (n / dims) * dims != n {
        return Err(to_py(Error::InvalidArgument(
            "matrix bytes do not hold whole rows of float64".to_string(),
        )));
    }
    let values = data
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
        .collect();
    Ok(Points { values, dims })
}

fn scorer<'a>(kind: &str, delimiter: &'a str) -> PyResult<Scorer<'a>> {
    Ok(match kind {
        "delim_count" => Scorer::DelimCount,
        "delim_hash" => Scorer::DelimHash,
        "char_ord_sum" => Scorer::CharOrdSum,
        "token_count" => Scorer::TokenCount(delimiter),
        "crc32" => Scorer::Crc32,
        "char_len" => Scorer::CharLen,
        other => {
            return Err(to_py(Error::UnknownName(format!(
                "unknown scorer {other:?}"
            ))))
        }
    })
}

/// Score one string.
#[pyfunction]
#[pyo3(signature = (kind, value, delimiter=" "))]
fn cluster_score(kind: &str, value: &Bound<'_, PyString>, delimiter: &str) -> PyResult<u64> {
    let scorer = scorer(kind, delimiter)?;
    Ok(scorer.score(&text_arg(value)))
}

/// Score a text column: int64 bytes (missing cells score as "").
#[pyfunction]
#[pyo3(signature = (column, kind, delimiter=" ", threads=0))]
fn cluster_score_column<'py>(
    py: Python<'py>,
    column: &Bound<'py, PyAny>,
    kind: &str,
    delimiter: &str,
    threads: usize,
) -> PyResult<Bound<'py, PyBytes>> {
    let scorer = scorer(kind, delimiter)?;
    let threads = worker_threads(threads);
    let scores = with_cells(py, column, |cells| score_column(cells, scorer, threads))?;
    int64_bytes(py, &scores)
}

/// `(processName, pathScore, pathLogScore, pathHash)` as a list and three byte buffers.
type PathColumns<'py> = (
    Bound<'py, PyList>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
);

/// `NewProcessName` features: `(processName list, pathScore, pathLogScore, pathHash)`.
#[pyfunction]
#[pyo3(signature = (column, separator, threads=0))]
fn cluster_path_features<'py>(
    py: Python<'py>,
    column: &Bound<'py, PyAny>,
    separator: &str,
    threads: usize,
) -> PyResult<PathColumns<'py>> {
    let threads = worker_threads(threads);
    let f = with_cells(py, column, |cells| path_features(cells, separator, threads))?;
    Ok((
        PyList::new(py, &f.process_name)?,
        int64_bytes(py, &f.score)?,
        f64_bytes(py, &f.log_score)?,
        int64_bytes(py, &f.hash)?,
    ))
}

/// `CommandLine` features: `(len, logLen, tokensFull, score, tokensHash)`.
#[pyfunction]
#[pyo3(signature = (column, threads=0))]
fn cluster_commandline_features<'py>(
    py: Python<'py>,
    column: &Bound<'py, PyAny>,
    threads: usize,
) -> PyResult<Vec<Bound<'py, PyBytes>>> {
    let threads = worker_threads(threads);
    let f = with_cells(py, column, |cells| commandline_features(cells, threads))?;
    Ok(vec![
        int64_bytes(py, &f.len)?,
        f64_bytes(py, &f.log_len)?,
        int64_bytes(py, &f.tokens_full)?,
        int64_bytes(py, &f.score)?,
        int64_bytes(py, &f.tokens_hash)?,
    ])
}

/// Per-row L2 normalisation of a float64 matrix (bytes in, bytes out).
#[pyfunction]
fn cluster_normalize<'py>(
    py: Python<'py>,
    data: &[u8],
    dims: usize,
) -> PyResult<Bound<'py, PyBytes>> {
    let mut points = points_from_bytes(data, dims)?;
    py.detach(|| l2_normalize_rows(&mut points));
    f64_bytes(py, &points.values)
}

/// DBSCAN: `(labels int64 bytes, core sample indices int64 bytes)`.
#[pyfunction]
#[pyo3(signature = (data, dims, eps, min_samples, threads=0))]
fn cluster_dbscan<'py>(
    py: Python<'py>,
    data: &[u8],
    dims: usize,
    eps: f64,
    min_samples: u64,
    threads: usize,
) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyBytes>)> {
    let points = points_from_bytes(data, dims)?;
    let params = DbscanParams {
        eps,
        min_samples,
        threads: worker_threads(threads),
    };
    let result = py.detach(|| dbscan(&points, &params)).map_err(to_py)?;
    Ok((
        int64_bytes(py, &result.labels)?,
        int64_bytes(py, &result.core_sample_indices)?,
    ))
}

/// Mine templates from a text column: `[(template, count, [example rows]), ...]`.
#[pyfunction]
#[pyo3(signature = (column, similarity=0.4, max_examples=3, max_templates_per_group=256))]
fn cluster_templates<'py>(
    py: Python<'py>,
    column: &Bound<'py, PyAny>,
    similarity: f64,
    max_examples: usize,
    max_templates_per_group: usize,
) -> PyResult<Vec<(String, usize, Vec<usize>)>> {
    let params = TemplateParams {
        similarity,
        max_examples,
        max_templates_per_group,
    };
    let found = with_cells(py, column, |cells| mine_templates(cells, &params))?.map_err(to_py)?;
    Ok(found
        .into_iter()
        .map(|t| (t.text, t.count, t.examples))
        .collect())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(cluster_score, m)?)?;
    m.add_function(wrap_pyfunction!(cluster_score_column, m)?)?;
    m.add_function(wrap_pyfunction!(cluster_path_features, m)?)?;
    m.add_function(wrap_pyfunction!(cluster_commandline_features, m)?)?;
    m.add_function(wrap_pyfunction!(cluster_normalize, m)?)?;
    m.add_function(wrap_pyfunction!(cluster_dbscan, m)?)?;
    m.add_function(wrap_pyfunction!(cluster_templates, m)?)?;
    Ok(())
}

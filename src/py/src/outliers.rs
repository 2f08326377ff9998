//! Bindings for the isolation forest (`mstic_core::outliers`). Translation only.
use mstic_core::outliers::{ForestParams, IsolationForest};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::cluster::points_from_bytes;
use crate::convert::f64_bytes;
use crate::convert::worker_threads;
use crate::errors::to_py;

/// A fitted forest; matrices cross as little-endian float64 bytes.
#[pyclass(frozen, module = "msticpy._native")]
pub struct NativeIsolationForest {
    forest: IsolationForest,
}

#[pymethods]
impl NativeIsolationForest {
    /// Fit on a `rows x dims` matrix.
    #[new]
    #[pyo3(signature = (data, dims, n_estimators, max_samples, max_features, contamination, seed, threads=0))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        data: &[u8],
        dims: usize,
        n_estimators: usize,
        max_samples: usize,
        max_features: usize,
        contamination: Option<f64>,
        seed: u64,
        threads: usize,
    ) -> PyResult<Self> {
        let x = points_from_bytes(data, dims)?;
        let params = ForestParams {
            n_estimators,
            max_samples,
            max_features,
            contamination,
            seed,
            threads: worker_threads(threads),
        };
        let forest = py
            .detach(|| IsolationForest::fit(&x, &params))
            .map_err(to_py)?;
        Ok(NativeIsolationForest { forest })
    }

    /// `score_samples` of a matrix, as float64 bytes.
    #[pyo3(signature = (data, dims, threads=0))]
    fn score_samples<'py>(
        &self,
        py: Python<'py>,
        data: &[u8],
        dims: usize,
        threads: usize,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let x = points_from_bytes(data, dims)?;
        let threads = worker_threads(threads);
        let scores = py
            .detach(|| self.forest.score_samples(&x, threads))
            .map_err(to_py)?;
        f64_bytes(py, &scores)
    }

    /// The decision threshold (`offset_`).
    #[getter]
    fn offset(&self) -> f64 {
        self.forest.offset
    }

    /// Columns seen in training.
    #[getter]
    fn n_features(&self) -> usize {
        self.forest.n_features
    }

    /// Rows per tree actually used.
    #[getter]
    fn max_samples(&self) -> usize {
        self.forest.max_samples
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeIsolationForest>()?;
    Ok(())
}

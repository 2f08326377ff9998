//! Bindings for timeline time bucketing (`mstic_core::timeline`). Translation only.
//!
//! Columns cross as raw little-endian bytes (numpy `tobytes()` / `np.frombuffer`):
//! times and results as int64, series numbers as uint32, values as float64.
use mstic_core::timeline::{bucket_events, BucketInput};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::convert::{int64_bytes, le_values};
use crate::errors::to_py;

/// `timeline_buckets`' result: representative rows, counts, series, slice starts.
type BucketResult<'py> = (
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
);

/// Reduce events to at most `n_buckets` representatives per series: `(row, count, group,
/// start)` as int64 bytes.
#[pyfunction]
#[pyo3(signature = (time, group, n_buckets, value=None))]
fn timeline_buckets<'py>(
    py: Python<'py>,
    time: &[u8],
    group: &[u8],
    n_buckets: usize,
    value: Option<&[u8]>,
) -> PyResult<BucketResult<'py>> {
    let time = le_values(time, "time", i64::from_le_bytes)?;
    let group = le_values(group, "group", u32::from_le_bytes)?;
    let value = value
        .map(|v| le_values(v, "value", f64::from_le_bytes))
        .transpose()?;
    let out = py
        .detach(|| {
            bucket_events(&BucketInput {
                time: &time,
                group: &group,
                value: value.as_deref(),
                n_buckets,
            })
        })
        .map_err(to_py)?;
    Ok((
        int64_bytes(py, &out.row)?,
        int64_bytes(py, &out.count)?,
        int64_bytes(py, &out.group)?,
        int64_bytes(py, &out.start)?,
    ))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(timeline_buckets, m)?)?;
    Ok(())
}

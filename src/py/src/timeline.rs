//! Bindings for timeline time bucketing (`mstic_core::timeline`). Translation only.
//!
//! Columns cross as raw little-endian bytes (numpy `tobytes()` / `np.frombuffer`):
//! times and results as int64, series numbers as uint32, values as float64.
use mstic_core::timeline::{bucket_events, BucketInput};
use mstic_core::Error;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::errors::to_py;

fn fixed<const N: usize, T>(bytes: &[u8], what: &str, read: fn([u8; N]) -> T) -> PyResult<Vec<T>> {
    if !bytes.len().is_multiple_of(N) {
        return Err(to_py(Error::InvalidArgument(format!(
            "{what} bytes must be a multiple of {N} long"
        ))));
    }
    Ok(bytes
        .chunks_exact(N)
        .map(|c| {
            let mut raw = [0u8; N];
            raw.copy_from_slice(c);
            read(raw)
        })
        .collect())
}

fn int64_bytes<'py>(py: Python<'py>, values: impl Iterator<Item = i64>) -> Bound<'py, PyBytes> {
    let raw: Vec<u8> = values.flat_map(i64::to_le_bytes).collect();
    PyBytes::new(py, &raw)
}

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
    let time = fixed(time, "time", i64::from_le_bytes)?;
    let group = fixed(group, "group", u32::from_le_bytes)?;
    let value = value
        .map(|v| fixed(v, "value", f64::from_le_bytes))
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
    let as_i64 = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
    Ok((
        int64_bytes(py, out.row.iter().map(|&r| as_i64(r))),
        int64_bytes(
            py,
            out.count
                .iter()
                .map(|&c| i64::try_from(c).unwrap_or(i64::MAX)),
        ),
        int64_bytes(py, out.group.iter().map(|&g| i64::from(g))),
        int64_bytes(py, out.start.iter().copied()),
    ))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(timeline_buckets, m)?)?;
    Ok(())
}

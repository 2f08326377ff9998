//! Text columns in: a Python list of objects, or any Arrow array / chunked array that
//! exposes the Arrow PyCapsule interface (pyarrow, pandas ArrowDtype, polars, arro3).
//!
//! Non-text cells (None, NaN, numbers, bytes) become `None`: bulk data errors are
//! tolerated, never raised. `str` values holding lone surrogates are decoded lossily
//! (U+FFFD) rather than raising `UnicodeEncodeError`.
//!
//! Columns out: core text columns as Arrow arrays or byte buffers (`text_out`), numbers
//! and flags as little-endian bytes for `np.frombuffer` (`le_bytes` and its wrappers);
//! numbers in from numpy `tobytes()` (`le_values`, `i64s`).
use std::borrow::Cow;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;
use mstic_core::Error;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};
use pyo3_arrow::{PyArray, PyChunkedArray};

use crate::errors::to_py;

/// Cells borrowed from Python objects or from Arrow buffers.
pub enum TextColumn<'py> {
    /// Python strings, kept alive while borrowed.
    Objects(Vec<Option<Bound<'py, PyString>>>),
    /// Arrow chunks of Utf8, LargeUtf8 or Utf8View.
    Arrow(Vec<ArrayRef>),
}

/// Read a column argument.
pub fn text_column<'py>(obj: &Bound<'py, PyAny>) -> PyResult<TextColumn<'py>> {
    if let Ok(list) = obj.cast::<PyList>() {
        let cells = list
            .iter()
            .map(|item| item.cast_into::<PyString>().ok())
            .collect();
        return Ok(TextColumn::Objects(cells));
    }
    let chunks = if obj.hasattr("__arrow_c_stream__")? {
        obj.extract::<PyChunkedArray>()?.into_inner().0
    } else if obj.hasattr("__arrow_c_array__")? {
        vec![obj.extract::<PyArray>()?.into_inner().0]
    } else {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "expected a list of str or an Arrow string array (Arrow PyCapsule interface)",
        ));
    };
    for chunk in &chunks {
        if !matches!(
            chunk.data_type(),
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null
        ) {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "expected an Arrow string column, got {}",
                chunk.data_type()
            )));
        }
    }
    Ok(TextColumn::Arrow(chunks))
}

impl TextColumn<'_> {
    /// Borrow every cell as text (`None` for missing or non-text cells).
    pub fn cells(&self) -> Vec<Option<Cow<'_, str>>> {
        match self {
            TextColumn::Objects(items) => items
                .iter()
                .map(|s| {
                    s.as_ref()
                        .map(|s| s.to_cow().unwrap_or_else(|_| s.to_string_lossy()))
                })
                .collect(),
            TextColumn::Arrow(chunks) => {
                let mut out = Vec::new();
                for chunk in chunks {
                    push_arrow_cells(chunk.as_ref(), &mut out);
                }
                out
            }
        }
    }
}

/// Cells of a column as `&str`: borrowed straight from Arrow buffers, or decoded from
/// Python strings (which may need a lossy copy).
pub enum Cells<'a> {
    /// Arrow input: every cell borrows the Arrow buffer.
    Borrowed(Vec<Option<&'a str>>),
    /// Python list input.
    Decoded(Vec<Option<Cow<'a, str>>>),
}

impl Cells<'_> {
    /// The cells as a slice of `Option<&str>` (no copy for Arrow input).
    pub fn as_strs(&self) -> Cow<'_, [Option<&str>]> {
        match self {
            Cells::Borrowed(cells) => Cow::Borrowed(cells.as_slice()),
            Cells::Decoded(cells) => Cow::Owned(cells.iter().map(|c| c.as_deref()).collect()),
        }
    }
}

impl TextColumn<'_> {
    /// Every cell as text (`None` for missing or non-text cells), without copying Arrow
    /// input; use `as_strs` on the result.
    pub fn strs(&self) -> Cells<'_> {
        match self {
            TextColumn::Objects(_) => Cells::Decoded(self.cells()),
            TextColumn::Arrow(chunks) => {
                let mut out = Vec::with_capacity(chunks.iter().map(|c| c.len()).sum());
                for chunk in chunks {
                    push_arrow_strs(chunk.as_ref(), &mut out);
                }
                Cells::Borrowed(out)
            }
        }
    }
}

fn push_arrow_strs<'a>(array: &'a dyn Array, out: &mut Vec<Option<&'a str>>) {
    match array.data_type() {
        DataType::Utf8 => out.extend(array.as_string::<i32>().iter()),
        DataType::LargeUtf8 => out.extend(array.as_string::<i64>().iter()),
        DataType::Utf8View => out.extend(array.as_string_view().iter()),
        _ => out.extend((0..array.len()).map(|_| None)),
    }
}

fn push_arrow_cells<'a>(array: &'a dyn Array, out: &mut Vec<Option<Cow<'a, str>>>) {
    match array.data_type() {
        DataType::Utf8 => out.extend(
            array
                .as_string::<i32>()
                .iter()
                .map(|v| v.map(Cow::Borrowed)),
        ),
        DataType::LargeUtf8 => out.extend(
            array
                .as_string::<i64>()
                .iter()
                .map(|v| v.map(Cow::Borrowed)),
        ),
        DataType::Utf8View => {
            out.extend(array.as_string_view().iter().map(|v| v.map(Cow::Borrowed)))
        }
        _ => out.extend((0..array.len()).map(|_| None)),
    }
}

/// A core text column handed to Python: as an Arrow `large_string` array (PyCapsule
/// interface; `pyarrow.array(result)` takes the buffers without copying) when `arrow`,
/// else as `(data, int64 offsets, validity bytes)` for callers without pyarrow.
pub fn text_out(
    py: Python<'_>,
    column: mstic_core::proctree::TextColumn,
    arrow: bool,
) -> PyResult<Bound<'_, PyAny>> {
    if !arrow {
        let (data, offsets, valid) = column.buffers();
        let parts = (
            PyBytes::new(py, data),
            le_bytes(py, offsets.iter().copied(), i64::to_le_bytes)?,
            bool_bytes(py, valid)?,
        );
        return Ok(parts.into_pyobject(py)?.into_any());
    }
    use arrow_array::LargeStringArray;
    use arrow_buffer::{Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
    let (data, offsets, valid) = column.into_parts();
    let nulls = valid.iter().any(|v| !v).then(|| NullBuffer::from(valid));
    // The offsets start at 0 and never decrease: the column is append-only.
    let offsets = OffsetBuffer::new(ScalarBuffer::from(offsets));
    let array = LargeStringArray::try_new(offsets, Buffer::from(data.into_bytes()), nulls)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    let array = PyArray::from_array_ref(std::sync::Arc::new(array));
    Ok(array.into_pyobject(py)?.into_any())
}

/// Fixed-width little-endian values (numpy `tobytes()`), e.g. `i64::from_le_bytes`;
/// bytes that are not a whole number of values are an `InvalidArgument` naming `what`.
pub fn le_values<const N: usize, T>(
    bytes: &[u8],
    what: &str,
    read: fn([u8; N]) -> T,
) -> PyResult<Vec<T>> {
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

/// An int64 column from numpy `tobytes()`.
pub fn i64s(bytes: &[u8]) -> PyResult<Vec<i64>> {
    le_values(bytes, "int64 column", i64::from_le_bytes)
}

/// Values as fixed-width little-endian bytes (for `np.frombuffer`), written straight
/// into the `bytes` object.
pub fn le_bytes<'py, T, const N: usize>(
    py: Python<'py>,
    values: impl ExactSizeIterator<Item = T>,
    write: impl Fn(T) -> [u8; N],
) -> PyResult<Bound<'py, PyBytes>> {
    PyBytes::new_with(py, values.len() * N, |buf| {
        for (slot, value) in buf.chunks_exact_mut(N).zip(values) {
            slot.copy_from_slice(&write(value));
        }
        Ok(())
    })
}

/// Integers as int64 bytes (values past the int64 range saturate).
pub fn int64_bytes<'py, T: Copy + TryInto<i64>>(
    py: Python<'py>,
    values: &[T],
) -> PyResult<Bound<'py, PyBytes>> {
    let as_i64 = |v: &T| (*v).try_into().unwrap_or(i64::MAX);
    le_bytes(py, values.iter().map(as_i64), i64::to_le_bytes)
}

/// Row numbers as int64 bytes; `None` as -1.
pub fn row_bytes<'py>(py: Python<'py>, rows: &[Option<usize>]) -> PyResult<Bound<'py, PyBytes>> {
    let as_i64 = |r: &Option<usize>| r.and_then(|r| i64::try_from(r).ok()).unwrap_or(-1);
    le_bytes(py, rows.iter().map(as_i64), i64::to_le_bytes)
}

/// Float64 bytes.
pub fn f64_bytes<'py>(py: Python<'py>, values: &[f64]) -> PyResult<Bound<'py, PyBytes>> {
    le_bytes(py, values.iter().copied(), f64::to_le_bytes)
}

/// Flags as bytes of 0/1 (numpy `bool_`).
pub fn bool_bytes<'py>(py: Python<'py>, values: &[bool]) -> PyResult<Bound<'py, PyBytes>> {
    le_bytes(py, values.iter(), |&flag| [u8::from(flag)])
}

/// Text of a `str` argument, lossy for lone surrogates.
pub fn text_arg<'a>(s: &'a Bound<'_, PyString>) -> Cow<'a, str> {
    s.to_cow().unwrap_or_else(|_| s.to_string_lossy())
}

/// Read a text column and run `job` on its cells with the GIL released.
pub fn with_cells<T: Send>(
    py: Python<'_>,
    column: &Bound<'_, PyAny>,
    job: impl FnOnce(&[Option<&str>]) -> T + Send,
) -> PyResult<T> {
    let column = text_column(column)?;
    let cells = column.strs();
    let cells = cells.as_strs();
    Ok(py.detach(|| job(&cells)))
}

/// Worker threads for a call: the requested number, or one per core for 0.
pub fn worker_threads(requested: usize) -> usize {
    if requested > 0 {
        return requested;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

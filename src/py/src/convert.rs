//! Text columns in: a Python list of objects, or any Arrow array / chunked array that
//! exposes the Arrow PyCapsule interface (pyarrow, pandas ArrowDtype, polars, arro3).
//!
//! Non-text cells (None, NaN, numbers, bytes) become `None`: bulk data errors are
//! tolerated, never raised. `str` values holding lone surrogates are decoded lossily
//! (U+FFFD) rather than raising `UnicodeEncodeError`.
use std::borrow::Cow;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};
use pyo3_arrow::{PyArray, PyChunkedArray};

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
    let owned = column.cells();
    let cells: Vec<Option<&str>> = owned.iter().map(|c| c.as_deref()).collect();
    Ok(py.detach(|| job(&cells)))
}

/// Worker threads for a call: the requested number, or one per core for 0.
pub fn worker_threads(requested: usize) -> usize {
    if requested > 0 {
        return requested;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

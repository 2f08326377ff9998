//! Bindings for process-tree building (`mstic_core::proctree`). Translation only.
//!
//! Integer columns cross as raw little-endian `int64` bytes (numpy's `tobytes()` /
//! `np.frombuffer`), so a 100k-row tree moves no per-row Python ints; text columns use
//! the shared column reader (`convert.rs`).
use mstic_core::proctree::repeats::repeated_keys;
use mstic_core::proctree::{match_processes, shape_processes, MatchInput, ShapeInput, TextColumn};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};

use crate::convert::{bool_bytes, i64s, int64_bytes, row_bytes, text_column, text_out};
use crate::errors::to_py;

pub(crate) fn text_list<'py>(
    py: Python<'py>,
    values: &[Option<String>],
) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, values.iter().map(|v| v.as_deref()))
}

/// `proctree_match`'s result tuple (text columns as `convert::text_out`).
type MatchResult<'py> = (
    Bound<'py, PyAny>,
    Option<Bound<'py, PyAny>>,
    Bound<'py, PyBytes>,
);

/// Lower-case names and match parents: `(new_process_lc, parent_proc_lc | None,
/// parent_row int64 bytes with -1 for none)`; names as Arrow arrays when `arrow`, else
/// as `text_buffers`.
#[pyfunction]
#[pyo3(signature = (time, process_name, process_id, parent_id, parent_name=None, arrow=false))]
fn proctree_match<'py>(
    py: Python<'py>,
    time: &[u8],
    process_name: &Bound<'py, PyAny>,
    process_id: &Bound<'py, PyAny>,
    parent_id: &Bound<'py, PyAny>,
    parent_name: Option<&Bound<'py, PyAny>>,
    arrow: bool,
) -> PyResult<MatchResult<'py>> {
    let time = i64s(time)?;
    let (name_col, pid_col, ppid_col) = (
        text_column(process_name)?,
        text_column(process_id)?,
        text_column(parent_id)?,
    );
    let par_col = parent_name.map(text_column).transpose()?;
    let (names, pids, ppids) = (name_col.strs(), pid_col.strs(), ppid_col.strs());
    let pars = par_col.as_ref().map(|c| c.strs());
    let (names, pids, ppids) = (names.as_strs(), pids.as_strs(), ppids.as_strs());
    let pars = pars.as_ref().map(|p| p.as_strs());
    let out = py
        .detach(|| {
            match_processes(&MatchInput {
                time: &time,
                process_name: &names,
                process_id: &pids,
                parent_id: &ppids,
                parent_name: pars.as_deref(),
            })
        })
        .map_err(to_py)?;
    let parent_names = match par_col {
        Some(_) => Some(text_out(py, out.parent_name_lc, arrow)?),
        None => None,
    };
    Ok((
        text_out(py, out.process_name_lc, arrow)?,
        parent_names,
        row_bytes(py, &out.parent_row)?,
    ))
}

/// `proctree_shape`'s result tuple (text columns as `convert::text_out`).
type ShapeResult<'py> = (
    Bound<'py, PyBytes>,
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
);

/// The tree in output order: `(order, proc_key, parent_key, is_root, is_leaf,
/// is_branch, path, source_index, parent_index)`; `order` (input rows) as int64 bytes,
/// flags as bytes of 0/1, text columns as Arrow arrays when `arrow`, else as
/// `text_buffers`.
#[pyfunction]
// The default is `mstic_core::proctree::DEFAULT_MAX_PATH_BYTES` written out, so stubtest
// can read it from the signature.
#[pyo3(signature = (process_name_lc, process_id, time, parent_name_lc, parent_id, parent_time, max_path_bytes=536870912, arrow=false))]
#[allow(clippy::too_many_arguments)]
fn proctree_shape<'py>(
    py: Python<'py>,
    process_name_lc: &Bound<'py, PyAny>,
    process_id: &Bound<'py, PyAny>,
    time: &[u8],
    parent_name_lc: &Bound<'py, PyAny>,
    parent_id: &Bound<'py, PyAny>,
    parent_time: &[u8],
    max_path_bytes: usize,
    arrow: bool,
) -> PyResult<ShapeResult<'py>> {
    let (time, parent_time) = (i64s(time)?, i64s(parent_time)?);
    let cols = [
        text_column(process_name_lc)?,
        text_column(process_id)?,
        text_column(parent_name_lc)?,
        text_column(parent_id)?,
    ];
    let owned: Vec<_> = cols.iter().map(|c| c.strs()).collect();
    let cells: Vec<_> = owned.iter().map(|c| c.as_strs()).collect();
    let out = py
        .detach(|| {
            shape_processes(&ShapeInput {
                process_name_lc: &cells[0],
                process_id: &cells[1],
                time: &time,
                parent_name_lc: &cells[2],
                parent_id: &cells[3],
                parent_time: &parent_time,
                max_path_bytes,
            })
        })
        .map_err(to_py)?;
    Ok((
        int64_bytes(py, &out.order)?,
        text_out(py, out.proc_key, arrow)?,
        text_out(py, out.parent_key, arrow)?,
        bool_bytes(py, &out.is_root)?,
        bool_bytes(py, &out.is_leaf)?,
        bool_bytes(py, &out.is_branch)?,
        text_out(py, out.path, arrow)?,
        text_out(py, out.source_index, arrow)?,
        text_out(py, out.parent_index, arrow)?,
    ))
}

/// Integers (int64 bytes) as decimal text, as `convert::text_out`.
#[pyfunction]
#[pyo3(signature = (values, arrow=false))]
fn proctree_int_text<'py>(
    py: Python<'py>,
    values: &[u8],
    arrow: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let values = i64s(values)?;
    let column = py.detach(|| TextColumn::from_ints(&values));
    text_out(py, column, arrow)
}

/// Rows that may be exact duplicates: `ints` are int64 byte columns, `texts` text
/// columns; the result is bytes of 0/1 (a superset of the rows sharing every key).
#[pyfunction]
fn proctree_repeated_keys<'py>(
    py: Python<'py>,
    ints: Vec<Vec<u8>>,
    texts: Vec<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let ints: Vec<Vec<i64>> = ints.iter().map(|b| i64s(b)).collect::<PyResult<_>>()?;
    let columns: Vec<_> = texts.iter().map(text_column).collect::<PyResult<_>>()?;
    let owned: Vec<_> = columns.iter().map(|c| c.strs()).collect();
    let cells: Vec<_> = owned.iter().map(|c| c.as_strs()).collect();
    let int_refs: Vec<&[i64]> = ints.iter().map(Vec::as_slice).collect();
    let text_refs: Vec<&[Option<&str>]> = cells.iter().map(|c| c.as_ref()).collect();
    let marks = py
        .detach(|| repeated_keys(&int_refs, &text_refs))
        .map_err(to_py)?;
    bool_bytes(py, &marks)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(proctree_repeated_keys, m)?)?;
    m.add_function(wrap_pyfunction!(proctree_int_text, m)?)?;
    m.add_function(wrap_pyfunction!(proctree_match, m)?)?;
    m.add_function(wrap_pyfunction!(proctree_shape, m)?)?;
    Ok(())
}

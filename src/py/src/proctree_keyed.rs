//! Bindings for keyed process trees (`mstic_core::proctree::keyed`, the Defender
//! builder). Translation only; helpers shared with `proctree.rs`.
use mstic_core::proctree::keyed::{lowercase_keys, shape_keyed};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};

use crate::convert::text_column;
use crate::convert::{bool_bytes, i64s, int64_bytes, row_bytes};
use crate::errors::to_py;
use crate::proctree::text_list;

/// `name.lower()|id.lower()|time` keys (time: wall-clock int64 ns bytes, NaT = missing).
#[pyfunction]
fn proctree_keys<'py>(
    py: Python<'py>,
    names: &Bound<'py, PyAny>,
    ids: &Bound<'py, PyAny>,
    time: &[u8],
) -> PyResult<Bound<'py, PyList>> {
    let time = i64s(time)?;
    let (name_col, id_col) = (text_column(names)?, text_column(ids)?);
    let (names, ids) = (name_col.strs(), id_col.strs());
    let (names, ids) = (names.as_strs(), ids.as_strs());
    let keys = py
        .detach(|| lowercase_keys(&names, &ids, &time))
        .map_err(to_py)?;
    text_list(py, &keys)
}

/// `proctree_shape_keys`' result: flags, paths, parent rows and order.
type KeyedShape<'py> = (
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyList>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
);

/// Flags, paths and order from keys: `(is_root, is_leaf, is_branch, path, parent_row,
/// order)`; flags (per input row) are bytes of 0/1, `parent_row` (per input row) and
/// `order` int64 bytes, and `path` is in output order (cell k is row `order[k]`'s).
#[pyfunction]
#[pyo3(signature = (proc_key, parent_key, max_path_bytes=536870912))]
fn proctree_shape_keys<'py>(
    py: Python<'py>,
    proc_key: &Bound<'py, PyAny>,
    parent_key: &Bound<'py, PyAny>,
    max_path_bytes: usize,
) -> PyResult<KeyedShape<'py>> {
    let (key_col, parent_col) = (text_column(proc_key)?, text_column(parent_key)?);
    let (keys, parents) = (key_col.strs(), parent_col.strs());
    let (keys, parents) = (keys.as_strs(), parents.as_strs());
    let shape = py
        .detach(|| shape_keyed(&keys, &parents, max_path_bytes))
        .map_err(to_py)?;
    Ok((
        bool_bytes(py, &shape.is_root)?,
        bool_bytes(py, &shape.is_leaf)?,
        bool_bytes(py, &shape.is_branch)?,
        PyList::new(py, shape.ordered_path.iter().map(Option::unwrap_or_default))?,
        row_bytes(py, &shape.parent_node)?,
        int64_bytes(py, &shape.order)?,
    ))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(proctree_keys, m)?)?;
    m.add_function(wrap_pyfunction!(proctree_shape_keys, m)?)?;
    Ok(())
}

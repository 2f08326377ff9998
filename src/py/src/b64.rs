//! Bindings for base64 unpacking (`mstic_core::base64`). Translation only.
use mstic_core::base64::{
    contains_candidate, get_hashes, get_items_from_gzip, get_items_from_tar, get_items_from_zip,
    unpack_items_string, unpack_string, ArchiveBudget, ArchiveMember, BinaryRecord, Status,
    UnpackOptions, UnpackResult,
};
use mstic_core::parallel::par_map;
use mstic_core::Limits;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};

use crate::convert::{text_arg, with_cells, worker_threads};

/// Budgets from Python: `(b64_max_depth, b64_max_fragments_per_level,
/// decode_max_item_bytes, decode_max_total_bytes, archive_max_members)`.
type LimitArgs = (usize, usize, usize, usize, usize);

fn to_limits(args: Option<LimitArgs>) -> Limits {
    let d = Limits::DEFAULT;
    match args {
        None => d,
        Some((depth, fragments, item, total, members)) => Limits {
            b64_max_depth: depth,
            b64_max_fragments_per_level: fragments,
            decode_max_item_bytes: item,
            decode_max_total_bytes: total,
            archive_max_members: members,
            ..d
        },
    }
}

fn options(utf16: bool, powershell: bool, limits: Option<LimitArgs>) -> UnpackOptions {
    UnpackOptions {
        utf16,
        limits: to_limits(limits),
        powershell,
    }
}

/// One record as a tuple: reference (3 strings), original_string, file_name, file_type,
/// input_bytes, decoded_string, encoding_type, md5, sha1, sha256, printable_bytes, status.
fn record<'py>(py: Python<'py>, r: &BinaryRecord) -> PyResult<Bound<'py, PyTuple>> {
    let items: Vec<Bound<'py, PyAny>> = vec![
        r.reference.0.clone().into_pyobject(py)?.into_any(),
        r.reference.1.clone().into_pyobject(py)?.into_any(),
        r.reference.2.clone().into_pyobject(py)?.into_any(),
        PyString::new(py, &r.original_string).into_any(),
        PyString::new(py, &r.file_name).into_any(),
        r.file_type.clone().into_pyobject(py)?.into_any(),
        PyBytes::new(py, &r.input_bytes).into_any(),
        r.decoded_string.clone().into_pyobject(py)?.into_any(),
        PyString::new(py, r.encoding_type.as_str()).into_any(),
        PyString::new(py, &r.md5).into_any(),
        PyString::new(py, &r.sha1).into_any(),
        PyString::new(py, &r.sha256).into_any(),
        PyString::new(py, &r.printable_bytes).into_any(),
        PyString::new(py, r.status.as_str()).into_any(),
    ];
    PyTuple::new(py, items)
}

fn result<'py>(py: Python<'py>, r: &UnpackResult) -> PyResult<Bound<'py, PyTuple>> {
    let records = PyList::empty(py);
    for rec in &r.records {
        records.append(record(py, rec)?)?;
    }
    PyTuple::new(
        py,
        [
            PyString::new(py, &r.decoded_string).into_any(),
            records.into_any(),
            PyString::new(py, r.status.as_str()).into_any(),
        ],
    )
}

/// Unpack one string: `(decoded_string, [record, ...], status)`.
#[pyfunction]
#[pyo3(signature = (text, utf16=false, pad=false, limits=None, powershell=false))]
fn b64_unpack<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    utf16: bool,
    pad: bool,
    limits: Option<LimitArgs>,
    powershell: bool,
) -> PyResult<Bound<'py, PyTuple>> {
    let opts = options(utf16, powershell, limits);
    let text = text_arg(text);
    let text: &str = &text;
    let out = py.detach(|| {
        if pad {
            unpack_items_string(text, &opts)
        } else {
            unpack_string(text, &opts)
        }
    });
    result(py, &out)
}

/// Unpack every cell of a column that holds a base64 candidate (in parallel):
/// `[(row, (decoded_string, [record, ...], status)), ...]`.
#[pyfunction]
#[pyo3(signature = (column, utf16=false, threads=0, limits=None, powershell=false))]
fn b64_unpack_column<'py>(
    py: Python<'py>,
    column: &Bound<'py, PyAny>,
    utf16: bool,
    threads: usize,
    limits: Option<LimitArgs>,
    powershell: bool,
) -> PyResult<Bound<'py, PyList>> {
    let opts = options(utf16, powershell, limits);
    let threads = worker_threads(threads);
    let results = with_cells(py, column, |cells| {
        par_map(cells, threads, 16, |cell| {
            cell.filter(|text| contains_candidate(text))
                .map(|text| unpack_string(text, &opts))
        })
    })?;
    let out = PyList::empty(py);
    for (row, res) in results.iter().enumerate() {
        if let Some(res) = res {
            out.append((row, result(py, res)?))?;
        }
    }
    Ok(out)
}

fn members<'py>(
    py: Python<'py>,
    found: Result<Vec<ArchiveMember>, Status>,
) -> PyResult<Bound<'py, PyTuple>> {
    let list = PyList::empty(py);
    let status = match found {
        Ok(items) => {
            for m in &items {
                list.append((
                    PyString::new(py, &m.name),
                    PyBytes::new(py, &m.bytes),
                    m.status.as_str(),
                ))?;
            }
            Status::Ok
        }
        Err(status) => status,
    };
    PyTuple::new(
        py,
        [
            list.into_any(),
            PyString::new(py, status.as_str()).into_any(),
        ],
    )
}

/// Archive members `([(name, bytes, status), ...], status)` of a gzip/zip/tar blob.
#[pyfunction]
#[pyo3(signature = (kind, binary, limits=None))]
fn b64_archive_items<'py>(
    py: Python<'py>,
    kind: &str,
    binary: &[u8],
    limits: Option<LimitArgs>,
) -> PyResult<Bound<'py, PyTuple>> {
    let budget = ArchiveBudget::from_limits(&to_limits(limits));
    let found = py.detach(|| match kind {
        "gz" => get_items_from_gzip(binary, &budget),
        "zip" => get_items_from_zip(binary, &budget),
        _ => get_items_from_tar(binary, &budget),
    });
    members(py, found)
}

/// `(md5, sha1, sha256)` hex digests.
#[pyfunction]
fn b64_hashes(py: Python<'_>, binary: &[u8]) -> (String, String, String) {
    let h = py.detach(|| get_hashes(binary));
    (h.md5, h.sha1, h.sha256)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(b64_unpack, m)?)?;
    m.add_function(wrap_pyfunction!(b64_unpack_column, m)?)?;
    m.add_function(wrap_pyfunction!(b64_archive_items, m)?)?;
    m.add_function(wrap_pyfunction!(b64_hashes, m)?)?;
    Ok(())
}

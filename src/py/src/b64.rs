//! Bindings for base64 unpacking (`mstic_core::base64`). Translation only.
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

use mstic_core::base64::{
    contains_candidate, get_hashes, get_items_from_gzip, get_items_from_tar, get_items_from_zip,
    unpack_items_string, unpack_string, unpack_string_in_call, ArchiveBudget, ArchiveMember,
    BinaryRecord, Status, UnpackOptions, UnpackResult,
};
use mstic_core::parallel::par_map;
use mstic_core::Limits;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};

use crate::convert::{text_arg, with_cells, worker_threads};

/// Budgets from Python: `(b64_max_depth, b64_max_fragments_per_level,
/// decode_max_item_bytes, decode_max_total_bytes, archive_max_members,
/// archive_reject_overlap, decode_max_output_bytes)`.
type LimitArgs = (usize, usize, usize, usize, usize, bool, usize);

/// The opt-in extras: `(powershell, decode_hex, decode_base32, nested_archives)`.
type ExtraArgs = (bool, bool, bool, bool);

fn to_limits(args: Option<LimitArgs>) -> Limits {
    let d = Limits::DEFAULT;
    match args {
        None => d,
        Some((depth, fragments, item, total, members, reject_overlap, output)) => Limits {
            b64_max_depth: depth,
            b64_max_fragments_per_level: fragments,
            decode_max_item_bytes: item,
            decode_max_total_bytes: total,
            decode_max_output_bytes: output,
            archive_max_members: members,
            archive_reject_overlap: reject_overlap,
            ..d
        },
    }
}

fn options(utf16: bool, extras: Option<ExtraArgs>, limits: Option<LimitArgs>) -> UnpackOptions {
    let (powershell, decode_hex, decode_base32, nested_archives) = extras.unwrap_or_default();
    UnpackOptions {
        utf16,
        limits: to_limits(limits),
        powershell,
        decode_hex,
        decode_base32,
        nested_archives,
    }
}

/// One Python string per source run: the members of an archive share their run, and a
/// copy per record would multiply a long run by the number of members.
#[derive(Default)]
struct SharedOriginal<'py> {
    last: Option<(Arc<str>, Bound<'py, PyString>)>,
}

impl<'py> SharedOriginal<'py> {
    fn get(&mut self, py: Python<'py>, run: &Arc<str>) -> Bound<'py, PyString> {
        match &self.last {
            Some((seen, string)) if Arc::ptr_eq(seen, run) => string.clone(),
            _ => {
                let string = PyString::new(py, run);
                self.last = Some((Arc::clone(run), string.clone()));
                string
            }
        }
    }
}

/// One record as a tuple: reference (3 strings), original_string, file_name, file_type,
/// input_bytes, decoded_string, encoding_type, md5, sha1, sha256, printable_bytes, status,
/// source_encoding.
fn record<'py>(
    py: Python<'py>,
    r: &BinaryRecord,
    originals: &mut SharedOriginal<'py>,
) -> PyResult<Bound<'py, PyTuple>> {
    let items: Vec<Bound<'py, PyAny>> = vec![
        r.reference.0.clone().into_pyobject(py)?.into_any(),
        r.reference.1.clone().into_pyobject(py)?.into_any(),
        r.reference.2.clone().into_pyobject(py)?.into_any(),
        originals.get(py, &r.original_string).into_any(),
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
        PyString::new(py, r.source_encoding.as_str()).into_any(),
    ];
    PyTuple::new(py, items)
}

/// Converts the result record by record, dropping each native record once it is in
/// Python, so the two copies never coexist in full.
fn result<'py>(py: Python<'py>, r: UnpackResult) -> PyResult<Bound<'py, PyTuple>> {
    let records = PyList::empty(py);
    let mut originals = SharedOriginal::default();
    for rec in r.records {
        records.append(record(py, &rec, &mut originals)?)?;
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
#[pyo3(signature = (text, utf16=false, pad=false, limits=None, extras=None))]
fn b64_unpack<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    utf16: bool,
    pad: bool,
    limits: Option<LimitArgs>,
    extras: Option<ExtraArgs>,
) -> PyResult<Bound<'py, PyTuple>> {
    let opts = options(utf16, extras, limits);
    let text = text_arg(text);
    let text: &str = &text;
    let out = py.detach(|| {
        if pad {
            unpack_items_string(text, &opts)
        } else {
            unpack_string(text, &opts)
        }
    });
    result(py, out)
}

/// Appends one record's 15 values to the 15 column lists (same order as [`record`]).
fn push_record<'py>(
    py: Python<'py>,
    cols: &[Bound<'py, PyList>; 15],
    r: &BinaryRecord,
    originals: &mut SharedOriginal<'py>,
) -> PyResult<()> {
    cols[0].append(&r.reference.0)?;
    cols[1].append(&r.reference.1)?;
    cols[2].append(&r.reference.2)?;
    cols[3].append(originals.get(py, &r.original_string))?;
    cols[4].append(&r.file_name)?;
    cols[5].append(r.file_type.as_deref())?;
    cols[6].append(PyBytes::new(py, &r.input_bytes))?;
    cols[7].append(r.decoded_string.as_deref())?;
    cols[8].append(r.encoding_type.as_str())?;
    cols[9].append(&r.md5)?;
    cols[10].append(&r.sha1)?;
    cols[11].append(&r.sha256)?;
    cols[12].append(&r.printable_bytes)?;
    cols[13].append(r.status.as_str())?;
    cols[14].append(r.source_encoding.as_str())?;
    Ok(())
}

/// Unpack every cell of a column that holds a base64 candidate (in parallel), returned
/// column-wise for building one frame: `(rows, decoded_strings, statuses, record_rows,
/// record_columns)`. `rows[k]` is the input row of the k-th decoded cell; `record_rows[j]`
/// is the input row of record `j`; `record_columns` holds 15 lists in [`record`] order.
#[pyfunction]
#[pyo3(signature = (column, utf16=false, threads=0, limits=None, extras=None))]
fn b64_unpack_column<'py>(
    py: Python<'py>,
    column: &Bound<'py, PyAny>,
    utf16: bool,
    threads: usize,
    limits: Option<LimitArgs>,
    extras: Option<ExtraArgs>,
) -> PyResult<Bound<'py, PyTuple>> {
    let opts = options(utf16, extras, limits);
    let threads = worker_threads(threads);
    // Archive contents of every cell share one output budget (`decode_max_output_bytes`).
    let call_output = AtomicUsize::new(0);
    let results = with_cells(py, column, |cells| {
        par_map(cells, threads, 16, |cell| {
            cell.filter(|text| contains_candidate(text))
                .map(|text| unpack_string_in_call(text, &opts, &call_output))
        })
    })?;
    let rows = PyList::empty(py);
    let decoded = PyList::empty(py);
    let statuses = PyList::empty(py);
    let record_rows = PyList::empty(py);
    let cols: [Bound<'py, PyList>; 15] = std::array::from_fn(|_| PyList::empty(py));
    let mut originals = SharedOriginal::default();
    // By value: each native result is freed as soon as it is in Python.
    for (row, res) in results.into_iter().enumerate() {
        let Some(res) = res else { continue };
        rows.append(row)?;
        decoded.append(&res.decoded_string)?;
        statuses.append(res.status.as_str())?;
        for rec in res.records {
            record_rows.append(row)?;
            push_record(py, &cols, &rec, &mut originals)?;
        }
    }
    let columns = PyTuple::new(py, cols)?;
    PyTuple::new(
        py,
        [
            rows.into_any(),
            decoded.into_any(),
            statuses.into_any(),
            record_rows.into_any(),
            columns.into_any(),
        ],
    )
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

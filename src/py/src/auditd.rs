//! Bindings for auditd parsing (`mstic_core::auditd`). Translation only: arguments in,
//! the GIL released around parsing, the column table out as bytes buffers (numeric
//! columns, read with `numpy.frombuffer`) and lists (text columns).
use std::fs::File;
use std::io::BufReader;
use std::sync::Mutex;

use mstic_core::auditd::{
    parse_line_rows, parse_record_rows, unpack_records, AuditOptions, AuditTable, Cell,
    CmdlineMode, ColumnData, Counters, FileParser, Record, Tokens, UnpackedRecord,
};
use mstic_core::Limits;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyList, PyString, PyTuple};

use crate::convert::{f64_bytes, le_bytes, text_arg, text_column, with_cells};

/// Budgets from Python: `(audit_max_line_bytes, audit_max_pending_events)`.
type LimitArgs = (usize, usize);

fn options(
    limits: Option<LimitArgs>,
    full_cmdline: bool,
    event_type: Option<String>,
) -> AuditOptions {
    let d = Limits::DEFAULT;
    let (line, pending) = limits.unwrap_or((d.audit_max_line_bytes, d.audit_max_pending_events));
    AuditOptions {
        limits: Limits {
            audit_max_line_bytes: line,
            audit_max_pending_events: pending,
            ..d
        },
        cmdline: if full_cmdline {
            CmdlineMode::Full
        } else {
            CmdlineMode::Msticpy
        },
        event_type,
    }
}

fn counters<'py>(py: Python<'py>, c: &Counters) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    for (name, value) in c.items() {
        out.set_item(name, value)?;
    }
    Ok(out)
}

/// Distinct texts remembered per column: repeated values (`yes`, paths, ids) share one
/// Python string, which is faster to build and lighter in the frame.
const INTERN_MAX: usize = 4096;

/// Python strings for a column's texts, re-using the object for a repeated value.
struct Interner<'a, 'py> {
    py: Python<'py>,
    seen: rustc_hash::FxHashMap<&'a str, Bound<'py, PyString>>,
}

impl<'a, 'py> Interner<'a, 'py> {
    fn new(py: Python<'py>) -> Self {
        Interner {
            py,
            seen: rustc_hash::FxHashMap::default(),
        }
    }

    fn get(&mut self, text: &'a str) -> Bound<'py, PyString> {
        if let Some(s) = self.seen.get(text) {
            return s.clone();
        }
        let s = PyString::new(self.py, text);
        if self.seen.len() < INTERN_MAX {
            self.seen.insert(text, s.clone());
        }
        s
    }
}

fn object_list<'py>(py: Python<'py>, cells: &[Cell], text: &str) -> PyResult<Bound<'py, PyList>> {
    let nan = PyFloat::new(py, f64::NAN).into_any();
    let none = py.None().into_bound(py);
    let mut strings = Interner::new(py);
    let items = cells
        .iter()
        .map(|cell| -> PyResult<Bound<'py, PyAny>> {
            Ok(match cell {
                Cell::Text(r) => strings.get(r.get(text)).into_any(),
                Cell::Int(i) => i.into_pyobject(py)?.into_any(),
                Cell::Null => none.clone(),
                Cell::Missing => nan.clone(),
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

fn text_list<'py, T: AsRef<str>>(py: Python<'py>, items: &[T]) -> PyResult<Bound<'py, PyList>> {
    let mut strings = Interner::new(py);
    PyList::new(py, items.iter().map(|t| strings.get(t.as_ref())))
}

/// `(labels, keys, event_types, time_ns, [(name, kind, data)], counters)`: labels and
/// time_ns as little-endian int64 bytes (NaT = int64 min); kind `i` (int64 bytes),
/// `f` (float64 bytes) or `o` (list).
fn table<'py>(py: Python<'py>, t: &AuditTable) -> PyResult<Bound<'py, PyTuple>> {
    let labels = le_bytes(py, t.labels.iter().copied(), u64::to_le_bytes)?;
    let times = t.time_ns.iter().map(|v| v.unwrap_or(i64::MIN));
    let times = le_bytes(py, times, i64::to_le_bytes)?;
    let keys = text_list(py, &t.keys)?;
    let types = text_list(py, &t.event_types)?;
    let columns = PyList::empty(py);
    for col in &t.columns {
        let (kind, data) = match &col.data {
            ColumnData::Int(v) => (
                "i",
                le_bytes(py, v.iter().copied(), i64::to_le_bytes)?.into_any(),
            ),
            ColumnData::Float(v) => ("f", f64_bytes(py, v)?.into_any()),
            ColumnData::Object(v, text) => ("o", object_list(py, v, text)?.into_any()),
        };
        columns.append((&*col.name, kind, data))?;
    }
    PyTuple::new(
        py,
        [
            labels.into_any(),
            keys.into_any(),
            types.into_any(),
            times.into_any(),
            columns.into_any(),
            counters(py, &t.counters)?.into_any(),
        ],
    )
}

/// `read_from_file` in steps: open, `step()` until it returns True, then `finish()`.
#[pyclass(module = "msticpy._native", frozen)]
struct AuditFileReader {
    parser: Mutex<Option<FileParser<BufReader<File>>>>,
}

#[pymethods]
impl AuditFileReader {
    #[new]
    #[pyo3(signature = (path, limits=None, full_cmdline=false, event_type=None))]
    fn new(
        path: std::path::PathBuf,
        limits: Option<LimitArgs>,
        full_cmdline: bool,
        event_type: Option<String>,
    ) -> PyResult<Self> {
        let file = File::open(path)?;
        let opts = options(limits, full_cmdline, event_type);
        let reader = BufReader::with_capacity(1 << 20, file);
        Ok(AuditFileReader {
            parser: Mutex::new(Some(FileParser::new(reader, &opts))),
        })
    }

    /// Parse about `budget` more bytes; True at end of file.
    fn step(&self, py: Python<'_>, budget: u64) -> PyResult<bool> {
        py.detach(|| {
            let mut guard = self
                .parser
                .lock()
                .map_err(|_| PyRuntimeError::new_err("audit reader poisoned"))?;
            match guard.as_mut() {
                Some(parser) => Ok(parser.step(budget)?),
                None => Ok(true),
            }
        })
    }

    /// Bytes read so far.
    fn bytes_read(&self) -> PyResult<u64> {
        let guard = self
            .parser
            .lock()
            .map_err(|_| PyRuntimeError::new_err("audit reader poisoned"))?;
        Ok(guard.as_ref().map_or(0, FileParser::bytes_read))
    }

    /// Close all events and return the table (see `audit_parse_lines`).
    fn finish<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let parser = self
            .parser
            .lock()
            .map_err(|_| PyRuntimeError::new_err("audit reader poisoned"))?
            .take()
            .ok_or_else(|| PyRuntimeError::new_err("finish() was already called"))?;
        let out = py.detach(|| parser.finish());
        table(py, &out)
    }
}

/// One raw audit line per row: the table (see `AuditFileReader.finish`).
#[pyfunction]
#[pyo3(signature = (column, limits=None, full_cmdline=false, event_type=None))]
fn audit_parse_lines<'py>(
    py: Python<'py>,
    column: &Bound<'py, PyAny>,
    limits: Option<LimitArgs>,
    full_cmdline: bool,
    event_type: Option<String>,
) -> PyResult<Bound<'py, PyTuple>> {
    let opts = options(limits, full_cmdline, event_type);
    let out = with_cells(py, column, |cells| parse_line_rows(cells, &opts))?;
    table(py, &out)
}

/// Records of one `{type: [tokens]}` dict list; `None` when the cell has another shape.
fn records_of(cell: &Bound<'_, PyAny>) -> Option<Vec<Record>> {
    let list = cell.cast::<PyList>().ok()?;
    let mut out = Vec::new();
    for item in list.iter() {
        let dict = item.cast::<PyDict>().ok()?;
        for (key, value) in dict.iter() {
            let msg_type = text_arg(key.cast::<PyString>().ok()?).into_owned();
            // Text with lone surrogates is read lossily; tokens that are not text are
            // ignored (msticpy raises AttributeError on them).
            let tokens: Vec<String> = match value.cast::<PyList>() {
                Ok(items) => items
                    .iter()
                    .filter_map(|t| t.cast::<PyString>().ok().map(|t| text_arg(t).into_owned()))
                    .collect(),
                Err(_) => return None,
            };
            out.push(Record {
                msg_type: msg_type.into(),
                tokens: Tokens::List(tokens),
            });
        }
    }
    Some(out)
}

/// The list-of-dicts form: `rows` (a list of cells) and the `mssg_id` text column.
#[pyfunction]
#[pyo3(signature = (rows, mssg_ids, limits=None, full_cmdline=false, event_type=None))]
fn audit_parse_records<'py>(
    py: Python<'py>,
    rows: &Bound<'py, PyList>,
    mssg_ids: &Bound<'py, PyAny>,
    limits: Option<LimitArgs>,
    full_cmdline: bool,
    event_type: Option<String>,
) -> PyResult<Bound<'py, PyTuple>> {
    let opts = options(limits, full_cmdline, event_type);
    let records: Vec<Option<Vec<Record>>> = rows.iter().map(|c| records_of(&c)).collect();
    let ids = text_column(mssg_ids)?;
    let cells = ids.strs();
    let cells = cells.as_strs();
    let out = py.detach(|| parse_record_rows(records, &cells, &opts));
    table(py, &out)
}

/// `unpack_auditd`: `[(type, [(key, value or None), ...]), ...]` and the counters.
#[pyfunction]
fn audit_unpack<'py>(
    py: Python<'py>,
    records: &Bound<'py, PyList>,
) -> PyResult<(Vec<UnpackedRecord>, Bound<'py, PyDict>)> {
    let recs = records_of(records.as_any()).ok_or_else(|| {
        pyo3::exceptions::PyTypeError::new_err(
            "unpack_auditd expects a list of {message_type: [\"key=value\", ...]} dicts",
        )
    })?;
    let mut c = Counters::default();
    let out = py.detach(|| unpack_records(&recs, &mut c));
    Ok((out, counters(py, &c)?))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<AuditFileReader>()?;
    m.add_function(wrap_pyfunction!(audit_parse_lines, m)?)?;
    m.add_function(wrap_pyfunction!(audit_parse_records, m)?)?;
    m.add_function(wrap_pyfunction!(audit_unpack, m)?)?;
    Ok(())
}

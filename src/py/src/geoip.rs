//! Bindings for GeoIP look-ups (`mstic_core::geoip`). Translation only: opening a
//! database and batch look-ups run with the GIL released; whole records become Python
//! dicts here, with no JSON text in between.
//!
//! The one `unsafe` in this crate is [`map_file`]: the core forbids `unsafe`, so the
//! memory map of a database file is made here and handed to the core as its bytes.
use std::path::{Path, PathBuf};
use std::sync::Arc;

use mstic_core::geoip::{embedded, Batch, DbBytes, GeoDb, RawBatch};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde_json::Value;

use crate::errors::to_py;

/// Record columns: country code, country name, state, city, longitude, latitude.
type RecordColumns = (
    Vec<Option<String>>,
    Vec<Option<String>>,
    Vec<Option<String>>,
    Vec<Option<String>>,
    Vec<Option<f64>>,
    Vec<Option<f64>>,
);

/// Row indexes into the record table (-1: no answer), record columns, data errors.
type BatchOutput = (Vec<i64>, RecordColumns, Vec<(usize, String)>);

/// Raw records (one dict per answered address), their input indexes, data errors.
type RawOutput<'py> = (Bound<'py, PyList>, Vec<usize>, Vec<(usize, String)>);

fn batch_output(batch: Batch) -> BatchOutput {
    let rows = batch.rows.iter().map(|r| r.map_or(-1, i64::from)).collect();
    let mut cols = RecordColumns::default();
    for rec in batch.records {
        cols.0.push(rec.country_code);
        cols.1.push(rec.country_name);
        cols.2.push(rec.state);
        cols.3.push(rec.city);
        cols.4.push(rec.longitude);
        cols.5.push(rec.latitude);
    }
    (rows, cols, batch.errors)
}

/// Memory-map a database file (read-only).
#[allow(unsafe_code)]
fn map_file(path: &Path) -> std::io::Result<memmap2::Mmap> {
    let file = std::fs::File::open(path)?;
    // SAFETY: the map is read-only and lives as long as the reader that owns it. The
    // one hazard of a file map is the file changing underneath it: a truncation in
    // place makes the next read fault (SIGBUS). That is why mapping is opt-in
    // (`GeoIpDb(path, memory_map=True)`, documented with this hazard); our download
    // writes a new database to a temporary name and renames it into place, so it never
    // rewrites a mapped file, and a changed file (size or modification time) gets a new
    // reader. This is the contract of maxminddb's `Reader::open_mmap` and of the
    // maxminddb C extension's MODE_MMAP, which msticpy uses by default.
    unsafe { memmap2::Mmap::map(&file) }
}

/// Bytes of a database: memory-mapped, or read whole where mapping fails (a file
/// system without mmap support, an empty file).
fn load(path: &Path) -> std::io::Result<(DbBytes, &'static str)> {
    match map_file(path) {
        Ok(map) => Ok((DbBytes::new(map), "mmap")),
        Err(_) => mstic_core::geoip::reader::read_file(path),
    }
}

/// A decoded record, converted to Python once and copied per row: leaves (strings,
/// numbers) are shared between rows (immutable), dicts and lists are fresh per row.
enum Template {
    Leaf(Py<PyAny>),
    /// A dict holding the leaves, and the keys whose values are containers.
    Dict(Py<PyDict>, Vec<(Py<PyString>, Template)>),
    List(Vec<Template>),
}

fn leaf(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    Ok(match value {
        Value::Null => py.None(),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any().unbind()
            } else if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any().unbind()
            } else {
                n.as_f64()
                    .unwrap_or(f64::NAN)
                    .into_pyobject(py)?
                    .into_any()
                    .unbind()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any().unbind(),
        Value::Array(_) | Value::Object(_) => py.None(),
    })
}

/// Records are at most `MAX_RECORD_DEPTH` deep (checked by the core), so this
/// recursion is bounded.
fn template(py: Python<'_>, value: &Value) -> PyResult<Template> {
    Ok(match value {
        Value::Object(map) => {
            let dict = PyDict::new(py);
            let mut nested = Vec::new();
            for (key, child) in map {
                match template(py, child)? {
                    Template::Leaf(obj) => dict.set_item(key, obj)?,
                    other => {
                        let key = PyString::new(py, key);
                        // Placeholder keeps the record's key order in every copy.
                        dict.set_item(&key, py.None())?;
                        nested.push((key.unbind(), other));
                    }
                }
            }
            Template::Dict(dict.unbind(), nested)
        }
        Value::Array(items) => Template::List(
            items
                .iter()
                .map(|v| template(py, v))
                .collect::<PyResult<_>>()?,
        ),
        scalar => Template::Leaf(leaf(py, scalar)?),
    })
}

fn instantiate<'py>(py: Python<'py>, tmpl: &Template) -> PyResult<Bound<'py, PyAny>> {
    match tmpl {
        Template::Leaf(obj) => Ok(obj.bind(py).clone()),
        Template::Dict(dict, nested) => Ok(fresh_dict(py, dict, nested)?.into_any()),
        Template::List(items) => {
            let values = items
                .iter()
                .map(|t| instantiate(py, t))
                .collect::<PyResult<Vec<_>>>()?;
            Ok(PyList::new(py, values)?.into_any())
        }
    }
}

fn fresh_dict<'py>(
    py: Python<'py>,
    dict: &Py<PyDict>,
    nested: &[(Py<PyString>, Template)],
) -> PyResult<Bound<'py, PyDict>> {
    let out = dict.bind(py).copy()?;
    for (key, child) in nested {
        out.set_item(key.bind(py), instantiate(py, child)?)?;
    }
    Ok(out)
}

/// Pauses Python's cyclic garbage collector while a batch of records is built, and
/// restores it when dropped (also on error). The new dicts and lists cannot form
/// cycles, yet allocating 100,000s of them would otherwise trigger collections that
/// traverse them again and again (about two thirds of the build time).
struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> PyResult<Self> {
        let gc = py.import("gc")?;
        if gc.call_method0("isenabled")?.is_truthy()? {
            gc.call_method0("disable")?;
            return Ok(Self { gc: Some(gc) });
        }
        Ok(Self { gc: None })
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            // Nothing sensible to do if re-enabling fails; the error is left unset.
            let _ = gc.call_method0("enable");
        }
    }
}

/// One dict per answered address: its record plus `traits.ip_address` (and
/// `traits.network` from a database), merged into the record's own `traits`.
fn raw_output(py: Python<'_>, raw: RawBatch) -> PyResult<RawOutput<'_>> {
    let _pause = GcPause::new(py)?;
    let templates = raw
        .records
        .iter()
        .map(|r| template(py, r))
        .collect::<PyResult<Vec<_>>>()?;
    let traits_key = PyString::intern(py, "traits");
    let ip_key = PyString::intern(py, "ip_address");
    let net_key = PyString::intern(py, "network");
    let mut rows = Vec::with_capacity(raw.rows.len());
    let mut indexes = Vec::with_capacity(raw.rows.len());
    for row in &raw.rows {
        let Some(Template::Dict(dict, nested)) = templates.get(row.record as usize) else {
            continue; // the core only keeps map records
        };
        let out = fresh_dict(py, dict, nested)?;
        let own = out
            .get_item(&traits_key)?
            .and_then(|t| t.cast_into::<PyDict>().ok());
        let traits = match own {
            Some(own) => own,
            None => {
                let fresh = PyDict::new(py);
                out.set_item(&traits_key, &fresh)?;
                fresh
            }
        };
        traits.set_item(&ip_key, &row.ip_address)?;
        if let Some(network) = &row.network {
            traits.set_item(&net_key, network)?;
        }
        rows.push(out);
        indexes.push(row.index);
    }
    Ok((PyList::new(py, rows)?, indexes, raw.errors))
}

/// A MaxMind DB, shared by every object that opens the same file in this process.
#[pyclass(module = "msticpy._native", frozen)]
pub struct GeoIpDb {
    db: Arc<GeoDb>,
}

#[pymethods]
impl GeoIpDb {
    /// Open (or share) the database at `path`: read into memory, or memory-mapped
    /// with `memory_map=True` (shared pages between processes; the file must then never
    /// be truncated in place while open).
    #[new]
    #[pyo3(signature = (path, memory_map = false))]
    fn new(py: Python<'_>, path: PathBuf, memory_map: bool) -> PyResult<Self> {
        let db = py
            .detach(|| {
                if memory_map {
                    GeoDb::open_with(&path, "mmap", load)
                } else {
                    GeoDb::open(&path)
                }
            })
            .map_err(to_py)?;
        Ok(Self { db })
    }

    #[getter]
    fn path(&self) -> PathBuf {
        self.db.path().to_path_buf()
    }

    #[getter]
    fn database_type(&self) -> String {
        self.db.database_type().to_owned()
    }

    #[getter]
    fn build_epoch(&self) -> u64 {
        self.db.build_epoch()
    }

    /// `"mmap"` (memory-mapped) or `"read"` (read into memory, where mapping failed).
    #[getter]
    fn source(&self) -> &'static str {
        self.db.source()
    }

    /// The process that opened the shared reader.
    #[getter]
    fn pid(&self) -> u32 {
        self.db.pid()
    }

    /// Whether two objects use the same shared reader.
    fn shares_reader(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.db, &other.db)
    }

    fn lookup_batch(&self, py: Python<'_>, addresses: Vec<String>) -> BatchOutput {
        py.detach(|| batch_output(self.db.lookup_batch(&addresses)))
    }

    fn lookup_raw<'py>(&self, py: Python<'py>, addresses: Vec<String>) -> PyResult<RawOutput<'py>> {
        let raw = py.detach(|| self.db.lookup_records(&addresses));
        raw_output(py, raw)
    }
}

/// Country-level answers from the embedded RIR data.
#[pyfunction]
fn geoip_embedded_batch(py: Python<'_>, addresses: Vec<String>) -> BatchOutput {
    py.detach(|| batch_output(embedded::lookup_batch(&addresses)))
}

/// Raw country-level records from the embedded RIR data.
#[pyfunction]
fn geoip_embedded_raw(py: Python<'_>, addresses: Vec<String>) -> PyResult<RawOutput<'_>> {
    let raw = py.detach(|| embedded::lookup_records(&addresses));
    raw_output(py, raw)
}

/// Where the embedded data came from, and the snapshot date.
#[pyfunction]
fn geoip_embedded_source() -> (&'static str, &'static str) {
    (embedded::SOURCE, embedded::SNAPSHOT_DATE)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<GeoIpDb>()?;
    m.add_function(wrap_pyfunction!(geoip_embedded_batch, m)?)?;
    m.add_function(wrap_pyfunction!(geoip_embedded_raw, m)?)?;
    m.add_function(wrap_pyfunction!(geoip_embedded_source, m)?)?;
    Ok(())
}

//! Bindings for IoC extraction (`mstic_core::ioc`). Translation only.
use std::sync::RwLock;
use std::time::Duration;

use mstic_core::ioc::matches::{find_matches, MatchRow};
use mstic_core::ioc::registry::extended_table;
use mstic_core::ioc::registry::Tables;
use mstic_core::ioc::scan::{map_cells, scan_cells, scan_text, Extraction, ScanOptions};
use mstic_core::ioc::{idn, psl, validate};
use mstic_core::Limits;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PySet, PyString};

use crate::convert::{text_arg, with_cells, worker_threads};
use crate::errors::to_py;

/// Shared, ordered IoC pattern tables (msticpy's class-level `_content_regex` and
/// `_content_df_regex`). Safe to use from several threads.
#[pyclass(module = "msticpy._native", frozen)]
pub struct PatternRegistry {
    tables: RwLock<Tables>,
}

fn poisoned() -> PyErr {
    PyRuntimeError::new_err("IoC pattern registry lock poisoned by an earlier failure")
}

impl PatternRegistry {
    fn snapshot(&self) -> PyResult<Tables> {
        self.tables
            .read()
            .map(|t| t.clone())
            .map_err(|_| poisoned())
    }

    /// Run `job` on a text column's cells and a snapshot of the tables, GIL released.
    fn over_column<T: Send>(
        &self,
        py: Python<'_>,
        column: &Bound<'_, PyAny>,
        job: impl FnOnce(&Tables, &[Option<&str>]) -> T + Send,
    ) -> PyResult<T> {
        let tables = self.snapshot()?;
        with_cells(py, column, |cells| job(&tables, cells))
    }
}

/// One table entry: `(ioc_type, python_pattern, priority, group)`.
type Entry = (String, String, i64, Option<String>);
/// Per-type observables of one text: `([(type, {observable, ...}), ...], cut)`, `cut`
/// being the name of the limit that truncated the result, or `""`.
type ScanOutput<'py> = (Bound<'py, PyList>, &'static str);
/// Column results: `(rows, type_names, type_codes, observables, cut)`.
type ColumnOutput = (Vec<u64>, Vec<String>, Vec<u32>, Vec<String>, &'static str);

/// The Python name of the limit that truncated an extraction (`""` when none did).
fn cut_by(truncated: bool, timed_out: bool) -> &'static str {
    match (truncated, timed_out) {
        (_, true) => "ioc_scan_deadline_s",
        (true, false) => "ioc_max_matches_per_cell",
        (false, false) => "",
    }
}
/// Match rows: `(rows, types, values, raws, starts, ends, defanged, truncated)`.
type MatchOutput = (
    Vec<u64>,
    Vec<String>,
    Vec<String>,
    Vec<String>,
    Vec<u64>,
    Vec<u64>,
    Vec<bool>,
    bool,
);

fn options(
    types: Option<&[String]>,
    defanged: bool,
    ignore_tlds: bool,
    max_matches: usize,
    threads: usize,
    extended: bool,
    deadline_s: f64,
) -> ScanOptions<'_> {
    ScanOptions {
        types,
        defanged,
        ignore_tlds,
        max_matches,
        threads: worker_threads(threads),
        extended,
        // Zero, negative or non-finite: no deadline (the facade validates the value).
        deadline: (deadline_s.is_finite() && deadline_s > 0.0)
            .then(|| Duration::try_from_secs_f64(deadline_s).ok())
            .flatten(),
    }
}

#[pymethods]
impl PatternRegistry {
    #[new]
    fn new() -> Self {
        Self {
            tables: RwLock::new(Tables::with_builtins()),
        }
    }

    /// Restore the built-in patterns (user types are kept).
    fn reset_builtins(&self) -> PyResult<()> {
        self.tables
            .write()
            .map_err(|_| poisoned())?
            .reset_builtins();
        Ok(())
    }

    /// Register a Python-syntax pattern (`add_ioc_type`).
    #[pyo3(signature = (ioc_type, pattern, priority=0, group=None, defang_pattern=None))]
    fn add(
        &self,
        ioc_type: &str,
        pattern: &str,
        priority: i64,
        group: Option<&str>,
        defang_pattern: Option<bool>,
    ) -> PyResult<()> {
        let mut tables = self.tables.write().map_err(|_| poisoned())?;
        tables
            .add(
                ioc_type,
                pattern,
                priority,
                group,
                defang_pattern,
                &Limits::DEFAULT,
            )
            .map_err(to_py)
    }

    /// `[(ioc_type, python_pattern, priority, group), ...]` of one table, in order.
    fn entries(&self, defanged: bool) -> PyResult<Vec<Entry>> {
        let tables = self.tables.read().map_err(|_| poisoned())?;
        Ok(tables
            .table(defanged)
            .iter()
            .map(|d| {
                (
                    d.ioc_type.clone(),
                    d.python_pattern.clone(),
                    d.priority,
                    d.group.clone(),
                )
            })
            .collect())
    }

    /// Scan one string (`_scan_for_iocs`).
    #[pyo3(signature = (text, types=None, defanged=true, ignore_tlds=false, max_matches=1_000_000, threads=0, extended=false, deadline_s=0.0))]
    #[allow(clippy::too_many_arguments)]
    fn scan<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'_, PyString>,
        types: Option<Vec<String>>,
        defanged: bool,
        ignore_tlds: bool,
        max_matches: usize,
        threads: usize,
        extended: bool,
        deadline_s: f64,
    ) -> PyResult<ScanOutput<'py>> {
        let tables = self.snapshot()?;
        let text = text_arg(text);
        let text: &str = &text;
        let opts = options(
            types.as_deref(),
            defanged,
            ignore_tlds,
            max_matches,
            threads,
            extended,
            deadline_s,
        );
        let result = py.detach(|| {
            let mut result = scan_text(&tables, text, &opts);
            if extended {
                idn::expand(&mut result, text);
            }
            result
        });
        // msticpy returns a set per type: build the sets here, in one pass.
        let groups = PyList::empty(py);
        for (ioc_type, values) in &result.groups {
            let set = PySet::new(py, values.iter().map(|v| v.as_str(text)))?;
            groups.append((ioc_type, set))?;
        }
        Ok((groups, cut_by(result.truncated, result.timed_out)))
    }

    /// Scan a text column (list of objects or Arrow strings).
    #[pyo3(signature = (column, types=None, defanged=true, ignore_tlds=false, max_matches=1_000_000, threads=0, extended=false, deadline_s=0.0))]
    #[allow(clippy::too_many_arguments)]
    fn scan_column(
        &self,
        py: Python<'_>,
        column: &Bound<'_, PyAny>,
        types: Option<Vec<String>>,
        defanged: bool,
        ignore_tlds: bool,
        max_matches: usize,
        threads: usize,
        extended: bool,
        deadline_s: f64,
    ) -> PyResult<ColumnOutput> {
        let opts = options(
            types.as_deref(),
            defanged,
            ignore_tlds,
            max_matches,
            threads,
            extended,
            deadline_s,
        );
        self.over_column(py, column, |tables, cells| {
            let mut per_cell = scan_cells(tables, cells, &opts);
            if extended {
                for (extraction, cell) in per_cell.iter_mut().zip(cells) {
                    idn::expand(extraction, cell.unwrap_or(""));
                }
            }
            flatten(per_cell, cells)
        })
    }

    /// Every occurrence, re-fanged, with offsets (`extract_matches`), over a column.
    #[pyo3(signature = (column, types=None, ignore_tlds=false, max_matches=1_000_000, threads=0, extended=true, deadline_s=0.0))]
    #[allow(clippy::too_many_arguments)]
    fn matches_column(
        &self,
        py: Python<'_>,
        column: &Bound<'_, PyAny>,
        types: Option<Vec<String>>,
        ignore_tlds: bool,
        max_matches: usize,
        threads: usize,
        extended: bool,
        deadline_s: f64,
    ) -> PyResult<MatchOutput> {
        let opts = options(
            types.as_deref(),
            true,
            ignore_tlds,
            max_matches,
            threads,
            extended,
            deadline_s,
        );
        let cell_opts = ScanOptions { threads: 1, ..opts };
        self.over_column(py, column, |tables, cells| {
            let per_cell = map_cells(cells, opts.threads, |text| {
                find_matches(tables, text, &cell_opts)
            });
            flatten_matches(per_cell)
        })
    }

    /// Full-match validation (`IoCExtract.validate`).
    fn validate(
        &self,
        text: &Bound<'_, PyString>,
        ioc_type: &str,
        defanged: bool,
        ignore_tlds: bool,
    ) -> PyResult<bool> {
        let tables = self.tables.read().map_err(|_| poisoned())?;
        validate::validate(&tables, &text_arg(text), ioc_type, defanged, ignore_tlds).map_err(to_py)
    }
}

fn flatten(per_cell: Vec<Extraction>, cells: &[Option<&str>]) -> ColumnOutput {
    let mut rows = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut codes = Vec::new();
    let mut observables = Vec::new();
    let (mut truncated, mut timed_out) = (false, false);
    for (row, (extraction, cell)) in per_cell.into_iter().zip(cells).enumerate() {
        truncated |= extraction.truncated;
        timed_out |= extraction.timed_out;
        let text = cell.unwrap_or("");
        for (ioc_type, values) in extraction.groups {
            let code = match names.iter().position(|n| *n == ioc_type) {
                Some(i) => i,
                None => {
                    names.push(ioc_type);
                    names.len() - 1
                }
            };
            for value in values {
                rows.push(row as u64);
                codes.push(code as u32);
                observables.push(value.as_str(text).to_string());
            }
        }
    }
    (
        rows,
        names,
        codes,
        observables,
        cut_by(truncated, timed_out),
    )
}

fn flatten_matches(per_cell: Vec<(Vec<MatchRow>, bool)>) -> MatchOutput {
    let mut out: MatchOutput = Default::default();
    for (row, (matches, truncated)) in per_cell.into_iter().enumerate() {
        out.7 |= truncated;
        for m in matches {
            out.0.push(row as u64);
            out.1.push(m.ioc_type);
            out.2.push(m.value);
            out.3.push(m.raw);
            out.4.push(m.start as u64);
            out.5.push(m.end as u64);
            out.6.push(m.defanged);
        }
    }
    out
}

/// Names of the extended (beyond msticpy) IoC types.
#[pyfunction]
fn extended_types() -> Vec<String> {
    extended_table()
        .iter()
        .map(|d| d.ioc_type.clone())
        .collect()
}

/// `(unicode, punycode, scripts, mixed_script, confusable, skeleton, imitates)`.
type IdnTuple = (
    String,
    String,
    Vec<&'static str>,
    bool,
    bool,
    String,
    Option<&'static str>,
);

/// Describe an internationalised domain name (`None` when `name` is not one).
#[pyfunction]
fn idn_info(name: &Bound<'_, PyString>) -> Option<IdnTuple> {
    idn::analyse(&text_arg(name)).map(|i| {
        (
            i.unicode,
            i.punycode,
            i.scripts,
            i.mixed_script,
            i.confusable,
            i.skeleton,
            i.imitates,
        )
    })
}

/// The brand names `idn_info` compares labels with.
#[pyfunction]
fn idn_brands() -> Vec<&'static str> {
    idn::BRANDS.to_vec()
}

/// `DomainValidator.validate_tld`: does the name end in a public suffix?
#[pyfunction]
fn validate_tld(domain: &str) -> bool {
    psl::validate_tld(domain)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PatternRegistry>()?;
    m.add_function(wrap_pyfunction!(validate_tld, m)?)?;
    m.add_function(wrap_pyfunction!(extended_types, m)?)?;
    m.add_function(wrap_pyfunction!(idn_info, m)?)?;
    m.add_function(wrap_pyfunction!(idn_brands, m)?)?;
    Ok(())
}

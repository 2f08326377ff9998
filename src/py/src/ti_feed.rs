//! Bindings for the offline TI feed index (`mstic_core::ti_feed`). Translation only:
//! loads and batch look-ups run with the GIL released; the index sits behind a lock so
//! one object can be shared by threads (look-ups share it, a load takes it alone).
use std::collections::{BTreeMap, HashMap};
use std::sync::RwLock;

use mstic_core::ti_feed::{
    CsvOptions, FeedFormat, FeedIndex, FeedLimits, IocKind, LoadOptions, MispOptions,
};
use mstic_core::Error;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::to_py;

fn poisoned() -> PyErr {
    PyRuntimeError::new_err("feed index lock poisoned by an earlier failure")
}

fn kind(name: Option<&str>) -> PyResult<Option<IocKind>> {
    name.map(|n| {
        IocKind::from_name(n)
            .ok_or_else(|| to_py(Error::UnknownName(format!("unknown IoC type '{n}'"))))
    })
    .transpose()
}

/// Column lists for the matches of a look-up, built without the GIL.
#[derive(Default)]
struct HitColumns {
    query: Vec<usize>,
    feed: Vec<String>,
    value: Vec<String>,
    kind: Vec<&'static str>,
    feed_type: Vec<Option<String>>,
    severity: Vec<Option<String>>,
    score: Vec<Option<f64>>,
    name: Vec<Option<String>>,
    description: Vec<Option<String>>,
    reference: Vec<Option<String>>,
    tags: Vec<Vec<String>>,
    first_seen: Vec<Option<String>>,
    last_seen: Vec<Option<String>>,
    valid_until: Vec<Option<String>>,
}

/// Query kinds, normalised values and match columns of one look-up.
type LookupOutput<'py> = (Vec<Option<&'static str>>, Vec<String>, Bound<'py, PyDict>);

/// An in-memory index of indicator feeds.
#[pyclass(module = "msticpy._native", frozen)]
pub struct TiFeedIndex {
    index: RwLock<FeedIndex>,
}

#[pymethods]
impl TiFeedIndex {
    #[new]
    #[pyo3(signature = (max_file_bytes=None, max_entries=None, max_line_bytes=None,
                        max_json_depth=None, max_field_bytes=None))]
    fn new(
        max_file_bytes: Option<usize>,
        max_entries: Option<usize>,
        max_line_bytes: Option<usize>,
        max_json_depth: Option<usize>,
        max_field_bytes: Option<usize>,
    ) -> Self {
        let d = FeedLimits::DEFAULT;
        let limits = FeedLimits {
            max_file_bytes: max_file_bytes.unwrap_or(d.max_file_bytes),
            max_entries: max_entries.unwrap_or(d.max_entries),
            max_line_bytes: max_line_bytes.unwrap_or(d.max_line_bytes),
            max_json_depth: max_json_depth.unwrap_or(d.max_json_depth),
            max_field_bytes: max_field_bytes.unwrap_or(d.max_field_bytes),
        };
        Self {
            index: RwLock::new(FeedIndex::new(limits)),
        }
    }

    /// Load one feed's bytes; the load report out as JSON text.
    #[pyo3(signature = (data, name, format=None, file_name=None, ioc_type=None, columns=None,
                        delimiter=None, to_ids_only=false, strict=false))]
    #[allow(clippy::too_many_arguments)]
    fn load(
        &self,
        py: Python<'_>,
        data: &[u8],
        name: &str,
        format: Option<&str>,
        file_name: Option<String>,
        ioc_type: Option<&str>,
        columns: Option<HashMap<String, String>>,
        delimiter: Option<char>,
        to_ids_only: bool,
        strict: bool,
    ) -> PyResult<String> {
        let format = match format {
            None => None,
            Some(f) if f.eq_ignore_ascii_case("auto") => None,
            Some(f) => Some(FeedFormat::from_name(f).ok_or_else(|| {
                to_py(Error::InvalidArgument(format!(
                    "unknown feed format '{f}' (expected auto, plain, csv, misp or stix)"
                )))
            })?),
        };
        let options = LoadOptions {
            name: name.to_owned(),
            format,
            file_name,
            default_kind: kind(ioc_type)?,
            csv: CsvOptions {
                columns: columns
                    .unwrap_or_default()
                    .into_iter()
                    .collect::<BTreeMap<_, _>>(),
                delimiter,
            },
            misp: MispOptions { to_ids_only },
            strict,
        };
        py.detach(|| {
            let mut index = self.index.write().map_err(|_| poisoned())?;
            index
                .load(data, &options)
                .map(|r| r.to_json())
                .map_err(to_py)
        })
    }

    /// Remove a feed by name; true when it was loaded.
    fn remove(&self, py: Python<'_>, name: &str) -> PyResult<bool> {
        py.detach(|| {
            Ok(self
                .index
                .write()
                .map_err(|_| poisoned())?
                .remove_feed(name))
        })
    }

    /// Look up many values: per value its kind and normalised form, and the matches
    /// as columns (`query` is the value's position).
    #[pyo3(signature = (values, ioc_type=None))]
    fn lookup<'py>(
        &self,
        py: Python<'py>,
        values: Vec<String>,
        ioc_type: Option<&str>,
    ) -> PyResult<LookupOutput<'py>> {
        let forced = kind(ioc_type)?;
        let (kinds, normalized, cols) = py.detach(|| -> PyResult<_> {
            let index = self.index.read().map_err(|_| poisoned())?;
            let result = index.lookup(&values, forced);
            let mut c = HitColumns::default();
            let feeds = index.feeds();
            for &(query, id) in &result.hits {
                let Some(e) = index.entries().get(id) else {
                    continue;
                };
                c.query.push(query);
                c.feed.push(
                    feeds
                        .get(e.feed as usize)
                        .map(|f| f.name.clone())
                        .unwrap_or_default(),
                );
                c.value.push(e.value.clone());
                c.kind.push(e.kind_or_other().name());
                c.feed_type.push(e.feed_type.clone());
                c.severity.push(e.severity.clone());
                c.score.push(e.score);
                c.name.push(e.name.clone());
                c.description.push(e.description.clone());
                c.reference.push(e.reference.clone());
                c.tags.push(e.tags.clone());
                c.first_seen.push(e.first_seen.clone());
                c.last_seen.push(e.last_seen.clone());
                c.valid_until.push(e.valid_until.clone());
            }
            let kinds = result.kinds.iter().map(|k| k.map(IocKind::name)).collect();
            Ok((kinds, result.normalized, c))
        })?;
        let out = PyDict::new(py);
        out.set_item("query", cols.query)?;
        out.set_item("feed", cols.feed)?;
        out.set_item("value", cols.value)?;
        out.set_item("type", cols.kind)?;
        out.set_item("feed_type", cols.feed_type)?;
        out.set_item("severity", cols.severity)?;
        out.set_item("score", cols.score)?;
        out.set_item("name", cols.name)?;
        out.set_item("description", cols.description)?;
        out.set_item("reference", cols.reference)?;
        out.set_item("tags", cols.tags)?;
        out.set_item("first_seen", cols.first_seen)?;
        out.set_item("last_seen", cols.last_seen)?;
        out.set_item("valid_until", cols.valid_until)?;
        Ok((kinds, normalized, out))
    }

    /// Statistics as JSON text: entries, counts by type, budgets and each feed's report.
    fn stats(&self) -> PyResult<String> {
        Ok(self.index.read().map_err(|_| poisoned())?.stats_json())
    }

    fn __len__(&self) -> PyResult<usize> {
        Ok(self.index.read().map_err(|_| poisoned())?.len())
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<TiFeedIndex>()?;
    Ok(())
}

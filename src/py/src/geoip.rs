//! Bindings for GeoIP look-ups (`mstic_core::geoip`). Translation only: opening a
//! database and batch look-ups run with the GIL released.
use std::path::PathBuf;
use std::sync::Arc;

use mstic_core::geoip::{embedded, Batch, GeoDb};
use pyo3::prelude::*;

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

/// A MaxMind DB, shared by every object that opens the same file in this process.
#[pyclass(module = "msticpy._native", frozen)]
pub struct GeoIpDb {
    db: Arc<GeoDb>,
}

#[pymethods]
impl GeoIpDb {
    #[new]
    fn new(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let db = py.detach(|| GeoDb::open(&path)).map_err(to_py)?;
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

    fn lookup_batch(&self, py: Python<'_>, addresses: Vec<String>) -> BatchOutput {
        py.detach(|| batch_output(self.db.lookup_batch(&addresses)))
    }

    fn lookup_raw(
        &self,
        py: Python<'_>,
        addresses: Vec<String>,
    ) -> (String, Vec<usize>, Vec<(usize, String)>) {
        py.detach(|| self.db.lookup_raw(&addresses))
    }
}

/// Country-level answers from the embedded RIR data.
#[pyfunction]
fn geoip_embedded_batch(py: Python<'_>, addresses: Vec<String>) -> BatchOutput {
    py.detach(|| batch_output(embedded::lookup_batch(&addresses)))
}

/// Raw country records from the embedded RIR data.
#[pyfunction]
fn geoip_embedded_raw(py: Python<'_>, addresses: Vec<String>) -> (String, Vec<usize>) {
    py.detach(|| embedded::lookup_raw(&addresses))
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

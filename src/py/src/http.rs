//! Bindings for the HTTP transport (`mstic_core::http`). Translation only: tuples in,
//! tuples out, the GIL released while the batch runs.
use mstic_core::http::{
    fetch_many_with_progress, group_limits, set_group_limits, Method, Options, Request,
};
use std::sync::{Mutex, PoisonError};

use pyo3::exceptions::PyKeyboardInterrupt;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::errors::to_py;

/// `(url, method, headers, body, group)` as built by `http_transport.py`.
type RequestTuple = (
    String,
    String,
    Vec<(String, String)>,
    Option<Py<PyBytes>>,
    String,
);
/// `(status, body, headers, error, elapsed)`.
type ReplyTuple = (u16, Py<PyBytes>, Vec<(String, String)>, Option<String>, f64);

/// Run a batch of requests concurrently; one reply tuple per request, in order.
#[pyfunction]
#[pyo3(signature = (requests, timeout, max_bytes, retries, secrets, progress=None))]
fn http_fetch_many(
    py: Python<'_>,
    requests: Vec<RequestTuple>,
    timeout: f64,
    max_bytes: usize,
    retries: u32,
    secrets: Vec<String>,
    progress: Option<Py<PyAny>>,
) -> PyResult<Vec<ReplyTuple>> {
    let mut options = Options::with_timeout_secs(timeout).map_err(to_py)?;
    options.max_bytes = max_bytes;
    options.retries = retries;
    options.secrets = secrets;
    let mut batch = Vec::with_capacity(requests.len());
    for (url, method, headers, body, group) in requests {
        let method = Method::parse(&method).map_err(to_py)?;
        let body = body.map(|b| b.as_bytes(py).to_vec());
        batch.push(Request {
            url,
            method,
            headers,
            body,
            group,
        });
    }
    // Progress errors (a closed widget, say) must not abort the batch: they are dropped.
    // A KeyboardInterrupt raised inside the callback is kept and raised once the batch
    // is done, so Ctrl-C is not swallowed.
    let interrupt: Mutex<Option<PyErr>> = Mutex::new(None);
    let callback = progress.map(|func| {
        let interrupt = &interrupt;
        move |done: usize| {
            Python::attach(|py| {
                if let Err(err) = func.call1(py, (done,)) {
                    if err.is_instance_of::<PyKeyboardInterrupt>(py) {
                        let mut slot = interrupt.lock().unwrap_or_else(PoisonError::into_inner);
                        slot.get_or_insert(err);
                    }
                }
            });
        }
    });
    let replies = py
        .detach(|| {
            let progress = callback
                .as_ref()
                .map(|f| f as &(dyn Fn(usize) + Send + Sync));
            fetch_many_with_progress(batch, &options, progress)
        })
        .map_err(to_py)?;
    if let Some(err) = interrupt
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
    {
        return Err(err);
    }
    Ok(replies
        .into_iter()
        .map(|r| {
            (
                r.status,
                PyBytes::new(py, &r.body).unbind(),
                r.headers,
                r.error,
                r.elapsed,
            )
        })
        .collect())
}

/// Set a group's limits; `None` keeps the current value.
#[pyfunction]
#[pyo3(signature = (group, per_minute=None, per_day=None, concurrency=None))]
fn http_set_group_limits(
    group: &str,
    per_minute: Option<f64>,
    per_day: Option<f64>,
    concurrency: Option<usize>,
) -> PyResult<()> {
    set_group_limits(group, per_minute, per_day, concurrency).map_err(to_py)
}

/// A group's current limits: `(per_minute, per_day, concurrency)`.
#[pyfunction]
fn http_group_limits(group: &str) -> (Option<f64>, Option<f64>, usize) {
    let limits = group_limits(group);
    (limits.per_minute, limits.per_day, limits.concurrency)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(http_fetch_many, m)?)?;
    m.add_function(wrap_pyfunction!(http_set_group_limits, m)?)?;
    m.add_function(wrap_pyfunction!(http_group_limits, m)?)?;
    Ok(())
}

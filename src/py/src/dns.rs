//! Bindings for DNS look-ups and name splitting (`mstic_core::dns`). Translation only:
//! strings in, tuples out, the GIL released while queries run.
use std::time::Duration;

use mstic_core::dns::{parse_nameserver, resolve_many, reverse_name, split_domain, ResolveOptions};
use mstic_core::Error;
use pyo3::prelude::*;

use crate::errors::to_py;

/// `(qname, rdtype, rdclass, records, canonical_name, ttl, message, nameserver, port,
/// outcome, error)`.
type AnswerTuple = (
    String,
    String,
    String,
    Vec<String>,
    String,
    u32,
    String,
    Option<String>,
    Option<u16>,
    &'static str,
    String,
);

/// Resolve `names` for `rdtype` records concurrently; one tuple per name, in order.
#[pyfunction]
#[pyo3(signature = (names, rdtype, nameservers, timeout, concurrency))]
fn dns_resolve_many(
    py: Python<'_>,
    names: Vec<String>,
    rdtype: String,
    nameservers: Vec<String>,
    timeout: f64,
    concurrency: usize,
) -> PyResult<Vec<AnswerTuple>> {
    if !(timeout.is_finite() && timeout > 0.0) {
        return Err(to_py(Error::InvalidArgument(format!(
            "timeout must be a positive number of seconds, not {timeout}"
        ))));
    }
    let servers = nameservers
        .iter()
        .map(|s| parse_nameserver(s))
        .collect::<Result<Vec<_>, _>>()
        .map_err(to_py)?;
    let options = ResolveOptions {
        nameservers: servers,
        timeout: Duration::from_secs_f64(timeout.min(86_400.0)),
        concurrency,
    };
    let answers = py
        .detach(|| resolve_many(&names, &rdtype, &options))
        .map_err(to_py)?;
    Ok(answers
        .into_iter()
        .map(|a| {
            (
                a.qname,
                a.rdtype,
                a.rdclass,
                a.records,
                a.canonical_name,
                a.ttl,
                a.message,
                a.nameserver.map(|s| s.ip().to_string()),
                a.nameserver.map(|s| s.port()),
                a.outcome.as_str(),
                a.error,
            )
        })
        .collect())
}

/// The reverse-lookup name of an IP address, or None.
#[pyfunction]
fn dns_reverse_name(ip: &str) -> Option<String> {
    reverse_name(ip)
}

/// `(subdomain, domain, suffix)` of a name or URL.
#[pyfunction]
fn dns_split_domain(name: &str) -> (String, String, String) {
    let parts = split_domain(name);
    (parts.subdomain, parts.domain, parts.suffix)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(dns_resolve_many, m)?)?;
    m.add_function(wrap_pyfunction!(dns_reverse_name, m)?)?;
    m.add_function(wrap_pyfunction!(dns_split_domain, m)?)?;
    Ok(())
}

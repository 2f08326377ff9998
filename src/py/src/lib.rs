//! `msticpy._native`: thin PyO3 bindings over `mstic-core`.
//!
//! Bindings only translate: they extract arguments, release the GIL around core calls
//! and map errors (`errors.rs`). Column conversion lives in `convert.rs`; each capability
//! has one file.
use pyo3::prelude::*;

/// Rust-side allocations (keys, paths, decoded payloads, parsed records) come from
/// mimalloc, which keeps freed pages for reuse: with the system allocator each large
/// buffer of a call was a fresh mapping, and its page faults showed up as a fifth of
/// the process-tree shaping time (`docs/process_tree.md`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod alloc;
mod auditd;
mod b64;
mod cluster;
mod cmdline;
mod config;
mod convert;
mod dns;
mod errors;
mod geoip;
mod http;
mod ioc;
mod outliers;
mod proctree;
mod proctree_keyed;
mod query;
mod syslog;
mod ti_feed;
mod timeline;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    alloc::disable_huge_pages();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    ioc::register(m)?;
    b64::register(m)?;
    cmdline::register(m)?;
    syslog::register(m)?;
    proctree::register(m)?;
    cluster::register(m)?;
    outliers::register(m)?;
    auditd::register(m)?;
    query::register(m)?;
    proctree_keyed::register(m)?;
    timeline::register(m)?;
    config::register(m)?;
    dns::register(m)?;
    http::register(m)?;
    ti_feed::register(m)?;
    geoip::register(m)?;
    Ok(())
}

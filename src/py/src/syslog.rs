//! Bindings for syslog session pairing (`mstic_core::syslog`). Translation only.
use mstic_core::syslog::pair_sessions;
use pyo3::prelude::*;

/// `(opening_index, closing_index)` of each logon session; times are sorted integers.
#[pyfunction]
fn syslog_pair_sessions(
    py: Python<'_>,
    opened: Vec<i64>,
    closed: Vec<i64>,
    latest: i64,
) -> Vec<(usize, usize)> {
    py.detach(|| pair_sessions(&opened, &closed, latest))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(syslog_pair_sessions, m)?)?;
    Ok(())
}

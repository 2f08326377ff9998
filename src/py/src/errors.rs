//! The one place where core errors become Python exceptions.
//!
//! Classes live in `msticpy.common.exceptions` (msticpy's names and hierarchy); they are
//! imported lazily the first time an error is raised, so importing the extension never
//! imports the facade.
use mstic_core::Error;
use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;

pyo3::import_exception!(msticpy.common.exceptions, InvalidPatternError);
pyo3::import_exception!(msticpy.common.exceptions, ConfigFileError);
pyo3::import_exception!(msticpy.common.exceptions, LimitExceededError);
pyo3::import_exception!(msticpy.common.exceptions, QueryDefinitionError);
pyo3::import_exception!(msticpy.common.exceptions, QueryParameterError);

/// Convert a core error into the documented Python exception.
pub fn to_py(err: Error) -> PyErr {
    let message = err.to_string();
    match err {
        Error::InvalidPattern { .. } => InvalidPatternError::new_err(message),
        Error::LimitExceeded { .. } => LimitExceededError::new_err(message),
        Error::InvalidArgument(_) => PyValueError::new_err(message),
        Error::UnknownName(_) => PyKeyError::new_err(message),
        Error::QueryDefinition { .. } => QueryDefinitionError::new_err(message),
        Error::QueryParameter { .. } => QueryParameterError::new_err(message),
        Error::Config { .. } => ConfigFileError::new_err(message),
    }
}

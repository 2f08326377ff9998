//! The core's error type.
//!
//! One enum for every domain, mapped to msticpy's exception classes in exactly one
//! place (`src/py/src/errors.rs`). Bulk-data problems are *not* errors: they become
//! status values in the output. These variants are for bad arguments, patterns and
//! limits hit in strict mode.
use thiserror::Error as ThisError;

/// Result alias used across the core.
pub type Result<T> = std::result::Result<T, Error>;

/// Errors raised by the core.
#[derive(Debug, Clone, PartialEq, Eq, ThisError)]
pub enum Error {
    /// A user-supplied regular expression cannot be compiled or is not supported by the
    /// linear-time engine. Maps to `InvalidPatternError` (a subclass of `re.error`).
    #[error("invalid pattern for {owner}: {reason} (pattern: {pattern:?})")]
    InvalidPattern {
        /// What the pattern is for, e.g. `IoC type 'url'` or `detection rule 3`.
        owner: String,
        /// The pattern text as given (truncated for display by the caller if huge).
        pattern: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A configured budget was exceeded and the caller asked for strict behaviour.
    /// Maps to `LimitExceededError`.
    #[error("limit '{limit}' exceeded: {detail}")]
    LimitExceeded {
        /// The name of the `Limits` field to raise.
        limit: &'static str,
        /// What was being processed when the limit was hit.
        detail: String,
    },
    /// An argument has an invalid value. Maps to `MsticpyUserError` + `ValueError`.
    #[error("{0}")]
    InvalidArgument(String),
    /// A name that is not known (for example an IoC type). Maps to `KeyError`.
    #[error("{0}")]
    UnknownName(String),
    /// A query definition file is malformed. Maps to `QueryDefinitionError`
    /// (`MsticpyUserConfigError` + `ValueError`).
    #[error("{file}: {}key '{key}': {reason}", query.as_ref().map(|q| format!("query '{q}': ")).unwrap_or_default())]
    QueryDefinition {
        /// The file (path or name) being loaded.
        file: String,
        /// The query (source) name, when the problem is inside one.
        query: Option<String>,
        /// The YAML key path, e.g. `sources.list_alerts.args.query`.
        key: String,
        /// What is wrong.
        reason: String,
    },
    /// A query parameter value cannot be substituted safely. Maps to
    /// `QueryParameterError` (`MsticpyUserError` + `ValueError`).
    #[error("parameter '{parameter}': {reason}")]
    QueryParameter {
        /// The parameter name.
        parameter: String,
        /// Why the value was refused.
        reason: String,
    },
    /// A configuration file (msticpyconfig.yaml) cannot be read. Maps to
    /// `MsticpyUserConfigError` + `ValueError`. The message names the file, the line
    /// when known and the key; it never quotes a value, so secrets stay out of it.
    #[error("{file}: {}key '{key}': {reason}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
    Config {
        /// The file (path or name) being loaded.
        file: String,
        /// The 1-based line of the problem, when the parser knows it.
        line: Option<usize>,
        /// The dotted key path nearest the problem, e.g. `TIProviders.OTX.Args`.
        key: String,
        /// What is wrong.
        reason: String,
    },
}

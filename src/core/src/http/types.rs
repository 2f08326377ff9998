//! The plain data that crosses the transport boundary: requests in, replies out.
use std::time::Duration;

use crate::error::{Error, Result};

/// The HTTP methods the providers use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
}

impl Method {
    /// Parse a method name (case-insensitive); anything but GET or POST is refused.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the method.
    pub fn parse(name: &str) -> Result<Self> {
        match name.to_ascii_uppercase().as_str() {
            "GET" => Ok(Self::Get),
            "POST" => Ok(Self::Post),
            _ => Err(Error::InvalidArgument(format!(
                "HTTP method must be GET or POST, not {name:?}"
            ))),
        }
    }
}

/// One request of a batch.
#[derive(Debug, Clone)]
pub struct Request {
    /// The absolute `http://` or `https://` URL.
    pub url: String,
    /// GET or POST.
    pub method: Method,
    /// Header name/value pairs, sent in order.
    pub headers: Vec<(String, String)>,
    /// The request body (POST), if any.
    pub body: Option<Vec<u8>>,
    /// The rate-limit / concurrency group (see [`super::set_group_limits`]).
    pub group: String,
}

/// The outcome of one request; never an error value, so a batch always completes.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The HTTP status of the last attempt; 0 when no HTTP reply arrived.
    pub status: u16,
    /// The body, at most `max_bytes` long.
    pub body: Vec<u8>,
    /// Response headers, names lower-cased, repeated fields joined with `", "`.
    pub headers: Vec<(String, String)>,
    /// `None` for a complete reply; otherwise why it is not (secrets scrubbed).
    pub error: Option<String>,
    /// Wall time from the start of the first attempt to the end, in seconds.
    pub elapsed: f64,
}

/// Settings for one [`super::fetch_many`] call.
#[derive(Debug, Clone)]
pub struct Options {
    /// The total deadline of each request, retries and waits for quota included.
    pub timeout: Duration,
    /// The largest body kept; longer bodies are cut here and flagged in `error`.
    pub max_bytes: usize,
    /// How many times a retryable failure is tried again.
    pub retries: u32,
    /// Strings (API keys, tokens) replaced by `[REDACTED]` in every error text.
    pub secrets: Vec<String>,
    /// The first back-off delay; each later one doubles (unless `Retry-After` says).
    pub backoff_base: Duration,
}

impl Options {
    /// Options with the given deadline and the documented defaults otherwise.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the deadline is not a positive finite number.
    pub fn with_timeout_secs(timeout: f64) -> Result<Self> {
        if !timeout.is_finite() || timeout <= 0.0 || timeout > 1.0e7 {
            return Err(Error::InvalidArgument(format!(
                "timeout must be a positive number of seconds, not {timeout}"
            )));
        }
        Ok(Self {
            timeout: Duration::from_secs_f64(timeout),
            max_bytes: 32 * 1024 * 1024,
            retries: 3,
            secrets: Vec::new(),
            backoff_base: Duration::from_millis(250),
        })
    }
}

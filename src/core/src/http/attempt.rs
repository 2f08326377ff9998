//! One attempt of one request: send it, then read the body in chunks up to the cap.
use std::error::Error as StdError;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use tokio::time::{timeout_at, Instant};

use super::retry::parse_retry_after;
use super::types::{Method, Request};

/// What an attempt produced.
pub(crate) enum Attempt {
    /// The server answered with a status line and headers (the body may be partial).
    Answered {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        error: Option<String>,
        retry_after: Option<Duration>,
    },
    /// No HTTP reply; `retryable` is set for connection failures.
    Failed { error: String, retryable: bool },
}

/// Send `request` once and read its reply, giving up at `deadline`.
pub(crate) async fn attempt(
    client: &reqwest::Client,
    request: &Request,
    deadline: Instant,
    timeout: Duration,
    max_bytes: usize,
) -> Attempt {
    let builder = match build(client, request) {
        Ok(builder) => builder,
        Err(error) => {
            return Attempt::Failed {
                error,
                retryable: false,
            }
        }
    };
    let mut response = match timeout_at(deadline, builder.send()).await {
        Err(_) => {
            return Attempt::Failed {
                error: format!("no reply within the deadline of {}", secs(timeout)),
                retryable: false,
            }
        }
        Ok(Err(err)) => {
            let retryable = err.is_connect();
            return Attempt::Failed {
                error: describe(err),
                retryable,
            };
        }
        Ok(Ok(response)) => response,
    };
    let status = response.status().as_u16();
    let headers = flatten(response.headers());
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| parse_retry_after(value, SystemTime::now()));
    // Reserving the announced length (never more than the cap, a budget the caller set)
    // avoids the doubling reallocations that tripled peak memory on large bodies.
    let announced = response.content_length().unwrap_or(0);
    let reserve = usize::try_from(announced)
        .unwrap_or(usize::MAX)
        .min(max_bytes);
    let mut body: Vec<u8> = Vec::with_capacity(reserve);
    let mut error = None;
    loop {
        match timeout_at(deadline, response.chunk()).await {
            Err(_) => {
                error = Some(format!(
                    "body incomplete: the deadline of {} passed after {} bytes",
                    secs(timeout),
                    body.len()
                ));
                break;
            }
            Ok(Err(err)) => {
                error = Some(format!(
                    "body incomplete after {} bytes: {}",
                    body.len(),
                    describe(err)
                ));
                break;
            }
            Ok(Ok(None)) => break,
            Ok(Ok(Some(chunk))) => {
                let room = max_bytes.saturating_sub(body.len());
                if chunk.len() > room {
                    body.extend_from_slice(chunk.get(..room).unwrap_or_default());
                    error = Some(format!(
                        "body larger than max_bytes ({max_bytes}); cut at {max_bytes} bytes"
                    ));
                    break;
                }
                body.extend_from_slice(&chunk);
            }
        }
    }
    Attempt::Answered {
        status,
        headers,
        body,
        error,
        retry_after,
    }
}

/// Build the reqwest request, refusing bad URLs and headers without quoting values.
fn build(client: &reqwest::Client, request: &Request) -> Result<reqwest::RequestBuilder, String> {
    let url = reqwest::Url::parse(&request.url).map_err(|err| format!("invalid URL: {err}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "unsupported URL scheme {:?}: use http or https",
            url.scheme()
        ));
    }
    let mut headers = HeaderMap::new();
    for (name, value) in &request.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("invalid header name {name:?}"))?;
        // The value may be an API key: name the header, never quote the value.
        let value = HeaderValue::from_str(value)
            .map_err(|_| format!("invalid value for header {name:?}"))?;
        headers.append(name, value);
    }
    let method = match request.method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
    };
    let mut builder = client.request(method, url).headers(headers);
    if let Some(body) = &request.body {
        builder = builder.body(body.clone());
    }
    Ok(builder)
}

/// Lower-cased names; repeated fields joined with `", "` (RFC 9110 §5.3); values that are
/// not UTF-8 are decoded lossily.
fn flatten(headers: &HeaderMap) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (name, value) in headers {
        let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
        if let Some(entry) = out
            .iter_mut()
            .find(|(existing, _)| existing == name.as_str())
        {
            entry.1.push_str(", ");
            entry.1.push_str(&text);
        } else {
            out.push((name.as_str().to_owned(), text));
        }
    }
    out
}

/// The error and its causes, without the URL (it may carry an API key).
fn describe(err: reqwest::Error) -> String {
    let err = err.without_url();
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

fn secs(duration: Duration) -> String {
    format!("{:.3} s", duration.as_secs_f64())
}

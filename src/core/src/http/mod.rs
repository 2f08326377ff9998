//! Concurrent, rate-limited HTTP fan-out for the threat-intelligence providers.
//!
//! msticpy 3.0.2 sends provider look-ups one at a time through `httpx` (optionally from
//! an asyncio loop). Here a whole batch goes to [`fetch_many`], which runs the requests
//! concurrently on a process-wide tokio runtime while honouring, per *group* (usually a
//! provider name), a concurrency limit and per-minute / per-day quotas that hold across
//! calls. Every request has one total deadline covering its retries; bodies are capped;
//! secrets are scrubbed from every error text; nothing here panics on network data.
//!
//! Deliberate differences from msticpy (see `docs/http_transport.md`): retries with
//! back-off on connection errors, 429, 502, 503 and 504 (msticpy does not retry), a
//! response-size cap, and quotas enforced on the client side.

mod attempt;
mod fetch;
mod groups;
mod redact;
mod retry;
mod runtime;
mod types;

pub use fetch::{fetch_many, fetch_many_with_progress};
pub use groups::{group_limits, set_group_limits, GroupLimits, DEFAULT_CONCURRENCY};
pub use redact::redact;
pub use retry::{backoff_delay, is_retryable_status, parse_retry_after};
pub use types::{Method, Options, Reply, Request};

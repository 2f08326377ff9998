//! The batch entry point: concurrent requests, each with retries inside one deadline.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::Clock;
use governor::DefaultDirectRateLimiter;
use tokio::task::JoinSet;
use tokio::time::{sleep, timeout_at, Instant};

use super::attempt::{attempt, Attempt};
use super::groups::{group, Group};
use super::redact::redact;
use super::retry::{backoff_delay, is_retryable_status};
use super::runtime::engine;
use super::types::{Options, Reply, Request};
use crate::error::{Error, Result};

/// Called on the calling thread with the number of requests finished so far.
pub type Progress<'a> = &'a (dyn Fn(usize) + Send + Sync);

/// Run `requests` concurrently and return one [`Reply`] per request, in input order.
///
/// # Errors
/// [`Error::InvalidArgument`] when called from inside a tokio runtime or when the
/// runtime cannot start; per-request failures are replies, never errors.
pub fn fetch_many(requests: Vec<Request>, options: &Options) -> Result<Vec<Reply>> {
    fetch_many_with_progress(requests, options, None)
}

/// [`fetch_many`] with a progress callback.
///
/// # Errors
/// As [`fetch_many`].
pub fn fetch_many_with_progress(
    requests: Vec<Request>,
    options: &Options,
    progress: Option<Progress<'_>>,
) -> Result<Vec<Reply>> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::InvalidArgument(
            "fetch_many blocks and cannot be called from inside a tokio runtime".to_owned(),
        ));
    }
    if requests.is_empty() {
        return Ok(Vec::new());
    }
    let engine = engine()?;
    let options = Arc::new(options.clone());
    let total = requests.len();
    engine.runtime.block_on(async {
        let mut tasks = JoinSet::new();
        let mut index_of = HashMap::with_capacity(total);
        for (index, request) in requests.into_iter().enumerate() {
            let client = engine.client.clone();
            let options = Arc::clone(&options);
            let handle = tasks.spawn(async move { fetch_one(&client, &request, &options).await });
            index_of.insert(handle.id(), index);
        }
        let mut replies: Vec<Option<Reply>> = vec![None; total];
        let mut done = 0usize;
        while let Some(joined) = tasks.join_next_with_id().await {
            let (id, reply) = match joined {
                Ok((id, reply)) => (id, reply),
                Err(err) => (
                    err.id(),
                    failed("internal error: the request task failed".to_owned(), 0.0),
                ),
            };
            if let Some(slot) = index_of.get(&id).and_then(|&index| replies.get_mut(index)) {
                *slot = Some(reply);
            }
            done += 1;
            if let Some(callback) = progress {
                callback(done);
            }
        }
        Ok(replies
            .into_iter()
            .map(|reply| {
                reply.unwrap_or_else(|| failed("internal error: no reply recorded".to_owned(), 0.0))
            })
            .collect())
    })
}

/// One request: wait for a slot and the quota, try, and retry while the deadline allows.
async fn fetch_one(client: &reqwest::Client, request: &Request, options: &Options) -> Reply {
    let start = Instant::now();
    let deadline = start + options.timeout;
    let elapsed = || start.elapsed().as_secs_f64();
    let scrub = |text: String| redact(&text, &options.secrets);
    let live = group(&request.group);
    let mut tries: u32 = 0;
    loop {
        let permit = match timeout_at(deadline, Arc::clone(&live.slots).acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            Ok(Err(_)) => {
                return failed(
                    "internal error: concurrency limiter closed".to_owned(),
                    elapsed(),
                )
            }
            Err(_) => {
                let text = format!(
                    "deadline of {:.3} s passed waiting for a free slot in group {:?}",
                    options.timeout.as_secs_f64(),
                    request.group
                );
                return failed(scrub(text), elapsed());
            }
        };
        if let Err(text) = wait_for_quota(&live, &request.group, deadline).await {
            return failed(scrub(text), elapsed());
        }
        let outcome = attempt(
            client,
            request,
            deadline,
            options.timeout,
            options.max_bytes,
        )
        .await;
        drop(permit);
        let (retry, wait) = match &outcome {
            Attempt::Answered {
                status,
                retry_after,
                ..
            } => (
                is_retryable_status(*status),
                retry_after.unwrap_or_else(|| backoff_delay(options.backoff_base, tries)),
            ),
            Attempt::Failed { retryable, .. } => {
                (*retryable, backoff_delay(options.backoff_base, tries))
            }
        };
        // A wait that would pass the deadline is not made: the last outcome stands.
        let in_time = Instant::now() + wait < deadline;
        if retry && tries < options.retries && in_time {
            tries += 1;
            sleep(wait).await;
            continue;
        }
        return match outcome {
            Attempt::Answered {
                status,
                headers,
                body,
                error,
                ..
            } => Reply {
                status,
                body,
                headers,
                error: error.map(scrub),
                elapsed: elapsed(),
            },
            Attempt::Failed { error, .. } => {
                let note = if tries > 0 {
                    format!(" (after {} attempts)", tries + 1)
                } else {
                    String::new()
                };
                failed(scrub(format!("{error}{note}")), elapsed())
            }
        };
    }
}

/// Take one token from each quota of the group, sleeping while none is free; give up
/// at once when the next token comes after the deadline.
async fn wait_for_quota(
    live: &Group,
    name: &str,
    deadline: Instant,
) -> std::result::Result<(), String> {
    let quotas: [(&str, Option<&Arc<DefaultDirectRateLimiter>>); 2] = [
        ("per-minute", live.per_minute.as_ref()),
        ("per-day", live.per_day.as_ref()),
    ];
    for (label, limiter) in quotas {
        let Some(limiter) = limiter else { continue };
        loop {
            let wait = match limiter.check() {
                Ok(()) => break,
                Err(not_until) => not_until.wait_time_from(limiter.clock().now()),
            };
            if Instant::now() + wait >= deadline {
                return Err(format!(
                    "the {label} quota of group {name:?} allows no request before the deadline \
                     (next in {:.1} s)",
                    wait.as_secs_f64()
                ));
            }
            // A zero wait would spin; governor's clock can report one at the boundary.
            sleep(wait.max(Duration::from_millis(1))).await;
        }
    }
    Ok(())
}

fn failed(error: String, elapsed: f64) -> Reply {
    Reply {
        status: 0,
        body: Vec::new(),
        headers: Vec::new(),
        error: Some(error),
        elapsed,
    }
}

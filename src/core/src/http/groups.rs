//! Per-group concurrency limits and quotas, shared by every call in the process.
//!
//! A group is usually one TI provider. Its quota must hold across calls (a notebook runs
//! many look-ups against one daily allowance), so the registry is a process-wide static.
//! Governor limiters are plain atomics and stay valid in a forked child (which thus
//! inherits the quota already used); semaphores may be held by parent threads that do
//! not exist in the child, so they are rebuilt when the process id changes.
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::sync::Semaphore;

use crate::error::{Error, Result};

/// Concurrent requests per group unless [`set_group_limits`] says otherwise.
pub const DEFAULT_CONCURRENCY: usize = 16;

/// The limits of one group, as set by the caller.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupLimits {
    /// Requests per minute, spaced evenly (no burst), if limited.
    pub per_minute: Option<f64>,
    /// Requests per day, as a bucket holding a day's allowance that refills evenly.
    pub per_day: Option<f64>,
    /// Requests in flight at once.
    pub concurrency: usize,
}

impl Default for GroupLimits {
    fn default() -> Self {
        Self {
            per_minute: None,
            per_day: None,
            concurrency: DEFAULT_CONCURRENCY,
        }
    }
}

/// The live state of one group.
pub(crate) struct Group {
    pub(crate) limits: GroupLimits,
    pub(crate) per_minute: Option<Arc<DefaultDirectRateLimiter>>,
    pub(crate) per_day: Option<Arc<DefaultDirectRateLimiter>>,
    pub(crate) slots: Arc<Semaphore>,
}

struct Registry {
    pid: u32,
    groups: HashMap<String, Arc<Group>>,
}

static REGISTRY: Mutex<Option<Registry>> = Mutex::new(None);

/// Set the limits of `group`; `None` keeps the current value. Persists in the process.
///
/// Changing a quota starts it afresh; changing only the concurrency keeps the quota
/// state already used.
///
/// # Errors
/// [`Error::InvalidArgument`] when a rate is not a positive finite number or the
/// concurrency is zero.
pub fn set_group_limits(
    group: &str,
    per_minute: Option<f64>,
    per_day: Option<f64>,
    concurrency: Option<usize>,
) -> Result<()> {
    let minute_quota = per_minute
        .map(|rate| quota_for("per_minute", rate, 60.0, false))
        .transpose()?;
    let day_quota = per_day
        .map(|rate| quota_for("per_day", rate, 86_400.0, true))
        .transpose()?;
    if concurrency == Some(0) {
        return Err(Error::InvalidArgument(
            "concurrency must be at least 1".to_owned(),
        ));
    }
    with_registry(|registry| {
        let old = registry.groups.get(group).cloned();
        let mut limits = old.as_ref().map(|g| g.limits).unwrap_or_default();
        let mut minute = old.as_ref().and_then(|g| g.per_minute.clone());
        let mut day = old.as_ref().and_then(|g| g.per_day.clone());
        if let (Some(rate), Some(quota)) = (per_minute, minute_quota) {
            limits.per_minute = Some(rate);
            minute = Some(Arc::new(RateLimiter::direct(quota)));
        }
        if let (Some(rate), Some(quota)) = (per_day, day_quota) {
            limits.per_day = Some(rate);
            day = Some(Arc::new(RateLimiter::direct(quota)));
        }
        let slots = match (concurrency, old.as_ref()) {
            (Some(n), _) => {
                limits.concurrency = n;
                Arc::new(Semaphore::new(n.min(Semaphore::MAX_PERMITS)))
            }
            (None, Some(g)) => Arc::clone(&g.slots),
            (None, None) => Arc::new(Semaphore::new(limits.concurrency)),
        };
        let entry = Group {
            limits,
            per_minute: minute,
            per_day: day,
            slots,
        };
        registry.groups.insert(group.to_owned(), Arc::new(entry));
    });
    Ok(())
}

/// The current limits of `group` (the defaults if it was never set).
#[must_use]
pub fn group_limits(group: &str) -> GroupLimits {
    with_registry(|registry| {
        registry
            .groups
            .get(group)
            .map(|g| g.limits)
            .unwrap_or_default()
    })
}

/// The live state of `group`, created with default limits on first use.
pub(crate) fn group(name: &str) -> Arc<Group> {
    with_registry(|registry| {
        Arc::clone(registry.groups.entry(name.to_owned()).or_insert_with(|| {
            Arc::new(Group {
                limits: GroupLimits::default(),
                per_minute: None,
                per_day: None,
                slots: Arc::new(Semaphore::new(DEFAULT_CONCURRENCY)),
            })
        }))
    })
}

fn with_registry<T>(f: impl FnOnce(&mut Registry) -> T) -> T {
    // A panic while holding the lock cannot leave the map inconsistent (each update is a
    // single insert), so a poisoned lock is still usable.
    let mut guard = REGISTRY.lock().unwrap_or_else(PoisonError::into_inner);
    let pid = std::process::id();
    let registry = guard.get_or_insert_with(|| Registry {
        pid,
        groups: HashMap::new(),
    });
    if registry.pid != pid {
        // Forked: permits held by the parent's threads would never come back.
        for entry in registry.groups.values_mut() {
            let fresh = Group {
                limits: entry.limits,
                per_minute: entry.per_minute.clone(),
                per_day: entry.per_day.clone(),
                slots: Arc::new(Semaphore::new(
                    entry.limits.concurrency.min(Semaphore::MAX_PERMITS),
                )),
            };
            *entry = Arc::new(fresh);
        }
        registry.pid = pid;
    }
    f(registry)
}

/// A governor quota of `rate` requests per `window_secs`.
///
/// Minute quotas space requests evenly with no burst, so no sliding minute ever sees
/// more than the rate; day quotas allow the whole allowance at once (services reset
/// them per calendar day) and refill evenly.
fn quota_for(name: &str, rate: f64, window_secs: f64, burst: bool) -> Result<Quota> {
    if !rate.is_finite() || rate <= 0.0 {
        return Err(Error::InvalidArgument(format!(
            "{name} must be a positive number, not {rate}"
        )));
    }
    let period = Duration::try_from_secs_f64(window_secs / rate)
        .ok()
        .filter(|p| !p.is_zero())
        .ok_or_else(|| Error::InvalidArgument(format!("{name} {rate} is out of range")))?;
    let quota = Quota::with_period(period)
        .ok_or_else(|| Error::InvalidArgument(format!("{name} {rate} is out of range")))?;
    if !burst {
        return Ok(quota);
    }
    // Saturating float-to-int: rates above u32::MAX become u32::MAX.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let size = rate.floor().max(1.0) as u32;
    Ok(quota.allow_burst(NonZeroU32::new(size).unwrap_or(NonZeroU32::MIN)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_limits() {
        assert!(set_group_limits("t-bad", Some(0.0), None, None).is_err());
        assert!(set_group_limits("t-bad", Some(f64::NAN), None, None).is_err());
        assert!(set_group_limits("t-bad", None, Some(-1.0), None).is_err());
        assert!(set_group_limits("t-bad", None, None, Some(0)).is_err());
        assert!(set_group_limits("t-bad", Some(1e300), None, None).is_err());
    }

    #[test]
    fn keeps_unset_values() {
        set_group_limits("t-keep", Some(30.0), None, Some(3)).ok();
        set_group_limits("t-keep", None, Some(500.0), None).ok();
        let limits = group_limits("t-keep");
        assert_eq!(limits.per_minute, Some(30.0));
        assert_eq!(limits.per_day, Some(500.0));
        assert_eq!(limits.concurrency, 3);
        assert_eq!(group_limits("t-never-set"), GroupLimits::default());
    }

    #[test]
    fn minute_quota_has_no_burst() {
        set_group_limits("t-quota", Some(60.0), None, None).ok();
        let live = group("t-quota");
        let limiter = live.per_minute.clone();
        assert!(limiter.as_ref().is_some_and(|l| l.check().is_ok()));
        assert!(limiter.as_ref().is_some_and(|l| l.check().is_err()));
    }
}

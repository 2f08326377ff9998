//! When to retry and how long to wait.
use std::time::{Duration, SystemTime};

/// The longest back-off between two attempts when the server gives no `Retry-After`.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Statuses worth another attempt: rate limited or a gateway/server that is briefly
/// unavailable. Other statuses are answers and are returned as they are.
#[must_use]
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// Parse a `Retry-After` value: delta seconds or an HTTP date (RFC 9110 §10.2.3).
///
/// A date in the past means "now" (zero); unparseable values give `None`.
#[must_use]
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if let Ok(seconds) = value.parse::<f64>() {
        if (0.0..1.0e9).contains(&seconds) {
            return Some(Duration::from_secs_f64(seconds));
        }
        return None;
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The exponential back-off before retry number `attempt` (0-based): `base * 2^attempt`,
/// capped at 30 seconds.
#[must_use]
pub fn backoff_delay(base: Duration, attempt: u32) -> Duration {
    let factor = 2u32.saturating_pow(attempt.min(16));
    base.saturating_mul(factor).min(MAX_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("1.5", now),
            Some(Duration::from_millis(1500))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(120));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(120))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(120));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let base = Duration::from_millis(250);
        assert_eq!(backoff_delay(base, 0), base);
        assert_eq!(backoff_delay(base, 2), Duration::from_secs(1));
        assert_eq!(backoff_delay(base, 40), MAX_BACKOFF);
        assert!(is_retryable_status(429) && is_retryable_status(504));
        assert!(!is_retryable_status(500) && !is_retryable_status(404));
    }
}

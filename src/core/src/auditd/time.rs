//! `TimeGenerated` from the time key: `datetime.fromtimestamp(float(key), tz=utc)`, as
//! nanoseconds since the epoch. Python rounds the fraction to microseconds half-to-even
//! from the double's `modf` parts; this reproduces that step for step. Keys that are not
//! numbers, are not finite, or fall outside pandas' nanosecond range give `None` (NaT).
use super::pytext::py_float;

/// The latest instant pandas' `datetime64[ns]` holds (2262-04-11), in seconds.
const MAX_SECONDS: f64 = 9_223_372_036.0;

/// Nanoseconds since the epoch for a time key, `None` when unusable.
pub fn key_to_ns(key: &str) -> Option<i64> {
    let value = py_float(key)?;
    seconds_to_ns(value)
}

/// Nanoseconds for a float epoch value (microsecond precision, half-to-even).
pub fn seconds_to_ns(value: f64) -> Option<i64> {
    if !value.is_finite() || value.abs() >= MAX_SECONDS {
        return None;
    }
    let mut whole = value.trunc();
    let mut micros = round_half_even((value - whole) * 1e6);
    if micros >= 1e6 {
        micros -= 1e6;
        whole += 1.0;
    } else if micros < 0.0 {
        micros += 1e6;
        whole -= 1.0;
    }
    // Both parts are small integers held exactly in f64.
    #[allow(clippy::cast_possible_truncation)]
    let (whole, micros) = (whole as i64, micros as i64);
    whole.checked_mul(1_000_000_000)?.checked_add(micros * 1000)
}

/// CPython's `_PyTime_Round` in half-even mode.
fn round_half_even(x: f64) -> f64 {
    let rounded = x.round();
    if (x - rounded).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        rounded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_python_fromtimestamp() {
        // Values checked against CPython 3.11 `datetime.fromtimestamp(x, tz=utc)`.
        assert_eq!(key_to_ns("1551485405.594"), Some(1_551_485_405_594_000_000));
        assert_eq!(key_to_ns("1700000000.123"), Some(1_700_000_000_123_000_000));
        assert_eq!(key_to_ns("0.0000005"), Some(0));
        assert_eq!(key_to_ns("0.0000015"), Some(2000));
        assert_eq!(key_to_ns("-1.5"), Some(-1_500_000_000));
        assert_eq!(key_to_ns("12"), Some(12_000_000_000));
        for bad in ["", "abc", "inf", "nan", "1e300", "1_0"] {
            assert_eq!(key_to_ns(bad), None, "{bad}");
        }
    }
}

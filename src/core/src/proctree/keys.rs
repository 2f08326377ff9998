//! Process keys: `name|pid|timestamp`, the identity msticpy gives every tree node.
//!
//! msticpy 3.0.2 builds `proc_key` and `parent_key` as
//! `lower(process path) + "|" + str(pid) + "|" + time.round("10us").strftime("%Y-%m-%d %H:%M:%S.%f")`.
//! The time is the wall-clock time of the column's time zone (UTC for naive input, which
//! msticpy localises to UTC), so callers pass wall-clock nanoseconds here. Rounding is
//! pandas' `round`: to the nearest 10 µs, ties to even.

use crate::civil_date::civil_from_days;

/// Nanoseconds in the 10 µs rounding unit.
const ROUND_UNIT_NS: i64 = 10_000;

/// Round nanoseconds to the nearest 10 µs, ties to the even multiple (pandas `round`).
pub fn round_10us(ns: i64) -> i64 {
    let quotient = ns.div_euclid(ROUND_UNIT_NS);
    let remainder = ns.rem_euclid(ROUND_UNIT_NS);
    let twice = remainder * 2;
    let up = twice > ROUND_UNIT_NS || (twice == ROUND_UNIT_NS && quotient % 2 != 0);
    let rounded_quotient = if up { quotient + 1 } else { quotient };
    rounded_quotient.saturating_mul(ROUND_UNIT_NS)
}

/// `"%Y-%m-%d "` of a day number since the epoch.
fn day_prefix(days: i64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02} ")
}

/// Write `value` as exactly `N` decimal digits (`value` < 10^N).
fn write_digits<const N: usize>(out: &mut [u8], value: i64) {
    let mut rest = value;
    for slot in out[..N].iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
}

/// Formats many key times, reusing the date text of the previous day (events come
/// mostly sorted, so consecutive times usually share it); the clock part is written
/// digit by digit.
#[derive(Default)]
pub struct KeyTimeFormatter {
    last_day: Option<(i64, String)>,
}

impl KeyTimeFormatter {
    /// `strftime("%Y-%m-%d %H:%M:%S.%f")` of wall-clock nanoseconds rounded to 10 µs.
    pub fn format(&mut self, wall_ns: i64) -> String {
        let mut out = String::with_capacity(26);
        self.write(&mut out, wall_ns);
        out
    }

    /// Append `format(wall_ns)` to `out` (no allocation when the day is cached).
    pub fn write(&mut self, out: &mut String, wall_ns: i64) {
        let ns = round_10us(wall_ns);
        let secs = ns.div_euclid(1_000_000_000);
        let micros = ns.rem_euclid(1_000_000_000) / 1_000;
        let days = secs.div_euclid(86_400);
        let sod = secs.rem_euclid(86_400);
        let prefix = match &self.last_day {
            Some((cached, text)) if *cached == days => text,
            _ => &self.last_day.insert((days, day_prefix(days))).1,
        };
        out.push_str(prefix);
        // "HH:MM:SS.ffffff"
        let mut clock = *b"00:00:00.000000";
        write_digits::<2>(&mut clock[0..2], sod / 3600);
        write_digits::<2>(&mut clock[3..5], (sod % 3600) / 60);
        write_digits::<2>(&mut clock[6..8], sod % 60);
        write_digits::<6>(&mut clock[9..15], micros);
        out.push_str(std::str::from_utf8(&clock).unwrap_or_default());
    }
}

/// `strftime("%Y-%m-%d %H:%M:%S.%f")` of wall-clock nanoseconds after rounding to 10 µs.
pub fn format_key_time(wall_ns: i64) -> String {
    KeyTimeFormatter::default().format(wall_ns)
}

/// A key from its parts; `None` when the name or the time is missing (pandas gives NaN).
pub fn make_key(name_lc: Option<&str>, pid: Option<&str>, time: Option<&str>) -> Option<String> {
    let name = name_lc?;
    let time = time?;
    // A missing PID is rendered the way `astype(str)` renders NaN.
    let pid = pid.unwrap_or("nan");
    let mut key = String::with_capacity(name.len() + pid.len() + time.len() + 2);
    key.push_str(name);
    key.push('|');
    key.push_str(pid);
    key.push('|');
    key.push_str(time);
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_to_even_like_pandas() {
        assert_eq!(round_10us(15_000), 20_000);
        assert_eq!(round_10us(25_000), 20_000);
        assert_eq!(round_10us(25_001), 30_000);
        assert_eq!(round_10us(4_999), 0);
        assert_eq!(round_10us(-5_000), 0);
        assert_eq!(round_10us(-15_000), -20_000);
    }

    #[test]
    fn formats_like_strftime() {
        assert_eq!(format_key_time(0), "1970-01-01 00:00:00.000000");
        // 2024-03-01 08:00:55.840719 rounds to .840720
        let ns = 1_709_280_055_840_719_000;
        assert_eq!(format_key_time(ns), "2024-03-01 08:00:55.840720");
        assert_eq!(
            format_key_time(-1_000_000_000),
            "1969-12-31 23:59:59.000000"
        );
        assert_eq!(
            format_key_time(951_782_400_000_000_000),
            "2000-02-29 00:00:00.000000"
        );
        assert_eq!(
            format_key_time(86_399_999_994_000),
            "1970-01-01 23:59:59.999990"
        );
        assert_eq!(
            format_key_time(86_399_999_996_000),
            "1970-01-02 00:00:00.000000"
        );
        // The cached day is replaced when times go back and forth.
        let mut formatter = KeyTimeFormatter::default();
        for (ns, text) in [
            (0, "1970-01-01 00:00:00.000000"),
            (86_400_000_000_000 + 1_000_000, "1970-01-02 00:00:00.001000"),
            (3_723_000_000_000, "1970-01-01 01:02:03.000000"),
        ] {
            assert_eq!(formatter.format(ns), text);
        }
    }

    #[test]
    fn keys_need_name_and_time() {
        assert_eq!(
            make_key(Some("a.exe"), Some("0x1"), Some("t")).as_deref(),
            Some("a.exe|0x1|t")
        );
        assert_eq!(make_key(None, Some("1"), Some("t")), None);
        assert_eq!(
            make_key(Some("a"), None, Some("t")).as_deref(),
            Some("a|nan|t")
        );
        assert_eq!(make_key(Some("a"), Some("1"), None), None);
    }
}

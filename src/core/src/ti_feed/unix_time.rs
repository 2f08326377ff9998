//! Unix timestamps (MISP's `timestamp`, `first_seen`) as ISO 8601 UTC text.

use crate::civil_date::civil_from_days;

/// `seconds` since 1970 as `YYYY-MM-DDTHH:MM:SSZ`; `None` outside years 0..=9999.
pub fn iso_from_unix(seconds: i64) -> Option<String> {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    if !(0..=9999).contains(&year) {
        return None;
    }
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    ))
}

#[cfg(test)]
mod tests {
    use super::iso_from_unix;

    #[test]
    fn converts_timestamps() {
        assert_eq!(iso_from_unix(0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            iso_from_unix(1_700_000_000).as_deref(),
            Some("2023-11-14T22:13:20Z")
        );
        assert_eq!(
            iso_from_unix(951_782_400).as_deref(),
            Some("2000-02-29T00:00:00Z")
        );
        assert_eq!(iso_from_unix(i64::MAX), None);
        assert_eq!(iso_from_unix(i64::MIN), None);
    }
}

//! Relative dates for `datetime` query parameters: `-3d`, `+1w`, `-2h@h`, `-1d@d`.
//!
//! Reproduces msticpy's `QuerySource._calc_timeoffset`: an optional sign, a number and
//! a unit (`y`, `mon`, `w`, `d` (default), `h`, `m` minutes, `s`), added to the current
//! UTC time; `@unit` truncates the result to that unit (dropping sub-seconds and the
//! time zone), and unless the offset is negative one more unit is then added. Text that
//! does not start with a number means "now".
//!
//! Deliberate fixes (`docs/data_queries.md`): msticpy's pattern can never select `mon`
//! (its `m` alternative wins, so `-1mon` meant one minute); here `mon` is months.
//! Rounding to `@y` or `@mon` raised `ValueError` in msticpy (it zeroed the month and
//! day); here it truncates to the first day of the year or month.
use crate::{Error, Result};

const MICROS_PER_SECOND: i64 = 1_000_000;

/// Offset units, coarsest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Calendar years.
    Year,
    /// Calendar months.
    Month,
    /// Weeks.
    Week,
    /// Days.
    Day,
    /// Hours.
    Hour,
    /// Minutes.
    Minute,
    /// Seconds.
    Second,
}

/// A date expressed as an offset from now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offset {
    /// Signed amount of `unit` (zero when the text holds no number).
    pub amount: i64,
    /// The unit of `amount`.
    pub unit: Unit,
    /// `Some(unit)` when `@unit` was given (`None` inside: an unknown rounding unit).
    pub rounding: Option<Option<Unit>>,
    /// True when the whole spec starts with `-` (round down instead of up).
    pub round_down: bool,
}

/// A computed time: UTC microseconds since the epoch, and whether it keeps its time
/// zone (rounded results are naive, as in msticpy).
pub type OffsetTime = (i64, bool);

fn unit_prefix(text: &str) -> (Unit, usize) {
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("mon") {
        return (Unit::Month, 3);
    }
    match lower.chars().next() {
        Some('y') => (Unit::Year, 1),
        Some('w') => (Unit::Week, 1),
        Some('d') => (Unit::Day, 1),
        Some('h') => (Unit::Hour, 1),
        Some('m') => (Unit::Minute, 1),
        Some('s') => (Unit::Second, 1),
        _ => (Unit::Day, 0),
    }
}

fn rounding_unit(text: &str) -> Option<Unit> {
    let folded = text.to_lowercase();
    [
        ("y", Unit::Year),
        ("mon", Unit::Month),
        ("d", Unit::Day),
        ("h", Unit::Hour),
        ("m", Unit::Minute),
        ("s", Unit::Second),
    ]
    .into_iter()
    .find(|(prefix, _)| folded.starts_with(prefix))
    .map(|(_, unit)| unit)
}

/// Parse an offset spec such as `-3d@d`.
pub fn parse_offset(spec: &str) -> Result<Offset> {
    let (delta, rounding) = match spec.split_once('@') {
        Some((delta, rounding)) => (delta, Some(rounding_unit(rounding))),
        None => (spec, None),
    };
    let mut rest = delta;
    let negative = rest.starts_with('-');
    if rest.starts_with(['-', '+']) {
        rest = rest.get(1..).unwrap_or_default();
    }
    rest = rest.trim_start();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let (amount, unit) = if digits == 0 {
        (0, Unit::Day)
    } else {
        let number = rest.get(..digits).unwrap_or_default();
        let value: i64 = number
            .parse()
            .map_err(|_| Error::InvalidArgument(format!("time offset '{spec}' is too large")))?;
        let (unit, _) = unit_prefix(rest.get(digits..).unwrap_or_default().trim_start());
        (if negative { -value } else { value }, unit)
    };
    Ok(Offset {
        amount,
        unit,
        rounding,
        round_down: spec.trim().starts_with('-'),
    })
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if month <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        month,
        day,
    )
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn out_of_range() -> Error {
    Error::InvalidArgument("the time offset gives a date outside years 1-9999".into())
}

/// Add calendar months (day clamped to the month's length, like `relativedelta`).
fn add_months(micros: i64, months: i64) -> Result<i64> {
    let days = micros.div_euclid(86_400 * MICROS_PER_SECOND);
    let time_of_day = micros.rem_euclid(86_400 * MICROS_PER_SECOND);
    let (year, month, day) = civil_from_days(days);
    let total = (year.checked_mul(12).ok_or_else(out_of_range)?)
        .checked_add(month - 1)
        .and_then(|t| t.checked_add(months))
        .ok_or_else(out_of_range)?;
    let (new_year, new_month) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    if !(1..=9999).contains(&new_year) {
        return Err(out_of_range());
    }
    let new_day = day.min(days_in_month(new_year, new_month));
    Ok(days_from_civil(new_year, new_month, new_day) * 86_400 * MICROS_PER_SECOND + time_of_day)
}

fn add(micros: i64, amount: i64, unit: Unit) -> Result<i64> {
    let seconds = match unit {
        Unit::Year => return add_months(micros, amount.checked_mul(12).ok_or_else(out_of_range)?),
        Unit::Month => return add_months(micros, amount),
        Unit::Week => 7 * 86_400,
        Unit::Day => 86_400,
        Unit::Hour => 3_600,
        Unit::Minute => 60,
        Unit::Second => 1,
    };
    amount
        .checked_mul(seconds * MICROS_PER_SECOND)
        .and_then(|delta| micros.checked_add(delta))
        .ok_or_else(out_of_range)
}

fn truncate(micros: i64, unit: Option<Unit>) -> i64 {
    let day_micros = 86_400 * MICROS_PER_SECOND;
    let days = micros.div_euclid(day_micros);
    let seconds = micros.rem_euclid(day_micros) / MICROS_PER_SECOND;
    let (year, month, _) = civil_from_days(days);
    let keep_seconds = match unit {
        Some(Unit::Year) => return days_from_civil(year, 1, 1) * day_micros,
        Some(Unit::Month) => return days_from_civil(year, month, 1) * day_micros,
        Some(Unit::Week | Unit::Day) => 0,
        Some(Unit::Hour) => seconds - seconds % 3_600,
        Some(Unit::Minute) => seconds - seconds % 60,
        Some(Unit::Second) | None => seconds,
    };
    days * day_micros + keep_seconds * MICROS_PER_SECOND
}

/// Apply `offset` to `now` (UTC microseconds since the epoch).
pub fn apply_offset(offset: &Offset, now: i64) -> Result<OffsetTime> {
    let shifted = add(now, offset.amount, offset.unit)?;
    let result = match offset.rounding {
        None => (shifted, true),
        Some(unit) => {
            let truncated = truncate(shifted, unit);
            if offset.round_down {
                (truncated, false)
            } else {
                (add(truncated, 1, unit.unwrap_or(Unit::Day))?, false)
            }
        }
    };
    let (year, _, _) = civil_from_days(result.0.div_euclid(86_400 * MICROS_PER_SECOND));
    if !(1..=9999).contains(&year) {
        return Err(out_of_range());
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2024-05-17T13:45:30.250000Z
    const NOW: i64 = 1_715_953_530_250_000;
    const DAY: i64 = 86_400 * MICROS_PER_SECOND;

    fn at(spec: &str) -> OffsetTime {
        parse_offset(spec)
            .and_then(|o| apply_offset(&o, NOW))
            .unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn plain_offsets() {
        assert_eq!(at("-3d"), (NOW - 3 * DAY, true));
        assert_eq!(at("2"), (NOW + 2 * DAY, true));
        assert_eq!(at("-1w"), (NOW - 7 * DAY, true));
        assert_eq!(at("-90m"), (NOW - 90 * 60 * MICROS_PER_SECOND, true));
        assert_eq!(at("junk"), (NOW, true));
        assert_eq!(at(" -3d"), (NOW, true));
    }

    #[test]
    fn rounding() {
        let midnight = NOW - NOW.rem_euclid(DAY);
        assert_eq!(at("-3d@d"), (midnight - 3 * DAY, false));
        assert_eq!(at("3d@d"), (midnight + 4 * DAY, false));
        assert_eq!(at("-1h@h").0 % (3_600 * MICROS_PER_SECOND), 0);
        assert_eq!(
            at("-1d@x"),
            ((NOW - DAY) / MICROS_PER_SECOND * MICROS_PER_SECOND, false)
        );
    }

    #[test]
    fn calendar_units() {
        // 2024-03-31 minus one month clamps to 2024-02-29.
        let march31 = days_from_civil(2024, 3, 31) * DAY;
        let got = parse_offset("-1mon")
            .and_then(|o| apply_offset(&o, march31))
            .ok();
        assert_eq!(got, Some((days_from_civil(2024, 2, 29) * DAY, true)));
        assert_eq!(at("-1y@y").0, days_from_civil(2023, 1, 1) * DAY);
        assert_eq!(at("-1mon@mon").0, days_from_civil(2024, 4, 1) * DAY);
        assert_eq!(
            civil_from_days(days_from_civil(1999, 12, 31)),
            (1999, 12, 31)
        );
    }

    #[test]
    fn out_of_range_is_an_error() {
        assert!(parse_offset("99999999y")
            .and_then(|o| apply_offset(&o, NOW))
            .is_err());
        assert!(parse_offset("99999999999999999999999d").is_err());
    }
}

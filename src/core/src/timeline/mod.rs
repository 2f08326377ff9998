//! Time bucketing for timeline plots (beyond msticpy: msticpy 3.0.2 sends every event to
//! the browser, so a timeline of a million events hangs the page).
//!
//! [`bucket_events`] splits the time span of the events into `n_buckets` equal slices and
//! keeps, for every (series, slice) that holds events, one representative event and the
//! number of events it stands for. Without values the representative is the earliest
//! event of the slice (ties: the lowest row); with values (`display_timeline_values`) it is
//! the event with the largest value, so spikes survive the reduction. Rows whose time is
//! missing (`i64::MIN`, pandas' `NaT`) or whose value is NaN are ignored, as Bokeh would not
//! draw them either.
//!
//! The output is ordered by series, then by time slice, and its size is bounded by the
//! number of input rows (a hash map holds only slices that hold events).
use std::collections::HashMap;

use crate::{Error, Result};

/// Missing time (pandas `NaT` as int64).
pub const MISSING_TIME: i64 = i64::MIN;

/// Events to reduce: parallel columns.
#[derive(Debug, Clone, Copy)]
pub struct BucketInput<'a> {
    /// Event times (any integer unit, usually nanoseconds); `MISSING_TIME` = no time.
    pub time: &'a [i64],
    /// Series number of each event (0 when there is one series).
    pub group: &'a [u32],
    /// Plotted value of each event, for value timelines.
    pub value: Option<&'a [f64]>,
    /// Number of equal time slices the whole span is cut into (per series).
    pub n_buckets: usize,
}

/// One representative event per non-empty (series, slice).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Buckets {
    /// Input row of the representative event.
    pub row: Vec<usize>,
    /// Number of events in the slice.
    pub count: Vec<u64>,
    /// Series of the slice.
    pub group: Vec<u32>,
    /// Start time of the slice.
    pub start: Vec<i64>,
}

struct Slot {
    row: usize,
    count: u64,
}

/// Reduce events to at most `n_buckets` representatives per series; see the module docs.
///
/// # Errors
/// `InvalidArgument` when `n_buckets` is 0 or the columns differ in length.
pub fn bucket_events(input: &BucketInput<'_>) -> Result<Buckets> {
    let n = input.time.len();
    if input.n_buckets == 0 {
        return Err(Error::InvalidArgument(
            "the number of time buckets must be at least 1".to_string(),
        ));
    }
    if input.group.len() != n || input.value.is_some_and(|v| v.len() != n) {
        return Err(Error::InvalidArgument(
            "time, group and value columns must have the same length".to_string(),
        ));
    }
    let usable = |row: usize| {
        input.time[row] != MISSING_TIME && input.value.is_none_or(|v| !v[row].is_nan())
    };
    let mut bounds: Option<(i64, i64)> = None;
    for row in (0..n).filter(|&r| usable(r)) {
        let t = input.time[row];
        bounds = Some(bounds.map_or((t, t), |(lo, hi)| (lo.min(t), hi.max(t))));
    }
    let Some((low, high)) = bounds else {
        return Ok(Buckets::default());
    };
    // i128: the span of two extreme i64 times does not fit in an i64.
    let span = i128::from(high) - i128::from(low) + 1;
    let buckets = i128::try_from(input.n_buckets).unwrap_or(i128::MAX);
    let width = ((span + buckets - 1) / buckets).max(1);

    let mut slots: HashMap<(u32, usize), Slot> = HashMap::new();
    for row in (0..n).filter(|&r| usable(r)) {
        let offset = (i128::from(input.time[row]) - i128::from(low)) / width;
        let bucket = usize::try_from(offset).unwrap_or(usize::MAX);
        let slot = slots
            .entry((input.group[row], bucket))
            .or_insert(Slot { row, count: 0 });
        slot.count += 1;
        if better(input, row, slot.row) {
            slot.row = row;
        }
    }
    let mut keys: Vec<(u32, usize)> = slots.keys().copied().collect();
    keys.sort_unstable();
    let mut out = Buckets::default();
    for key in keys {
        if let Some(slot) = slots.get(&key) {
            let start = i128::from(low) + i128::try_from(key.1).unwrap_or(0) * width;
            out.row.push(slot.row);
            out.count.push(slot.count);
            out.group.push(key.0);
            out.start.push(i64::try_from(start).unwrap_or(high));
        }
    }
    Ok(out)
}

/// Whether `row` should replace `current` as the slice's representative.
fn better(input: &BucketInput<'_>, row: usize, current: usize) -> bool {
    if let Some(values) = input.value {
        let (new, old) = (values[row], values[current]);
        return new > old || (new == old && row < current);
    }
    let (new, old) = (input.time[row], input.time[current]);
    new < old || (new == old && row < current)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(time: &[i64], group: &[u32], value: Option<&[f64]>, n: usize) -> Buckets {
        bucket_events(&BucketInput {
            time,
            group,
            value,
            n_buckets: n,
        })
        .unwrap_or_default()
    }

    #[test]
    fn counts_and_earliest_representatives() {
        let time = [5, 0, 9, 1, 10, 3];
        let out = run(&time, &[0; 6], None, 2);
        // span 0..=10 -> width 6: slice 0 holds 5,0,1,3 and slice 1 holds 9,10.
        assert_eq!(out.row, vec![1, 2]);
        assert_eq!(out.count, vec![4, 2]);
        assert_eq!(out.start, vec![0, 6]);
    }

    #[test]
    fn series_are_kept_apart_and_ordered() {
        let out = run(&[0, 0, 1, 1], &[1, 0, 1, 0], None, 1);
        assert_eq!(out.group, vec![0, 1]);
        assert_eq!(out.row, vec![1, 0]);
        assert_eq!(out.count, vec![2, 2]);
    }

    #[test]
    fn values_keep_the_peak() {
        let out = run(&[0, 1, 2, 3], &[0; 4], Some(&[1.0, 7.0, f64::NAN, 3.0]), 1);
        assert_eq!(out.row, vec![1]);
        assert_eq!(out.count, vec![3]);
    }

    #[test]
    fn missing_times_are_ignored_and_extremes_do_not_overflow() {
        let out = run(&[MISSING_TIME, i64::MIN + 1, i64::MAX], &[0; 3], None, 4);
        assert_eq!(out.count.iter().sum::<u64>(), 2);
        assert_eq!(out.row, vec![1, 2]);
        assert!(run(&[MISSING_TIME], &[0], None, 4).row.is_empty());
    }

    #[test]
    fn bounded_by_buckets_per_series() {
        let time: Vec<i64> = (0..100_000).collect();
        let group: Vec<u32> = (0..100_000u32).map(|i| i % 3).collect();
        let out = run(&time, &group, None, 500);
        assert!(out.row.len() <= 1_500);
        assert_eq!(out.count.iter().sum::<u64>(), 100_000);
    }

    #[test]
    fn bad_arguments_are_errors() {
        let zero = bucket_events(&BucketInput {
            time: &[1],
            group: &[0],
            value: None,
            n_buckets: 0,
        });
        assert!(matches!(zero, Err(Error::InvalidArgument(_))));
        let short = bucket_events(&BucketInput {
            time: &[1, 2],
            group: &[0],
            value: None,
            n_buckets: 3,
        });
        assert!(matches!(short, Err(Error::InvalidArgument(_))));
    }
}

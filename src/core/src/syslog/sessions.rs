//! Pairing PAM "session opened" and "session closed" events into logon sessions.
//!
//! Reproduces the walk of msticpy's `cluster_syslog_logons_df` over the two event lists,
//! each sorted by time: an opening is skipped when it starts no later than the end of the
//! previous session (except the very first opening, which is never skipped this way),
//! a closing is skipped when it ends before the current opening starts, and otherwise the
//! two form a session and both lists advance. The initial "previous end" is the latest
//! time of all logon events. Linear in the number of events.

/// Pairs openings with closings; returns `(opening_index, closing_index)` per session.
///
/// `opened` and `closed` are times (any monotonic integer unit, e.g. UTC nanoseconds),
/// each sorted ascending; `latest` is the latest time among all logon events.
pub fn pair_sessions(opened: &[i64], closed: &[i64], latest: i64) -> Vec<(usize, usize)> {
    let mut sessions = Vec::new();
    let (mut i, mut j) = (0usize, 0usize);
    let mut previous_end = latest;
    while let (Some(&start), Some(&end)) = (opened.get(i), closed.get(j)) {
        if start <= previous_end && i != 0 {
            i += 1;
            continue;
        }
        if end < start {
            j += 1;
            continue;
        }
        sessions.push((i, j));
        previous_end = end;
        i += 1;
        j += 1;
    }
    sessions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_in_order_and_skips_overlaps() {
        // Openings at 10, 20 (inside the first session), 40; closings at 5 (before any
        // opening), 30, 50.
        let sessions = pair_sessions(&[10, 20, 40], &[5, 30, 50], 50);
        assert_eq!(sessions, [(0, 1), (2, 2)]);
    }

    #[test]
    fn first_opening_is_never_skipped_by_the_latest_time() {
        assert_eq!(pair_sessions(&[10], &[20], 100), [(0, 0)]);
        assert_eq!(pair_sessions(&[10, 15], &[20, 30], 100), [(0, 0)]);
        assert!(pair_sessions(&[], &[20], 100).is_empty());
        assert!(pair_sessions(&[10], &[5], 100).is_empty());
    }
}

//! Time-aware parent matching: msticpy's `pd.merge_asof(..., direction="backward")`.
//!
//! Each process is matched to the latest process created at or before it (ties: the
//! one later in the sorted order) whose identity equals the child's parent identity:
//! `(pid, lower(path))` == `(ppid, lower(parent path))` when the schema has a parent
//! name (Windows 4688), `pid == ppid` otherwise (Linux auditd). PID reuse is handled by
//! the time order: an earlier holder of the PID is replaced as soon as a later process
//! with the same identity appears.
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};

/// Identity of a process as a parent (or of a child's parent): PID plus, optionally, name.
type Identity<'a> = (Option<&'a str>, Option<&'a str>);

/// Columns needed for the match, all in sorted time order.
pub struct MatchColumns<'a> {
    /// Event times (any monotonic integer scale, e.g. UTC nanoseconds), non-decreasing.
    pub time: &'a [i64],
    /// Process IDs.
    pub process_id: &'a [Option<&'a str>],
    /// Parent process IDs.
    pub parent_id: &'a [Option<&'a str>],
    /// Lower-case process names, used when `parent_name_lc` is given.
    pub process_name_lc: &'a [Option<&'a str>],
    /// Lower-case parent names (Windows); `None` to match on PIDs only.
    pub parent_name_lc: Option<&'a [Option<&'a str>]>,
}

/// Return, for every row, the position of its parent row, or `None`.
pub fn match_parents(cols: &MatchColumns<'_>) -> Result<Vec<Option<usize>>> {
    let n = cols.time.len();
    if cols.process_id.len() != n
        || cols.parent_id.len() != n
        || cols.process_name_lc.len() != n
        || cols.parent_name_lc.is_some_and(|p| p.len() != n)
    {
        return Err(Error::InvalidArgument(
            "process tree columns must all have the same length".to_string(),
        ));
    }
    if cols.time.windows(2).any(|w| w[0] > w[1]) {
        return Err(Error::InvalidArgument(
            "process events must be sorted by time before parent matching".to_string(),
        ));
    }
    let with_names = cols.parent_name_lc.is_some();
    let parent_identity = |row: usize| -> Identity<'_> {
        let name = if with_names {
            cols.process_name_lc[row]
        } else {
            None
        };
        (cols.process_id[row], name)
    };
    let child_lookup = |row: usize| -> Identity<'_> {
        let name = cols.parent_name_lc.and_then(|names| names[row]);
        (cols.parent_id[row], name)
    };
    let mut latest: FxHashMap<Identity<'_>, usize> = FxHashMap::default();
    latest.reserve(n);
    let mut out = Vec::with_capacity(n);
    let mut next = 0usize;
    for row in 0..n {
        // Every event at or before this one's time is a candidate parent.
        while next < n && cols.time[next] <= cols.time[row] {
            latest.insert(parent_identity(next), next);
            next += 1;
        }
        out.push(latest.get(&child_lookup(row)).copied());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_earlier_or_equal_parent_wins() {
        // rows: 0 pid 10 t=0; 1 pid 10 t=5 (PID reuse); 2 child of 10 at t=3; 3 child at t=5;
        // 4 child at t=9; 5 orphan.
        let time = [0, 3, 5, 5, 9, 9];
        let pid = [
            Some("10"),
            Some("20"),
            Some("10"),
            Some("21"),
            Some("22"),
            Some("23"),
        ];
        let ppid = [
            Some("1"),
            Some("10"),
            Some("2"),
            Some("10"),
            Some("10"),
            Some("99"),
        ];
        let names = [Some("a"); 6];
        let got = match_parents(&MatchColumns {
            time: &time,
            process_id: &pid,
            parent_id: &ppid,
            process_name_lc: &names,
            parent_name_lc: None,
        })
        .unwrap_or_default();
        assert_eq!(got, vec![None, Some(0), None, Some(2), Some(2), None]);
    }

    #[test]
    fn names_take_part_when_given() {
        let time = [0, 1];
        let pid = [Some("10"), Some("11")];
        let ppid = [Some("1"), Some("10")];
        let names = [Some("a.exe"), Some("b.exe")];
        let wrong_parent = [Some("x"), Some("c.exe")];
        let right_parent = [Some("x"), Some("a.exe")];
        for (parents, expected) in [(wrong_parent, None), (right_parent, Some(0))] {
            let got = match_parents(&MatchColumns {
                time: &time,
                process_id: &pid,
                parent_id: &ppid,
                process_name_lc: &names,
                parent_name_lc: Some(&parents),
            })
            .unwrap_or_default();
            assert_eq!(got, vec![None, expected]);
        }
    }

    #[test]
    fn unsorted_or_ragged_input_is_an_error() {
        let pid = [Some("1"), Some("2")];
        let cols = MatchColumns {
            time: &[5, 1],
            process_id: &pid,
            parent_id: &pid,
            process_name_lc: &pid,
            parent_name_lc: None,
        };
        assert!(match_parents(&cols).is_err());
        let cols = MatchColumns { time: &[1], ..cols };
        assert!(match_parents(&cols).is_err());
    }
}

//! Process trees from process-creation events: msticpy's `build_process_tree`
//! (`msticpy.transform.proc_tree_builder` / `proc_tree_build_winlx`, 3.0.2).
//!
//! The work is split in the two places where msticpy's pandas pipeline is expensive:
//!
//! 1. [`match_processes`]: lower-case the process and parent names and find every
//!    process's parent with a time-aware join (the latest parent created at or before
//!    the child, see [`parent_match`]). This replaces `pd.merge_asof`.
//! 2. [`shape_processes`]: build `proc_key`/`parent_key` ([`keys`]), flag roots, leaves
//!    and branches, drop duplicate keys and walk the trees to build the `path` and
//!    `parent_index` columns and the output order ([`paths`]), every column returned
//!    already in output order. This replaces msticpy's level-by-level `DataFrame.merge`
//!    loop and its final sort.
//!
//! Between the two, the Python facade assembles the merged frame and the synthetic
//! "inferred parent" rows with the same pandas operations msticpy uses, so column order,
//! dtypes and duplicate handling stay msticpy's. The tree is a parent map walked with a
//! queue; a general graph library (petgraph) was not needed for a forest with one
//! parent per node.
//!
//! Deliberate differences: total path text has a budget (a single very deep chain makes
//! msticpy's paths quadratic in size); events must be time-sorted by the caller (msticpy
//! sorts them itself, and the facade does the same with numpy's sort so tie order is
//! identical).
pub mod keyed;
pub mod keys;
pub mod parent_match;
pub mod paths;
pub mod repeats;
pub mod text;

use crate::error::{Error, Result};
use parent_match::{match_parents, MatchColumns};
pub use paths::{source_index_column, source_index_text, TreeShape};
pub use text::TextColumn;

/// `NaT` as pandas stores it in an `int64` view.
pub const NAT: i64 = i64::MIN;

/// Default budget for the total bytes of all `path` strings (512 MiB).
pub const DEFAULT_MAX_PATH_BYTES: usize = 512 * 1024 * 1024;

/// Inputs of the parent match, in time-sorted order.
pub struct MatchInput<'a> {
    /// Event times (UTC nanoseconds or any monotonic scale), non-decreasing.
    pub time: &'a [i64],
    /// Process path or name column.
    pub process_name: &'a [Option<&'a str>],
    /// Process ID (as text).
    pub process_id: &'a [Option<&'a str>],
    /// Parent process ID (as text).
    pub parent_id: &'a [Option<&'a str>],
    /// Parent process name, when the schema has one (it then takes part in the match).
    pub parent_name: Option<&'a [Option<&'a str>]>,
}

/// Result of the parent match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchOutput {
    /// `new_process_lc`: lower-case process names.
    pub process_name_lc: TextColumn,
    /// `parent_proc_lc`: lower-case parent names (empty without a parent-name column).
    pub parent_name_lc: TextColumn,
    /// Position of each row's parent row, `None` when no parent is in the data.
    pub parent_row: Vec<Option<usize>>,
}

/// Lower-case every cell. `str::to_lowercase` follows the same Unicode lower-case
/// mapping as Python's `str.lower` (including the final-sigma rule); ASCII text (the
/// usual case) is lowered byte by byte without an allocation.
fn lower(column: &[Option<&str>]) -> TextColumn {
    let bytes: usize = column.iter().flatten().map(|v| v.len()).sum();
    let mut out = TextColumn::with_capacity(column.len(), 0);
    out.reserve_text(bytes);
    for cell in column {
        match cell {
            Some(text) if text.is_ascii() => out.push_ascii_lowercase(text),
            Some(text) => out.push_str(&text.to_lowercase()),
            None => out.push_none(),
        }
    }
    out
}

/// Lower-case names and match every process to its parent.
pub fn match_processes(input: &MatchInput<'_>) -> Result<MatchOutput> {
    let process_name_lc = lower(input.process_name);
    let parent_name_lc = input.parent_name.map(lower).unwrap_or_default();
    let names = process_name_lc.cells();
    let parents = parent_name_lc.cells();
    let parent_row = match_parents(&MatchColumns {
        time: input.time,
        process_id: input.process_id,
        parent_id: input.parent_id,
        process_name_lc: &names,
        parent_name_lc: input.parent_name.map(|_| parents.as_slice()),
    })?;
    Ok(MatchOutput {
        process_name_lc,
        parent_name_lc,
        parent_row,
    })
}

/// Inputs of the shaping step: every row of the merged frame plus inferred parents.
pub struct ShapeInput<'a> {
    /// `new_process_lc`.
    pub process_name_lc: &'a [Option<&'a str>],
    /// Process ID text (`None` renders as `nan`, like `astype(str)`).
    pub process_id: &'a [Option<&'a str>],
    /// Wall-clock nanoseconds of the event time ([`NAT`] when missing).
    pub time: &'a [i64],
    /// `parent_proc_lc`.
    pub parent_name_lc: &'a [Option<&'a str>],
    /// Parent process ID text.
    pub parent_id: &'a [Option<&'a str>],
    /// Wall-clock nanoseconds of the parent's time (`timestamp_orig_par`; [`NAT`] if missing).
    pub parent_time: &'a [i64],
    /// Budget for the total bytes of the `path` strings.
    pub max_path_bytes: usize,
}

/// The tree in output order (sorted by path): cell `k` of every column describes row
/// `order[k]` of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeOutput {
    /// Kept rows (first row with each key) in output order.
    pub order: Vec<usize>,
    /// `proc_key` (`None` = NaN).
    pub proc_key: TextColumn,
    /// `parent_key` (`None` = NaN, which makes the row a root).
    pub parent_key: TextColumn,
    /// `IsRoot`.
    pub is_root: Vec<bool>,
    /// `IsLeaf`.
    pub is_leaf: Vec<bool>,
    /// `IsBranch`.
    pub is_branch: Vec<bool>,
    /// `path`: `/`-joined source indexes from the root.
    pub path: TextColumn,
    /// `source_index`: the row's position in the input, as zero-padded text.
    pub source_index: TextColumn,
    /// `parent_index`: the parent's `source_index` when a root reaches the row.
    pub parent_index: TextColumn,
}

/// `name|id|time` keys in one buffer; `None` where the name or the time is missing (a
/// missing ID is written `nan`, as `astype(str)` writes NaN).
fn build_keys(names: &[Option<&str>], ids: &[Option<&str>], times: &[i64]) -> TextColumn {
    let mut formatter = keys::KeyTimeFormatter::default();
    // Exact size: name, `|`, id, `|`, and the time text ("YYYY-MM-DD HH:MM:SS.ffffff",
    // longer only for years past 9999 or before 0).
    let bytes: usize = names
        .iter()
        .zip(ids)
        .filter_map(|(name, id)| Some(name.as_ref()?.len() + id.map_or(3, str::len) + 28))
        .sum();
    let mut out = TextColumn::with_capacity(names.len(), 0);
    out.reserve_text(bytes);
    let mut key = String::with_capacity(128);
    for ((name, id), &time) in names.iter().zip(ids).zip(times) {
        match name {
            Some(name) if time != NAT => {
                key.clear();
                key.push_str(name);
                key.push('|');
                key.push_str(id.unwrap_or("nan"));
                key.push('|');
                formatter.write(&mut key, time);
                out.push_str(&key);
            }
            _ => out.push_none(),
        }
    }
    out
}

/// Build keys, flags, paths and output order.
pub fn shape_processes(input: &ShapeInput<'_>) -> Result<ShapeOutput> {
    let n = input.time.len();
    let lengths = [
        input.process_name_lc.len(),
        input.process_id.len(),
        input.parent_name_lc.len(),
        input.parent_id.len(),
        input.parent_time.len(),
    ];
    if lengths.iter().any(|&len| len != n) {
        return Err(Error::InvalidArgument(
            "process tree columns must all have the same length".to_string(),
        ));
    }
    // The two key columns are independent: build them on two threads.
    let (proc_key, parent_key) = std::thread::scope(|scope| {
        let parents =
            scope.spawn(|| build_keys(input.parent_name_lc, input.parent_id, input.parent_time));
        let procs = build_keys(input.process_name_lc, input.process_id, input.time);
        let parents = parents.join().unwrap_or_else(|_| {
            build_keys(input.parent_name_lc, input.parent_id, input.parent_time)
        });
        (procs, parents)
    });
    let shape = paths::shape_tree(&proc_key.cells(), &parent_key.cells(), input.max_path_bytes)?;
    let order = shape.order;
    let pick = |flags: &[bool]| -> Vec<bool> { order.iter().map(|&row| flags[row]).collect() };
    let source_index = source_index_column(order.iter().map(|&row| Some(row)));
    let parent_index = source_index_column(order.iter().map(|&row| shape.parent_node[row]));
    Ok(ShapeOutput {
        proc_key: proc_key.gather(&order),
        parent_key: parent_key.gather(&order),
        is_root: pick(&shape.is_root),
        is_leaf: pick(&shape.is_leaf),
        is_branch: pick(&shape.is_branch),
        path: shape.ordered_path,
        source_index,
        parent_index,
        order,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_matches_python_str_lower() {
        let cells = [Some("C:\\Ä\\B.EXE"), None, Some("ΟΔΟΣ"), Some("ab")];
        let lowered = lower(&cells);
        assert_eq!(
            lowered.cells(),
            vec![Some("c:\\ä\\b.exe"), None, Some("οδος"), Some("ab")]
        );
    }

    #[test]
    fn match_then_shape_a_small_windows_tree() -> Result<()> {
        let names = [Some("C:\\A.exe"), Some("C:\\B.exe"), Some("C:\\C.exe")];
        let pids = [Some("0x10"), Some("0x20"), Some("0x30")];
        let ppids = [Some("0x4"), Some("0x10"), Some("0x20")];
        let parents = [Some("unknown"), Some("c:\\a.exe"), Some("C:\\b.EXE")];
        let time = [0, 1_000, 1_000];
        let matched = match_processes(&MatchInput {
            time: &time,
            process_name: &names,
            process_id: &pids,
            parent_id: &ppids,
            parent_name: Some(&parents),
        })?;
        assert_eq!(matched.parent_row, vec![None, Some(0), Some(1)]);
        assert_eq!(matched.process_name_lc.get(2), Some("c:\\c.exe"));

        // Append the inferred parent of row 0 the way the facade does.
        let lc = matched.process_name_lc.cells();
        let plc = matched.parent_name_lc.cells();
        let name_col = [lc[0], lc[1], lc[2], Some("unknown")];
        let pid_col = [pids[0], pids[1], pids[2], Some("0x4")];
        let par_name = [plc[0], plc[1], plc[2], None];
        let par_id = [ppids[0], ppids[1], ppids[2], None];
        let times = [0, 1_000, 1_000, 0];
        let par_times = [0, 0, 1_000, NAT];
        let out = shape_processes(&ShapeInput {
            process_name_lc: &name_col,
            process_id: &pid_col,
            time: &times,
            parent_name_lc: &par_name,
            parent_id: &par_id,
            parent_time: &par_times,
            max_path_bytes: DEFAULT_MAX_PATH_BYTES,
        })?;
        assert_eq!(out.order, vec![3, 0, 1, 2]);
        assert_eq!(
            out.proc_key.get(0),
            Some("unknown|0x4|1970-01-01 00:00:00.000000")
        );
        assert_eq!(out.parent_key.get(1), out.proc_key.get(0));
        assert_eq!(out.path.get(3), Some("00003/00000/00001/00002"));
        assert_eq!(out.source_index.get(3), Some("00002"));
        assert_eq!(out.parent_index.get(3), Some("00001"));
        assert_eq!(out.parent_index.get(0), None);
        assert_eq!(out.is_root, vec![true, false, false, false]);
        assert_eq!(out.is_leaf, vec![false, false, false, true]);
        Ok(())
    }
}

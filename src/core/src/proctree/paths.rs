//! Node flags and tree paths: msticpy's `_add_tree_properties` and `build_proc_tree`.
//!
//! Nodes are identified by key; a node whose parent key is missing is a root, a node
//! that is nobody's parent is a leaf, anything else is a branch. Nodes with a duplicate
//! key are dropped (the first one stays). Paths are built breadth-first from the roots:
//! a node's path is its parent's path, `/`, and its own source index. Nodes that cannot
//! be reached from a root (parent-key cycles, which same-time PID reuse can create) keep
//! their own index as their path and have no parent index, as in msticpy.
//!
//! The walk is an explicit queue over a children map, so its depth is not limited by the
//! stack. Path text grows with depth times nodes (quadratic for one long chain), so the
//! total path bytes have a budget; exceeding it is `Error::LimitExceeded`.
use std::collections::VecDeque;

use rustc_hash::{FxHashMap, FxHashSet};

use super::text::TextColumn;
use crate::error::{Error, Result};

/// Flags, paths and output order for a set of keyed nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeShape {
    /// Per node: no parent key.
    pub is_root: Vec<bool>,
    /// Per node: no other node names it as parent.
    pub is_leaf: Vec<bool>,
    /// Per node: neither root nor leaf.
    pub is_branch: Vec<bool>,
    /// Per node: kept (first node with its key).
    pub kept: Vec<bool>,
    /// Per node: `/`-joined source indexes from the root (kept nodes only; others empty).
    pub path: TextColumn,
    /// Per node: the parent's node number when reached from a root.
    pub parent_node: Vec<Option<usize>>,
    /// Kept nodes in output order (sorted by path).
    pub order: Vec<usize>,
}

/// Zero-padded source index text (`str(i).zfill(5)`).
pub fn source_index_text(node: usize) -> String {
    format!("{node:05}")
}

/// Append `source_index_text(node)` to `buf` without a temporary string.
pub fn push_source_index(buf: &mut String, node: usize) {
    use std::fmt::Write;
    // Writing to a String cannot fail.
    let _ = write!(buf, "{node:05}");
}

/// `source_index_text(node)` as bytes on the stack, ordered like the text.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct IndexText {
    // Only `len` leading bytes are used; the rest stay zero, and a shorter text that
    // is a prefix of a longer one then compares less, exactly like the strings.
    digits: [u8; 20],
    len: usize,
}

impl IndexText {
    fn of(node: usize) -> Self {
        let width = source_index_width(node);
        let mut digits = [0u8; 20];
        let mut rest = node;
        for slot in digits[..width].iter_mut().rev() {
            *slot = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        Self { digits, len: width }
    }
}

fn source_index_width(node: usize) -> usize {
    let digits = node.checked_ilog10().map_or(1, |d| d as usize + 1);
    digits.max(5)
}

/// Kept nodes in the order of their path strings, without comparing the strings.
///
/// Paths are `/`-joined source-index texts. For siblings `a < b` (as text) every path
/// below `a` sorts before `b` and its subtree (they first differ inside the sibling
/// texts, or `a` is a prefix of `b` and `/` sorts before every digit), so the sorted
/// order is a pre-order walk with children and top-level nodes (roots, and kept nodes
/// no root reaches, whose path is their own index) taken in text order of their index.
fn path_order(
    kept: &[bool],
    is_root: &[bool],
    visited: &[bool],
    children: &FxHashMap<usize, Vec<usize>>,
) -> Vec<usize> {
    // Compare index texts without building strings (this runs n log n times).
    let by_text = |a: &usize, b: &usize| IndexText::of(*a).cmp(&IndexText::of(*b));
    let same_width = kept.len() <= 100_000;
    let mut top: Vec<usize> = (0..kept.len())
        .filter(|&i| kept[i] && (is_root[i] || !visited[i]))
        .collect();
    if !same_width {
        top.sort_by(by_text);
    }
    let mut order = Vec::with_capacity(kept.len());
    // Explicit stack (reverse push) so deep trees cannot overflow the call stack.
    let mut stack: Vec<usize> = top.into_iter().rev().collect();
    while let Some(node) = stack.pop() {
        order.push(node);
        if !is_root[node] && !visited[node] {
            continue;
        }
        if let Some(kids) = children.get(&node) {
            let mut kids: Vec<usize> = kids.iter().copied().filter(|&k| visited[k]).collect();
            if same_width {
                kids.sort_unstable();
            } else {
                kids.sort_by(by_text);
            }
            stack.extend(kids.into_iter().rev());
        }
    }
    order
}

/// Compute flags, paths and order; `max_path_bytes` bounds the total size of the path
/// strings. Paths are unique, so msticpy's second sort key (time) never decides.
pub fn shape_tree(
    proc_key: &[Option<&str>],
    parent_key: &[Option<&str>],
    max_path_bytes: usize,
) -> Result<TreeShape> {
    let n = proc_key.len();
    let parent_keys: FxHashSet<Option<&str>> = parent_key.iter().copied().collect();
    let is_root: Vec<bool> = parent_key.iter().map(Option::is_none).collect();
    let has_child: Vec<bool> = proc_key.iter().map(|k| parent_keys.contains(k)).collect();
    let is_leaf: Vec<bool> = has_child.iter().map(|c| !c).collect();
    let is_branch: Vec<bool> = (0..n).map(|i| !is_root[i] && has_child[i]).collect();

    // First node with each key stays; the index of kept nodes by key.
    let mut by_key: FxHashMap<Option<&str>, usize> = FxHashMap::default();
    by_key.reserve(n);
    let mut kept = vec![false; n];
    for (node, key) in proc_key.iter().enumerate() {
        if let std::collections::hash_map::Entry::Vacant(slot) = by_key.entry(*key) {
            slot.insert(node);
            kept[node] = true;
        }
    }

    // Children of each kept node, in node order (non-root kept nodes only).
    let mut children: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for node in (0..n).filter(|&i| kept[i] && !is_root[i]) {
        if let Some(&parent) = by_key.get(&parent_key[node]) {
            children.entry(parent).or_default().push(node);
        }
    }

    let mut path = TextColumn::with_capacity(n, 24);
    for (i, &keep) in kept.iter().enumerate() {
        if keep {
            path.push_with(|buf| push_source_index(buf, i));
        } else {
            path.push_with(|_| ());
        }
    }
    let mut path_bytes: usize = path.text_bytes();
    let mut parent_node = vec![None; n];
    let mut visited = vec![false; n];
    let mut queue: VecDeque<usize> = (0..n).filter(|&i| kept[i] && is_root[i]).collect();
    for &root in &queue {
        visited[root] = true;
    }
    while let Some(node) = queue.pop_front() {
        let Some(kids) = children.get(&node) else {
            continue;
        };
        for &child in kids {
            if visited[child] {
                continue;
            }
            visited[child] = true;
            let own = path.get(node).map_or(0, str::len);
            path_bytes = path_bytes.saturating_add(own + 1 + source_index_width(child));
            if path_bytes > max_path_bytes {
                return Err(Error::LimitExceeded {
                    limit: "proctree_max_path_bytes",
                    detail: format!(
                        "process tree paths need more than {max_path_bytes} bytes (tree too deep)"
                    ),
                });
            }
            let mut suffix = String::with_capacity(8);
            suffix.push('/');
            push_source_index(&mut suffix, child);
            path.set_extended(child, node, &suffix);
            parent_node[child] = Some(node);
            queue.push_back(child);
        }
    }

    let order = path_order(&kept, &is_root, &visited, &children);
    Ok(TreeShape {
        is_root,
        is_leaf,
        is_branch,
        kept,
        path,
        parent_node,
        order,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys<'a>(items: &[Option<&'a str>]) -> Vec<Option<&'a str>> {
        items.to_vec()
    }

    fn borrowed(items: &[Option<String>]) -> Vec<Option<&str>> {
        items.iter().map(Option::as_deref).collect()
    }

    #[test]
    fn source_index_width_matches_text() {
        for node in [0, 7, 99_999, 100_000, 1_234_567] {
            assert_eq!(source_index_width(node), source_index_text(node).len());
        }
        let nodes = [5, 99_999, 100_000, 1_000_000, 10_000, 123_456, 12_345];
        for a in nodes {
            for b in nodes {
                let text = source_index_text(a).cmp(&source_index_text(b));
                assert_eq!(IndexText::of(a).cmp(&IndexText::of(b)), text, "{a} {b}");
            }
        }
    }

    #[test]
    fn paths_flags_and_order() -> Result<()> {
        // 0: child of 2; 1: child of 0; 2: root; 3: duplicate key of 1; 4: cycle with itself.
        let proc_key = keys(&[Some("a"), Some("b"), Some("r"), Some("b"), Some("c")]);
        let parent_key = keys(&[Some("r"), Some("a"), None, Some("a"), Some("c")]);
        let shape = shape_tree(&proc_key, &parent_key, usize::MAX)?;
        assert_eq!(shape.is_root, vec![false, false, true, false, false]);
        assert_eq!(shape.is_leaf, vec![false, true, false, true, false]);
        assert_eq!(shape.is_branch, vec![true, false, false, false, true]);
        assert_eq!(shape.kept, vec![true, true, true, false, true]);
        assert_eq!(shape.path.get(0), Some("00002/00000"));
        assert_eq!(shape.path.get(1), Some("00002/00000/00001"));
        assert_eq!(shape.path.get(4), Some("00004"));
        assert_eq!(shape.parent_node, vec![Some(2), Some(0), None, None, None]);
        assert_eq!(shape.order, vec![2, 0, 1, 4]);
        Ok(())
    }

    #[test]
    fn deep_chain_does_not_recurse_and_is_budgeted() -> Result<()> {
        let n = 2_000;
        let proc_key: Vec<Option<String>> = (0..n).map(|i| Some(i.to_string())).collect();
        let parent_key: Vec<Option<String>> = (0..n)
            .map(|i| {
                if i == 0 {
                    None
                } else {
                    Some((i - 1).to_string())
                }
            })
            .collect();
        let (proc_key, parent_key) = (borrowed(&proc_key), borrowed(&parent_key));
        let shape = shape_tree(&proc_key, &parent_key, usize::MAX)?;
        assert_eq!(
            shape.path.get(n - 1).map(|p| p.matches('/').count()),
            Some(n - 1)
        );
        let limited = shape_tree(&proc_key, &parent_key, 1_000_000);
        assert!(matches!(limited, Err(Error::LimitExceeded { .. })));
        Ok(())
    }

    fn check_order_is_path_sort(n: usize, fanout: usize) -> Result<()> {
        // A forest where node i's parent is i / fanout (node 0 and every 97th are roots),
        // plus one self-cycle, in node order.
        let proc_key: Vec<Option<String>> = (0..n).map(|i| Some(format!("k{i}"))).collect();
        let parent_key: Vec<Option<String>> = (0..n)
            .map(|i| match i {
                0 => None,
                _ if i % 97 == 0 => None,
                _ if i == n - 1 => Some(format!("k{i}")),
                _ => Some(format!("k{}", i / fanout)),
            })
            .collect();
        let (proc_key, parent_key) = (borrowed(&proc_key), borrowed(&parent_key));
        let shape = shape_tree(&proc_key, &parent_key, usize::MAX)?;
        let mut expected: Vec<usize> = (0..n).collect();
        expected.sort_by(|&a, &b| shape.path.get(a).cmp(&shape.path.get(b)));
        assert_eq!(shape.order, expected);
        Ok(())
    }

    #[test]
    fn walk_order_equals_sorting_the_path_strings() -> Result<()> {
        check_order_is_path_sort(5_000, 3)?;
        // Past 100,000 nodes the indexes have six digits and text order differs from
        // numeric order.
        check_order_is_path_sort(100_050, 7)
    }
}

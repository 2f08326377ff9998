//! Node flags and tree paths: msticpy's `_add_tree_properties` and `build_proc_tree`.
//!
//! Nodes are identified by key; a node whose parent key is missing is a root, a node
//! that is nobody's parent is a leaf, anything else is a branch. Nodes with a duplicate
//! key are dropped (the first one stays). A node's path is its parent's path, `/`, and
//! its own source index; roots start a path. Nodes that cannot be reached from a root
//! (parent-key cycles, which same-time PID reuse can create) keep their own index as
//! their path and have no parent index, as in msticpy.
//!
//! Every kept node has at most one parent (the first node with its parent's key), so
//! the nodes form a forest stored as child lists in node order. The output is the
//! pre-order walk of that forest, which is exactly the order of the sorted path
//! strings (see [`walk_order_and_paths`]); paths are written in that order, each one
//! copying its parent's path from earlier in the same buffer. The walks use explicit
//! stacks, so tree depth is not limited by the call stack. Path text grows with depth
//! times nodes (quadratic for one long chain), so its total size has a budget;
//! exceeding it is `Error::LimitExceeded`.
use rustc_hash::FxHashMap;

use super::text::TextColumn;
use crate::error::{Error, Result};

/// Flags and parents per node (in node order), plus the output order and its paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeShape {
    /// Per node: no parent key.
    pub is_root: Vec<bool>,
    /// Per node: no node names its key as parent key.
    pub is_leaf: Vec<bool>,
    /// Per node: neither root nor leaf.
    pub is_branch: Vec<bool>,
    /// Per node: kept (first node with its key).
    pub kept: Vec<bool>,
    /// Per node: the parent's node number when reached from a root.
    pub parent_node: Vec<Option<usize>>,
    /// Kept nodes in output order (sorted by path).
    pub order: Vec<usize>,
    /// Paths in output order: cell `k` is the `/`-joined source indexes of `order[k]`.
    pub ordered_path: TextColumn,
}

/// Zero-padded source index text (`str(i).zfill(5)`).
pub fn source_index_text(node: usize) -> String {
    IndexText::of(node).as_str().to_string()
}

/// `source_index_text` of every node (`None` gives a missing cell), without a
/// temporary string per node.
pub fn source_index_column(nodes: impl ExactSizeIterator<Item = Option<usize>>) -> TextColumn {
    let mut column = TextColumn::with_capacity(nodes.len(), 6);
    for node in nodes {
        match node {
            Some(node) => column.push_str(IndexText::of(node).as_str()),
            None => column.push_none(),
        }
    }
    column
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

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.digits[..self.len]).unwrap_or_default()
    }
}

fn source_index_width(node: usize) -> usize {
    let digits = node.checked_ilog10().map_or(1, |d| d as usize + 1);
    digits.max(5)
}

/// Children of every node, in node order, as one array plus per-node ranges.
struct ChildLists {
    starts: Vec<usize>,
    children: Vec<usize>,
}

impl ChildLists {
    fn new(parent_of: &[Option<usize>]) -> Self {
        let n = parent_of.len();
        let mut starts = vec![0usize; n + 1];
        for &parent in parent_of.iter().flatten() {
            starts[parent + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut children = vec![0usize; starts[n]];
        for (child, parent) in parent_of.iter().enumerate() {
            if let Some(&parent) = parent.as_ref() {
                children[next[parent]] = child;
                next[parent] += 1;
            }
        }
        Self { starts, children }
    }

    fn of(&self, node: usize) -> &[usize] {
        &self.children[self.starts[node]..self.starts[node + 1]]
    }
}

/// Compute flags, paths and order; `max_path_bytes` bounds the total size of the path
/// strings. Paths are unique, so msticpy's second sort key (time) never decides.
pub fn shape_tree(
    proc_key: &[Option<&str>],
    parent_key: &[Option<&str>],
    max_path_bytes: usize,
) -> Result<TreeShape> {
    let n = proc_key.len();
    // The first node with each key stays; `first[i]` is the first node with i's key.
    let mut by_key: FxHashMap<Option<&str>, usize> = FxHashMap::default();
    by_key.reserve(n);
    let first: Vec<usize> = proc_key
        .iter()
        .enumerate()
        .map(|(node, key)| *by_key.entry(*key).or_insert(node))
        .collect();
    let kept: Vec<bool> = first.iter().enumerate().map(|(i, &f)| f == i).collect();

    // A key has a child when some node's parent key equals it (a missing parent key
    // "equals" a missing key, as `isin` finds NaN in NaN). Kept non-root nodes hang
    // under the first node with their parent key.
    let is_root: Vec<bool> = parent_key.iter().map(Option::is_none).collect();
    let mut key_has_child = vec![false; n];
    let mut parent_of: Vec<Option<usize>> = vec![None; n];
    for (node, key) in parent_key.iter().enumerate() {
        if let Some(&parent) = by_key.get(key) {
            key_has_child[parent] = true;
            if key.is_some() && kept[node] {
                parent_of[node] = Some(parent);
            }
        }
    }
    let has_child: Vec<bool> = first.iter().map(|&f| key_has_child[f]).collect();
    let is_leaf: Vec<bool> = has_child.iter().map(|c| !c).collect();
    let is_branch: Vec<bool> = (0..n).map(|i| !is_root[i] && has_child[i]).collect();
    let children = ChildLists::new(&parent_of);

    // Nodes reachable from the kept roots; they get their parent as `parent_node`. Path
    // lengths follow (a parent is reached before its children), so the path budget is
    // checked before any path text is written.
    let mut parent_node = vec![None; n];
    let mut reached = vec![false; n];
    let mut path_len: Vec<usize> = (0..n)
        .map(|i| if kept[i] { source_index_width(i) } else { 0 })
        .collect();
    let mut stack: Vec<usize> = (0..n).filter(|&i| kept[i] && is_root[i]).collect();
    for &root in &stack {
        reached[root] = true;
    }
    while let Some(node) = stack.pop() {
        for &child in children.of(node) {
            if !reached[child] {
                reached[child] = true;
                parent_node[child] = Some(node);
                path_len[child] = path_len[node]
                    .saturating_add(1)
                    .saturating_add(path_len[child]);
                stack.push(child);
            }
        }
    }
    let path_bytes = path_len
        .iter()
        .fold(0usize, |sum, &len| sum.saturating_add(len));
    if path_bytes > max_path_bytes {
        return Err(Error::LimitExceeded {
            limit: "max_path_bytes",
            detail: format!(
                "process tree paths need {path_bytes} bytes, more than {max_path_bytes} (tree \
                 too deep); pass max_path_bytes={path_bytes} or more to build_process_tree"
            ),
        });
    }

    let (order, ordered_path) =
        walk_order_and_paths(&kept, &reached, &parent_node, &children, path_bytes);
    Ok(TreeShape {
        is_root,
        is_leaf,
        is_branch,
        kept,
        parent_node,
        order,
        ordered_path,
    })
}

/// Kept nodes in the order of their path strings, and those paths, without comparing
/// strings.
///
/// Paths are `/`-joined source-index texts. For siblings `a < b` (as text) every path
/// below `a` sorts before `b` and its subtree (they first differ inside the sibling
/// texts, or `a` is a prefix of `b` and `/` sorts before every digit), so the sorted
/// order is a pre-order walk with children and top-level nodes (roots, and kept nodes
/// no root reaches, whose path is their own index) taken in text order of their index.
/// Below 100,000 nodes every index has five digits and text order is node order.
fn walk_order_and_paths(
    kept: &[bool],
    reached: &[bool],
    parent_node: &[Option<usize>],
    children: &ChildLists,
    path_bytes: usize,
) -> (Vec<usize>, TextColumn) {
    let n = kept.len();
    let same_width = n <= 100_000;
    let by_text = |a: &usize, b: &usize| IndexText::of(*a).cmp(&IndexText::of(*b));
    // Top level: roots are reached by definition; unreached kept nodes start a path.
    let mut top: Vec<usize> = (0..n)
        .filter(|&i| kept[i] && parent_node[i].is_none())
        .collect();
    if !same_width {
        top.sort_by(by_text);
    }
    let mut order = Vec::with_capacity(n);
    let mut position = vec![usize::MAX; n];
    let mut paths = TextColumn::with_capacity(n, 0);
    paths.reserve_text(path_bytes);
    let mut stack: Vec<usize> = top.into_iter().rev().collect();
    let mut kids: Vec<usize> = Vec::new();
    while let Some(node) = stack.pop() {
        let own = IndexText::of(node);
        match parent_node[node] {
            Some(parent) => {
                paths.push_extended(position[parent], &["/", own.as_str()]);
            }
            None => paths.push_str(own.as_str()),
        }
        position[node] = order.len();
        order.push(node);
        if !reached[node] {
            continue;
        }
        kids.clear();
        kids.extend(children.of(node).iter().copied().filter(|&k| reached[k]));
        if !same_width {
            kids.sort_by(by_text);
        }
        stack.extend(kids.iter().rev());
    }
    (order, paths)
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

    /// The path of `node` (`None` for dropped nodes).
    fn path_of(shape: &TreeShape, node: usize) -> Option<&str> {
        let position = shape.order.iter().position(|&o| o == node)?;
        shape.ordered_path.get(position)
    }

    /// The path of `node` built the slow way: up the parent chain.
    fn path_by_chain(shape: &TreeShape, node: usize) -> String {
        let mut parts = vec![source_index_text(node)];
        let mut at = node;
        while let Some(parent) = shape.parent_node[at] {
            parts.push(source_index_text(parent));
            at = parent;
        }
        parts.reverse();
        parts.join("/")
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
        assert_eq!(path_of(&shape, 0), Some("00002/00000"));
        assert_eq!(path_of(&shape, 1), Some("00002/00000/00001"));
        assert_eq!(path_of(&shape, 4), Some("00004"));
        assert_eq!(path_of(&shape, 3), None);
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
            path_of(&shape, n - 1).map(|p| p.matches('/').count()),
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
        let paths: Vec<String> = (0..n).map(|i| path_by_chain(&shape, i)).collect();
        let mut expected: Vec<usize> = (0..n).collect();
        expected.sort_by(|&a, &b| paths[a].cmp(&paths[b]));
        assert_eq!(shape.order, expected);
        for (position, &node) in shape.order.iter().enumerate() {
            assert_eq!(shape.ordered_path.get(position), Some(paths[node].as_str()));
        }
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

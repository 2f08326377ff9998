//! A static k-d tree over the distinct rows of a matrix, for exact radius queries.
//!
//! Distances follow scikit-learn's `KDTree` leaf test: the squared distance is summed
//! dimension by dimension in index order and compared with `<=` to `eps * eps`. Node
//! bounds only prune or accept whole nodes; both bounds are computed with the same
//! per-dimension rounding, so a node accepted whole never holds a point the leaf test
//! would reject (subtraction, squaring and summing are monotone in IEEE arithmetic).
//! Memory is linear in the number of points: neighbourhoods are visited, never stored.
//! Building and querying use explicit stacks, so input cannot drive recursion depth.

/// Points per leaf.
const LEAF_SIZE: usize = 16;

/// A row-major matrix of finite values.
#[derive(Debug, Clone, PartialEq)]
pub struct Points {
    /// Row-major values, `rows * dims` long.
    pub values: Vec<f64>,
    /// Number of columns.
    pub dims: usize,
}

impl Points {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.values.len().checked_div(self.dims).unwrap_or(0)
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i`.
    pub fn row(&self, i: usize) -> &[f64] {
        self.values
            .get(i * self.dims..(i + 1) * self.dims)
            .unwrap_or(&[])
    }
}

/// Squared euclidean distance, summed in dimension order (scikit-learn's `rdist`).
pub fn squared_distance(a: &[f64], b: &[f64]) -> f64 {
    let mut sum = 0.0;
    for (x, y) in a.iter().zip(b) {
        let d = x - y;
        sum += d * d;
    }
    sum
}

#[derive(Debug, Clone)]
struct Node {
    /// Range of `order` covered by the node.
    start: usize,
    end: usize,
    /// Children (indexes into `nodes`), `None` for a leaf.
    children: Option<(usize, usize)>,
}

/// The tree: a permutation of point indexes plus nodes with bounding boxes.
#[derive(Debug, Clone)]
pub struct KdTree<'a> {
    points: &'a Points,
    order: Vec<usize>,
    nodes: Vec<Node>,
    /// Per node, `dims` lower then `dims` upper bounds.
    bounds: Vec<f64>,
}

impl<'a> KdTree<'a> {
    /// Build the tree over every row of `points`.
    pub fn build(points: &'a Points) -> Self {
        let n = points.len();
        let mut tree = KdTree {
            points,
            order: (0..n).collect(),
            nodes: Vec::new(),
            bounds: Vec::new(),
        };
        if n == 0 {
            return tree;
        }
        tree.push_node(0, n);
        let mut stack = vec![0usize];
        while let Some(id) = stack.pop() {
            let (start, end) = match tree.nodes.get(id) {
                Some(node) => (node.start, node.end),
                None => continue,
            };
            if end - start <= LEAF_SIZE {
                continue;
            }
            let Some(dim) = tree.widest_dimension(id) else {
                continue; // all points equal: keep as a leaf
            };
            let mid = start + (end - start) / 2;
            let dims = points.dims;
            if let Some(slice) = tree.order.get_mut(start..end) {
                slice.select_nth_unstable_by(mid - start, |&a, &b| {
                    let va = points.values.get(a * dims + dim).copied().unwrap_or(0.0);
                    let vb = points.values.get(b * dims + dim).copied().unwrap_or(0.0);
                    va.total_cmp(&vb)
                });
            }
            let left = tree.push_node(start, mid);
            let right = tree.push_node(mid, end);
            if let Some(node) = tree.nodes.get_mut(id) {
                node.children = Some((left, right));
            }
            stack.push(left);
            stack.push(right);
        }
        tree
    }

    fn push_node(&mut self, start: usize, end: usize) -> usize {
        let dims = self.points.dims;
        let mut lo = vec![f64::INFINITY; dims];
        let mut hi = vec![f64::NEG_INFINITY; dims];
        for &p in self.order.get(start..end).unwrap_or(&[]) {
            for (k, v) in self.points.row(p).iter().enumerate() {
                if let (Some(l), Some(h)) = (lo.get_mut(k), hi.get_mut(k)) {
                    *l = l.min(*v);
                    *h = h.max(*v);
                }
            }
        }
        self.bounds.extend_from_slice(&lo);
        self.bounds.extend_from_slice(&hi);
        self.nodes.push(Node {
            start,
            end,
            children: None,
        });
        self.nodes.len() - 1
    }

    fn node_bounds(&self, id: usize) -> (&[f64], &[f64]) {
        let dims = self.points.dims;
        let base = id * 2 * dims;
        (
            self.bounds.get(base..base + dims).unwrap_or(&[]),
            self.bounds.get(base + dims..base + 2 * dims).unwrap_or(&[]),
        )
    }

    fn widest_dimension(&self, id: usize) -> Option<usize> {
        let (lo, hi) = self.node_bounds(id);
        let mut best: Option<(usize, f64)> = None;
        for (k, (l, h)) in lo.iter().zip(hi).enumerate() {
            let spread = h - l;
            if spread > 0.0 && best.is_none_or(|(_, s)| spread > s) {
                best = Some((k, spread));
            }
        }
        best.map(|(k, _)| k)
    }

    /// Lower and upper bounds of the squared distance from `pt` to node `id`.
    fn node_distance_bounds(&self, id: usize, pt: &[f64]) -> (f64, f64) {
        let (lo, hi) = self.node_bounds(id);
        let (mut min, mut max) = (0.0, 0.0);
        for ((p, l), h) in pt.iter().zip(lo).zip(hi) {
            let below = l - p;
            let above = p - h;
            let gap = below.max(above).max(0.0);
            min += gap * gap;
            let far = (p - l).abs().max((p - h).abs());
            max += far * far;
        }
        (min, max)
    }

    /// Call `visit(point_index)` for every point within squared distance `r2` of `pt`.
    /// `visit` returns false to stop the query early.
    pub fn within(&self, pt: &[f64], r2: f64, mut visit: impl FnMut(usize) -> bool) {
        if self.nodes.is_empty() {
            return;
        }
        let mut stack = vec![0usize];
        while let Some(id) = stack.pop() {
            let Some(node) = self.nodes.get(id) else {
                continue;
            };
            let (min, max) = self.node_distance_bounds(id, pt);
            if min > r2 {
                continue;
            }
            let members = self.order.get(node.start..node.end).unwrap_or(&[]);
            if max <= r2 {
                for &p in members {
                    if !visit(p) {
                        return;
                    }
                }
                continue;
            }
            match node.children {
                Some((left, right)) => {
                    stack.push(right);
                    stack.push(left);
                }
                None => {
                    for &p in members {
                        if squared_distance(pt, self.points.row(p)) <= r2 && !visit(p) {
                            return;
                        }
                    }
                }
            }
        }
    }
}

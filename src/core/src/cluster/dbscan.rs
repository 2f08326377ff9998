//! DBSCAN whose labels equal scikit-learn's `DBSCAN(metric="euclidean")`.
//!
//! scikit-learn stores every neighbourhood (memory grows with the square of the cluster
//! sizes) and labels clusters by a depth-first search started from each unlabelled core
//! point in row order. The labels that search produces have a closed form, which this
//! module computes without storing neighbourhoods:
//!
//! * a point is *core* when its neighbourhood (distance `<= eps`, itself included)
//!   holds at least `min_samples` points;
//! * core points within `eps` of each other form connected components; components are
//!   numbered in the order of their first core point (lowest row index);
//! * a non-core point within `eps` of core points takes the *lowest* number among
//!   their components (the first cluster the search reaches it from), otherwise `-1`.
//!
//! Identical rows are merged first and carry a weight, so the thousands of repeats a
//! process log holds cost one query. linfa-clustering was measured against
//! scikit-learn and not used: see `docs/clustering.md`.
use rustc_hash::FxHashMap;

use super::kdtree::{KdTree, Points};
use crate::parallel::par_map;
use crate::{Error, Result};

/// DBSCAN parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DbscanParams {
    /// Neighbourhood radius (inclusive), as scikit-learn's `eps`.
    pub eps: f64,
    /// Minimum neighbourhood size for a core point, the point itself included.
    pub min_samples: u64,
    /// Worker threads for the neighbourhood queries (1 = no threads).
    pub threads: usize,
}

/// The fitted result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbscanResult {
    /// Cluster number per row, `-1` for noise.
    pub labels: Vec<i64>,
    /// Rows that are core points, ascending.
    pub core_sample_indices: Vec<usize>,
}

/// Distinct rows and, per input row, the index of its distinct row.
struct Distinct {
    points: Points,
    weights: Vec<u64>,
    of_row: Vec<usize>,
}

fn distinct_rows(points: &Points) -> Distinct {
    let mut index: FxHashMap<Vec<u64>, usize> = FxHashMap::default();
    let mut values = Vec::new();
    let mut weights = Vec::new();
    let mut of_row = Vec::with_capacity(points.len());
    for i in 0..points.len() {
        let row = points.row(i);
        // Bit patterns as the key: -0.0 and 0.0 stay apart, which is harmless (they are
        // at distance zero, so they still end up in each other's neighbourhood).
        let key: Vec<u64> = row.iter().map(|v| v.to_bits()).collect();
        let next = weights.len();
        let id = *index.entry(key).or_insert(next);
        if id == next {
            values.extend_from_slice(row);
            weights.push(0);
        }
        if let Some(w) = weights.get_mut(id) {
            *w += 1;
        }
        of_row.push(id);
    }
    Distinct {
        points: Points {
            values,
            dims: points.dims,
        },
        weights,
        of_row,
    }
}

/// Union-find with path halving and union by lowest root index.
struct Components {
    parent: Vec<usize>,
}

impl Components {
    fn new(n: usize) -> Self {
        Components {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while let Some(&p) = self.parent.get(x) {
            if p == x {
                break;
            }
            let grand = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(x) {
                *slot = grand;
            }
            x = grand;
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            if let Some(slot) = self.parent.get_mut(hi) {
                *slot = lo;
            }
        }
    }
}

/// Check the parameters and the matrix.
fn validate(points: &Points, params: &DbscanParams) -> Result<()> {
    if !(params.eps.is_finite() && params.eps > 0.0) {
        return Err(Error::InvalidArgument(format!(
            "eps must be a finite number greater than 0, got {}",
            params.eps
        )));
    }
    if params.min_samples == 0 {
        return Err(Error::InvalidArgument(
            "min_samples must be at least 1".to_string(),
        ));
    }
    if points.dims == 0 || points.len() * points.dims != points.values.len() {
        return Err(Error::InvalidArgument(
            "the feature matrix needs at least one column".to_string(),
        ));
    }
    if points.values.iter().any(|v| !v.is_finite()) {
        return Err(Error::InvalidArgument(
            "Input X contains NaN or infinity".to_string(),
        ));
    }
    Ok(())
}

/// Cluster the rows of `points`.
pub fn dbscan(points: &Points, params: &DbscanParams) -> Result<DbscanResult> {
    validate(points, params)?;
    let distinct = distinct_rows(points);
    let tree = KdTree::build(&distinct.points);
    let r2 = params.eps * params.eps;
    let ids: Vec<usize> = (0..distinct.weights.len()).collect();
    let weights = &distinct.weights;

    // 1. Core flags: neighbourhood weight, stopping as soon as it is large enough.
    let is_core: Vec<bool> = par_map(&ids, params.threads, 256, |&u| {
        let mut total = 0u64;
        tree.within(distinct.points.row(u), r2, |v| {
            total += weights.get(v).copied().unwrap_or(0);
            total < params.min_samples
        });
        total >= params.min_samples
    });
    let core = |u: usize| is_core.get(u).copied().unwrap_or(false);

    // 2. Components of core points: their core neighbours, found in parallel in blocks
    //    (bounded memory), joined sequentially.
    let mut components = Components::new(ids.len());
    let core_ids: Vec<usize> = ids.iter().copied().filter(|&u| core(u)).collect();
    for block in core_ids.chunks(4096) {
        let edges: Vec<Vec<usize>> = par_map(block, params.threads, 64, |&u| {
            let mut found = Vec::new();
            tree.within(distinct.points.row(u), r2, |v| {
                if v > u && core(v) {
                    found.push(v);
                }
                true
            });
            found
        });
        for (&u, targets) in block.iter().zip(&edges) {
            for &v in targets {
                components.union(u, v);
            }
        }
    }

    // 3. Number components by their first core row.
    let mut number: Vec<i64> = vec![-1; ids.len()];
    let mut next = 0i64;
    let mut core_sample_indices = Vec::new();
    for (row, &u) in distinct.of_row.iter().enumerate() {
        if !core(u) {
            continue;
        }
        core_sample_indices.push(row);
        let root = components.find(u);
        if let Some(slot) = number.get_mut(root) {
            if *slot < 0 {
                *slot = next;
                next += 1;
            }
        }
    }
    let roots: Vec<usize> = ids.iter().map(|&u| components.find(u)).collect();
    let cluster_of = |u: usize| -> i64 {
        roots
            .get(u)
            .and_then(|&r| number.get(r))
            .copied()
            .unwrap_or(-1)
    };

    // 4. Labels of distinct points: core -> its component, border -> lowest adjacent.
    let distinct_labels: Vec<i64> = par_map(&ids, params.threads, 256, |&u| {
        if core(u) {
            return cluster_of(u);
        }
        let mut best = -1i64;
        tree.within(distinct.points.row(u), r2, |v| {
            if core(v) {
                let label = cluster_of(v);
                if best < 0 || label < best {
                    best = label;
                }
            }
            best != 0
        });
        best
    });
    let labels = distinct
        .of_row
        .iter()
        .map(|&u| distinct_labels.get(u).copied().unwrap_or(-1))
        .collect();
    Ok(DbscanResult {
        labels,
        core_sample_indices,
    })
}

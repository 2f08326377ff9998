//! Isolation forest with scikit-learn's `IsolationForest` semantics and its own seeded
//! random streams.
//!
//! Each tree is grown on `max_samples` rows drawn without replacement and on
//! `max_features` columns drawn without replacement, to depth `ceil(log2(max_samples))`.
//! A node splits on a column chosen at random among those not constant in the node, at
//! a threshold drawn uniformly between the column's minimum and maximum there (rows
//! `<= threshold` go left). The anomaly score of a row is `-2^(-E[h] / c(max_samples))`
//! where `h` is the leaf depth plus `c(rows in the leaf)`, `c` being the average path
//! length of an unsuccessful search in a binary search tree. With a `contamination`,
//! the offset is that percentile of the training scores; otherwise (`"auto"`) -0.5.
//!
//! The random numbers differ from numpy's, so scores are not bit-identical to
//! scikit-learn's; the parity tests bound the difference on planted-outlier data.
use super::rng::Rng;
use crate::cluster::Points;
use crate::parallel::par_map;
use crate::{Error, Result};

/// Forest parameters (already resolved from msticpy's arguments).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForestParams {
    /// Number of trees.
    pub n_estimators: usize,
    /// Rows per tree (capped at the number of training rows).
    pub max_samples: usize,
    /// Columns per tree (capped at the number of columns).
    pub max_features: usize,
    /// Share of outliers in the training data, or `None` for `"auto"` (offset -0.5).
    pub contamination: Option<f64>,
    /// Seed of the random streams.
    pub seed: u64,
    /// Worker threads.
    pub threads: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Node {
    Split {
        feature: usize,
        threshold: f64,
        left: usize,
        right: usize,
    },
    /// Path length credited to rows ending here: depth + c(rows in the leaf).
    Leaf(f64),
}

#[derive(Debug, Clone, PartialEq)]
struct Tree {
    nodes: Vec<Node>,
}

/// A fitted forest.
#[derive(Debug, Clone, PartialEq)]
pub struct IsolationForest {
    trees: Vec<Tree>,
    /// Number of columns seen in training.
    pub n_features: usize,
    /// Rows per tree actually used.
    pub max_samples: usize,
    /// The decision threshold subtracted from `score_samples`.
    pub offset: f64,
}

const EULER_GAMMA: f64 = 0.577_215_664_901_532_9;

/// Average path length of an unsuccessful search among `n` rows (scikit-learn's
/// `_average_path_length`).
pub fn average_path_length(n: usize) -> f64 {
    match n {
        0 | 1 => 0.0,
        2 => 1.0,
        _ => {
            let n = n as f64;
            2.0 * ((n - 1.0).ln() + EULER_GAMMA) - 2.0 * (n - 1.0) / n
        }
    }
}

fn grow_tree(x: &Points, rows: Vec<usize>, features: &[usize], rng: &mut Rng) -> Tree {
    let max_depth = (rows.len().max(2) as f64).log2().ceil() as usize;
    let mut nodes = vec![Node::Leaf(0.0)];
    // (node id, rows, depth); an explicit stack keeps recursion out of it.
    let mut stack = vec![(0usize, rows, 0usize)];
    let mut candidates: Vec<(usize, f64, f64)> = Vec::with_capacity(features.len());
    while let Some((id, rows, depth)) = stack.pop() {
        candidates.clear();
        if depth < max_depth && rows.len() > 1 {
            for &f in features {
                let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
                for &r in &rows {
                    let v = x.row(r).get(f).copied().unwrap_or(0.0);
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
                if hi > lo {
                    candidates.push((f, lo, hi));
                }
            }
        }
        let pick = if candidates.is_empty() {
            None
        } else {
            candidates
                .get(rng.below(candidates.len() as u64) as usize)
                .copied()
        };
        let Some((feature, lo, hi)) = pick else {
            if let Some(slot) = nodes.get_mut(id) {
                *slot = Node::Leaf(depth as f64 + average_path_length(rows.len()));
            }
            continue;
        };
        let mut threshold = lo + rng.next_f64() * (hi - lo);
        if threshold >= hi {
            threshold = lo; // rounding: keep both sides non-empty
        }
        let (left_rows, right_rows): (Vec<usize>, Vec<usize>) = rows
            .iter()
            .partition(|&&r| x.row(r).get(feature).copied().unwrap_or(0.0) <= threshold);
        let left = nodes.len();
        nodes.push(Node::Leaf(0.0));
        nodes.push(Node::Leaf(0.0));
        if let Some(slot) = nodes.get_mut(id) {
            *slot = Node::Split {
                feature,
                threshold,
                left,
                right: left + 1,
            };
        }
        stack.push((left, left_rows, depth + 1));
        stack.push((left + 1, right_rows, depth + 1));
    }
    Tree { nodes }
}

impl Tree {
    fn path_length(&self, row: &[f64]) -> f64 {
        let mut id = 0;
        // Depth is bounded by the tree; the loop also stops on a malformed index.
        for _ in 0..=self.nodes.len() {
            match self.nodes.get(id) {
                Some(Node::Split {
                    feature,
                    threshold,
                    left,
                    right,
                }) => {
                    let v = row.get(*feature).copied().unwrap_or(0.0);
                    id = if v <= *threshold { *left } else { *right };
                }
                Some(Node::Leaf(length)) => return *length,
                None => break,
            }
        }
        0.0
    }
}

/// numpy's default (linear) percentile of `values`, `q` in `[0, 100]`.
pub fn percentile(values: &[f64], q: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let pos = q / 100.0 * (n - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    let frac = pos - lo as f64;
    let a = sorted.get(lo).copied().unwrap_or(f64::NAN);
    let b = sorted.get(hi).copied().unwrap_or(a);
    a + (b - a) * frac
}

fn check_matrix(x: &Points, what: &str) -> Result<()> {
    if x.dims == 0 || x.len() * x.dims != x.values.len() {
        return Err(Error::InvalidArgument(format!(
            "{what} needs at least one column"
        )));
    }
    if x.values.iter().any(|v| !v.is_finite()) {
        return Err(Error::InvalidArgument(format!(
            "{what} contains NaN or infinity"
        )));
    }
    Ok(())
}

impl IsolationForest {
    /// Fit a forest on the rows of `x`.
    pub fn fit(x: &Points, params: &ForestParams) -> Result<Self> {
        check_matrix(x, "the training matrix")?;
        let n = x.len();
        if n == 0 {
            return Err(Error::InvalidArgument(
                "the training matrix has no rows".to_string(),
            ));
        }
        if params.n_estimators == 0 || params.max_samples == 0 || params.max_features == 0 {
            return Err(Error::InvalidArgument(
                "n_estimators, max_samples and max_features must be at least 1".to_string(),
            ));
        }
        if let Some(c) = params.contamination {
            if !(c > 0.0 && c <= 0.5) {
                return Err(Error::InvalidArgument(format!(
                    "contamination must be in (0, 0.5], got {c}"
                )));
            }
        }
        let max_samples = params.max_samples.min(n);
        let max_features = params.max_features.min(x.dims);
        let ids: Vec<u64> = (0..params.n_estimators as u64).collect();
        let trees = par_map(&ids, params.threads, 1, |&t| {
            let mut rng = Rng::new(params.seed, t);
            let mut features = if max_features == x.dims {
                (0..x.dims).collect()
            } else {
                rng.sample_without_replacement(x.dims, max_features)
            };
            features.sort_unstable();
            let rows = rng.sample_without_replacement(n, max_samples);
            grow_tree(x, rows, &features, &mut rng)
        });
        let mut forest = IsolationForest {
            trees,
            n_features: x.dims,
            max_samples,
            offset: -0.5,
        };
        if let Some(c) = params.contamination {
            let scores = forest.score_samples(x, params.threads)?;
            forest.offset = percentile(&scores, 100.0 * c);
        }
        Ok(forest)
    }

    /// `score_samples`: the opposite of the anomaly score (lower = more abnormal).
    pub fn score_samples(&self, x: &Points, threads: usize) -> Result<Vec<f64>> {
        check_matrix(x, "the matrix to score")?;
        if x.dims != self.n_features {
            return Err(Error::InvalidArgument(format!(
                "X has {} features, but the forest was fitted with {} features",
                x.dims, self.n_features
            )));
        }
        let rows: Vec<usize> = (0..x.len()).collect();
        let norm = average_path_length(self.max_samples).max(f64::MIN_POSITIVE);
        let trees = self.trees.len().max(1) as f64;
        Ok(par_map(&rows, threads, 512, |&r| {
            let row = x.row(r);
            let depth: f64 = self.trees.iter().map(|t| t.path_length(row)).sum();
            -(2f64.powf(-(depth / trees) / norm))
        }))
    }

    /// `decision_function`: `score_samples - offset` (negative = outlier).
    pub fn decision_function(&self, x: &Points, threads: usize) -> Result<Vec<f64>> {
        Ok(self
            .score_samples(x, threads)?
            .into_iter()
            .map(|s| s - self.offset)
            .collect())
    }
}

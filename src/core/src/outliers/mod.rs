//! Outlier detection: msticpy's `analysis.outliers.identify_outliers` (3.0.2) without
//! scikit-learn: a seeded isolation forest ([`forest`]) on its own random streams
//! ([`rng`]). Same seed, same data: same forest, whatever the thread count.
pub mod forest;
pub mod rng;

#[cfg(test)]
mod tests;

pub use forest::{average_path_length, percentile, ForestParams, IsolationForest};

//! Event clustering: msticpy's `analysis.eventcluster` (3.0.2) without scikit-learn.
//!
//! * [`features`]: the scalar scorers (`delim_count`, `delim_hash`, `char_ord_score`,
//!   `token_count`, `crc32_hash`) with msticpy's exact values;
//! * [`process`]: whole-column versions and `add_process_features`' columns;
//! * [`normalize`]: per-row L2 normalisation (`sklearn.preprocessing.Normalizer`);
//! * [`dbscan`]: DBSCAN with scikit-learn's labels in linear memory, over a
//!   [`kdtree`] of the distinct rows.
pub mod dbscan;
pub mod features;
pub mod kdtree;
pub mod normalize;
pub mod process;

#[cfg(test)]
mod tests;

pub use dbscan::{dbscan, DbscanParams, DbscanResult};
pub use kdtree::Points;

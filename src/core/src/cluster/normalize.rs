//! Per-row L2 normalisation, as scikit-learn's `Normalizer()` (norm="l2").
//!
//! Each row is divided by the square root of its sum of squares; rows whose norm is
//! below `10 * f64::EPSILON` are left unchanged (scikit-learn's `_handle_zeros_in_scale`).
//! The sum runs in column order; numpy's `einsum` may group long rows differently, so
//! values can differ in the last bit for rows of many columns (never for 1-3 columns).
use super::kdtree::Points;

/// Normalise every row of `points` in place.
pub fn l2_normalize_rows(points: &mut Points) {
    let dims = points.dims;
    if dims == 0 {
        return;
    }
    for row in points.values.chunks_mut(dims) {
        let norm = row.iter().map(|v| v * v).fold(0.0, |acc, v| acc + v).sqrt();
        let scale = if norm < 10.0 * f64::EPSILON {
            1.0
        } else {
            norm
        };
        for v in row.iter_mut() {
            *v /= scale;
        }
    }
}

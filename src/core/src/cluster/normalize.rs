//! Per-row L2 normalisation, as scikit-learn's `Normalizer()` (norm="l2").
//!
//! Each row is divided by the square root of its sum of squares; rows whose norm is
//! below `10 * f64::EPSILON` are left unchanged (scikit-learn's `_handle_zeros_in_scale`).
//! The sum of squares reproduces the rounding of numpy's `einsum("ij,ij->i")` on x86-64
//! (two SIMD lanes, blocks of eight, no fused multiply-add), which scikit-learn's
//! `row_norms` calls, so the normalised values are bit-identical (tested against
//! scikit-learn for 1-39 columns).
use super::kdtree::Points;

/// Sum of squares of a row in numpy `einsum`'s order: lane `l` (0 or 1) accumulates
/// indexes `l, l+2, ...`; each block of eight adds its pairs from the back; the lanes
/// are added last.
pub fn einsum_sum_of_squares(row: &[f64]) -> f64 {
    let mut acc = [0.0f64; 2];
    let mut blocks = row.chunks_exact(8);
    for block in &mut blocks {
        for (lane, slot) in acc.iter_mut().enumerate() {
            let mut a = *slot;
            for k in [6, 4, 2, 0] {
                let v = block.get(k + lane).copied().unwrap_or(0.0);
                a += v * v;
            }
            *slot = a;
        }
    }
    for pair in blocks.remainder().chunks(2) {
        for (slot, v) in acc.iter_mut().zip(pair) {
            *slot += v * v;
        }
    }
    acc[0] + acc[1]
}

/// Normalise every row of `points` in place.
pub fn l2_normalize_rows(points: &mut Points) {
    let dims = points.dims;
    if dims == 0 {
        return;
    }
    for row in points.values.chunks_mut(dims) {
        let norm = einsum_sum_of_squares(row).sqrt();
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

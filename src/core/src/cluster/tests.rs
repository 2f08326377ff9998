//! Unit tests: msticpy's golden values and DBSCAN against a direct transcription of
//! scikit-learn's algorithm (stored neighbourhoods + depth-first labelling).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use super::dbscan::{dbscan, DbscanParams};
use super::features::{char_ord_sum, crc32_hash, delim_count, delim_hash, token_count};
use super::kdtree::{squared_distance, Points};
use super::normalize::l2_normalize_rows;
use super::process::{commandline_features, path_features};

const FOX: &str = "The quick & sly (as all foxes might be/or not) fox, jumped over a frog.";

#[test]
fn golden_values_from_msticpy() {
    assert_eq!(token_count(FOX, " "), 15);
    assert_eq!(char_ord_sum(FOX), 6199);
    assert_eq!(delim_count(FOX), 20);
    assert_eq!(crc32_hash(FOX), 2_011_081_507);
    assert_eq!(delim_hash(FOX), 2_337_396_062);
}

#[test]
fn python_whitespace_and_split_semantics() {
    // U+001C..U+001F are whitespace for Python's `\s`; U+00A0 too.
    assert_eq!(delim_count("a\u{1c}b\u{a0}c"), 2);
    assert_eq!(delim_count(""), 0);
    assert_eq!(delim_hash(""), 0);
    assert_eq!(token_count("", " "), 1);
    assert_eq!(token_count("aaaa", "aa"), 3);
    assert_eq!(char_ord_sum("é€"), 0xe9 + 0x20ac);
}

#[test]
fn process_feature_columns() {
    let cells = [
        Some(r"C:\Windows\System32\cmd.exe"),
        None,
        Some("/usr/bin/ls"),
    ];
    let path = path_features(&cells, "\\", 2);
    assert_eq!(path.process_name, vec!["cmd.exe", "", "/usr/bin/ls"]);
    assert_eq!(path.score[1], 0);
    assert_eq!(path.log_score[1], 0.0);
    assert_eq!(path.log_score[0], (path.score[0] as f64).log10());
    let cmd = commandline_features(&[Some(FOX), Some("")], 1);
    assert_eq!(cmd.len, vec![71, 0]);
    assert_eq!(cmd.tokens_full, vec![20, 0]);
    assert_eq!(cmd.tokens_hash[0], 2_337_396_062);
}

#[test]
fn normalizer_leaves_zero_rows() {
    let mut p = Points {
        values: vec![3.0, 4.0, 0.0, 0.0],
        dims: 2,
    };
    l2_normalize_rows(&mut p);
    assert_eq!(p.values, vec![0.6, 0.8, 0.0, 0.0]);
}

/// scikit-learn's DBSCAN, transcribed literally: brute-force neighbourhoods, then the
/// depth-first search of `_dbscan_inner.pyx`.
fn reference_labels(points: &Points, eps: f64, min_samples: usize) -> (Vec<i64>, Vec<usize>) {
    let n = points.len();
    let r2 = eps * eps;
    let hoods: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            (0..n)
                .filter(|&j| squared_distance(points.row(i), points.row(j)) <= r2)
                .collect()
        })
        .collect();
    let is_core: Vec<bool> = hoods.iter().map(|h| h.len() >= min_samples).collect();
    let mut labels = vec![-1i64; n];
    let mut label = 0;
    for start in 0..n {
        if labels[start] != -1 || !is_core[start] {
            continue;
        }
        let mut stack = Vec::new();
        let mut i = start;
        loop {
            if labels[i] == -1 {
                labels[i] = label;
                if is_core[i] {
                    for &v in &hoods[i] {
                        if labels[v] == -1 {
                            stack.push(v);
                        }
                    }
                }
            }
            match stack.pop() {
                Some(next) => i = next,
                None => break,
            }
        }
        label += 1;
    }
    let cores = (0..n).filter(|&i| is_core[i]).collect();
    (labels, cores)
}

/// A small deterministic generator (no dependency needed for tests).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[test]
fn dbscan_matches_reference_on_random_grids() {
    let mut rng = Lcg(7);
    for case in 0..300 {
        let dims = 1 + (case % 4);
        let n = 1 + (rng.next() % 120) as usize;
        // Integer grid values: many exact ties at distance == eps and many duplicates.
        let values: Vec<f64> = (0..n * dims).map(|_| (rng.next() % 6) as f64).collect();
        let points = Points { values, dims };
        let eps = [1.0, 1.5, 2.0, 0.5][case % 4];
        let min_samples = 1 + (rng.next() % 6) as usize;
        let params = DbscanParams {
            eps,
            min_samples: min_samples as u64,
            threads: 1 + case % 3,
        };
        let ours = dbscan(&points, &params);
        let (labels, cores) = reference_labels(&points, eps, min_samples);
        let ours = match ours {
            Ok(r) => r,
            Err(e) => panic!("case {case}: {e}"),
        };
        assert_eq!(ours.labels, labels, "case {case}");
        assert_eq!(ours.core_sample_indices, cores, "case {case}");
    }
}

#[test]
fn dbscan_border_point_takes_first_cluster() {
    // Two dense groups, one point between them within eps of a core of each.
    // 6 is within eps of the cores 3 and 9 but has only 3 neighbours itself.
    let values = vec![9.0, 10.0, 11.0, 12.0, 6.0, 0.0, 1.0, 2.0, 3.0];
    let points = Points { values, dims: 1 };
    let params = DbscanParams {
        eps: 3.0,
        min_samples: 4,
        threads: 1,
    };
    let ours = dbscan(&points, &params).map(|r| r.labels);
    assert_eq!(ours, Ok(vec![0, 0, 0, 0, 0, 1, 1, 1, 1]));
}

#[test]
fn dbscan_rejects_bad_input() {
    let nan = Points {
        values: vec![0.0, f64::NAN],
        dims: 1,
    };
    let ok = DbscanParams {
        eps: 0.5,
        min_samples: 2,
        threads: 1,
    };
    assert!(dbscan(&nan, &ok).is_err());
    let p = Points {
        values: vec![0.0],
        dims: 1,
    };
    assert!(dbscan(&p, &DbscanParams { eps: 0.0, ..ok }).is_err());
    assert!(dbscan(
        &p,
        &DbscanParams {
            min_samples: 0,
            ..ok
        }
    )
    .is_err());
    let empty = Points {
        values: vec![],
        dims: 3,
    };
    assert_eq!(dbscan(&empty, &ok).map(|r| r.labels.len()), Ok(0));
}

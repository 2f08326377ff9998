//! Unit tests: planted outliers are found, results are stable across runs and threads.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use super::forest::{average_path_length, percentile, ForestParams, IsolationForest};
use super::rng::Rng;
use crate::cluster::Points;

fn planted(n: usize) -> Points {
    let mut rng = Rng::new(1, 0);
    let mut values = Vec::new();
    for i in 0..n {
        let far = i % 50 == 7;
        for _ in 0..3 {
            let v = rng.next_f64();
            values.push(if far { 8.0 + v } else { v });
        }
    }
    Points { values, dims: 3 }
}

fn params(threads: usize) -> ForestParams {
    ForestParams {
        n_estimators: 100,
        max_samples: 100,
        max_features: 3,
        contamination: Some(0.02),
        seed: 42,
        threads,
    }
}

#[test]
fn finds_planted_outliers() {
    let x = planted(1000);
    let forest = IsolationForest::fit(&x, &params(2)).unwrap();
    let decision = forest.decision_function(&x, 2).unwrap();
    let flagged: Vec<usize> = (0..1000).filter(|&i| decision[i] < 0.0).collect();
    let planted: Vec<usize> = (0..1000).filter(|i| i % 50 == 7).collect();
    assert_eq!(flagged, planted);
}

#[test]
fn stable_across_runs_and_threads() {
    let x = planted(500);
    let a = IsolationForest::fit(&x, &params(1)).unwrap();
    let b = IsolationForest::fit(&x, &params(4)).unwrap();
    assert_eq!(a, b);
    assert_eq!(
        a.score_samples(&x, 1).unwrap(),
        b.score_samples(&x, 3).unwrap()
    );
}

#[test]
fn helpers_match_numpy_and_sklearn() {
    assert_eq!(average_path_length(1), 0.0);
    assert_eq!(average_path_length(2), 1.0);
    assert!((average_path_length(256) - 10.244_770_920_119_917).abs() < 1e-12);
    assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0], 50.0), 2.5);
    assert_eq!(percentile(&[4.0, 1.0], 0.0), 1.0);
}

#[test]
fn rejects_bad_input() {
    let x = planted(10);
    let bad = Points {
        values: vec![f64::NAN, 1.0],
        dims: 2,
    };
    assert!(IsolationForest::fit(&bad, &params(1)).is_err());
    let forest = IsolationForest::fit(&x, &params(1)).unwrap();
    let wrong_width = Points {
        values: vec![1.0, 2.0],
        dims: 2,
    };
    assert!(forest.score_samples(&wrong_width, 1).is_err());
    let mut p = params(1);
    p.contamination = Some(0.9);
    assert!(IsolationForest::fit(&x, &p).is_err());
}

#[test]
fn sampling_without_replacement_is_distinct() {
    let mut rng = Rng::new(3, 1);
    for (n, k) in [(10, 10), (1_000_000, 100), (50, 20)] {
        let mut s = rng.sample_without_replacement(n, k);
        assert_eq!(s.len(), k);
        s.sort_unstable();
        s.dedup();
        assert_eq!(s.len(), k);
        assert!(s.iter().all(|&v| v < n));
    }
}

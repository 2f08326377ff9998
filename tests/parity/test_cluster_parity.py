"""Differential tests: clustering and outliers vs msticpy 3.0.2 / scikit-learn 1.9.

* DBSCAN labels and core samples vs ``sklearn.cluster.DBSCAN`` on 60 generated
  matrices (blobs with border points and noise; integer grids with exact distance
  ties; 5-400 rows, 1-6 columns, min_samples 1-8): must be identical.
* ``Normalizer`` output: identical floats.
* ``add_process_features`` + ``dbcluster_events`` on generated process events
  (Windows/Linux paths, NaN cells, non-ASCII, tz-aware and naive times): feature
  columns, labels, core samples, components, x_norm and the clustered frame identical.
* ``identify_outliers`` on planted-outlier data: every planted row flagged by both;
  flagged sets overlap >= 90 % (Jaccard); Spearman rank correlation of the decision
  scores >= 0.9; the ``planted`` lowest-scored rows are the planted rows in both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from msticpy.analysis.dbscan import DBSCAN, l2_normalize
from msticpy.analysis.eventcluster import add_process_features, dbcluster_events
from msticpy.analysis.outliers import identify_outliers

from .cluster_generate import dbscan_matrices, planted_outliers, process_events
from .conftest import add_summary_line, run_reference

pytestmark = pytest.mark.parity


def _ok(result: dict) -> object:
    assert "ok" in result, result
    return result["ok"]


def test_dbscan_labels_equal_sklearn(ref_python: str) -> None:
    cases = dbscan_matrices(seed=11, count=60)
    response = run_reference(ref_python, {"mode": "cluster_dbscan", "inputs": cases})
    borders = 0
    for case, result in zip(cases, response["results"]):
        ref = _ok(result)
        model = DBSCAN(eps=case["eps"], min_samples=case["min_samples"]).fit(case["x"])
        assert model.labels_.tolist() == ref["labels"], case
        assert model.core_sample_indices_.tolist() == ref["core"], case
        core = set(ref["core"])
        borders += sum(1 for i, lab in enumerate(ref["labels"]) if lab >= 0 and i not in core)
    assert borders > 50  # the generated data does exercise border points
    add_summary_line(f"DBSCAN vs sklearn: {len(cases)} matrices, {borders} border points, equal")


def test_normalizer_equal_sklearn(ref_python: str) -> None:
    rng = np.random.RandomState(3)
    matrices = [
        (rng.rand(50, 3) * 1000).round(0).tolist(),
        rng.randn(20, 5).tolist(),
        (rng.randn(30, 19) * 1e3).tolist(),
        [[0.0, 0.0], [1e-300, 0.0], [3.0, 4.0]],
    ]
    response = run_reference(ref_python, {"mode": "cluster_normalize", "inputs": matrices})
    for matrix, result in zip(matrices, response["results"]):
        ours = l2_normalize(np.array(matrix, dtype=float))
        assert ours.tolist() == _ok(result)


def _frame(events: dict) -> pd.DataFrame:
    frame = pd.DataFrame(events)
    tz = any(v.endswith("Z") for v in frame["TimeCreatedUtc"])
    frame["TimeCreatedUtc"] = pd.to_datetime(frame["TimeCreatedUtc"], utc=tz, format="ISO8601")
    return frame


def _values(frame: pd.DataFrame, col: str) -> list:
    series = frame[col]
    if pd.api.types.is_datetime64_any_dtype(series):
        return [None if pd.isna(v) else v.isoformat() for v in series]
    return [None if (isinstance(v, float) and v != v) else v for v in series.tolist()]


CLUSTERINGS = [
    {"columns": ["commandlineTokensFull", "pathScore", "isSystemSession"], "eps": 0.0001},
    {"columns": ["pathHash", "commandlineTokensHash", "isSystemSession"], "eps": 0.001},
    {"columns": ["commandlineScore", "commandlineLen"], "eps": 0.01, "min_samples": 3},
]
EVENT_CASES = [
    {"seed": 1, "rows": 1500, "linux": False, "tz": True},
    {"seed": 2, "rows": 800, "linux": True, "tz": True},
    {"seed": 3, "rows": 400, "linux": False, "tz": False},
]


@pytest.mark.parametrize("spec", EVENT_CASES, ids=lambda s: f"seed{s['seed']}")
def test_dbcluster_events_equal_msticpy(ref_python: str, spec: dict) -> None:
    events = process_events(spec["seed"], spec["rows"], spec["linux"], spec["tz"])
    cluster = [{"min_samples": 2, **c} for c in CLUSTERINGS]
    request = {
        "mode": "cluster_events",
        "inputs": [{"events": list(events.items()), "cluster": cluster}],
    }
    ref = _ok(run_reference(ref_python, request)["results"][0])
    features = add_process_features(_frame(events))
    ref_features = ref["features"]
    assert list(features.columns) == ref_features["columns"]
    for col in ref_features["columns"]:
        assert _values(features, col) == ref_features["values"][col], col
    rows_out = 0
    for c, ref_c in zip(cluster, ref["clusters"]):
        out, model, x_norm = dbcluster_events(
            features,
            cluster_columns=c["columns"],
            max_cluster_distance=c["eps"],
            min_cluster_samples=c["min_samples"],
        )
        assert model.labels_.tolist() == ref_c["labels"]
        assert model.core_sample_indices_.tolist() == ref_c["core"]
        assert model.components_.tolist() == ref_c["components"]
        assert x_norm.tolist() == ref_c["x_norm"]
        frame = ref_c["frame"]
        assert list(out.columns) == frame["columns"]
        assert out.index.tolist() == frame["index"]
        for col in frame["columns"]:
            assert _values(out, col) == frame["values"][col], col
        for col in ("TimeGenerated", "FirstEventTime", "LastEventTime", "ClusterId"):
            assert str(out[col].dtype).replace("[us", "[ns") == frame["dtypes"][col]
        rows_out += len(out)
    add_summary_line(
        f"dbcluster_events seed {spec['seed']}: {spec['rows']} events x {len(cluster)} "
        f"clusterings -> {rows_out} rows, equal"
    )


def _spearman(a: object, b: object) -> float:
    return float(np.corrcoef(pd.Series(a).rank(), pd.Series(b).rank())[0, 1])


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b)


@pytest.mark.parametrize("contamination", [0.015, 0.02, 0.05])
def test_identify_outliers_agrees_with_sklearn(ref_python: str, contamination: float) -> None:
    """Planted rows: flagged by both and scored lowest by both. Beyond them, agreement
    with scikit-learn must be as good as scikit-learn's with itself under another seed
    (ranks within 0.05 Spearman, flags within 0.15 Jaccard), and never poor."""
    planted = 15
    x = planted_outliers(seed=5, rows=985, dims=4, planted=planted)
    case = {"x": x, "contamination": contamination, "alt_seed": 7}
    ref = _ok(
        run_reference(ref_python, {"mode": "cluster_iforest", "inputs": [case]})["results"][0]
    )
    clf, x_out, y_pred = identify_outliers(np.array(x), np.array(x), contamination=contamination)
    flags = lambda pred: {i for i, p in enumerate(pred) if p == -1}  # noqa: E731
    ours_flag, ref_flag, alt_flag = flags(y_pred), flags(ref["pred"]), flags(ref["alt_pred"])
    assert len(x_out) == len(ours_flag)
    planted_rows = set(range(len(x) - planted, len(x)))
    assert planted_rows <= ours_flag and planted_rows <= ref_flag
    if contamination * len(x) <= planted:
        assert ours_flag == ref_flag == planted_rows  # contamination = the planted share
    ours_score = clf.decision_function(np.array(x))
    lowest = lambda s: set(np.argsort(np.asarray(s))[:planted].tolist())  # noqa: E731
    assert lowest(ours_score) == planted_rows == lowest(ref["decision"])
    rho, rho_self = (
        _spearman(ours_score, ref["decision"]),
        _spearman(ref["alt_decision"], ref["decision"]),
    )
    jac, jac_self = _jaccard(ours_flag, ref_flag), _jaccard(alt_flag, ref_flag)
    assert rho >= min(rho_self - 0.05, 0.9) and rho >= 0.85
    assert jac >= jac_self - 0.15 and jac >= 0.5
    add_summary_line(
        f"identify_outliers contamination {contamination}: {len(x)} rows; vs sklearn "
        f"Spearman {rho:.3f} Jaccard {jac:.3f}; sklearn seed 42 vs 7: Spearman "
        f"{rho_self:.3f} Jaccard {jac_self:.3f}"
    )

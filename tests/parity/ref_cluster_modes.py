"""Reference-side modes for the clustering/outlier parity tests (run by ref_worker.py).

Runs INSIDE the reference interpreter (msticpy 3.0.2 with scikit-learn). Modes:

* ``cluster_dbscan``: inputs are ``{"x": matrix, "eps": float, "min_samples": int}``;
  result per input: ``{"labels": [...], "core": [...]}`` from ``sklearn.cluster.DBSCAN``.
* ``cluster_normalize``: inputs are matrices; result: ``Normalizer().fit_transform``.
* ``cluster_events``: inputs are ``{"events": [[column, values], ...], "features": {...},
  "cluster": [{"columns": [...], "eps": float, "min_samples": int}, ...]}``; result:
  ``add_process_features`` columns and, per clustering, ``dbcluster_events`` output.
* ``cluster_iforest``: inputs are ``{"x": matrix, "contamination": float}``; result:
  ``identify_outliers(x, x, contamination)`` predictions and decision scores (and,
  with ``"alt_seed"``, those of the same forest seeded differently).

Matrices are lists of rows of floats (JSON keeps float64 exactly).
"""

from __future__ import annotations

from typing import Any


def _frame(events: list[list[Any]]) -> Any:
    import pandas as pd

    frame = pd.DataFrame(dict(events))  # [name, values] pairs keep the column order
    for col in ("TimeCreatedUtc", "TimeGenerated"):
        if col in frame:
            tz = bool(frame[col].str.endswith("Z").any())
            frame[col] = pd.to_datetime(frame[col], utc=tz, format="ISO8601")
    return frame


def frame_json(frame: Any) -> dict[str, Any]:
    """Columns, index and values of a frame, with times as ISO strings and NaN as None."""
    import pandas as pd

    out: dict[str, Any] = {"columns": [str(c) for c in frame.columns], "index": [], "values": {}}
    out["index"] = [int(i) for i in frame.index]
    for col in frame.columns:
        series = frame[col]
        if pd.api.types.is_datetime64_any_dtype(series):
            values = [None if pd.isna(v) else v.isoformat() for v in series]
        else:
            values = [None if (isinstance(v, float) and v != v) else v for v in series.tolist()]
            values = [v.item() if hasattr(v, "item") else v for v in values]
        out["values"][str(col)] = values
        out.setdefault("dtypes", {})[str(col)] = str(series.dtype)
    return out


def _dbscan(case: dict[str, Any]) -> dict[str, Any]:
    import numpy as np
    from sklearn.cluster import DBSCAN

    model = DBSCAN(eps=case["eps"], min_samples=case["min_samples"]).fit(np.array(case["x"]))
    return {"labels": model.labels_.tolist(), "core": model.core_sample_indices_.tolist()}


def _normalize(matrix: list[list[float]]) -> list[list[float]]:
    import numpy as np
    from sklearn.preprocessing import Normalizer

    return Normalizer().fit_transform(np.array(matrix, dtype=float)).tolist()


def _events(case: dict[str, Any]) -> dict[str, Any]:
    from msticpy.analysis.eventcluster import add_process_features, dbcluster_events

    frame = _frame(case["events"])
    features = add_process_features(frame, **case.get("features", {}))
    result: dict[str, Any] = {"features": frame_json(features), "clusters": []}
    for spec in case.get("cluster", []):
        clustered, model, x_norm = dbcluster_events(
            features,
            cluster_columns=spec["columns"],
            time_column=spec.get("time_column", "TimeCreatedUtc"),
            max_cluster_distance=spec["eps"],
            min_cluster_samples=spec["min_samples"],
        )
        result["clusters"].append(
            {
                "frame": frame_json(clustered),
                "labels": model.labels_.tolist(),
                "core": model.core_sample_indices_.tolist(),
                "components": model.components_.tolist(),
                "x_norm": x_norm.tolist(),
            }
        )
    return result


def _iforest(case: dict[str, Any]) -> dict[str, Any]:
    import numpy as np

    from msticpy.analysis.outliers import identify_outliers

    x = np.array(case["x"], dtype=float)
    clf, x_outliers, y_pred = identify_outliers(x, x, contamination=case["contamination"])
    out = {
        "pred": y_pred.tolist(),
        "decision": clf.decision_function(x).tolist(),
        "outliers": len(x_outliers),
    }
    if "alt_seed" in case:  # the same forest with another seed: sklearn's own spread
        import math

        from sklearn.ensemble import IsolationForest

        alt = IsolationForest(
            max_samples=min(100, x.shape[0]),
            max_features=math.floor(math.sqrt(x.shape[1])),
            random_state=np.random.RandomState(case["alt_seed"]),
            contamination=case["contamination"],
        ).fit(x)
        out["alt_pred"] = alt.predict(x).tolist()
        out["alt_decision"] = alt.decision_function(x).tolist()
    return out


MODES = {
    "cluster_dbscan": _dbscan,
    "cluster_normalize": _normalize,
    "cluster_events": _events,
    "cluster_iforest": _iforest,
}


def serve(mode: str, inputs: list[Any]) -> list[Any]:
    """Run ``mode`` on every input; errors become ``{"error": ClassName}``."""
    handler = MODES[mode]
    results = []
    for case in inputs:
        try:
            results.append({"ok": handler(case)})
        except Exception as exc:  # the class name is the result
            results.append({"error": f"{type(exc).__name__}: {exc}"})
    return results

"""outliers facade: seeded isolation forest, identify_outliers, plots, remove_common_items."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from msticpy.analysis.isolation_forest import IsolationForest
from msticpy.analysis.outliers import (
    identify_outliers,
    plot_outlier_results,
    remove_common_items,
)


def _planted(rows: int = 500, dims: int = 3) -> np.ndarray:
    rng = np.random.RandomState(1)
    x = rng.normal(0, 1, (rows, dims))
    x[-10:] += 12
    return x


def test_classic_and_current_signatures() -> None:
    x = _planted()
    clf, x_out, y_pred = identify_outliers(x, x, 0.02)  # classic positional form
    assert isinstance(clf, IsolationForest)
    assert set(np.flatnonzero(y_pred == -1)) >= set(range(490, 500))
    assert len(x_out) == (y_pred == -1).sum()
    assert clf.n_features_in_ == 3 and clf.max_samples_ == 100
    clf2, _, y2 = identify_outliers(x, x, contamination=0.02, max_features=3, max_samples=0.5)
    assert clf2.max_samples_ == 250
    assert set(np.flatnonzero(y2 == -1)) >= set(range(490, 500))


def test_stable_across_runs() -> None:
    x = _planted()
    a = identify_outliers(x, x)[0].decision_function(x)
    b = identify_outliers(x, x)[0].decision_function(x)
    assert a.tolist() == b.tolist()
    threads = IsolationForest(random_state=42, n_jobs=1, contamination=0.02).fit(x)
    many = IsolationForest(random_state=42, n_jobs=-1, contamination=0.02).fit(x)
    assert threads.score_samples(x).tolist() == many.score_samples(x).tolist()
    rs = IsolationForest(random_state=np.random.RandomState(3)).fit(x)
    assert rs.offset_ == -0.5  # contamination="auto"


def test_errors() -> None:
    x = _planted()
    with pytest.raises(ValueError, match="NaN"):
        identify_outliers(np.array([[np.nan, 1.0]]), x)
    with pytest.raises(ValueError, match="contamination"):
        identify_outliers(x, x, contamination=0.9)
    clf = identify_outliers(x, x)[0]
    with pytest.raises(ValueError, match="features"):
        clf.predict(np.zeros((2, 5)))
    with pytest.raises(ValueError, match="not fitted"):
        IsolationForest().predict(x)


@pytest.mark.parametrize("features", [[0, 1], [0, 1, 2]])
def test_plot_outlier_results_with_agg(features: list[int]) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = _planted(200, len(features))
    clf, x_out, _ = identify_outliers(x, x, 0.05)
    plot_outlier_results(clf, x, x, x_out, features, "outliers")
    assert plt.get_fignums()
    plt.close("all")
    with pytest.raises(ValueError):
        plot_outlier_results(clf, x, x, x_out, [0], "one feature")


def test_remove_common_items_drops_constant_columns() -> None:
    frame = pd.DataFrame({"same": [1] * 12, "vary": range(12), "txt": ["a"] * 12})
    out = remove_common_items(frame, ["same", "vary", "txt"])
    assert list(out.columns) == ["vary"]
    assert remove_common_items(frame.head(5), ["same"]) is not None
    assert list(remove_common_items(frame.head(5), ["same"]).columns) == list(frame.columns)

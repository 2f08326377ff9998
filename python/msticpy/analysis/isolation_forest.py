"""
``IsolationForest``: a seeded isolation forest with scikit-learn's interface.

Same algorithm and scoring as ``sklearn.ensemble.IsolationForest`` (random rows and
columns per tree, random splits, ``-2^(-E[h]/c(n))`` scores, a contamination
percentile as the threshold), computed by the native core on its own random streams:
the same ``random_state`` gives the same forest on every run and machine, whatever the
thread count. Scores are not bit-identical to scikit-learn's (different random
numbers); see ``docs/outliers.md`` for the measured agreement.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _native
from ._matrix import ClusterInputError, as_matrix, floats, to_bytes


def _seed(random_state: Any) -> int:
    """An integer seed from an int, a numpy RandomState/Generator or None (-> 0)."""
    if random_state is None:
        return 0
    if isinstance(random_state, (int, np.integer)) and not isinstance(random_state, bool):
        return int(random_state) & 0xFFFF_FFFF_FFFF_FFFF
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(np.iinfo(np.int32).max))
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(np.iinfo(np.int64).max))
    raise ClusterInputError(f"random_state must be None, an int or a RandomState: {random_state!r}")


class IsolationForest:
    """Isolation forest outlier detector (scikit-learn's interface)."""

    offset_: float
    n_features_in_: int
    max_samples_: int

    def __init__(
        self,
        *,
        n_estimators: int = 100,
        max_samples: int | float | str = "auto",
        contamination: float | str = "auto",
        max_features: int | float = 1.0,
        random_state: Any = None,
        n_jobs: int | None = None,
    ):
        """Store the parameters (checked at ``fit``)."""
        self.n_estimators = n_estimators
        self.max_samples = max_samples
        self.contamination = contamination
        self.max_features = max_features
        self.random_state = random_state
        self.n_jobs = n_jobs
        self._forest: Any = None

    def _resolve(self, rows: int, cols: int) -> tuple[int, int, float | None]:
        ms = self.max_samples
        if isinstance(ms, str):
            if ms != "auto":
                raise ClusterInputError(f"max_samples must be 'auto', an int or a float: {ms!r}")
            n_samples = min(256, rows)
        elif isinstance(ms, (float, np.floating)):
            if not 0.0 < ms <= 1.0:
                raise ClusterInputError(f"max_samples as a float must be in (0, 1]: {ms!r}")
            n_samples = int(ms * rows)
        else:
            n_samples = min(int(ms), rows)
        mf = self.max_features
        if isinstance(mf, (float, np.floating)):
            if not 0.0 < mf <= 1.0:
                raise ClusterInputError(f"max_features as a float must be in (0, 1]: {mf!r}")
            n_features = max(1, int(mf * cols))
        else:
            n_features = int(mf)
            if not 1 <= n_features <= cols:
                raise ClusterInputError(
                    f"max_features must be in [1, n_features={cols}], got {n_features}"
                )
        cont = self.contamination
        if isinstance(cont, str):
            if cont != "auto":
                raise ClusterInputError(f"contamination must be 'auto' or a float: {cont!r}")
            return max(n_samples, 1), n_features, None
        return max(n_samples, 1), n_features, float(cont)

    def _threads(self) -> int:
        return 0 if self.n_jobs in (None, -1) else max(int(self.n_jobs or 1), 1)

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> IsolationForest:
        """
        Grow the forest on the rows of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : Ignored
            Present for scikit-learn compatibility.
        sample_weight : None
            Not supported (raises if given).

        Returns
        -------
        IsolationForest
            The fitted model.

        """
        if sample_weight is not None:
            raise ClusterInputError("IsolationForest sample_weight is not supported")
        matrix = as_matrix(X)
        rows, cols = matrix.shape
        if rows == 0:
            raise ClusterInputError("IsolationForest needs at least one training row")
        n_samples, n_features, contamination = self._resolve(rows, cols)
        self._forest = _native.NativeIsolationForest(
            to_bytes(matrix),
            cols,
            int(self.n_estimators),
            n_samples,
            n_features,
            contamination,
            _seed(self.random_state),
            self._threads(),
        )
        self.offset_ = float(self._forest.offset)
        self.n_features_in_ = cols
        self.max_samples_ = int(self._forest.max_samples)
        return self

    def _fitted(self) -> Any:
        if self._forest is None:
            raise ClusterInputError("This IsolationForest instance is not fitted yet")
        return self._forest

    def score_samples(self, X: Any) -> np.ndarray:
        """Opposite of the anomaly score of each row (lower = more abnormal)."""
        forest = self._fitted()
        matrix = as_matrix(X)
        return floats(forest.score_samples(to_bytes(matrix), matrix.shape[1], self._threads()))

    def decision_function(self, X: Any) -> np.ndarray:
        """``score_samples(X) - offset_``: negative for outliers."""
        return self.score_samples(X) - self.offset_

    def predict(self, X: Any) -> np.ndarray:
        """1 for inliers, -1 for outliers."""
        decision = self.decision_function(X)
        return np.where(decision < 0, -1, 1)

    def fit_predict(self, X: Any, y: Any = None) -> np.ndarray:
        """Fit on ``X`` and predict it."""
        return self.fit(X).predict(X)

    def __repr__(self) -> str:
        """Constructor-style representation."""
        return (
            f"IsolationForest(contamination={self.contamination!r}, "
            f"max_features={self.max_features!r}, max_samples={self.max_samples!r}, "
            f"random_state={self.random_state!r})"
        )


__all__ = ["IsolationForest"]

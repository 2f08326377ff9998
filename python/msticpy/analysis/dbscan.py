"""
``DBSCAN``: the model ``dbcluster_events`` returns, computed by the native core.

Labels equal scikit-learn's ``DBSCAN(metric="euclidean")`` on the same matrix
(``min_samples`` counts the point itself; border points go to the first cluster that
reaches them; clusters are numbered by their first core row), in memory linear in
the number of rows. The attributes notebooks read are the same: ``labels_``,
``core_sample_indices_``, ``components_``, ``eps``, ``min_samples``.

Supported constructor options (the keyword arguments ``dbcluster_events`` forwards):

* ``metric``: ``"euclidean"``, ``"l2"``, or ``"minkowski"`` with ``p`` None or 2;
* ``metric_params``: None;
* ``algorithm`` (``"auto"``, ``"ball_tree"``, ``"kd_tree"``, ``"brute"``) and
  ``leaf_size``: accepted and validated; they change speed in scikit-learn, never the
  labels, and the native core always uses its own k-d tree;
* ``p``: None or 2;
* ``n_jobs``: None (all cores, the native default), -1 (all cores) or a positive count.

Anything else raises :class:`ClusterInputError` (a ``ValueError``) naming the option;
unknown keyword names raise ``TypeError`` as scikit-learn's constructor does.
``fit(X, sample_weight=...)`` with weights is not supported and raises.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _native
from ._matrix import ClusterInputError, as_matrix, ints, to_bytes

_ALGORITHMS = ("auto", "ball_tree", "kd_tree", "brute")
_METRICS = ("euclidean", "l2", "minkowski")


class DBSCAN:
    """Density-based clustering with scikit-learn's ``DBSCAN`` interface and labels."""

    labels_: np.ndarray
    core_sample_indices_: np.ndarray
    components_: np.ndarray
    n_features_in_: int

    def __init__(
        self,
        eps: float = 0.5,
        *,
        min_samples: int = 5,
        metric: str = "euclidean",
        metric_params: dict | None = None,
        algorithm: str = "auto",
        leaf_size: int = 30,
        p: float | None = None,
        n_jobs: int | None = None,
    ):
        """Create the model; options are checked here (see the module docstring)."""
        self.eps = eps
        self.min_samples = min_samples
        self.metric = metric
        self.metric_params = metric_params
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.n_jobs = n_jobs
        self._check_options()

    def _check_options(self) -> None:
        if isinstance(self.eps, bool) or not isinstance(self.eps, (int, float, np.number)):
            raise ClusterInputError(f"eps must be a number, got {self.eps!r}")
        if not (np.isfinite(self.eps) and self.eps > 0):
            raise ClusterInputError(f"eps must be a finite number > 0, got {self.eps!r}")
        if (
            not isinstance(self.min_samples, (int, np.integer))
            or isinstance(self.min_samples, bool)
            or not 1 <= self.min_samples <= 2**63 - 1
        ):
            # The native engine counts in 64 bits: a larger value would overflow there.
            raise ClusterInputError(
                "min_samples (min_cluster_samples in dbcluster_events) must be an integer "
                f"from 1 to 2**63-1, got {self.min_samples!r}"
            )
        if self.metric not in _METRICS:
            raise ClusterInputError(
                f"DBSCAN metric {self.metric!r} is not supported; use one of {_METRICS} "
                "(euclidean distance)"
            )
        if self.p not in (None, 2, 2.0):
            raise ClusterInputError(f"DBSCAN p={self.p!r} is not supported; only p=2 (euclidean)")
        if self.metric_params:
            raise ClusterInputError("DBSCAN metric_params are not supported")
        if self.algorithm not in _ALGORITHMS:
            raise ClusterInputError(
                f"DBSCAN algorithm {self.algorithm!r} is not one of {_ALGORITHMS}"
            )
        if not isinstance(self.leaf_size, (int, np.integer)) or self.leaf_size < 1:
            raise ClusterInputError(f"leaf_size must be an integer >= 1, got {self.leaf_size!r}")
        if self.n_jobs is not None and (
            not isinstance(self.n_jobs, (int, np.integer)) or self.n_jobs == 0 or self.n_jobs < -1
        ):
            raise ClusterInputError(
                f"n_jobs must be None, -1 or a positive integer, got {self.n_jobs!r}"
            )

    def _threads(self) -> int:
        return 0 if self.n_jobs in (None, -1) else int(self.n_jobs)  # 0 = one per core

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> DBSCAN:
        """
        Cluster the rows of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Feature matrix (numeric, finite).
        y : Ignored
            Present for scikit-learn compatibility.
        sample_weight : None
            Weights are not supported (raises if given).

        Returns
        -------
        DBSCAN
            The fitted model.

        """
        if sample_weight is not None:
            raise ClusterInputError("DBSCAN sample_weight is not supported")
        self._check_options()
        matrix = as_matrix(X)
        labels, cores = _native.cluster_dbscan(
            to_bytes(matrix),
            matrix.shape[1],
            float(self.eps),
            int(self.min_samples),
            self._threads(),
        )
        self.labels_ = ints(labels).astype(np.intp)
        self.core_sample_indices_ = ints(cores).astype(np.intp)
        self.components_ = matrix[self.core_sample_indices_].copy()
        self.n_features_in_ = matrix.shape[1]
        return self

    def fit_predict(self, X: Any, y: Any = None, sample_weight: Any = None) -> np.ndarray:
        """Fit and return ``labels_``."""
        return self.fit(X, sample_weight=sample_weight).labels_

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor arguments, as scikit-learn's ``get_params``."""
        return {
            "algorithm": self.algorithm,
            "eps": self.eps,
            "leaf_size": self.leaf_size,
            "metric": self.metric,
            "metric_params": self.metric_params,
            "min_samples": self.min_samples,
            "n_jobs": self.n_jobs,
            "p": self.p,
        }

    def __repr__(self) -> str:
        """Show the non-default parameters, like scikit-learn."""
        return f"DBSCAN(eps={self.eps!r}, min_samples={self.min_samples!r})"


def l2_normalize(matrix: np.ndarray) -> np.ndarray:
    """Per-row L2 normalisation (``sklearn.preprocessing.Normalizer().fit_transform``)."""
    out = _native.cluster_normalize(to_bytes(matrix), matrix.shape[1])
    return np.frombuffer(out, dtype="<f8").astype(np.float64).reshape(matrix.shape)


__all__ = ["DBSCAN", "ClusterInputError", "l2_normalize"]

"""
Outlier detection (msticpy ``analysis.outliers``, classic ``sectools.outliers``).

``identify_outliers`` fits a seeded isolation forest (native core, no scikit-learn) on
one data set and flags outliers in another; ``plot_outlier_results`` draws the
decision function with matplotlib (imported only when called). The forest's random
streams are seeded with 42, as msticpy seeds scikit-learn, so results are stable
across runs. See ``docs/outliers.md``.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import numpy as np
import pandas as pd

from ._matrix import as_matrix
from ._plotting import pyplot
from .isolation_forest import IsolationForest

__all__ = [
    "IsolationForest",
    "identify_outliers",
    "plot_outlier_results",
    "remove_common_items",
]

logger = logging.getLogger(__name__)

#: Seed of ``identify_outliers`` (msticpy uses ``np.random.RandomState(42)``).
SEED = 42


def identify_outliers(
    x: np.ndarray,
    x_predict: np.ndarray,
    contamination: float = 0.05,
    max_features: int | float | None = None,
    max_samples: int | float | None = None,
) -> tuple[IsolationForest, np.ndarray, np.ndarray]:
    """
    Identify outlier rows with an isolation forest.

    Parameters
    ----------
    x : np.ndarray
        Training data.
    x_predict : np.ndarray
        Data to classify.
    contamination : float
        Expected share of outliers (default 0.05).
    max_features : int or float, optional
        Columns per tree; default ``floor(sqrt(n_columns))``.
    max_samples : int or float, optional
        Rows per tree; default ``min(100, n_rows)``; a float in (0, 1) is a share.

    Returns
    -------
    tuple[IsolationForest, np.ndarray, np.ndarray]
        The fitted model, the outlier rows of ``x_predict`` and the prediction
        (-1 outlier, 1 inlier) per row of ``x_predict``.

    """
    x = as_matrix(x, "x")
    rows, cols = x.shape
    if max_samples is None:
        n_samples = int(min(100, rows))
    elif isinstance(max_samples, float) and 0 < max_samples < 1:
        n_samples = int(max_samples * rows)
    else:
        n_samples = int(min(max_samples, rows))
    if not max_features:
        max_features = math.floor(math.sqrt(cols))
    logger.info("max_samples parameter => %d", n_samples)
    logger.info("max_features parameter => %s", max_features)
    clf = IsolationForest(
        max_samples=n_samples,
        max_features=max_features,
        random_state=SEED,
        contamination=contamination,
    )
    clf.fit(x)
    x_predict = as_matrix(x_predict, "x_predict")
    y_pred_outliers = clf.predict(x_predict)
    return clf, x_predict[y_pred_outliers == -1], y_pred_outliers


def _padded_grid(clf: Any, xx: np.ndarray, yy: np.ndarray, extra: int) -> np.ndarray:
    """Decision function over a 2-D grid, other features held at 0."""
    grid = np.c_[xx.ravel(), yy.ravel(), np.zeros((xx.size, max(extra, 0)))]
    return np.asarray(clf.decision_function(grid)).reshape(xx.shape)


def _span(values: np.ndarray) -> tuple[float, float]:
    top = values.max()
    return -top / 10, top + top / 10


def plot_outlier_results(
    clf: Any,
    x: np.ndarray,
    x_predict: np.ndarray,
    x_outliers: np.ndarray,
    feature_columns: list[int],
    plt_title: str,
) -> None:
    """
    Plot isolation forest results: the decision function with the observations.

    Parameters
    ----------
    clf : IsolationForest
        Fitted model.
    x : np.ndarray
        Training data.
    x_predict : np.ndarray
        Classified data.
    x_outliers : np.ndarray
        Outlier rows.
    feature_columns : list[int]
        Feature columns to display (two: one chart; more: a grid of pairs).
    plt_title : str
        Plot title.

    Raises
    ------
    ValueError
        With fewer than two feature columns.
    MsticpyImportExtraError
        If matplotlib is not installed.

    """
    if len(feature_columns) < 2:
        raise ValueError("plot_outlier_results function needs more than two features.")
    plt = pyplot()
    legend = ["training observations", "new regular observations", "new abnormal observations"]
    if len(feature_columns) == 2:
        xx, yy = np.meshgrid(np.linspace(*_span(x[:, 0]), 100), np.linspace(*_span(x[:, 1]), 100))
        z = _padded_grid(clf, xx, yy, clf.n_features_in_ - 2)
        plt.rcParams["figure.figsize"] = (20, 10)
        plt.title(plt_title)
        plt.contourf(xx, yy, z, cmap=plt.get_cmap("Blues_r"))
        b1 = plt.scatter(x[:, 0], x[:, 1], c="white", s=20, edgecolor="k")
        b2 = plt.scatter(x_predict[:, 0], x_predict[:, 1], c="green", s=40, edgecolor="k")
        c = plt.scatter(x_outliers[:, 0], x_outliers[:, 1], c="red", marker="x", s=200)
        plt.axis("tight")
        plt.xlim(_span(x_predict[:, 0]))
        plt.ylim(_span(x_predict[:, 1]))
        plt.xlabel(feature_columns[0])
        plt.ylabel(feature_columns[1])
        plt.legend([b1, b2, c], legend, loc="upper right")
        plt.show()
        return
    dims = x.shape[1]
    fig, axes = plt.subplots(dims, dims, figsize=(20, 20), constrained_layout=True)
    handles: list[Any] = []
    for i in range(dims):
        for j in range(dims):
            axis = axes[i, j]
            if i == j:
                axis.axis("off")
                continue
            xx, yy = np.meshgrid(
                np.linspace(*_span(x[:, j]), 100), np.linspace(*_span(x[:, i]), 100)
            )
            z = _padded_grid(clf, xx, yy, len(feature_columns) - 2)
            axis.contourf(xx, yy, z, cmap=plt.get_cmap("Blues_r"))
            handles = [
                axis.scatter(x[:, j], x[:, i], c="white", edgecolor="k"),
                axis.scatter(x_predict[:, j], x_predict[:, i], c="green", edgecolor="k"),
                axis.scatter(x_outliers[:, j], x_outliers[:, i], c="red", marker="x"),
            ]
            lo_x, hi_x = _span(x_predict[:, 0])
            lo_y, hi_y = _span(x_predict[:, 1])
            axis.axis(xmin=lo_x, xmax=hi_x)
            axis.axis(ymin=lo_y, ymax=hi_y)
            axis.set_xlabel(f"{feature_columns[j]}")
            axis.set_ylabel(f"{feature_columns[i]}")
    fig.suptitle(plt_title)
    plt.legend(handles, legend, facecolor="#0072BD", framealpha=0.3)
    plt.show()


def remove_common_items(data: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """
    Drop the listed columns that carry no information: constant over more than 10 values.

    msticpy 3.0.2's version raises ``TypeError`` for any non-empty ``columns`` (it passes
    a function to ``DataFrame.filter``); this one does what its code evidently meant:
    for each listed column, if it has more than 10 non-null values and a zero standard
    deviation (numeric) or a single distinct value (other types), it is removed.

    Parameters
    ----------
    data : pd.DataFrame
        Input DataFrame.
    columns : list[str]
        Columns to check.

    Returns
    -------
    pd.DataFrame
        The frame without the constant columns (the input itself if none is dropped).

    """
    drop = []
    for col in columns:
        values = data[col]
        if values.count() <= 10:
            continue
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            constant = values.std() == 0
        else:
            constant = values.nunique(dropna=True) == 1
        if constant:
            drop.append(col)
    return data.drop(columns=drop) if drop else data

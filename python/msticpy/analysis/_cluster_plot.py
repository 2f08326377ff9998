"""``plot_cluster``: matplotlib scatter of DBSCAN results (matplotlib imported lazily)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._plotting import pyplot


def _check_features(x_predict: np.ndarray, plot_features: tuple[int, int]) -> None:
    max_idx = x_predict.shape[1] - 1
    for pos in (0, 1):
        if plot_features[pos] >= x_predict.shape[1]:
            raise ValueError(f"plot_features[{pos}] index must be a value from 0 to {max_idx}.")
    if plot_features[0] == plot_features[1]:
        raise ValueError(
            f"plot_features indexes must be 2 different values in range 0 to {max_idx}."
        )


def plot_cluster(
    db_cluster: Any,
    data: pd.DataFrame,
    x_predict: np.ndarray,
    plot_label: str | None = None,
    plot_features: tuple[int, int] = (0, 1),
    verbose: bool = False,
    cut_off: int = 3,
    xlabel: str | None = None,
    ylabel: str | None = None,
) -> Any:
    """
    Plot clustered data as a scatter chart (core points of each cluster).

    Parameters
    ----------
    db_cluster : DBSCAN
        Fitted model (``labels_`` and ``core_sample_indices_`` are read).
    data : pd.DataFrame
        The original data (for labels).
    x_predict : np.ndarray
        The feature matrix that was clustered.
    plot_label : str, optional
        Column whose value (from each cluster's first row) annotates the cluster.
    plot_features : tuple[int, int], optional
        The two feature indexes to plot (default (0, 1)).
    verbose : bool, optional
        Write cluster and noise counts to stderr.
    cut_off : int, optional
        Clusters smaller than this are drawn as "+" outliers (default 3).
    xlabel : str, optional
        x-axis label.
    ylabel : str, optional
        y-axis label.

    Returns
    -------
    module
        ``matplotlib.pyplot`` after ``show()``.

    Raises
    ------
    ValueError
        If a feature index is out of range or both are the same.
    MsticpyImportExtraError
        If matplotlib is not installed.

    """
    _check_features(x_predict, plot_features)
    plt = pyplot()
    labels = np.asarray(db_cluster.labels_)
    core_mask = np.zeros_like(labels, dtype=bool)
    core_mask[np.asarray(db_cluster.core_sample_indices_, dtype=np.intp)] = True
    unique_labels = sorted(set(labels.tolist()))
    colors = plt.get_cmap("Spectral")(np.linspace(0, 1, max(len(unique_labels), 1)))
    n_clusters = len(unique_labels) - (1 if -1 in unique_labels else 0)
    if verbose:
        import sys

        sys.stderr.write(
            f"Estimated number of clusters: {n_clusters}\n"
            f"Estimated number of noise points: {int((labels == -1).sum())}\n"
        )
    if not isinstance(data, pd.DataFrame) or (plot_label is not None and plot_label not in data):
        plot_label = None
    for cluster_id, color in zip(unique_labels, colors):
        if cluster_id == -1:
            color = (0.0, 0.0, 0.0, 1.0)  # noise in black
        members = labels == cluster_id
        size = int(members.sum())
        marker, marker_size, font_size, alpha = "o", size, "small", 0.4
        if size < cut_off:
            marker, marker_size, font_size, alpha = "+", 10, "large", 1.0
        xy_pos = x_predict[members & core_mask]
        plt.plot(
            xy_pos[:, plot_features[0]],
            xy_pos[:, plot_features[1]],
            marker,
            markerfacecolor=tuple(color),
            markersize=marker_size,
        )
        if plot_label and len(xy_pos):
            first_row = data[members].iloc[0]
            plt.annotate(
                first_row[plot_label],
                xy=(xy_pos[0, plot_features[0]], xy_pos[0, plot_features[1]]),
                fontsize=font_size,
                alpha=alpha,
            )
    plt.xlabel(xlabel)
    plt.ylabel(ylabel)
    plt.title(f"Estimated number of clusters: {n_clusters}")
    plt.show()
    return plt

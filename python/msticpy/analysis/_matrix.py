"""Float64 matrices to and from the native extension (little-endian bytes)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common.exceptions import MsticpyUserError


class ClusterInputError(MsticpyUserError, ValueError):
    """The feature matrix or a clustering/outlier argument cannot be used."""


def as_matrix(data: Any, what: str = "X") -> np.ndarray:
    """
    Return ``data`` as a 2-D float64 array (what scikit-learn's ``check_array`` accepts).

    Raises
    ------
    ClusterInputError
        If the values are not numeric, the array is not 2-D or holds NaN/infinity.

    """
    try:
        matrix = np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise ClusterInputError(f"{what} must hold numeric values: {err}") from err
    if matrix.ndim != 2:
        raise ClusterInputError(f"{what} must be a 2-D array, got {matrix.ndim} dimension(s)")
    if matrix.shape[1] == 0:
        raise ClusterInputError(f"{what} has no feature columns")
    if not np.isfinite(matrix).all():
        raise ClusterInputError(f"Input {what} contains NaN or infinity")
    return matrix


def to_bytes(matrix: np.ndarray) -> bytes:
    """Row-major little-endian bytes of a float64 matrix."""
    return np.ascontiguousarray(matrix, dtype="<f8").tobytes()


def floats(buffer: bytes) -> np.ndarray:
    """float64 values from native little-endian bytes."""
    return np.frombuffer(buffer, dtype="<f8").astype(np.float64)


def ints(buffer: bytes) -> np.ndarray:
    """int64 values from native little-endian bytes."""
    return np.frombuffer(buffer, dtype="<i8").astype(np.int64)

"""
msticpy's kernels beyond one machine: Apache Spark and Dask (beyond msticpy).

- ``msticpy.scale.spark``: helpers that take and return Spark DataFrames and run the
  Rust kernels in the Python workers through ``mapInArrow`` (Arrow batches in and out).
- ``msticpy.scale.dask``: the same helpers for Dask DataFrames, through
  ``map_partitions``.

pyspark and dask are optional (``pip install 'msticpy[spark]'`` or ``'msticpy[dask]'``);
importing this package imports neither. See ``docs/scale.md``.
"""

from __future__ import annotations

from .._lazy import lazy_attributes

_LAZY = {
    "spark": ".spark",
    "dask": ".dask",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)

"""
A local Spark session (``local[2]``) and a two-worker Dask ``LocalCluster``, shared by
the tests of this folder, and per-test IoC pattern tables. Each engine skips with a
message when what it needs is absent: pyspark, or a Java runtime, for Spark; dask and
distributed for Dask.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import msticpy
from msticpy.transform import iocextract


def _workers_see_this_package() -> None:
    """Spark's and Dask's worker processes import msticpy from this interpreter and the
    directory this copy was imported from (a source checkout is not installed)."""
    package_root = str(Path(msticpy.__file__).resolve().parents[1])
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if package_root not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([package_root, *paths])
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable


@pytest.fixture()
def own_ioc_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give the test its own shared pattern tables, so its user types do not leak."""
    monkeypatch.delitem(iocextract._REGISTRY, "tables", raising=False)


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A ``local[2]`` SparkSession."""
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install msticpy[spark])")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime: Spark needs one (e.g. apt install openjdk-17-jre-headless)")
    from pyspark.sql import SparkSession

    _workers_see_this_package()
    session = (
        SparkSession.builder.master("local[2]")
        .appName("msticpy-scale-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.local.dir", str(tmp_path_factory.mktemp("spark")))
        .config("spark.driver.memory", "1g")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    """A Dask client on a LocalCluster of two single-threaded worker processes."""
    pytest.importorskip("dask.dataframe", reason="dask is not installed (msticpy[dask])")
    distributed = pytest.importorskip(
        "distributed", reason="dask.distributed is not installed (msticpy[dask])"
    )
    _workers_see_this_package()
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()

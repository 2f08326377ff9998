"""pyspark and dask stay optional: nothing imports them until a helper runs, and a
missing one is a clear MsticpyImportExtraError."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import msticpy

_ROOT = str(Path(msticpy.__file__).resolve().parents[1])


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": _ROOT, "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_importing_msticpy_and_scale_imports_neither() -> None:
    out = _run(
        """
        import sys
        import msticpy, msticpy.scale
        import msticpy.scale.spark, msticpy.scale.dask
        assert msticpy.scale.spark.extract_iocs and msticpy.scale.dask.extract_iocs
        heavy = [m for m in ("pyspark", "dask", "distributed", "py4j") if m in sys.modules]
        print(heavy)
        """
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_missing_pyspark_is_a_clear_error() -> None:
    out = _run(
        """
        import sys
        sys.modules["pyspark"] = None  # as if it were not installed
        from msticpy.common.exceptions import MsticpyImportExtraError
        from msticpy.scale import spark
        for call in (lambda: spark.extract_iocs(object(), "c"),
                     lambda: spark.add_process_features(object())):
            try:
                call()
            except MsticpyImportExtraError as err:
                print(err)
        """
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("pip install 'msticpy[spark]'") == 2


def test_driver_step_refuses_too_many_rows() -> None:
    import pytest

    from msticpy.scale._driver import DriverMemoryError, check_rows

    check_rows(10, 10, "x")
    with pytest.raises(DriverMemoryError, match="max_rows=10"):
        check_rows(11, 10, "dbcluster_events")

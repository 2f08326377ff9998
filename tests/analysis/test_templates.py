"""cluster_templates: Drain-like template mining (beyond msticpy)."""

from __future__ import annotations

import pandas as pd
import pytest

from msticpy.analysis.eventcluster import cluster_templates


def _lines() -> list[str | None]:
    lines: list[str | None] = [
        f"install-update -hostname host{i}.corp -tmp:/tmp/{i:04x}/rollback" for i in range(40)
    ]
    lines += ["net user bob /add", "net user eve /add", None, "whoami"]
    return lines


def test_templates_with_counts_and_examples() -> None:
    frame = pd.DataFrame({"CommandLine": _lines()}, index=range(100, 144))
    out = cluster_templates(frame, "CommandLine")
    assert list(out.columns) == ["Template", "Count", "Examples", "ExampleValues"]
    assert out["Template"].tolist() == [
        "install-update -hostname <*> <*>",
        "net user <*> /add",
        "whoami",
    ]
    assert out["Count"].tolist() == [40, 2, 1]
    assert out["Examples"].iloc[1] == [140, 141]
    assert out["ExampleValues"].iloc[1] == ["net user bob /add", "net user eve /add"]


def test_arrow_and_polars_inputs() -> None:
    pa = pytest.importorskip("pyarrow")
    table = pa.table({"m": _lines()})
    assert cluster_templates(table, "m")["Count"].tolist() == [40, 2, 1]
    pl = pytest.importorskip("polars")
    assert cluster_templates(pl.DataFrame({"m": _lines()}), "m")["Count"].tolist() == [40, 2, 1]


def test_errors() -> None:
    frame = pd.DataFrame({"m": ["a"]})
    with pytest.raises(KeyError):
        cluster_templates(frame, "missing")
    with pytest.raises(ValueError):
        cluster_templates(frame, "m", similarity=1.5)

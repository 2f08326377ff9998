"""QueryProvider: attribute tree, call conventions, LocalData, custom drivers, files."""

from __future__ import annotations

import importlib
import pickle
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from msticpy.common.exceptions import QueryDefinitionError
from msticpy.data import DataEnvironment, QueryProvider
from msticpy.data.drivers import DriverBase

QUERY_FILE = """
metadata:
  version: 1
  data_environments: [LocalData]
  data_families: [Custom.sub]
defaults:
  parameters:
    start: {description: start, type: datetime}
    end: {description: end, type: datetime}
sources:
  by_host:
    description: Events for a host
    args:
      query: 'Events | where Host == "{host_name}"
        | where T between (datetime({start}) .. datetime({end}))'
    parameters:
      host_name: {description: host, type: str, aliases: [computer]}
"""


class RecordingDriver(DriverBase):
    """A user driver (as msticpy's tests write them): records the queries it runs."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._loaded = True
        self.queries: list[tuple[str, dict]] = []

    def connect(self, connection_str: str | None = None, **kwargs: Any) -> None:
        self._connected = True

    def query(self, query: str, query_source: Any = None, **kwargs: Any) -> Any:
        self.queries.append((query, kwargs))
        return pd.DataFrame({"q": [query]})

    def query_with_results(self, query: str, **kwargs: Any) -> tuple[Any, Any]:
        return self.query(query, **kwargs), "OK"


@pytest.fixture
def query_dir(tmp_path: Path) -> Path:
    (tmp_path / "custom.yaml").write_text(QUERY_FILE, encoding="utf-8")
    return tmp_path


def test_import_paths_reach_one_class() -> None:
    classic = importlib.import_module("msticpy.data.data_providers")
    current = importlib.import_module("msticpy.data.core.data_providers")
    assert classic is current
    assert classic.QueryProvider is QueryProvider


def test_local_data_runs_bundled_queries() -> None:
    qp = QueryProvider("LocalData")
    assert qp.connected
    assert "WindowsSecurity.list_host_processes" in qp.list_queries()
    procs = qp.WindowsSecurity.list_host_processes()
    assert len(procs) == 120
    assert str(procs["TimeGenerated"].dtype).startswith("datetime64")
    alerts = qp.all_queries.list_alerts()
    assert alerts["AlertDisplayName"].iloc[0] == "Suspicious encoded PowerShell command"
    assert getattr(qp, "SecurityAlert.list_alerts") is qp.SecurityAlert.list_alerts
    assert "processes_on_host.csv" in qp.schema
    assert qp.get_query("SecurityAlert.list_alerts") == "alerts_list.pkl"


def test_list_data_environments_and_unknown() -> None:
    names = QueryProvider.list_data_environments()
    assert "LocalData" in names and "MSSentinel" in names and "Unknown" not in names
    with pytest.raises(TypeError):
        QueryProvider("NoSuchEnvironment")
    assert QueryProvider(DataEnvironment.LocalData).environment == "LocalData"


def test_call_conventions(query_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    driver = RecordingDriver()
    qp = QueryProvider("LocalData", driver=driver, query_paths=[str(query_dir)])
    func = qp.Custom.sub.by_host
    assert "host_name: str" in (func.__doc__ or "")
    assert func("?") is None
    assert "Events for a host" in capsys.readouterr().out
    text = func("print", host_name="web01", start="2024-01-01", end="2024-01-02")
    assert text == (
        'Events | where Host == "web01" | where T between '
        "(datetime(2024-01-01T00:00:00Z) .. datetime(2024-01-02T00:00:00Z))"
    )

    class Window:  # what a QueryTime widget offers
        start = datetime(2024, 2, 1, tzinfo=timezone.utc)
        end = datetime(2024, 2, 2, tzinfo=timezone.utc)

    assert "2024-02-01T00:00:00+00:00" in func(Window(), {"host_name": "h"}, "print")
    assert '"alias"' in func("print", computer="alias", start=1, end=2)
    with pytest.raises(ValueError):  # not connected, not a help/print call
        func(host_name="h")
    qp.connect()
    result = func(host_name='quote" | take 1', start="2024-01-01", end="2024-01-02", limit=5)
    query, options = driver.queries[-1]
    assert 'Host == "quote\\" | take 1"' in query
    assert options["limit"] == 5 and "time_span" in options
    assert list(result.columns) == ["q"]
    with pytest.raises(ValueError, match="host_name"):
        func(start="2024-01-01", end="2024-01-02")


def test_split_query_by(query_dir: Path) -> None:
    driver = RecordingDriver()
    qp = QueryProvider("LocalData", driver=driver, query_paths=[str(query_dir)])
    qp.connect()
    out = qp.Custom.sub.by_host(
        host_name="h", start="2024-01-01", end="2024-01-04", split_query_by="1D"
    )
    assert len(out) == 3 and len(driver.queries) == 3
    assert "datetime(2024-01-01T23:59:59.999999999Z)" in driver.queries[0][0]


def test_custom_query_and_import_file(tmp_path: Path) -> None:
    qp = QueryProvider("LocalData", driver=RecordingDriver())
    qp.add_custom_query(
        "mine",
        "T | where A == '{a}'",
        "Mine",
        parameters=[qp.create_param("a", "str", "the a")],
    )
    assert qp.Mine.mine("print", a="x'y") == "T | where A == 'x\\'y'"
    bad = tmp_path / "bad.yaml"
    bad.write_text(QUERY_FILE.replace("type: str, aliases", "aliases"), encoding="utf-8")
    with pytest.raises(QueryDefinitionError) as info:
        qp.import_query_file(str(bad))
    message = str(info.value)
    assert "bad.yaml" in message and "by_host" in message and "host_name.type" in message
    empty = tmp_path / "empty.yaml"
    empty.write_text("metadata: {}\nsources: {}\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="empty.yaml"):
        qp.import_query_file(str(empty))


def test_pickles_only_from_named_folders(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": [1, 2]})
    (tmp_path / "mine.pkl").write_bytes(pickle.dumps(frame))
    assert "mine.pkl" not in QueryProvider("LocalData")._query_provider.data_files
    qp = QueryProvider("LocalData", data_paths=[str(tmp_path)])
    assert qp.exec_query("mine.pkl").equals(frame)
    assert len(qp.exec_query("alerts_list.csv")) == 3  # samples stay available
    with pytest.raises(FileNotFoundError):
        qp.exec_query("nothing.csv")


def test_one_provider_from_many_threads(query_dir: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    qp = QueryProvider("LocalData", driver=RecordingDriver(), query_paths=[str(query_dir)])

    def render(k: int) -> str:
        return qp.Custom.sub.by_host(
            "print", host_name=f"h{k}'\"", start="2024-01-01", end="2024-01-02"
        )

    expected = [render(k) for k in range(400)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(render, range(400))) == expected


def test_a_changed_query_file_is_read_again(query_dir: Path) -> None:
    """Unchanged files are parsed once per process; an edited one is parsed again."""
    first = QueryProvider("LocalData", query_paths=[str(query_dir)])
    assert "Custom.sub.by_host" in first.list_queries()
    path = query_dir / "custom.yaml"
    path.write_text(QUERY_FILE.replace("by_host:", "by_computer:"), encoding="utf-8")
    second = QueryProvider("LocalData", query_paths=[str(query_dir)])
    assert "Custom.sub.by_computer" in second.list_queries()
    assert "Custom.sub.by_host" not in second.list_queries()
    # The parsed documents are the callers' own: changing one does not leak.
    from msticpy.data.core.data_query_reader import read_query_def_file

    sources, _, _ = read_query_def_file(str(path))
    sources.clear()
    assert read_query_def_file(str(path))[0]

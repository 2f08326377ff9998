"""LocalData: data_paths / query_paths arguments, config keys, file lookup and errors."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from msticpy.common import pkg_config
from msticpy.data import QueryProvider
from msticpy.data.drivers.local_data_driver import LocalDataDriver

MSTICPY_NAMES = {
    "Azure.list_all_signins_geo",
    "Network.list_azure_network_flows_by_host",
    "Network.list_azure_network_flows_by_ip",
    "SecurityAlert.list_alerts",
    "WindowsSecurity.get_process_tree",
    "WindowsSecurity.list_host_events",
    "WindowsSecurity.list_host_logon_failures",
    "WindowsSecurity.list_host_logons",
    "WindowsSecurity.list_host_processes",
}
QUERY_FILE = """
metadata:
  version: 1
  description: extra
  data_environments: [LocalData]
  data_families: [Extra]
sources:
  mine:
    description: my table
    args:
      query: mine.csv
"""


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty working folder and home, no MSTICPYCONFIG; settings reloaded after."""
    (tmp_path / "home").mkdir()
    (tmp_path / "cwd").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("MSTICPYCONFIG", raising=False)
    monkeypatch.chdir(tmp_path / "cwd")
    pkg_config.refresh_config()
    yield tmp_path
    monkeypatch.undo()
    pkg_config.refresh_config()


@pytest.fixture
def config(work: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Write a msticpyconfig.yaml and load it."""

    def write(text: str) -> None:
        path = work / "msticpyconfig.yaml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("MSTICPYCONFIG", str(path))
        pkg_config.refresh_config()

    return write


def _frame(value: int) -> pd.DataFrame:
    return pd.DataFrame({"TimeGenerated": ["2024-01-01T00:00:00"], "v": [value]})


def test_query_names_are_msticpys(work: Path) -> None:
    qp = QueryProvider("LocalData")
    assert set(qp.list_queries()) == MSTICPY_NAMES
    assert qp.connection_string == "."
    # msticpy's .pkl names reach the bundled CSV tables of the same stem.
    assert len(qp.SecurityAlert.list_alerts()) == 3
    assert len(qp.WindowsSecurity.list_host_processes()) == 120
    with pytest.raises(FileNotFoundError, match=r"\(process_tree.pkl\) for query get_process_tree"):
        qp.WindowsSecurity.get_process_tree()


def test_data_paths_argument_and_order(work: Path) -> None:
    first, second = work / "one", work / "two" / "deep"
    second.mkdir(parents=True)
    first.mkdir()
    _frame(1).to_csv(first / "t.csv", index=False)
    _frame(2).to_csv(second / "t.csv", index=False)
    (first / "alerts_list.pkl").write_bytes(pickle.dumps(_frame(7)))
    qp = QueryProvider("LocalData", data_paths=[str(first), f" {work / 'two'} "])
    assert qp.exec_query("T.CSV")["v"].tolist() == [2]  # the later folder wins, recursively
    assert qp.SecurityAlert.list_alerts()["v"].tolist() == [7]  # the user's pickle wins
    assert qp.connection_string == f"{first}; {work / 'two'}"
    single = LocalDataDriver(data_paths=str(first))  # one folder as a string
    assert single.query("t.csv")["v"].tolist() == [1]
    assert str(single.query("t.csv")["TimeGenerated"].dtype).startswith("datetime64")


def test_missing_folder_and_file(work: Path) -> None:
    qp = QueryProvider("LocalData", data_paths=[str(work / "absent")])
    with pytest.raises(FileNotFoundError, match=r"Data file \(nope.csv\) for query nope.csv"):
        qp.exec_query("nope.csv")
    assert len(qp.exec_query("alerts_list.csv")) == 3  # bundled samples stay indexed


def test_pickles_not_from_the_implicit_current_folder(work: Path) -> None:
    (Path.cwd() / "sub").mkdir()
    (Path.cwd() / "sub" / "alerts_list.pkl").write_bytes(pickle.dumps(_frame(9)))
    _frame(3).to_csv(Path.cwd() / "sub" / "local.csv", index=False)
    qp = QueryProvider("LocalData")
    assert "alerts_list.pkl" not in qp._query_provider.data_files
    assert qp.exec_query("local.csv")["v"].tolist() == [3]  # csv from "." is found
    assert len(qp.SecurityAlert.list_alerts()) == 3  # bundled csv, not the pickle


def test_schema_leaves_out_files_that_are_not_tables(work: Path) -> None:
    # Sentinel notebooks keep a config.json (an object, not records) beside them, and the
    # current folder is searched when no data_paths are given.
    (Path.cwd() / "config.json").write_text('{"workspace_id": "x", "tenant_id": "y"}')
    (Path.cwd() / "broken.csv").write_bytes(b'a,b\n"unterminated\n')
    _frame(3).to_csv(Path.cwd() / "local.csv", index=False)
    qp = QueryProvider("LocalData")
    schema = qp.schema
    assert "local.csv" in schema and "alerts_list.csv" in schema
    assert "config.json" not in schema and "broken.csv" not in schema
    with pytest.raises(ValueError):
        qp.exec_query("config.json")  # asked for by name, the problem is still raised


def test_non_dataframe_pickle_gives_message(work: Path) -> None:
    (work / "obj.pkl").write_bytes(pickle.dumps({"a": 1}))
    result = LocalDataDriver(data_paths=[str(work)]).query("obj.pkl")
    assert isinstance(result, str) and "is not a DataFrame" in result


def test_config_data_paths(work: Path, config: Callable[[str], None]) -> None:
    data = work / "cfgdata"
    data.mkdir()
    (data / "alerts_list.pkl").write_bytes(pickle.dumps(_frame(5)))
    config(f"DataProviders:\n  LocalData:\n    data_paths:\n      - {data}\n")
    qp = QueryProvider("LocalData")
    assert qp.connection_string == str(data)
    assert qp.SecurityAlert.list_alerts()["v"].tolist() == [5]  # config folders are named
    other = work / "toplevel"
    other.mkdir()
    _frame(6).to_csv(other / "x.csv", index=False)
    config(f"LocalData:\n  data_paths: [{other}]\n")  # the key msticpy 3.0.2 reads
    assert LocalDataDriver().query("x.csv")["v"].tolist() == [6]
    # The argument wins over the config.
    assert LocalDataDriver(data_paths=[str(data)]).current_connection == str(data)


def test_query_paths_argument_and_config(work: Path, config: Callable[[str], None]) -> None:
    folder = work / "queries"
    folder.mkdir()
    (folder / "extra.yaml").write_text(QUERY_FILE, encoding="utf-8")
    _frame(4).to_csv(work / "mine.csv", index=False)
    qp = QueryProvider("LocalData", data_paths=[str(work)], query_paths=[str(folder)])
    assert set(qp.list_queries()) == MSTICPY_NAMES | {"Extra.mine"}
    assert qp.Extra.mine()["v"].tolist() == [4]
    config(f"QueryDefinitions:\n  Custom:\n    - {folder}\n")
    assert "Extra.mine" in QueryProvider("LocalData").list_queries()
    # A missing query folder is skipped (msticpy logs a warning).
    assert set(QueryProvider("LocalData", query_paths=[str(work / "no")]).list_queries()) == (
        MSTICPY_NAMES | {"Extra.mine"}
    )


def test_query_definitions_default_roots_come_from_config(
    work: Path, config: Callable[[str], None]
) -> None:
    """QueryDefinitions.Default replaces the bundled library root (msticpy's key)."""
    root = work / "library"
    (root / "localdata").mkdir(parents=True)
    (root / "localdata" / "mine.yaml").write_text(QUERY_FILE, encoding="utf-8")
    (root / "mssentinel").mkdir()
    (root / "mssentinel" / "other.yaml").write_text(
        QUERY_FILE.replace("Extra", "Other"), encoding="utf-8"
    )
    config(f"QueryDefinitions:\n  Default:\n    - {root}\n")
    assert QueryProvider("LocalData").list_queries() == ["Extra.mine"]
    config("QueryDefinitions:\n  Default:\n    - queries\n")
    assert set(QueryProvider("LocalData").list_queries()) == MSTICPY_NAMES
    config("QueryDefinitions:\n  Default: []\n")
    assert QueryProvider("LocalData").list_queries() == []

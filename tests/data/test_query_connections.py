"""QueryProvider with several connections, and split queries, threaded or not."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from msticpy.common.exceptions import MsticpyDataQueryError
from msticpy.data import QueryProvider
from msticpy.data.core.query_provider_connections_mixin import QueryProviderConnectionsMixin
from msticpy.data.core.query_provider_utils_mixin import QueryParam, QueryProviderUtilsMixin
from msticpy.data.drivers import DriverBase
from msticpy.data.drivers.driver_base import DriverProps

QUERY_FILE = """
metadata:
  version: 1
  data_environments: [LocalData]
  data_families: [Events]
defaults:
  parameters:
    start: {description: start, type: datetime}
    end: {description: end, type: datetime}
sources:
  for_host:
    description: Events for a host
    args:
      query: 'Events | where Host == "{host_name}"
        | where T between (datetime({start}) .. datetime({end}))'
    parameters:
      host_name: {description: host, type: str}
"""


class TenantDriver(DriverBase):
    """Answers with the name of the tenant it is connected to; one tenant may fail."""

    failing: set[str] = set()
    threads: set[str] = set()

    def __init__(self, threaded: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self._loaded = True
        self.tenant = "?"
        self.set_driver_property(DriverProps.SUPPORTS_THREADING, threaded)
        self.set_driver_property(DriverProps.MAX_PARALLEL, 3)

    def connect(self, connection_str: str | None = None, **kwargs: Any) -> None:
        self.tenant = kwargs.get("tenant", connection_str or "default")
        self.current_connection = f"tenant={self.tenant}"
        self._connected = True

    def query(self, query: str, query_source: Any = None, **kwargs: Any) -> Any:
        TenantDriver.threads.add(threading.current_thread().name)
        if self.tenant in TenantDriver.failing:
            TenantDriver.failing.discard(self.tenant)  # fails once, so a retry succeeds
            raise MsticpyDataQueryError(f"tenant {self.tenant} unavailable")
        span = kwargs.get("time_span") or {}
        return pd.DataFrame(
            {"tenant": [self.tenant], "query": [query], "start": [str(span.get("start"))]}
        )

    def query_with_results(self, query: str, **kwargs: Any) -> tuple[Any, Any]:
        return self.query(query, **kwargs), "OK"


def _provider(tmp_path: Path, threaded: bool) -> QueryProvider:
    (tmp_path / "q.yaml").write_text(QUERY_FILE, encoding="utf-8")
    qp = QueryProvider(
        "LocalData", driver=TenantDriver(threaded=threaded), query_paths=[str(tmp_path)]
    )
    qp._driver_kwargs = {"threaded": threaded}
    qp.connect(tenant="home")
    return qp


def test_the_mixins_are_msticpy_modules() -> None:
    assert issubclass(QueryProvider, QueryProviderConnectionsMixin)
    assert issubclass(QueryProvider, QueryProviderUtilsMixin)
    assert QueryProvider.create_param is QueryParam
    from msticpy.data.core import data_providers

    assert data_providers.QueryParam is QueryParam


@pytest.mark.parametrize("threaded", [False, True])
def test_query_runs_on_every_connection_in_order(tmp_path: Path, threaded: bool) -> None:
    qp = _provider(tmp_path, threaded)
    qp.add_connection(tenant="contoso", alias="contoso")
    qp.add_connection(tenant="fabrikam")
    assert qp.list_connections() == [
        "Default: tenant=home",
        "contoso: tenant=contoso",
        "1: tenant=fabrikam",
    ]
    frame = qp.Events.for_host(host_name="web01", start="2024-05-01", end="2024-05-02")
    assert list(frame["tenant"]) == ["home", "contoso", "fabrikam"]
    assert all('Host == "web01"' in text for text in frame["query"])
    if threaded:
        assert list(frame.index) == [0, 1, 2]


@pytest.mark.parametrize("threaded", [False, True])
def test_a_failing_connection_is_skipped_or_retried(tmp_path: Path, threaded: bool) -> None:
    qp = _provider(tmp_path, threaded)
    qp.add_connection(tenant="contoso", alias="contoso")
    TenantDriver.failing = {"contoso"}
    frame = qp.exec_query("Events | take 1", progress=False)
    assert list(frame["tenant"]) == ["home"]
    TenantDriver.failing = {"contoso"}
    frame = qp.exec_query("Events | take 1", progress=False, retry_on_error=True)
    assert list(frame["tenant"]) == ["home", "contoso"]


def test_all_connections_failing_gives_an_empty_frame(tmp_path: Path) -> None:
    qp = _provider(tmp_path, threaded=True)
    qp.add_connection(tenant="contoso")
    TenantDriver.failing = {"home", "contoso"}
    frame = qp.exec_query("Events | take 1", progress=False)
    assert isinstance(frame, pd.DataFrame) and frame.empty


@pytest.mark.parametrize("threaded", [False, True])
def test_split_query_runs_each_chunk(tmp_path: Path, threaded: bool) -> None:
    qp = _provider(tmp_path, threaded)
    TenantDriver.threads = set()
    frame = qp.Events.for_host(
        host_name="h", start="2024-05-01", end="2024-05-04", split_query_by="1D", progress=False
    )
    assert len(frame) == 3
    assert list(frame["start"]) == sorted(frame["start"])
    assert all("datetime(2024-05-0" in text for text in frame["query"])
    on_main = TenantDriver.threads == {threading.main_thread().name}
    assert on_main is not threaded
    text = qp.Events.for_host(
        "print", host_name="h", start="2024-05-01", end="2024-05-03", split_query_by="1D"
    )
    assert text.count("Events | where") == 2

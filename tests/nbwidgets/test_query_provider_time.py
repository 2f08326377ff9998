"""QueryProvider.query_time (a QueryTime widget) and browse_queries (a SelectItem)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ipywidgets")
pd = pytest.importorskip("pandas")

from msticpy.data import QueryProvider  # noqa: E402
from msticpy.data.drivers import DriverBase  # noqa: E402
from msticpy.nbwidgets import QueryTime, SelectItem  # noqa: E402

QUERY_FILE = """
metadata:
  version: 1
  data_environments: [LocalData]
  data_families: [Widget]
defaults:
  parameters:
    start: {description: start, type: datetime}
    end: {description: end, type: datetime}
sources:
  in_range:
    description: Rows in a time range
    args:
      query: 'T | where TimeGenerated between (datetime({start}) .. datetime({end}))
        | where Host == "{host}"'
    parameters:
      host: {description: host name, type: str}
"""


class Recorder(DriverBase):
    """Records the query text and options it is given."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._loaded = self._connected = True
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def connect(self, connection_str: str | None = None, **kwargs: Any) -> None:
        self._connected = True

    def query(self, query: str, query_source: Any = None, **kwargs: Any) -> Any:
        self.calls.append((query, kwargs))
        return pd.DataFrame({"rows": [1]})

    def query_with_results(self, query: str, **kwargs: Any) -> tuple[Any, Any]:
        return self.query(query, **kwargs), "OK"


@pytest.fixture
def provider(tmp_path: Path) -> tuple[QueryProvider, Recorder]:
    (tmp_path / "widget.yaml").write_text(QUERY_FILE, encoding="utf-8")
    driver = Recorder()
    return QueryProvider("LocalData", driver=driver, query_paths=[str(tmp_path)]), driver


def test_query_time_is_a_day_either_side(provider: tuple[QueryProvider, Recorder]) -> None:
    qp, _ = provider
    widget = qp.query_time
    assert isinstance(widget, QueryTime)
    assert qp.query_time is widget
    assert (widget.units, widget.before, widget.after) == ("Day", 1, 1)
    assert widget.end - widget.start == timedelta(days=2)


def test_query_without_times_takes_the_widget_times(
    provider: tuple[QueryProvider, Recorder],
) -> None:
    qp, driver = provider
    start = pd.Timestamp("2024-06-01 00:00", tz="UTC").to_pydatetime()
    qp.query_time.set_time(start=start, end=start + timedelta(hours=7))
    qp.Widget.in_range(host="web01")
    text, options = driver.calls[-1]
    assert "2024-06-01T00:00:00" in text and "2024-06-01T07:00:00" in text
    assert options["time_span"]["start"] == start
    qp.query_time._w_tm_range.value = (-3, 0)  # the user moves the slider
    qp.Widget.in_range(host="web01")
    assert "2024-06-01T04:00:00" in driver.calls[-1][0]
    explicit = qp.Widget.in_range("print", host="h", start="2023-01-01", end="2023-01-02")
    assert "2023-01-01" in explicit and "2024-06-01" not in explicit


def test_browse_queries_lists_and_describes(provider: tuple[QueryProvider, Recorder]) -> None:
    qp, _ = provider
    browser = qp.browse()
    assert isinstance(browser, SelectItem)
    assert QueryProvider.browse is QueryProvider.browse_queries
    assert browser.options == qp.list_queries()
    assert browser._wgt_select.layout.height == "300px"
    assert browser.item_action is not None
    page = browser.item_action("Widget.in_range").data
    assert "<h3>Rows in a time range</h3>" in page
    assert "&quot;{host}&quot;" in page  # query text is escaped
    assert "qry_prov.Widget.in_range(" in page

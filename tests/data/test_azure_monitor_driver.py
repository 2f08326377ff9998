"""The Log Analytics / Sentinel driver against a loopback server speaking the REST format."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from msticpy.common.exceptions import MsticpyDataQueryError, MsticpyNotConnectedError
from msticpy.data import QueryProvider
from msticpy.data.drivers.azure_monitor_driver import AzureMonitorDriver

TOKEN = "CANARY-TOKEN-3b9f1c"
WORKSPACE = "11111111-2222-3333-4444-555555555555"

REPLY = {
    "tables": [
        {
            "name": "PrimaryResult",
            "columns": [
                {"name": "TimeGenerated", "type": "datetime"},
                {"name": "Computer", "type": "string"},
                {"name": "EventID", "type": "int"},
                {"name": "Score", "type": "real"},
                {"name": "Elevated", "type": "bool"},
            ],
            "rows": [
                ["2024-05-06T08:00:00Z", "WEBSRV01", 4688, 0.5, True],
                ["2024-05-06T08:07:00.1234567Z", "DC01", 4624, None, False],
            ],
        }
    ]
}


class Handler(BaseHTTPRequestHandler):
    """Answers POST /v1/workspaces/{id}/query like the Azure Monitor Logs API."""

    requests: list[dict[str, Any]] = []

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Handler.requests.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
        )
        query = body["query"]
        if "slow" in query:
            time.sleep(2)
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._send(
                401, {"error": {"code": "InvalidAuthenticationTokenTenant", "message": "bad token"}}
            )
        elif "syntax error" in query:
            self._send(
                400,
                {
                    "error": {
                        "code": "BadArgumentError",
                        "message": "The request had some invalid properties",
                        "innererror": {
                            "code": "SyntaxError",
                            "message": "Query could not be parsed",
                        },
                    }
                },
            )
        elif "partial" in query:
            self._send(
                200, {**REPLY, "error": {"code": "PartialError", "message": "some shards failed"}}
            )
        else:
            self._send(200, REPLY)

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _driver(endpoint: str, **kwargs: Any) -> AzureMonitorDriver:
    driver = AzureMonitorDriver(endpoint=endpoint, **kwargs)
    driver.connect(workspace_id=WORKSPACE, token=kwargs.pop("token", TOKEN))
    return driver


def test_request_and_typed_result(endpoint: str) -> None:
    driver = _driver(endpoint)
    frame = driver.query(
        "SecurityEvent | take 2",
        time_span={"start": "2024-05-06T00:00:00Z", "end": "2024-05-07T00:00:00Z"},
    )
    sent = Handler.requests[-1]
    assert sent["path"] == f"/v1/workspaces/{WORKSPACE}/query"
    assert sent["auth"] == f"Bearer {TOKEN}"
    assert sent["body"] == {
        "query": "SecurityEvent | take 2",
        "timespan": "2024-05-06T00:00:00Z/2024-05-07T00:00:00Z",
    }
    assert list(frame.columns) == ["TimeGenerated", "Computer", "EventID", "Score", "Elevated"]
    assert (
        str(frame["TimeGenerated"].dtype).startswith("datetime64") and frame["TimeGenerated"].dt.tz
    )
    assert str(frame["EventID"].dtype) == "Int64"
    assert frame["Score"].isna().tolist() == [False, True]
    assert frame["Elevated"].tolist() == [True, False]


def test_query_provider_runs_rendered_queries(endpoint: str) -> None:
    qp = QueryProvider("MSSentinel", endpoint=endpoint)
    qp.connect(workspace_id=WORKSPACE, token=lambda: TOKEN)
    frame = qp.WindowsSecurity.list_host_processes(
        host_name="WEBSRV01", start="2024-05-06", end="2024-05-07"
    )
    assert len(frame) == 2
    sent = Handler.requests[-1]["body"]
    assert 'Computer has "WEBSRV01"' in sent["query"]
    assert sent["timespan"].startswith("2024-05-06T00:00:00")
    # Legacy Kqlmagic-style connection string.
    legacy = AzureMonitorDriver(endpoint=endpoint, token=TOKEN)
    legacy.connect(f"loganalytics://code().tenant('t1').workspace('{WORKSPACE}')")
    assert legacy.query("x") is not None


def test_errors_name_the_service_error_and_never_the_token(endpoint: str) -> None:
    driver = _driver(endpoint)
    with pytest.raises(MsticpyDataQueryError) as info:
        driver.query("syntax error here")
    text = str(info.value)
    assert "HTTP 400" in text and "BadArgumentError" in text and "could not be parsed" in text
    bad = _driver(endpoint, token="wrong")
    with pytest.raises(MsticpyDataQueryError, match="401"):
        bad.query("x")
    for item in (repr(driver), repr(driver.__dict__), str(info.value), driver.current_connection):
        assert TOKEN not in str(item)


def test_partial_errors_return_data(endpoint: str, caplog: pytest.LogCaptureFixture) -> None:
    frame = _driver(endpoint).query("partial")
    assert len(frame) == 2
    assert "some shards failed" in caplog.text


def test_deadline_and_unreachable(endpoint: str) -> None:
    with pytest.raises(MsticpyDataQueryError):
        _driver(endpoint, timeout=0.5).query("slow")
    with pytest.raises(MsticpyDataQueryError, match="Could not reach"):
        _driver("http://127.0.0.1:9").query("x")


def test_not_connected() -> None:
    with pytest.raises(MsticpyNotConnectedError):
        AzureMonitorDriver().query("x")

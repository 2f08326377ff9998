"""The Log Analytics / Sentinel driver against a loopback server speaking the REST format."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from msticpy.common.exceptions import MsticpyDataQueryError, MsticpyNotConnectedError
from msticpy.data import QueryProvider
from msticpy.data.drivers.azure_monitor_driver import AzureMonitorDriver

from .loopback import JsonHandler, serve

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


class Handler(JsonHandler):
    """Answers POST /v1/workspaces/{id}/query like the Azure Monitor Logs API."""

    requests: list[dict[str, Any]] = []
    calls: dict[str, int] = {}

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Handler.requests.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
        )
        query = body["query"]
        Handler.calls[query] = Handler.calls.get(query, 0) + 1
        if "slow" in query:
            time.sleep(2)
        auth = self.headers.get("Authorization", "")
        if auth != f"Bearer {TOKEN}":
            # Echoes the rejected token, as a careless service might: the driver must scrub it.
            message = f"bad token {auth.removeprefix('Bearer ')}"
            self._send(
                401, {"error": {"code": "InvalidAuthenticationTokenTenant", "message": message}}
            )
        elif query == "throttle" and Handler.calls[query] < 3:
            self._send(429, {"error": {"code": "TooManyRequests"}}, {"Retry-After": "1"})
        elif query == "throttle-long":
            self._send(429, {"error": {"code": "TooManyRequests"}}, {"Retry-After": "3600"})
        elif query == "unavailable" and Handler.calls[query] < 2:
            self._send(503, b"busy", {"Retry-After": "0"})
        elif query == "servererror":
            self._send(500, {"error": {"code": "InternalError", "message": "Backend failed"}})
        elif query == "gateway":
            self._send(502, b"<html>Bad Gateway</html>")
        elif query == "truncated":
            self._send(200, json.dumps(REPLY).encode()[:-20])
        elif query == "notobject":
            self._send(200, b"[1, 2]")
        elif query == "huge":
            columns = [{"name": "Computer", "type": "string"}]
            self._send(200, {"tables": [{"columns": columns, "rows": [["x" * 1000]] * 2000}]})
        elif query == "empty":
            self._send(200, {"tables": [{**REPLY["tables"][0], "rows": []}]})
        elif query == "notables":
            self._send(200, {"tables": []})
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


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with serve(Handler) as httpd:
        yield httpd.base


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
    started = time.monotonic()
    with pytest.raises(MsticpyDataQueryError, match="deadline"):
        _driver(endpoint, timeout=0.5).query("slow")
    assert time.monotonic() - started < 1.5
    with pytest.raises(MsticpyDataQueryError, match="Could not reach"):
        _driver("http://127.0.0.1:9").query("x")


def test_rejected_token_is_scrubbed_from_the_message(endpoint: str) -> None:
    canary = "CANARY-STALE-TOKEN-7c41"
    with pytest.raises(MsticpyDataQueryError, match="HTTP 401: InvalidAuthentication") as info:
        _driver(endpoint, token=canary).query("x")
    assert canary not in str(info.value) and "[REDACTED]" in str(info.value)


def test_callable_token_is_asked_per_request(endpoint: str) -> None:
    # An expired token is replaced by whatever the token source returns next time.
    tokens = iter(["CANARY-EXPIRED-1", TOKEN])
    driver = _driver(endpoint, token=lambda: next(tokens))
    with pytest.raises(MsticpyDataQueryError, match="401") as info:
        driver.query("x")
    assert "CANARY-EXPIRED-1" not in str(info.value)
    assert len(driver.query("x")) == 2


def test_throttled_then_success(endpoint: str) -> None:
    started = time.monotonic()
    assert len(_driver(endpoint).query("throttle")) == 2
    assert Handler.calls["throttle"] == 3
    assert time.monotonic() - started >= 2.0  # two Retry-After: 1 waits honoured


def test_retry_after_beyond_deadline_fails_at_once(endpoint: str) -> None:
    started = time.monotonic()
    with pytest.raises(MsticpyDataQueryError, match=r"HTTP 429.*3600 s.*deadline"):
        _driver(endpoint, timeout=5).query("throttle-long")
    assert time.monotonic() - started < 2


def test_server_errors(endpoint: str) -> None:
    assert len(_driver(endpoint).query("unavailable")) == 2  # 503 retried
    with pytest.raises(MsticpyDataQueryError, match="HTTP 500: InternalError: Backend failed"):
        _driver(endpoint).query("servererror")
    with pytest.raises(MsticpyDataQueryError, match="HTTP 502: <html>Bad Gateway"):
        _driver(endpoint).query("gateway")
    assert Handler.calls["servererror"] == 1  # 500 is not retried


def test_truncated_or_non_object_reply(endpoint: str) -> None:
    for query in ("truncated", "notobject"):
        with pytest.raises(MsticpyDataQueryError, match="not a JSON object"):
            _driver(endpoint).query(query)


def test_reply_over_size_cap(endpoint: str) -> None:
    with pytest.raises(MsticpyDataQueryError, match="larger than 100000 bytes"):
        _driver(endpoint, max_response_bytes=100_000).query("huge")
    assert len(_driver(endpoint).query("huge")) == 2000


def test_empty_results_keep_columns_and_types(endpoint: str) -> None:
    frame = _driver(endpoint).query("empty")
    assert frame.empty
    assert list(frame.columns) == ["TimeGenerated", "Computer", "EventID", "Score", "Elevated"]
    assert str(frame["EventID"].dtype) == "Int64"
    assert _driver(endpoint).query("notables").empty


def test_repr_never_shows_the_token(endpoint: str) -> None:
    driver = _driver(endpoint)
    driver.query("x")
    for text in (repr(driver), str(driver), repr(driver._token), str(vars(driver))):
        assert TOKEN not in text
    assert WORKSPACE in repr(driver)


def test_not_connected() -> None:
    with pytest.raises(MsticpyNotConnectedError):
        AzureMonitorDriver().query("x")

"""Defender (MDE/M365D) and Graph security drivers against a loopback OAuth2 + OData server."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from msticpy.common import pkg_config
from msticpy.common.exceptions import (
    MsticpyConnectionError,
    MsticpyDataQueryError,
    MsticpyNotConnectedError,
    MsticpyUserConfigError,
)
from msticpy.data import QueryProvider
from msticpy.data.drivers.mdatp_driver import MDATPDriver
from msticpy.data.drivers.security_graph_driver import SecurityGraphDriver

from .loopback import JsonHandler, serve

TENANT = "72f988bf-0000-1111-2222-2d7cd011db47"
CLIENT = "c1e4a000-aaaa-bbbb-cccc-000000000001"
SECRET = "CANARY-SECRET-91ad7e"
TOKEN_PREFIX = "CANARY-TOKEN-"

HUNTING_REPLY = {
    "Schema": [
        {"Name": "Timestamp", "Type": "DateTime"},
        {"Name": "DeviceName", "Type": "String"},
        {"Name": "ProcessId", "Type": "Int64"},
        {"Name": "Score", "Type": "Double"},
        {"Name": "IsElevated", "Type": "Boolean"},
    ],
    "Results": [
        {
            "Timestamp": "2024-05-06T08:00:00Z",
            "DeviceName": "ws01",
            "ProcessId": 4688,
            "Score": 0.5,
            "IsElevated": True,
        },
        {
            "Timestamp": "2024-05-06T08:07:00.1234567Z",
            "DeviceName": "dc01",
            "ProcessId": None,
            "Score": None,
            "IsElevated": False,
        },
    ],
}


class _State:
    def __init__(self) -> None:
        self.valid_tokens: set[str] = set()
        self.token_requests = 0
        self.expires_in = 3599
        self.calls: dict[str, int] = {}
        self.bodies: list[Any] = []
        self.filters: list[str] = []
        self.auth_headers: list[str] = []
        self.lock = threading.Lock()


class _Handler(JsonHandler):
    server: Any

    def _count(self, key: str) -> int:
        state: _State = self.server.state
        with state.lock:
            state.calls[key] = state.calls.get(key, 0) + 1
            return state.calls[key]

    def _authorised(self) -> bool:
        state: _State = self.server.state
        header = self.headers.get("Authorization", "")
        state.auth_headers.append(header)
        if header.removeprefix("Bearer ") in state.valid_tokens:
            return True
        self._send(401, {"error": {"code": "Unauthorized", "message": "Token expired"}})
        return False

    def do_POST(self) -> None:
        state: _State = self.server.state
        length = int(self.headers.get("Content-Length", 0))
        raw = self.rfile.read(length)
        if self.path == f"/{TENANT}/oauth2/v2.0/token":
            form = dict(urllib.parse.parse_qsl(raw.decode()))
            state.token_requests += 1
            if form.get("client_secret") != SECRET or form.get("client_id") != CLIENT:
                # Real services echo little, but a test server that echoes the secret
                # proves the driver scrubs server text.
                self._send(
                    401,
                    {
                        "error": "invalid_client",
                        "error_description": "AADSTS7000215: Invalid client secret "
                        f"provided: {form.get('client_secret')}",
                    },
                )
                return
            if form.get("grant_type") != "client_credentials" or not form.get("scope", "").endswith(
                "/.default"
            ):
                self._send(400, {"error": "invalid_request"})
                return
            token = f"{TOKEN_PREFIX}{state.token_requests}"
            state.valid_tokens.add(token)
            self._send(
                200,
                {"token_type": "Bearer", "expires_in": state.expires_in, "access_token": token},
            )
            return
        if self.path not in ("/api/advancedqueries/run", "/api/advancedhunting/run"):
            self._send(404, {"error": {"code": "NotFound", "message": self.path}})
            return
        if not self._authorised():
            return
        body = json.loads(raw)
        state.bodies.append((self.path, body))
        self._hunting(body["Query"])

    def _hunting(self, query: str) -> None:
        if query == "throttle" and self._count(query) < 3:
            self._send(429, {"error": {"code": "TooManyRequests"}}, {"Retry-After": "1"})
        elif query == "throttle-long":
            self._send(429, {"error": {"code": "TooManyRequests"}}, {"Retry-After": "3600"})
        elif query == "unavailable" and self._count(query) < 2:
            self._send(503, b"busy", {"Retry-After": "0"})
        elif query == "servererror":
            self._send(500, {"error": {"code": "InternalError", "message": "Backend failed"}})
        elif query == "badquery":
            self._send(400, {"error": {"code": "BadRequest", "message": "Syntax error line 1"}})
        elif query == "slow":
            time.sleep(3)
            self._send(200, HUNTING_REPLY)
        elif query == "truncated":
            self._send(200, json.dumps(HUNTING_REPLY).encode()[:-20])
        elif query == "huge":
            rows = [{"DeviceName": "x" * 1000}] * 2000
            self._send(200, {"Schema": [{"Name": "DeviceName", "Type": "String"}], "Results": rows})
        elif query == "empty":
            self._send(200, {"Schema": HUNTING_REPLY["Schema"], "Results": []})
        else:
            self._send(200, HUNTING_REPLY)

    def do_GET(self) -> None:
        if not self._authorised():
            return
        parts = urllib.parse.urlsplit(self.path)
        params = dict(urllib.parse.parse_qsl(parts.query))
        self.server.state.filters.append(params.get("$filter", ""))
        base = f"http://127.0.0.1:{self.server.server_port}"
        if parts.path == "/v1.0/security/alerts_v2":
            page = int(params.get("page", "0"))
            reply: dict[str, Any] = {
                "@odata.context": f"{base}/v1.0/$metadata#security/alerts_v2",
                "value": [
                    {"id": f"a{page}{i}", "severity": "high", "evidence": {"host": f"h{i}"}}
                    for i in range(2)
                ],
            }
            if page < 2:
                reply["@odata.nextLink"] = f"{base}/v1.0/security/alerts_v2?page={page + 1}"
            self._send(200, reply)
        elif parts.path == "/v1.0/security/empty":
            self._send(200, {"value": []})
        elif parts.path == "/v1.0/security/offsite":
            self._send(200, {"value": [{"id": 1}], "@odata.nextLink": "http://example.com/x"})
        else:
            self._send(404, {"error": {"code": "NotFound", "message": "no such path"}})


@pytest.fixture()
def server() -> Iterator[Any]:
    with serve(_Handler, state=_State()) as httpd:
        yield httpd


def _creds(server: Any, **extra: Any) -> dict[str, Any]:
    return {
        "tenant_id": TENANT,
        "client_id": CLIENT,
        "client_secret": SECRET,
        "login_uri": server.base,
        "api_root": server.base,
        **extra,
    }


def _mde(server: Any, env: str = "MDE", **extra: Any) -> QueryProvider:
    provider = QueryProvider(env)
    provider.connect(**_creds(server, **extra))
    return provider


def _no_secret(text: str) -> None:
    assert SECRET not in text
    assert TOKEN_PREFIX not in text


def test_providers_construct_for_msticpy_environment_names() -> None:
    assert isinstance(QueryProvider("MDE")._query_provider, MDATPDriver)
    assert isinstance(QueryProvider("MDATP")._query_provider, MDATPDriver)
    assert isinstance(QueryProvider("M365D")._query_provider, MDATPDriver)
    assert isinstance(QueryProvider("MSGraph")._query_provider, SecurityGraphDriver)
    assert isinstance(QueryProvider("SecurityGraph")._query_provider, SecurityGraphDriver)


def test_mde_query_typed_columns(server: Any) -> None:
    provider = _mde(server)
    frame = provider.exec_query("DeviceProcessEvents | take 2")
    assert list(frame.columns) == ["Timestamp", "DeviceName", "ProcessId", "Score", "IsElevated"]
    assert str(frame["Timestamp"].dtype).startswith("datetime64")
    assert str(frame["Timestamp"].dt.tz) == "UTC"
    assert frame["Timestamp"][1] == pd.Timestamp("2024-05-06T08:07:00.1234567Z")
    assert str(frame["ProcessId"].dtype) == "Int64"
    assert frame["ProcessId"].isna()[1]
    assert frame["Score"].dtype == "float64"
    assert str(frame["IsElevated"].dtype) == "boolean"
    path, body = server.state.bodies[-1]
    assert path == "/api/advancedqueries/run"
    assert body == {"Query": "DeviceProcessEvents | take 2"}
    assert server.state.auth_headers[-1] == f"Bearer {TOKEN_PREFIX}1"


def test_m365d_uses_advanced_hunting_api(server: Any) -> None:
    frame = _mde(server, "M365D").exec_query("DeviceInfo")
    assert len(frame) == 2
    assert server.state.bodies[-1][0] == "/api/advancedhunting/run"


def test_token_cached_then_refreshed_once_on_401(server: Any) -> None:
    provider = _mde(server)
    provider.exec_query("a")
    provider.exec_query("b")
    assert server.state.token_requests == 1
    server.state.valid_tokens.clear()  # the service now rejects the cached token
    frame = provider.exec_query("c")
    assert len(frame) == 2
    assert server.state.token_requests == 2
    assert server.state.auth_headers[-1] == f"Bearer {TOKEN_PREFIX}2"


def test_expired_token_fetched_before_query(server: Any) -> None:
    server.state.expires_in = 30  # below the driver's expiry margin: always stale
    provider = _mde(server)
    provider.exec_query("a")
    assert server.state.token_requests == 2


def test_persistent_401_is_an_error_after_one_refresh(server: Any) -> None:
    provider = _mde(server)
    driver = provider._query_provider
    server.state.valid_tokens.clear()
    original = driver._fetch_token

    def fetch_and_revoke(deadline: float) -> None:
        original(deadline)
        server.state.valid_tokens.clear()

    driver._fetch_token = fetch_and_revoke
    with pytest.raises(MsticpyDataQueryError, match="HTTP 401") as err:
        provider.exec_query("a")
    assert server.state.token_requests == 2
    _no_secret(str(err.value))


def test_bad_credentials_name_problem_not_secret(server: Any) -> None:
    provider = QueryProvider("MDE")
    with pytest.raises(MsticpyConnectionError) as err:
        provider.connect(**_creds(server, client_secret=SECRET + "-wrong"))
    text = str(err.value)
    assert "invalid_client" in text and "Invalid client secret" in text
    assert CLIENT in text
    _no_secret(text)
    assert not provider.connected


def test_missing_credentials(server: Any) -> None:
    provider = QueryProvider("MDE")
    with pytest.raises(MsticpyUserConfigError, match="client_secret"):
        provider.connect(tenant_id=TENANT, client_id=CLIENT, api_root=server.base)
    with pytest.raises(MsticpyNotConnectedError):
        provider.exec_query("x")


def test_repr_and_connection_string_hide_secrets(server: Any) -> None:
    provider = _mde(server)
    driver = provider._query_provider
    for text in (repr(driver), str(driver), str(provider.connection_string)):
        _no_secret(text)
    assert TENANT in repr(driver)


def test_connection_string_form(server: Any) -> None:
    driver = MDATPDriver(login_uri=server.base)
    driver.connect(
        f"tenant_id={TENANT};client_id={CLIENT};client_secret={SECRET};apiRoot={server.base}"
    )
    assert len(driver.query("x")) == 2


def test_throttled_then_success(server: Any) -> None:
    provider = _mde(server)
    started = time.monotonic()
    frame = provider.exec_query("throttle")
    assert len(frame) == 2
    assert server.state.calls["throttle"] == 3
    assert time.monotonic() - started >= 2.0  # two Retry-After: 1 waits honoured


def test_retry_after_beyond_deadline(server: Any) -> None:
    provider = _mde(server, timeout=5)
    started = time.monotonic()
    with pytest.raises(MsticpyDataQueryError, match=r"429.*deadline"):
        provider.exec_query("throttle-long")
    assert time.monotonic() - started < 2


def test_503_retried(server: Any) -> None:
    assert len(_mde(server).exec_query("unavailable")) == 2


def test_server_errors(server: Any) -> None:
    provider = _mde(server)
    with pytest.raises(MsticpyDataQueryError, match="HTTP 500: InternalError: Backend failed"):
        provider.exec_query("servererror")
    with pytest.raises(MsticpyDataQueryError, match="HTTP 400: BadRequest: Syntax error"):
        provider.exec_query("badquery")


def test_deadline_exceeded(server: Any) -> None:
    provider = _mde(server, timeout=1)
    started = time.monotonic()
    with pytest.raises(MsticpyDataQueryError, match="deadline"):
        provider.exec_query("slow")
    assert time.monotonic() - started < 2.5


def test_truncated_json(server: Any) -> None:
    with pytest.raises(MsticpyDataQueryError, match="not a JSON object"):
        _mde(server).exec_query("truncated")


def test_reply_over_size_cap(server: Any) -> None:
    with pytest.raises(MsticpyDataQueryError, match="larger than 100000 bytes"):
        _mde(server, max_response_bytes=100_000).exec_query("huge")
    assert len(_mde(server).exec_query("huge")) == 2000


def test_empty_results_keep_schema(server: Any) -> None:
    frame = _mde(server).exec_query("empty")
    assert frame.empty
    assert list(frame.columns) == ["Timestamp", "DeviceName", "ProcessId", "Score", "IsElevated"]


def test_unreachable_token_endpoint() -> None:
    provider = QueryProvider("MDE")
    with pytest.raises(MsticpyConnectionError, match="Could not reach"):
        provider.connect(
            tenant_id=TENANT,
            client_id=CLIENT,
            client_secret=SECRET,
            login_uri="http://127.0.0.1:9",
            timeout=5,
        )


def test_graph_pages_and_flattens(server: Any) -> None:
    provider = QueryProvider("MSGraph")
    provider.connect(**_creds(server))
    frame = provider.exec_query("/security/alerts_v2?$top=2")
    assert list(frame["id"]) == ["a00", "a01", "a10", "a11", "a20", "a21"]
    assert "evidence.host" in frame.columns
    assert all(h.startswith("Bearer ") for h in server.state.auth_headers)


def test_graph_filter_values_arrive_exactly(server: Any) -> None:
    """Characters a URL gives meaning to (%, +, &, #) reach Graph as the literal's text."""
    provider = QueryProvider("MSGraph")
    provider.connect(**_creds(server))
    for account in ["a%27b", "c+d@contoso.com", "e&$top=1", "f#g", "o'neil", "ü ß"]:
        frame = provider.SecurityGraphAlert.list_alerts_for_user(
            path="/security/alerts_v2",
            user_principal_name=account,
            start="2024-05-06",
            end="2024-05-07",
        )
        assert list(frame["id"]) == ["a00", "a01", "a10", "a11", "a20", "a21"]
        sent = server.state.filters[-3]  # the first of the three pages
        literal = "'" + account.replace("'", "''") + "'"
        assert literal in sent, (account, sent)


def test_graph_empty_offsite_and_bad_query(server: Any) -> None:
    provider = QueryProvider("MSGraph")
    provider.connect(**_creds(server))
    assert provider.exec_query("/security/empty").empty
    with pytest.raises(MsticpyDataQueryError, match="another host"):
        provider.exec_query("/security/offsite")
    with pytest.raises(MsticpyDataQueryError, match="API path"):
        provider.exec_query("SecurityAlert | take 1")
    with pytest.raises(MsticpyDataQueryError, match="HTTP 404"):
        provider.exec_query("/security/nothing")


@pytest.fixture()
def config_file(tmp_path: Any, monkeypatch: pytest.MonkeyPatch, server: Any) -> Iterator[Any]:
    path = tmp_path / "msticpyconfig.yaml"
    path.write_text(
        "DataProviders:\n"
        "  MicrosoftDefender:\n"
        "    Args:\n"
        f"      TenantId: {TENANT}\n"
        f"      ClientId: {CLIENT}\n"
        "      ClientSecret:\n"
        "        EnvironmentVar: ODATA_TEST_SECRET\n"
        f"      apiRoot: {server.base}\n"
        f"      login_uri: {server.base}\n"
        "  MicrosoftGraph:\n"
        "    Args:\n"
        f"      TenantId: {TENANT}\n"
        f"      ClientId: {CLIENT}\n"
        f"      ClientSecret: {SECRET}\n"
        f"      apiRoot: {server.base}\n"
        f"      login_uri: {server.base}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("ODATA_TEST_SECRET", SECRET)
    monkeypatch.setenv("MSTICPYCONFIG", str(path))
    pkg_config.refresh_config()
    yield path
    monkeypatch.delenv("MSTICPYCONFIG")
    pkg_config.refresh_config()


def test_connect_reads_msticpyconfig(server: Any, config_file: Any) -> None:
    del config_file
    provider = QueryProvider("MDE")
    provider.connect()
    assert len(provider.exec_query("DeviceInfo")) == 2
    graph = QueryProvider("MSGraph")
    graph.connect()
    assert len(graph.exec_query("/security/alerts_v2")) == 6

"""
BinaryEdge, Open PageRank, Tor and MalwareBazaar against the loopback TI service through
the real HTTP transport: every failure a service can give (HTTP errors, 429 with
Retry-After, a body slower than the deadline, malformed JSON, a 100 MB body) ends as a
row with a status (MalwareBazaar: a documented exception), never a hang, and the canary
key appears in no output.
"""

from __future__ import annotations

import importlib.util
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from msticpy.common.exceptions import MsticpyConnectionError, MsticpyUserError
from msticpy.context.lookup_result import LookupStatus
from msticpy.context.tiproviders import mblookup
from msticpy.context.tiproviders.binaryedge import BinaryEdge
from msticpy.context.tiproviders.open_page_rank import OPR
from msticpy.context.tiproviders.tor_exit_nodes import Tor

from .conftest import CANARY
from .ti_loopback import Reply, ti_service


def _has_transport() -> bool:
    if importlib.util.find_spec("msticpy._native") is None:
        return False
    from msticpy import _native

    return hasattr(_native, "http_fetch_many")


pytestmark = pytest.mark.skipif(not _has_transport(), reason="native HTTP transport not built")

DEADLINE = 3.0
# Longest a failing look-up may take: the deadline plus scheduling slack.
WALL = DEADLINE + 4.0

GOOD_BE = {
    "total": 1,
    "query": "52.1.2.3",
    "events": [{"port": 80, "results": [{"result": {"data": {"service": {"banner": "x"}}}}]}],
}
GOOD_OPR = {
    "status_code": 200,
    "response": [{"status_code": 200, "domain": "example.com", "rank": "9", "error": ""}],
}
EXITS = "ExitNode ABC\nLastStatus 2026-12-07 10:00:00\nExitAddress 52.1.2.3 2026-12-07 10:00:00\n"

# mode -> (reply, expected Status of an HTTP provider's row)
MODES: dict[str, tuple[Reply, int]] = {
    "404": (Reply(status=404, json={"error": "not found"}), 404),
    "401": (Reply(status=401, json={"error": "bad key"}), 401),
    "403": (Reply(status=403, json={"error": "forbidden"}), 403),
    "429": (Reply(status=429, json={"error": "slow down"}, headers={"Retry-After": "1"}), 429),
    "500": (Reply(status=500, json={"error": "boom"}), 500),
    "503": (Reply(status=503, json={"error": "busy"}), 503),
    "slow": (Reply(json=GOOD_OPR, delay=DEADLINE + 3), LookupStatus.QUERY_FAILED.value),
    "malformed": (Reply(body=b'{"status_code": 200, "resp'), LookupStatus.OK.value),
    "huge": (Reply(size=100 * 2**20), LookupStatus.QUERY_FAILED.value),
}


@pytest.fixture
def quiet_settings(use_config: Callable[[str], Path]) -> None:
    """Settings with a short transport deadline (Tor and MalwareBazaar use the default)."""
    use_config(f"msticpy:\n  http_timeout: {DEADLINE}\n")


@pytest.fixture
def tor_state() -> Iterator[None]:
    saved = (Tor._BASE_URL, Tor._ALT_URL)
    Tor._nodelist, Tor._last_error, Tor._last_attempt = {}, None, float("-inf")
    yield
    Tor._BASE_URL, Tor._ALT_URL = saved  # type: ignore[misc]
    Tor._nodelist, Tor._last_error, Tor._last_attempt = {}, None, float("-inf")


def _no_canary(frame: Any, caplog: pytest.LogCaptureFixture, capsys: Any) -> None:
    out = capsys.readouterr()
    texts = [caplog.text, out.out, out.err]
    if isinstance(frame, pd.DataFrame):
        texts += [frame.to_string(), frame.to_json(orient="records", default_handler=str)]
    assert not [t for t in texts if CANARY in t]


def _timed(call: Callable[[], Any]) -> Any:
    started = time.monotonic()
    result = call()
    assert time.monotonic() - started < WALL
    return result


def test_good_answers(
    quiet_settings: None, tor_state: None, caplog: pytest.LogCaptureFixture, capsys: Any
) -> None:
    routes = {
        r"/v2/query/ip/.*": Reply(json=GOOD_BE),
        r"/api/v1.0/getPageRank": Reply(json=GOOD_OPR),
        r"/exit-addresses": Reply(body=EXITS.encode()),
        r"/api/v1/": Reply(json={"query_status": "ok", "data": [{"sha256_hash": "ab"}]}),
    }
    with caplog.at_level(logging.DEBUG), ti_service(routes) as svc:
        be = BinaryEdge(AuthKey=CANARY, timeout=DEADLINE)
        be._BASE_URL = f"{svc.base}/"  # type: ignore[misc]
        row = be.lookup_iocs(["52.1.2.3"]).iloc[0]
        assert row["Status"] == 0 and row["Details"]["Ports"] == [80]
        opr = OPR(AuthKey=CANARY, timeout=DEADLINE)
        opr._BASE_URL = svc.base  # type: ignore[misc]
        frame = opr.lookup_iocs(["example.com"])
        assert frame.iloc[0]["Details"]["rank"] == "9"
        Tor._BASE_URL = f"{svc.base}/exit-addresses"  # type: ignore[misc]
        assert Tor().lookup_ioc("52.1.2.3").iloc[0]["Severity"] == "warning"
        _set_mb(svc.base)
        assert list(mblookup.MBlookup(CANARY).lookup_ioc("ab", "hash")["sha256_hash"]) == ["ab"]
        headers = {name.lower(): value for _, _, h, _ in svc.requests for name, value in h.items()}
        assert {"x-key", "api-opr", "auth-key"} <= set(headers)
    _no_canary(frame, caplog, capsys)


def _set_mb(base: str) -> None:
    mblookup._BASE_URL = f"{base}/api/v1/"


@pytest.fixture(autouse=True)
def _restore_mb() -> Iterator[None]:
    saved = mblookup._BASE_URL
    yield
    mblookup._BASE_URL = saved


@pytest.mark.parametrize("mode", list(MODES))
def test_http_providers_turn_failures_into_rows(
    mode: str, quiet_settings: None, caplog: pytest.LogCaptureFixture, capsys: Any
) -> None:
    answer, expected = MODES[mode]
    routes = {r"/v2/query/ip/.*": answer, r"/api/v1.0/getPageRank": answer}
    with caplog.at_level(logging.DEBUG), ti_service(routes) as svc:
        be = BinaryEdge(AuthKey=CANARY, timeout=DEADLINE)
        be._BASE_URL = f"{svc.base}/"  # type: ignore[misc]
        be_row = _timed(lambda: be.lookup_iocs(["52.1.2.3"])).iloc[0]
        assert be_row["Status"] == expected and not be_row["Result"]

        opr = OPR(AuthKey=CANARY, timeout=DEADLINE)
        opr._BASE_URL = svc.base  # type: ignore[misc]
        single = _timed(lambda: opr.lookup_items(["example.com"])).iloc[0]
        assert single["Status"] == expected
        bulk = _timed(lambda: opr.lookup_iocs(["example.com", "contoso.net"]))
        assert len(bulk) == 1 and bulk.iloc[0]["Ioc"] == "example.com,contoso.net"
        if mode == "malformed":  # msticpy's row: the decoder's message, no status
            assert bulk.iloc[0]["Details"].startswith("Unterminated string")
        else:
            assert bulk.iloc[0]["Status"] == expected
    _no_canary(pd.concat([be_row.to_frame().T, single.to_frame().T, bulk]), caplog, capsys)


@pytest.mark.parametrize("mode", list(MODES))
def test_tor_download_failures_are_rows(
    mode: str,
    quiet_settings: None,
    tor_state: None,
    caplog: pytest.LogCaptureFixture,
    capsys: Any,
) -> None:
    answer, _ = MODES[mode]
    with caplog.at_level(logging.DEBUG), ti_service({r"/.*": answer}) as svc:
        Tor._BASE_URL = f"{svc.base}/exit-addresses"  # type: ignore[misc]
        Tor._ALT_URL = f"{svc.base}/alt.lst"  # type: ignore[misc]
        started = time.monotonic()
        frame = Tor().lookup_iocs(["52.1.2.3", "52.1.2.4", "52.1.2.5"])
        # Both lists fail once each; the other addresses reuse the failure.
        assert time.monotonic() - started < 2 * WALL
        assert svc.count() <= 2 * 4  # at most the transport's retries, per list
    # A 2xx that is not an address list (malformed) counts as no list, as a failure does.
    assert set(frame["Status"]) == {LookupStatus.QUERY_FAILED.value}
    assert frame.iloc[0]["Details"].startswith("Tor exit-node list not available")
    _no_canary(frame, caplog, capsys)


@pytest.mark.parametrize("mode", list(MODES))
def test_malwarebazaar_failures_raise_documented_errors(
    mode: str, quiet_settings: None, caplog: pytest.LogCaptureFixture, capsys: Any
) -> None:
    answer, _ = MODES[mode]
    with caplog.at_level(logging.DEBUG), ti_service({r"/api/v1/": answer}) as svc:
        _set_mb(svc.base)
        lookup = mblookup.MBlookup(mb_key=CANARY)
        with pytest.raises(MsticpyUserError) as err:
            _timed(lambda: lookup.lookup_ioc("ab" * 32, "hash"))
    assert isinstance(err.value, MsticpyConnectionError)
    assert CANARY not in str(err.value) and CANARY not in repr(lookup)
    _no_canary(None, caplog, capsys)


def test_offline_tor_costs_one_deadline(
    quiet_settings: None, tor_state: None, caplog: pytest.LogCaptureFixture
) -> None:
    # A port nothing listens on: connection refused, as on a machine without network.
    with ti_service({}) as svc:
        base = svc.base
    Tor._BASE_URL = f"{base}/exit-addresses"  # type: ignore[misc]
    Tor._ALT_URL = f"{base}/alt.lst"  # type: ignore[misc]
    started = time.monotonic()
    frame = Tor().lookup_iocs([f"52.1.2.{n}" for n in range(1, 41)])
    assert time.monotonic() - started < 2 * WALL
    assert set(frame["Status"]) == {LookupStatus.QUERY_FAILED.value}
    assert "Connection refused" in frame.iloc[0]["Details"]

"""Pulsedive's PDlookup explorer client against a loopback Pulsedive (real HTTP)."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from msticpy.common.exceptions import MsticpyConnectionError
from msticpy.context.tiproviders import pulsedive
from msticpy.context.tiproviders.pulsedive import PDEntityType, PDlookup, PDQuery

from . import tiprov1_samples as s
from .conftest import CANARY
from .ti_loopback import Reply, ti_service

RNG = random.Random(3)


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], PDlookup]:
    def make(base: str) -> PDlookup:
        pdl = PDlookup(pd_key=CANARY)
        monkeypatch.setattr(pdl, "BASE_URL", f"{base}/api/")
        return pdl

    return make


def _query(path: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(path).query)


def test_names_and_query_strings() -> None:
    assert pulsedive.Pulsedive._BASE_URL == PDlookup.BASE_URL == "https://pulsedive.com/api/"
    assert [t.value for t in PDEntityType] == ["indicator", "threat", "explore", "scan"]
    assert pulsedive._build_query_string("x", "explore") == PDQuery("q", "x")
    with pytest.raises(ValueError, match="empty"):
        pulsedive._build_query_string("", "indicator")
    with pytest.raises(KeyError):
        pulsedive._build_query_string("x", "nosuch")
    with pytest.raises(ValueError, match="Invalid pd_type"):
        PDlookup(pd_key="k")._check_valid_type("nosuch")
    assert CANARY not in repr(PDlookup(pd_key=CANARY))


def test_indicator_threat_and_explore(client: Callable[[str], PDlookup]) -> None:
    indicator = s.pulsedive_indicator(RNG)
    routes = {
        r"/api/info\.php": Reply(json=indicator),
        r"/api/explore\.php": Reply(json={"results": [{"iid": 1, "indicator": "a"}, {"iid": 2}]}),
    }
    with ti_service(routes) as svc:
        pdl = client(svc.base)
        frame = pdl.lookup_ioc(s.DOMAIN)
        assert frame.loc[0, "iid"] == indicator["iid"]
        assert "attributes.port" in frame.columns  # flattened
        pdl.lookup_ioc("Zeus", pd_type="threat")
        explored = pdl.explore("risk=high")
        assert list(explored["iid"]) == [1, 2]
        pdl.lookup_ioc(s.DOMAIN, pd_type="whatever")  # read as an indicator, as msticpy
        sent = [path for _, path, _, _ in svc.requests]
    assert _query(sent[0]) == {"pretty": ["1"], "key": [CANARY], "indicator": [s.DOMAIN]}
    assert _query(sent[1])["threat"] == ["Zeus"]
    assert sent[2].startswith("/api/explore.php?") and _query(sent[2])["q"] == ["risk=high"]
    assert _query(sent[3])["indicator"] == [s.DOMAIN]


def test_scan_submits_then_polls(client: Callable[[str], PDlookup]) -> None:
    routes = {
        r"/api/analyze\.php": Reply(json={"qid": 77, "status": "processing"}, times=2),
        r"/api/analyze\.php.*": Reply(json={"status": "done", "data": {"iid": 5, "risk": "low"}}),
    }
    PDlookup.POLL_INTERVAL = 0.01
    try:
        with ti_service(routes) as svc:
            frame = client(svc.base).scan(s.DOMAIN)
            requests = svc.requests
    finally:
        PDlookup.POLL_INTERVAL = 0.5
    assert frame.to_dict(orient="records") == [{"iid": 5, "risk": "low"}]
    method, path, headers, body = requests[0]
    assert method == "POST" and path == "/api/analyze.php"
    assert parse_qs(body.decode()) == {
        "value": [s.DOMAIN],
        "probe": ["1"],
        "pretty": ["1"],
        "key": [CANARY],
    }
    assert {k.lower(): v for k, v in headers.items()}["content-type"] == (
        "application/x-www-form-urlencoded"
    )
    assert [m for m, *_ in requests] == ["POST", "GET", "GET"]
    assert _query(requests[1][1])["qid"] == ["77"]


def test_scan_polling_is_bounded(client: Callable[[str], PDlookup]) -> None:
    routes = {r"/api/analyze\.php": Reply(json={"qid": 1, "status": "processing"})}
    PDlookup.POLL_INTERVAL, PDlookup.POLL_TIMEOUT = 0.01, 0.2
    try:
        with ti_service(routes) as svc:
            with pytest.raises(MsticpyConnectionError, match="did not finish"):
                client(svc.base).scan(s.DOMAIN)
    finally:
        PDlookup.POLL_INTERVAL, PDlookup.POLL_TIMEOUT = 0.5, 120.0


def test_errors_never_show_the_key(client: Callable[[str], PDlookup]) -> None:
    routes = {
        r"/api/info\.php": Reply(status=401, body=f"bad key {CANARY}".encode()),
        r"/api/explore\.php": Reply(body=b"<html>"),
    }
    with ti_service(routes) as svc:
        pdl = client(svc.base)
        with pytest.raises(ValueError, match="status code 401") as err:
            pdl.lookup_ioc(s.DOMAIN)
        assert CANARY not in str(err.value) and "[REDACTED]" in str(err.value)
        with pytest.raises(ValueError, match="not JSON"):
            pdl.explore("x")
    with pytest.raises(MsticpyConnectionError) as refused:
        client(svc.base).lookup_ioc(s.DOMAIN)  # the server is gone
    assert CANARY not in str(refused.value)


def test_key_from_config(
    use_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PD_TEST_KEY", CANARY)
    use_config(
        "TIProviders:\n  Pulsedive:\n    Args:\n      AuthKey:\n"
        '        EnvironmentVar: "PD_TEST_KEY"\n    Provider: "Pulsedive"\n'
    )
    assert PDlookup().pd_key == CANARY
    use_config("TIProviders: {}\n")
    assert PDlookup().pd_key is None

"""
XForce, GreyNoise, AbuseIPDB, IPQualityScore, Pulsedive and CrowdSec over real HTTP.

Each provider talks to a loopback service (``ti_loopback``) through the Rust transport:
200, 404, 401, 403, 429 with ``Retry-After``, 500, 503, a body slower than the deadline,
malformed JSON and a 100 MB body each give a result row with a status (never an exception
out of ``lookup_iocs``, never a hang), and the canary key appears in no output.
"""

from __future__ import annotations

import json
import logging
import random
import time
from typing import Any

import pytest

from msticpy.context import lookup_cache
from msticpy.context.lookup_result import LookupStatus
from msticpy.context.tiproviders.abuseipdb import AbuseIPDB
from msticpy.context.tiproviders.crowdsec import CrowdSec
from msticpy.context.tiproviders.greynoise import GreyNoise
from msticpy.context.tiproviders.ibm_xforce import XForce
from msticpy.context.tiproviders.ip_quality_score import IPQualityScore
from msticpy.context.tiproviders.pulsedive import Pulsedive

from . import tiprov1_samples as s
from .conftest import CANARY
from .ti_loopback import Reply, ti_service

RNG = random.Random(11)
DEADLINE = 1.5  # seconds, the providers' total per-request deadline in these tests

# provider class, observable, its type, a good answer
PROVIDERS: dict[str, tuple[Any, str, str, Any]] = {
    "XForce": (XForce, "8.8.8.8", "ipv4", s.xforce_ip_report(RNG) | {"score": 6}),
    "GreyNoise": (GreyNoise, "8.8.8.8", "ipv4", s.greynoise_community(RNG)),
    "AbuseIPDB": (AbuseIPDB, "8.8.8.8", "ipv4", s.abuseipdb_check(RNG)),
    "IPQualityScore": (IPQualityScore, "8.8.8.8", "ipv4", s.ipqs_ip(RNG)),
    "Pulsedive": (Pulsedive, s.DOMAIN, "dns", s.pulsedive_indicator(RNG)),
    "CrowdSec": (CrowdSec, "8.8.8.8", "ipv4", s.crowdsec_smoke(RNG)),
}

# scenario -> (reply, expected Status)
SCENARIOS: dict[str, tuple[Reply, int]] = {
    "ok": (Reply(json=None), LookupStatus.OK.value),
    "notfound": (Reply(status=404, json={"message": "not found"}), 404),
    "unauth": (Reply(status=401, json={"error": "bad key"}), 401),
    "forbidden": (Reply(status=403, json={"error": "forbidden"}), 403),
    "quota": (Reply(status=429, json={"error": "quota"}, headers={"Retry-After": "1"}), 429),
    "error": (Reply(status=500, json={"error": "boom"}), 500),
    "busy": (Reply(status=503, body=b"busy"), 503),
    "slow": (Reply(json={"late": True}, delay=DEADLINE + 3), LookupStatus.QUERY_FAILED.value),
    "malformed": (Reply(body=b'{"data": {"abuseConfidenceScore": 9'), LookupStatus.OK.value),
    "huge": (Reply(size=100 * 2**20), LookupStatus.QUERY_FAILED.value),
}


def _provider(name: str, base: str) -> Any:
    cls = PROVIDERS[name][0]
    prov = cls(ApiID="me", AuthKey=CANARY, timeout=DEADLINE)
    # Point this instance at one scenario's prefix; keep the class's trailing slash.
    prov._BASE_URL = base + ("/" if cls._BASE_URL.endswith("/") else "")
    return prov


def _routes(name: str) -> dict[str, Reply]:
    good = PROVIDERS[name][3]
    routes = {}
    for scenario, (reply, _) in SCENARIOS.items():
        if scenario == "ok":
            reply = Reply(json=good)
        routes[f"/{scenario}/.*"] = reply
    return routes


@pytest.mark.parametrize("name", list(PROVIDERS))
def test_every_reply_is_a_row(
    name: str, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    # Every scenario asks for the same observable: the shared result cache must not answer.
    lookup_cache.configure(enabled=False)
    _, ioc, ioc_type, good = PROVIDERS[name]
    rows = {}
    with ti_service(_routes(name)) as svc:
        for scenario in SCENARIOS:
            prov = _provider(name, f"{svc.base}/{scenario}")
            started = time.monotonic()
            frame = prov.lookup_iocs({ioc: ioc_type})
            elapsed = time.monotonic() - started
            assert elapsed < DEADLINE + 2.5, (scenario, elapsed)  # the deadline holds
            assert len(frame) == 1
            rows[scenario] = frame.iloc[0].to_dict()
            assert rows[scenario]["Reference"].startswith(f"{svc.base}/{scenario}/")
            text = frame.to_json(orient="records", default_handler=str) + repr(prov)
            assert CANARY not in text, scenario
        requests = svc.requests
    for scenario, (_, expected) in SCENARIOS.items():
        assert rows[scenario]["Status"] == expected, (scenario, rows[scenario])
        assert rows[scenario]["Provider"] == name
    ok = rows["ok"]
    assert ok["RawResult"] == good
    assert ok["Result"] is True or bool(ok["Result"])
    assert rows["notfound"]["Details"] == "Not found."
    assert rows["unauth"]["Details"].startswith("Authorization failed")
    assert rows["malformed"]["Result"] is False or not rows["malformed"]["Result"]
    assert isinstance(rows["malformed"]["RawResult"], str)
    for scenario in ("slow", "huge"):
        assert rows[scenario]["Result"] is False or not rows[scenario]["Result"]
        assert rows[scenario]["Details"], scenario  # the transport says why
    # The key reached the server where the service wants it, and nowhere in our output.
    _assert_key_placement(name, requests)
    captured = capfd.readouterr()
    assert CANARY not in caplog.text + captured.out + captured.err


def _assert_key_placement(
    name: str, requests: list[tuple[str, str, dict[str, str], bytes]]
) -> None:
    method, path, headers, _ = next(r for r in requests if r[1].startswith("/ok/"))
    headers = {k.lower(): v for k, v in headers.items()}
    assert method == "GET"
    if name == "XForce":
        assert headers["authorization"].startswith("Basic ")
        assert path == "/ok/ipr/8.8.8.8"
    elif name == "GreyNoise":
        assert headers["key"] == CANARY and path == "/ok/v3/community/8.8.8.8"
    elif name == "AbuseIPDB":
        assert headers["key"] == CANARY and headers["accept"] == "application/json"
        assert path == "/ok/api/v2/check?ipAddress=8.8.8.8"
    elif name == "IPQualityScore":
        assert path == f"/ok/ip/{CANARY}/8.8.8.8"
    elif name == "Pulsedive":
        assert path == f"/ok/info.php?indicator={s.DOMAIN}&pretty=1&key={CANARY}"
    else:
        assert headers["x-api-key"] == CANARY and path == "/ok/v2/smoke/8.8.8.8"
        assert headers["user-agent"] == "crowdsec-msticpy-tiprovider/v1.0.0"


@pytest.mark.parametrize("name", ["XForce", "GreyNoise", "IPQualityScore", "CrowdSec"])
def test_mixed_batch_one_request_each(name: str) -> None:
    """Observables in the path: one batch, one request per observable, rows in order."""
    good = PROVIDERS[name][3]
    routes = {
        r".*/8\.8\.8\.8": Reply(json=good),
        r".*/1\.1\.1\.1": Reply(status=404, json=s.CROWDSEC_NOT_FOUND),
        r".*/9\.9\.9\.9": Reply(body=b"<html>"),
        r".*/52\.1\.2\.3": Reply(status=429, json={}, headers={"Retry-After": "30"}),
    }
    ips = ["8.8.8.8", "1.1.1.1", "9.9.9.9", "52.1.2.3", "10.1.1.1"]
    with ti_service(routes) as svc:
        prov = _provider(name, svc.base)
        started = time.monotonic()
        frame = prov.lookup_iocs(ips)
        assert time.monotonic() - started < DEADLINE + 2.5  # a 30 s Retry-After is not waited
        assert svc.count() == 4  # the private address is never sent
    assert list(frame["Ioc"]) == ips
    assert list(frame["Status"]) == [0, 404, 0, 429, LookupStatus.BAD_FORMAT.value]
    assert CANARY not in json.dumps(frame.to_dict(orient="records"), default=str)


def test_tilookup_with_all_six_over_http(use_config: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """TILookup loads the six from msticpyconfig and gets one row per provider and IP."""
    from msticpy.context.tilookup import TILookup

    from .test_tiprov1 import CONFIG

    monkeypatch.setenv("TIPROV1_KEY", CANARY)
    use_config(CONFIG)
    ti = TILookup()
    with ti_service({f"/{name}/.*": Reply(json=PROVIDERS[name][3]) for name in PROVIDERS}) as svc:
        for name, prov in ti.loaded_providers.items():
            prov._BASE_URL = f"{svc.base}/{name}" + (
                "/" if name in ("AbuseIPDB", "Pulsedive") else ""
            )
        frame = ti.lookup_iocs(["8.8.8.8", "1.1.1.1"], providers=list(PROVIDERS))
        assert svc.count() == 2 * len(PROVIDERS)
    assert len(frame) == 2 * len(PROVIDERS)
    assert set(frame["Status"]) == {0}
    assert sorted(set(frame["Provider"])) == sorted(PROVIDERS)
    xforce = frame[frame["Provider"] == "XForce"]
    assert set(xforce["Severity"]) == {"high"}  # the canned report's score is 6
    assert CANARY not in frame.to_json(orient="records", default_handler=str)

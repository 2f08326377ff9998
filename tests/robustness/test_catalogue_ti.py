"""
Reliability catalogue, threat-intelligence look-ups (``reference/reliability.md``
section 5): bad observables and bad replies from a loopback service (127.0.0.1 only),
each in a child process. Every case gives a result row with a status, never an
exception out of ``lookup_ioc``, a hang past the deadline or a crash, and the provider
key never appears in the row, the output or the logs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from robustness.catalogue import run_case

CANARY = "CANARY-TI-4b8e21"
DEADLINE = 1.5  # the provider's total per-request deadline (seconds)

_LOOKUP = """
import logging, os, pathlib
def case():
    pathlib.Path("cfg.yaml").write_text("{{}}\\n")
    os.environ["MSTICPYCONFIG"] = str(pathlib.Path("cfg.yaml").resolve())
    logging.basicConfig(level=logging.DEBUG)
    from context.ti_loopback import Reply, ti_service
    from msticpy.context import lookup_cache
    from msticpy.context.tiproviders.alienvault_otx import OTX
    lookup_cache.configure(enabled=False)
    with ti_service({{".*": {reply}}}) as service:
        provider = OTX(AuthKey={canary!r}, timeout={deadline})
        provider._BASE_URL = service.base
        frame = provider.lookup_ioc({ioc}, {ioc_type!r})
        paths = [path for _, path, _, _ in service.requests]
    row = frame.iloc[0]
    return {{
        "status": int(row["Status"]), "result": bool(row["Result"]),
        "details": str(row["Details"]), "raw": str(row["RawResult"])[:200],
        "paths": paths, "frame": frame.astype(str).to_csv(),
    }}
"""

GOOD = "Reply(json={'pulse_info': {'count': 1, 'pulses': []}, 'sections': ['general']})"

# scenario -> (reply, expected Status, Result, text expected in Details or RawResult)
REPLIES = {
    "html-error-page": ("Reply(body=b'<html>oops</html>')", 0, False, "could not be read as JSON"),
    "truncated-json": ('Reply(body=b\'{"pulse_info": {"count": \')', 0, False, "as JSON"),
    "json-null": ("Reply(body=b'null')", 0, False, "None"),
    "json-wrong-shape": ("Reply(json=[1, 2, 3])", 0, False, "[1, 2, 3]"),
    "server-error": ("Reply(status=500, body=b'boom')", 500, False, "500"),
    "unauthorised": (f"Reply(status=401, json={{'detail': 'bad key {CANARY}'}})", 401, False, ""),
    "rate-limited": ("Reply(status=429, headers={'Retry-After': '1'}, json={})", 429, False, ""),
    "slow-body": (f"Reply(json={{'late': 1}}, delay={DEADLINE + 3})", 3, False, ""),
    "huge-body": ("Reply(size=64 * 2**20)", 3, False, ""),
}


def _assert_no_canary(outcome: dict) -> None:
    for field in ("value", "stdout", "stderr", "message"):
        assert CANARY not in str(outcome.get(field, "")), field


@pytest.mark.parametrize("scenario", sorted(REPLIES))
def test_bad_reply_is_a_status_row(scenario: str, tmp_path: Path) -> None:
    reply, status, result, text = REPLIES[scenario]
    body = _LOOKUP.format(
        reply=reply, canary=CANARY, deadline=DEADLINE, ioc="'8.8.8.8'", ioc_type="ipv4"
    )
    outcome = run_case(body, tmp_path, timeout=120)
    value = outcome.get("value")
    assert value is not None, outcome
    assert (value["status"], value["result"]) == (status, result), value
    assert text in value["details"] + value["raw"], value
    assert outcome["seconds"] < 30, outcome
    assert outcome["peak_mib"] < 512, outcome
    _assert_no_canary(outcome)


_NO_MATCH = "Observable does not match expected pattern for"

# observable, type -> (expected Status, Details)
OBSERVABLES = {
    "not-an-ip": ("'not-an-ip'", "ipv4", 2, f"{_NO_MATCH} ipv4"),
    "empty": ("''", "ipv4", 2, f"{_NO_MATCH} ipv4"),
    "unicode-domain": ("'bücher.com'", "dns", 2, f"{_NO_MATCH} dns"),
    "path-tricks": ("'a/../b?x#y z'", "url", 2, f"{_NO_MATCH} url"),
    "megabyte-domain": ("'x' * 1_000_000", "dns", 2, f"{_NO_MATCH} dns"),
    "unknown-type": ("'8.8.8.8'", "nosuchtype", 1, "Type nosuchtype not supported."),
}


@pytest.mark.parametrize("name", sorted(OBSERVABLES))
def test_bad_observable_is_a_status_row_without_a_request(name: str, tmp_path: Path) -> None:
    ioc, ioc_type, status, details = OBSERVABLES[name]
    body = _LOOKUP.format(reply=GOOD, canary=CANARY, deadline=DEADLINE, ioc=ioc, ioc_type=ioc_type)
    outcome = run_case(body, tmp_path)
    value = outcome["value"]
    assert value["status"] == status and value["result"] is False, value
    assert value["details"] == details, value
    assert value["paths"] == [], value
    _assert_no_canary(outcome)


def test_url_observable_is_one_encoded_path_segment(tmp_path: Path) -> None:
    body = _LOOKUP.format(
        reply=GOOD,
        canary=CANARY,
        deadline=DEADLINE,
        ioc="'http://evil.example.com/x/../y?q=1&r=2#frag'",
        ioc_type="url",
    )
    value = run_case(body, tmp_path)["value"]
    assert value["status"] == 0, value
    (path,) = value["paths"]
    prefix = "/api/v1/indicators/url/"
    assert path.startswith(prefix), path
    segment = path[len(prefix) :].rsplit("/", 1)[0]
    # The observable cannot add path segments, a query or a fragment to the request.
    assert "/" not in segment and "?" not in segment and "#" not in segment, path

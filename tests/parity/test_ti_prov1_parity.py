"""
Parity of the XForce, GreyNoise, AbuseIPDB, IPQualityScore, Pulsedive and CrowdSec
providers with msticpy 3.0.2 on the same canned answers (tests/context/tiprov1_samples.py,
written from each service's API documentation).

Known, documented differences (docs/threat_intel.md) are listed as predicates below, so
any other difference fails: msticpy's XForce parser fails on malware sample *lists*, its
GreyNoise parser on answers without ``classification`` (every quick look-up), its
Pulsedive provider never sends a request; IPQualityScore's ``Reference`` has its key
redacted here.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from context import tiprov1_samples as s

from .conftest import add_summary_line, run_ours, run_reference
from .test_ti_parity import _normalise_frame
from .ti_worker import KEY

WORKER = Path(__file__).resolve().with_name("ti_prov1_worker.py")

# provider -> [(ioc_type, query_type, ioc, answer generator)]
_SHAPES: dict[str, list[tuple[str, str | None, str, Any]]] = {
    "XForce": [
        ("ipv4", None, s.IP, s.xforce_ip_report),
        ("ipv6", None, s.IP6, s.xforce_ip_report),
        ("url", None, s.URL, s.xforce_url_report),
        ("dns", None, s.DOMAIN, s.xforce_url_report),
        ("md5_hash", None, s.MD5, s.xforce_hash_report),
        ("ipv4", "malware", s.IP, s.xforce_sample_list),
        ("url", "malware", s.URL, s.xforce_sample_list),
        ("ipv4", "malware", s.IP, s.xforce_hash_report),
        ("ipv4", "whois", s.IP, s.xforce_whois),
        ("dns", "whois", s.DOMAIN, s.xforce_whois),
        ("dns", "passivedns", s.DOMAIN, s.xforce_passive_dns),
        ("ipv4", "passivedns", s.IP, s.xforce_passive_dns),
        ("ipv4", "rep", s.IP, s.xforce_ip_report),
    ],
    "GreyNoise": [
        ("ipv4", None, s.IP, s.greynoise_community),
        ("ipv4", "full", s.IP, s.greynoise_context),
        ("ipv4", "quick", s.IP, s.greynoise_quick),
    ],
    "AbuseIPDB": [
        ("ipv4", None, s.IP, s.abuseipdb_check),
        ("ipv6", None, s.IP6, s.abuseipdb_check),
    ],
    "IPQualityScore": [("ipv4", None, s.IP, s.ipqs_ip)],
    "Pulsedive": [
        ("ipv4", None, s.IP, s.pulsedive_indicator),
        ("dns", None, s.DOMAIN, s.pulsedive_indicator),
        ("url", None, s.URL, s.pulsedive_indicator),
    ],
    "CrowdSec": [
        ("ipv4", None, s.IP, s.crowdsec_smoke),
        ("ipv6", None, s.IP6, s.crowdsec_smoke),
    ],
}


def _parse_cases(rng: random.Random) -> list[dict[str, Any]]:
    cases = []
    for provider, shapes in _SHAPES.items():
        for _ in range(40):
            ioc_type, query_type, ioc, make = rng.choice(shapes)
            raw = make(rng) if rng.random() < 0.85 else rng.choice(s.ODD_ANSWERS)
            cases.append(
                {
                    "provider": provider,
                    "ioc": ioc,
                    "ioc_type": ioc_type,
                    "query_type": query_type,
                    "raw": raw,
                }
            )
    return cases


def _known_parse_difference(case: dict[str, Any]) -> bool:
    """The documented cases where msticpy's parser fails on a documented answer shape."""
    raw = case["raw"]
    if not isinstance(raw, dict) or not raw:
        return False
    if case["provider"] == "XForce":
        return isinstance(raw.get("malware"), list) and bool(raw["malware"])
    if case["provider"] == "GreyNoise":
        return "classification" not in raw
    return False


_FRAME_IPS = ["8.8.8.8", "1.1.1.1", "52.1.2.3", "104.16.0.1"]


def _frame_cases(rng: random.Random) -> list[dict[str, Any]]:
    cases = []
    for provider, shapes in _SHAPES.items():
        if provider == "Pulsedive":
            continue  # msticpy's never sends a request: test_pulsedive_reference_never_sends
        for _ in range(8):
            ioc_type, query_type, _ioc, make = rng.choice(shapes)
            if provider == "GreyNoise" and query_type == "quick":
                continue  # msticpy's parser fails on every quick answer (known difference)
            if ioc_type in ("ipv4", "ipv6"):
                iocs = rng.sample(_FRAME_IPS, 3) if ioc_type == "ipv4" else ["2001:4860:4860::8888"]
            else:
                iocs = [{"dns": s.DOMAIN, "url": s.URL}.get(ioc_type, s.MD5)]
            items = [[ioc, ioc_type] for ioc in iocs]
            replies: dict[str, list[Any]] = {}
            for ioc in iocs:
                status = rng.choice([200, 200, 200, 404, 401, 403, 429, 500])
                if status != 200:
                    body = json.dumps(rng.choice([s.CROWDSEC_NOT_FOUND, {"error": "x"}]))
                elif rng.random() < 0.1:
                    body = "<html>maintenance</html>"
                else:
                    raw = make(rng)
                    if provider == "XForce" and isinstance(raw.get("malware"), list):
                        raw = {"count": 0, "malware": []}  # lists: known difference
                    body = json.dumps(raw)
                replies[ioc] = [status, body]
            cases.append(
                {"provider": provider, "items": items, "replies": replies, "query_type": query_type}
            )
    return cases


@pytest.fixture(scope="module")
def request_json() -> dict[str, Any]:
    rng = random.Random(20261207_1)
    return {"parse": _parse_cases(rng), "frames": _frame_cases(rng)}


def _both(ref_python: str, request: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    return run_reference(ref_python, request, worker=WORKER), run_ours(WORKER, request)


def test_parse_results_equal_msticpy(ref_python: str, request_json: dict[str, Any]) -> None:
    theirs, ours = _both(ref_python, request_json)
    triples = list(zip(request_json["parse"], theirs["parse"], ours["parse"], strict=True))
    known = [(c, t, o) for c, t, o in triples if _known_parse_difference(c)]
    compared = [(c, t, o) for c, t, o in triples if not _known_parse_difference(c)]
    mismatches = [(c, t, o) for c, t, o in compared if t != o]
    add_summary_line(
        f"TI providers (XForce..CrowdSec) parse_results: "
        f"{len(compared) - len(mismatches)}/{len(compared)} equal, "
        f"{len(known)} known differences ({sum('ok' in t for _, t, _ in known)} parsed by msticpy)"
    )
    assert not mismatches, mismatches[:3]
    # Every provider was compared on successful parses, not only on errors.
    for provider in _SHAPES:
        assert any(c["provider"] == provider and "ok" in t for c, t, _ in compared), provider
    # The known differences really are msticpy failures that we answer.
    assert known and all("error" in t and "ok" in o for _, t, o in known)


def _redact_reference(result: dict[str, Any]) -> dict[str, Any]:
    """msticpy's IPQualityScore Reference carries the key; ours has it redacted."""
    if "ok" not in result:
        return result
    rows = []
    for row in result["ok"]["rows"]:
        row = dict(row)
        if isinstance(row.get("Reference"), str):
            row["Reference"] = row["Reference"].replace(KEY, "[REDACTED]")
        rows.append(row)
    return {"ok": {**result["ok"], "rows": rows}}


def test_lookup_iocs_frames_equal_msticpy(ref_python: str, request_json: dict[str, Any]) -> None:
    theirs, ours = _both(ref_python, request_json)
    pairs = list(zip(request_json["frames"], theirs["frames"], ours["frames"], strict=True))
    mismatches = [
        (c, t, o)
        for c, t, o in pairs
        if _normalise_frame(_redact_reference(t)) != _normalise_frame(o)
    ]
    add_summary_line(
        f"TI providers (XForce..CrowdSec) lookup_iocs frames: "
        f"{len(pairs) - len(mismatches)}/{len(pairs)} equal"
    )
    assert not mismatches, mismatches[:2]
    assert all(KEY not in json.dumps(o) for _, _, o in pairs)
    assert {c["provider"] for c, _, _ in pairs} == set(_SHAPES) - {"Pulsedive"}


def test_pulsedive_reference_never_sends(ref_python: str) -> None:
    """msticpy 3.0.2's Pulsedive fails before sending (the documented reason we differ)."""
    rng = random.Random(5)
    request = {
        "frames": [
            {
                "provider": "Pulsedive",
                "items": [[s.DOMAIN, "dns"]],
                "replies": {s.DOMAIN: [200, json.dumps(s.pulsedive_indicator(rng))]},
            }
        ]
    }
    theirs, ours = _both(ref_python, request)
    (their_row,) = theirs["frames"][0]["ok"]["rows"]
    (our_row,) = ours["frames"][0]["ok"]["rows"]
    assert their_row["Details"] == ["API_KEY"] and their_row["Reference"] is None
    assert our_row["Status"] == 0 and our_row["Result"] is True
    assert our_row["RawResult"]["indicator"] == s.DOMAIN


def _pdlookup_cases(rng: random.Random) -> list[dict[str, Any]]:
    cases = []
    for _ in range(24):
        pd_type = rng.choice(["indicator", "threat", "explore", "scan", "other"])
        status = rng.choice([200, 200, 200, 404, 401])
        indicator = s.pulsedive_indicator(rng)
        replies = {
            "info.php": [status, json.dumps(indicator)],
            "explore.php": [status, json.dumps({"results": [indicator, {"iid": 3}]})],
            "analyze.php": [200, json.dumps({"qid": 9, "status": "done", "data": indicator})],
        }
        observable = rng.choice([s.DOMAIN, s.IP, "Zeus", "risk=high", ""])
        cases.append({"pd_type": pd_type, "observable": observable, "replies": replies})
    return cases


def test_pdlookup_frames_equal_msticpy(ref_python: str) -> None:
    request = {"pdlookup": _pdlookup_cases(random.Random(77))}
    theirs, ours = _both(ref_python, request)
    pairs = list(zip(request["pdlookup"], theirs["pdlookup"], ours["pdlookup"], strict=True))
    mismatches = [(c, t, o) for c, t, o in pairs if t != o]
    add_summary_line(
        f"Pulsedive PDlookup frames: {len(pairs) - len(mismatches)}/{len(pairs)} equal "
        f"({sum('ok' in t for _, t, _ in pairs)} answered)"
    )
    assert not mismatches, mismatches[:2]
    assert any("ok" in t for _, t, _ in pairs) and any("error" in t for _, t, _ in pairs)

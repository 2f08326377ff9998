"""
Parity of the TI framework with msticpy 3.0.2 on generated canned answers.

The same JSON answers (written here, shaped after the OTX and VirusTotal v2 API docs) go
to both packages' ``parse_results``; ``lookup_iocs`` frames are compared with both HTTP
layers answering from the same replies; ``preprocess_observable`` is compared on
generated observables, hostile ones included.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest

from .conftest import add_summary_line, run_ours, run_reference

WORKER = Path(__file__).resolve().with_name("ti_worker.py")

IPS = ["8.8.8.8", "52.1.2.3", "104.16.0.1", "185.220.101.4"]
DOMAINS = ["example.com", "contoso.net", "bad-domain.example.org"]
HASHES = [
    "d41d8cd98f00b204e9800998ecf8427e",
    "a9993e364706816aba3e25717850c26c9cd0d89d",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
]
URLS = ["http://example.com/download/a.exe", "https://contoso.net/login?next=/home"]


def _pulses(rng: random.Random) -> list[dict[str, Any]]:
    return [
        {
            "name": f"Campaign {rng.randint(1, 999)}",
            "tags": rng.sample(["phishing", "c2", "botnet", "apt"], rng.randint(0, 3)),
            "references": [f"https://blog.example.com/{rng.randint(1, 99)}"],
            **({"id": rng.randint(1, 10**6)} if rng.random() < 0.5 else {}),
        }
        for _ in range(rng.choice([0, 0, 1, 1, 2, 5]))
    ]


def _otx_raw(rng: random.Random) -> Any:
    shape = rng.random()
    if shape < 0.7:
        return {
            "indicator": "x",
            "sections": ["general", "geo", "passive_dns"],
            "pulse_info": {"count": 0, "pulses": _pulses(rng)},
        }
    if shape < 0.85:
        return {"country_name": "Ireland", "asn": "AS8075"}  # e.g. the geo view
    return rng.choice([[], {}, None, "text"])


def _vt_date(rng: random.Random) -> str:
    when = dt.datetime.now(tz=dt.timezone.utc) - dt.timedelta(days=rng.choice([1, 10, 45, 400]))
    return when.strftime("%Y-%m-%d %H:%M:%S")


def _vt_raw(rng: random.Random, ioc_type: str) -> Any:
    if rng.random() < 0.1:
        return rng.choice([{}, [], None])
    raw: dict[str, Any] = {
        "response_code": rng.choice([0, 1]),
        "verbose_msg": rng.choice(["Scan finished", "Resource not found"]),
    }
    if ioc_type in ("url", "md5_hash", "sha1_hash", "sha256_hash"):
        raw.update(
            resource="r",
            permalink="https://www.virustotal.com/x",
            **({"positives": rng.choice([0, 1, 2, 30, "3", None])} if rng.random() < 0.9 else {}),
        )
    else:
        for hit, item, date in (
            ("detected_urls", "url", "scan_date"),
            ("detected_downloaded_samples", "sha256", "date"),
            ("detected_communicating_samples", "sha256", "date"),
        ):
            if rng.random() < 0.6:
                raw[hit] = [
                    {item: f"{hit}-{k}", date: _vt_date(rng), "positives": rng.randint(0, 4)}
                    for k in range(rng.randint(0, 4))
                ]
    return raw


def _parse_cases(rng: random.Random) -> list[dict[str, Any]]:
    cases = []
    for _ in range(150):
        ioc_type, ioc = rng.choice(
            [
                ("ipv4", rng.choice(IPS)),
                ("dns", rng.choice(DOMAINS)),
                ("url", rng.choice(URLS)),
                ("md5_hash", HASHES[0]),
                ("sha1_hash", HASHES[1]),
                ("sha256_hash", HASHES[2]),
            ]
        )
        cases.append({"provider": "OTX", "ioc": ioc, "ioc_type": ioc_type, "raw": _otx_raw(rng)})
        cases.append(
            {
                "provider": "VirusTotal",
                "ioc": ioc,
                "ioc_type": ioc_type,
                "raw": _vt_raw(rng, ioc_type),
            }
        )
    return cases


def _frame_cases(rng: random.Random) -> list[dict[str, Any]]:
    cases = []
    for provider in ("OTX", "VirusTotal"):
        for _ in range(15):
            items: list[tuple[str, str | None]] = [(ip, "ipv4") for ip in rng.sample(IPS, 2)]
            items += [
                (rng.choice(HASHES), None),
                (rng.choice(DOMAINS), rng.choice(["dns", None])),
                (rng.choice(URLS), "url"),
            ]
            replies: dict[str, list[Any]] = {}
            for ioc, _typ in items:
                status = rng.choice([200, 200, 200, 200, 404, 401, 403, 500])
                if status != 200:
                    body = '{"error": "x"}'
                elif rng.random() < 0.1:
                    body = "<html>not json</html>"
                else:
                    raw = _otx_raw(rng) if provider == "OTX" else _vt_raw(rng, _typ or "md5_hash")
                    body = json.dumps(raw)
                replies[ioc] = [status, body]
            cases.append({"provider": provider, "items": items, "replies": replies})
    return cases


def _hostile(rng: random.Random) -> str:
    return rng.choice(
        [
            "",
            "   ",
            "\x00",
            "http://",
            "http://[::1]/x",
            "http://127.0.0.1/admin",
            "http://192.168.1.10:8080/x",
            "file://server.example.com/share",
            "http://localhost/x",
            "hxxp://evil[.]com/payload",
            "http://example.com:99999/x",
            "http://exa mple.com/x",
            "http://user:pw@example.com/x?q=<script>",
            "ftp://files.example.org/pub/a.zip",
            "http://xn--80ak6aa92e.com/",
            "1.2.3",
            "999.1.1.1",
            "10.0.0.1",
            "fe80::1",
            "2001:4860:4860::8888",
            "::ffff:8.8.8.8",
            "0" * 32,
            "ab" * 16,
            "é" * 40,
            "a" * 5000,
            "example",
            "8.8.8.8",
            "example[.]com",
        ]
    )


# Cases where our IoCExtract.validate (transform.iocextract, another capability) accepts a
# value msticpy's URL pattern rejects; preprocess_observable only reports it. Listed
# exactly so any other difference still fails; see docs/threat_intel.md.
IOCEXTRACT_DIFFERENCES = {("http://[::1]/x", "url")}


def _preprocess_cases(rng: random.Random) -> list[dict[str, Any]]:
    types = [
        "ipv4",
        "ipv6",
        "dns",
        "hostname",
        "url",
        "md5_hash",
        "sha1_hash",
        "sha256_hash",
        "file_hash",
        "email",
        "unknown",
    ]
    pool = IPS + DOMAINS + HASHES + URLS
    cases = []
    for _ in range(400):
        obs = _hostile(rng) if rng.random() < 0.6 else rng.choice(pool)
        cases.append({"obs": obs, "type": rng.choice(types), "enc": rng.random() < 0.5})
    return cases


@pytest.fixture(scope="module")
def request_json() -> dict[str, Any]:
    rng = random.Random(20261207)
    return {
        "parse": _parse_cases(rng),
        "frames": _frame_cases(rng),
        "preprocess": _preprocess_cases(rng),
    }


def _both(ref_python: str, request: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    return run_reference(ref_python, request, worker=WORKER), run_ours(WORKER, request)


def test_parse_results_equal_msticpy(ref_python: str, request_json: dict[str, Any]) -> None:
    theirs, ours = _both(ref_python, request_json)
    pairs = list(zip(request_json["parse"], theirs["parse"], ours["parse"], strict=True))
    mismatches = [(case, t, o) for case, t, o in pairs if t != o]
    add_summary_line(
        f"TI parse_results: {len(pairs) - len(mismatches)}/{len(pairs)} equal "
        f"({sum('ok' in t for _, t, _ in pairs)} parsed by the reference)"
    )
    assert not mismatches, mismatches[:3]


def _normalise_frame(result: dict[str, Any]) -> dict[str, Any]:
    """Replace RawResult texts of non-JSON 2xx answers (each package words its own)."""
    if "ok" not in result:
        return result
    rows = []
    for row in result["ok"]["rows"]:
        row = dict(row)
        if isinstance(row.get("RawResult"), str) and row["Status"] == 0:
            row["RawResult"] = "<text>"
        rows.append(row)
    return {"ok": {**result["ok"], "rows": rows}}


def test_lookup_iocs_frames_equal_msticpy(ref_python: str, request_json: dict[str, Any]) -> None:
    theirs, ours = _both(ref_python, request_json)
    pairs = list(zip(theirs["frames"], ours["frames"], strict=True))
    mismatches = [(t, o) for t, o in pairs if _normalise_frame(t) != _normalise_frame(o)]
    add_summary_line(f"TI lookup_iocs frames: {len(pairs) - len(mismatches)}/{len(pairs)} equal")
    assert not mismatches, mismatches[:2]


def test_preprocess_observable_equal_msticpy(ref_python: str, request_json: dict[str, Any]) -> None:
    theirs, ours = _both(ref_python, request_json)
    pairs = list(
        zip(request_json["preprocess"], theirs["preprocess"], ours["preprocess"], strict=True)
    )
    mismatches = [
        (case, t, o)
        for case, t, o in pairs
        if t != o and (case["obs"], case["type"]) not in IOCEXTRACT_DIFFERENCES
    ]
    known = sum(t != o for _, t, o in pairs) - len(mismatches)
    add_summary_line(
        f"TI preprocess_observable: {len(pairs) - len(mismatches) - known}/{len(pairs)} equal,"
        f" {known} known IoCExtract difference(s)"
    )
    assert not mismatches, mismatches[:5]

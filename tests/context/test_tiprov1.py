"""
XForce, GreyNoise, AbuseIPDB, IPQualityScore, Pulsedive and CrowdSec providers: request
building, severity rules, deliberate differences, batch look-ups (transport faked through
``_send``) and loading from msticpyconfig. Real-HTTP tests: ``test_tiprov1_loopback.py``.
"""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from msticpy.context.lookup_result import LookupStatus
from msticpy.context.tilookup import TILookup
from msticpy.context.tiproviders import TI_PROVIDERS
from msticpy.context.tiproviders.abuseipdb import AbuseIPDB
from msticpy.context.tiproviders.crowdsec import CrowdSec
from msticpy.context.tiproviders.greynoise import GreyNoise
from msticpy.context.tiproviders.ibm_xforce import XForce
from msticpy.context.tiproviders.ip_quality_score import IPQualityScore
from msticpy.context.tiproviders.pulsedive import Pulsedive
from msticpy.context.tiproviders.result_severity import LookupResult, ResultSeverity

from . import tiprov1_samples as s
from .conftest import CANARY, FakeReply, Recorder, reply

PROVIDER_CLASSES = {
    "XForce": XForce,
    "GreyNoise": GreyNoise,
    "AbuseIPDB": AbuseIPDB,
    "IPQualityScore": IPQualityScore,
    "Pulsedive": Pulsedive,
    "CrowdSec": CrowdSec,
}
RNG = random.Random(7)


def _make(name: str) -> Any:
    return PROVIDER_CLASSES[name](ApiID="me", AuthKey=CANARY)


def _row(prov: Any, ioc: str, ioc_type: str, raw: Any, query_type: str | None = None) -> dict:
    row = prov._check_ioc_type(ioc, ioc_type, query_type)
    row["Status"] = 200
    row["RawResult"] = raw
    return row


# -- definitions ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "base", "types", "required"),
    [
        (
            "XForce",
            "https://api.xforce.ibmcloud.com",
            {
                "ipv4",
                "ipv6",
                "dns",
                "hostname",
                "url",
                "file_hash",
                "md5_hash",
                "sha1_hash",
                "sha256_hash",
            },
            ["ApiID", "AuthKey"],
        ),
        ("GreyNoise", "https://api.greynoise.io", {"ipv4"}, []),
        ("AbuseIPDB", "https://api.abuseipdb.com/", {"ipv4", "ipv6"}, []),
        ("IPQualityScore", "https://www.ipqualityscore.com/api/json", {"ipv4"}, ["AuthKey"]),
        (
            "Pulsedive",
            "https://pulsedive.com/api/",
            {"ipv4", "ipv6", "dns", "hostname", "url"},
            ["API_KEY"],
        ),
        ("CrowdSec", "https://cti.api.crowdsec.net", {"ipv4", "ipv6"}, []),
    ],
)
def test_definitions_and_registry(name: str, base: str, types: set[str], required: list) -> None:
    cls = PROVIDER_CLASSES[name]
    assert cls._BASE_URL == base
    assert cls._REQUIRED_PARAMS == required
    assert {key.split("-")[0] for key in cls._QUERIES} == types
    assert TILookup.import_provider(name) is cls
    assert TI_PROVIDERS[name][1] == name


def test_xforce_query_table() -> None:
    assert sorted(XForce._QUERIES) == sorted(
        [
            "ipv4",
            "ipv4-rep",
            "ipv4-malware",
            "ipv4-whois",
            "dns-passivedns",
            "hostname-whois",
            "file_hash",
            "url",
            "url-malware",
            "ipv6",
            "ipv6-rep",
            "ipv6-malware",
            "ipv6-whois",
            "md5_hash",
            "sha1_hash",
            "sha256_hash",
            "dns",
            "dns-malware",
            "ipv4-passivedns",
            "ipv6-passivedns",
            "dns-whois",
        ]
    )
    assert XForce._QUERIES["dns"] is XForce._QUERIES["url"]
    assert sorted(GreyNoise._QUERIES) == ["ipv4", "ipv4-full", "ipv4-quick"]


@pytest.mark.parametrize(
    ("name", "ioc", "ioc_type", "query_type", "url", "header", "value"),
    [
        ("XForce", s.IP, "ipv4", "rep", f"https://api.xforce.ibmcloud.com/ipr/history/{s.IP}",
         "Authorization", "Basic " + base64.b64encode(f"me:{CANARY}".encode()).decode()),
        ("XForce", s.DOMAIN, "dns", "passivedns",
         f"https://api.xforce.ibmcloud.com/resolve/{s.DOMAIN}", None, None),
        ("XForce", s.MD5, "md5_hash", None, f"https://api.xforce.ibmcloud.com/malware/{s.MD5}",
         None, None),
        ("GreyNoise", s.IP, "ipv4", None, f"https://api.greynoise.io/v3/community/{s.IP}",
         "key", CANARY),
        ("GreyNoise", s.IP, "ipv4", "quick", f"https://api.greynoise.io/v2/noise/quick/{s.IP}",
         "key", CANARY),
        ("GreyNoise", s.IP, "ipv4", "full", f"https://api.greynoise.io/v2/noise/context/{s.IP}",
         "key", CANARY),
        ("AbuseIPDB", s.IP6, "ipv6", None,
         "https://api.abuseipdb.com/api/v2/check?ipAddress=2606%3A4700%3A4700%3A%3A1111",
         "Key", CANARY),
        ("IPQualityScore", s.IP, "ipv4", None,
         f"https://www.ipqualityscore.com/api/json/ip/{CANARY}/{s.IP}", None, None),
        ("Pulsedive", s.DOMAIN, "dns", None,
         f"https://pulsedive.com/api/info.php?indicator={s.DOMAIN}&pretty=1&key={CANARY}",
         None, None),
        ("CrowdSec", s.IP, "ipv4", None, f"https://cti.api.crowdsec.net/v2/smoke/{s.IP}",
         "x-api-key", CANARY),
    ],
)  # fmt: skip
def test_requests(
    name: str,
    ioc: str,
    ioc_type: str,
    query_type: str | None,
    url: str,
    header: str | None,
    value: str | None,
) -> None:
    fields = _make(name)._request_fields(ioc, ioc_type, query_type)
    assert fields["url"] == url
    assert fields["method"] == "GET" and fields["body"] is None
    assert fields["group"] == name
    if header:
        assert fields["headers"][header] == value


def test_fixed_headers() -> None:
    crowdsec = _make("CrowdSec")._request_fields(s.IP, "ipv4")["headers"]
    assert crowdsec["User-Agent"] == "crowdsec-msticpy-tiprovider/v1.0.0"
    assert "UserAgent" not in crowdsec  # an explicit User-Agent replaces msticpy's header
    assert _make("AbuseIPDB")._request_fields(s.IP, "ipv4")["headers"]["Accept"] == (
        "application/json"
    )


# -- severity rules -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("score", "severity"),
    [(None, "information"), (0, "information"), (1.9, "information"), (2, "warning"),
     (4.9, "warning"), (5, "high"), (10, "high")],
)  # fmt: skip
def test_xforce_score_rule(score: Any, severity: str) -> None:
    prov = _make("XForce")
    raw = {"score": score, "cats": {}, "reason": "r"}
    found, sev, details = prov.parse_results(_row(prov, s.IP, "ipv4", raw))
    assert found and sev == ResultSeverity.parse(severity) and details["score"] == score
    wrapped = {"result": {"score": score}}
    assert prov.parse_results(_row(prov, s.URL, "url", wrapped))[1].name == severity


def test_xforce_hash_whois_and_passivedns() -> None:
    prov = _make("XForce")
    raw = {"malware": {"risk": "high", "family": ["tsunami"]}}
    found, sev, details = prov.parse_results(_row(prov, s.MD5, "md5_hash", raw))
    assert (found, sev) == (True, ResultSeverity.high)
    assert details == {"risk": "high", "family": ["tsunami"], "reasonDescription": 0}
    assert prov.parse_results(_row(prov, s.MD5, "md5_hash", {"malware": None}))[1:] == (
        ResultSeverity.information,
        {},
    )
    whois = {"contact": [{"type": "registrant"}]}
    assert prov.parse_results(_row(prov, s.IP, "ipv4", whois, "whois"))[2] == {
        "contact": [{"type": "registrant"}]
    }
    pdns = {"total_rows": 4, "contact": [1]}
    assert prov.parse_results(_row(prov, s.DOMAIN, "dns", pdns, "passivedns"))[2] == {"records": 4}


def test_xforce_sample_list_is_high() -> None:
    """Deliberate difference: msticpy fails (AttributeError) on a sample list."""
    prov = _make("XForce")
    raw = {"count": 2, "malware": [{"family": ["zeus", "gameover"]}, {"family": "zeus"}, "x"]}
    found, sev, details = prov.parse_results(_row(prov, s.IP, "ipv4", raw, "malware"))
    assert (found, sev) == (True, ResultSeverity.high)
    assert details == {"count": 2, "family": ["zeus", "gameover"], "reasonDescription": 0}
    empty = {"count": 0, "malware": []}
    assert prov.parse_results(_row(prov, s.URL, "url", empty, "malware"))[1:] == (
        ResultSeverity.information,
        {},
    )


def test_greynoise_rules() -> None:
    prov = _make("GreyNoise")
    community = s.greynoise_community(RNG) | {"classification": "malicious", "riot": False}
    found, sev, details = prov.parse_results(_row(prov, s.IP, "ipv4", community))
    assert (found, sev) == (True, ResultSeverity.high)
    assert list(details) == ["Classification", "Name", "Last Seen", "Message", "Noise", "RIOT"]
    full = s.greynoise_context(RNG) | {"classification": "benign"}
    full.pop("vpn_service", None)
    found, sev, details = prov.parse_results(_row(prov, s.IP, "ipv4", full, "full"))
    assert sev == ResultSeverity.information and details["VPN"] is False
    # Deliberate difference: a quick answer has no classification (msticpy: KeyError).
    quick = s.greynoise_quick(RNG)
    assert prov.parse_results(_row(prov, s.IP, "ipv4", quick, "quick")) == (
        True,
        ResultSeverity.information,
        quick,
    )


@pytest.mark.parametrize(
    ("score", "severity"), [(0, "information"), (1, "warning"), (50, "warning"), (51, "high")]
)
def test_abuseipdb_rule(score: int, severity: str) -> None:
    prov = _make("AbuseIPDB")
    raw = s.abuseipdb_check(RNG)
    raw["data"]["abuseConfidenceScore"] = score
    found, sev, details = prov.parse_results(_row(prov, s.IP, "ipv4", raw))
    assert found and sev.name == severity
    assert list(details) == ["countryCode", "usage", "isp", "domain", "hostNames", "lastReportedAt"]
    assert details["usage"] == raw["data"]["usageType"]


@pytest.mark.parametrize(
    ("score", "severity"),
    [(0, "information"), (50, "information"), (51, "warning"), (79, "warning"), (80, "high")],
)
def test_ipqs_rule(score: int, severity: str) -> None:
    prov = _make("IPQualityScore")
    raw = s.ipqs_ip(RNG) | {"fraud_score": score}
    found, sev, details = prov.parse_results(_row(prov, s.IP, "ipv4", raw))
    assert found and sev.name == severity and details["FraudScore"] == score
    # msticpy's labels, kept: Region holds the city and City the region.
    assert (details["Region"], details["City"]) == (raw["city"], raw["region"])
    with pytest.raises(KeyError):
        prov.parse_results(_row(prov, s.IP, "ipv4", s.IPQS_BAD_KEY))


@pytest.mark.parametrize(
    ("risk", "severity"),
    [("high", "high"), ("medium", "warning"), ("low", "information"), ("none", "unknown"),
     ("critical", "high"), ("unknown", "unknown"), (None, "unknown"), (["x"], "unknown")],
)  # fmt: skip
def test_pulsedive_rule_reads_the_answer(risk: Any, severity: str) -> None:
    prov = _make("Pulsedive")
    raw = s.pulsedive_indicator(RNG) | {"risk": risk, "stamp_seen": "2024-03-30 22:10:00"}
    result = prov.parse_results(_row(prov, s.DOMAIN, "dns", raw))
    assert isinstance(result, LookupResult)
    assert result.status is True and result.severity.name == severity
    assert result.details == {
        "indicator_id": raw["iid"],
        "threats": raw["threats"],
        "last_seen": "2024-03-30 22:10:00",
        "risk_factors": raw["riskfactors"],
        "comments": [],
    }


def test_pulsedive_missing_fields_and_error_answer() -> None:
    prov = _make("Pulsedive")
    result = prov.parse_results(_row(prov, s.DOMAIN, "dns", {"iid": 9}))
    assert result.severity == ResultSeverity.unknown
    assert result.details == {
        "indicator_id": 9,
        "threats": [],
        "last_seen": "",
        "risk_factors": {},
        "comments": {},
    }
    missing = prov.parse_results(_row(prov, s.DOMAIN, "dns", s.PULSEDIVE_NOT_FOUND))
    assert missing == (False, ResultSeverity.information, {"status": "Indicator not found."})
    assert prov.parse_results(_row(prov, s.DOMAIN, "dns", [])) == (
        False,
        ResultSeverity.information,
        {"status": "Not found."},
    )


@pytest.mark.parametrize(
    ("total", "severity"),
    [(0, "information"), (2, "information"), (3, "warning"), (4, "high"), (5, "high")],
)
def test_crowdsec_rule(total: int, severity: str) -> None:
    prov = _make("CrowdSec")
    raw = s.crowdsec_smoke(RNG)
    raw["scores"]["overall"]["total"] = total
    raw["attack_details"] = [{"label": "SSH Bruteforce"}, {"label": "Port Scan"}]
    raw["behaviors"] = [{"name": "ssh:bruteforce"}]
    found, sev, details = prov.parse_results(_row(prov, s.IP, "ipv4", raw))
    assert found and sev.name == severity
    assert details["Overall Score"] == total
    assert details["Attack Details"] == "SSH Bruteforce,Port Scan"
    assert details["Behaviors"] == "ssh:bruteforce"
    # An unusable answer: its message (msticpy's rule).
    failed = _row(prov, s.IP, "ipv4", s.CROWDSEC_NOT_FOUND)
    failed["Status"] = 404
    assert prov.parse_results(failed) == (
        False,
        ResultSeverity.information,
        "IP address information not found",
    )


@pytest.mark.parametrize("name", list(PROVIDER_CLASSES))
@pytest.mark.parametrize("raw", s.ODD_ANSWERS, ids=repr)
def test_odd_answers_do_not_escape_a_batch(name: str, raw: Any) -> None:
    """Whatever a 200 carries, lookup_iocs gives a row with a status."""
    prov = _make(name)
    prov._send = Recorder(lambda fields: reply(200, json.dumps(raw).encode()))
    frame = prov.lookup_iocs([s.IP])
    (row,) = frame.to_dict(orient="records")
    assert row["Status"] in (LookupStatus.OK.value, LookupStatus.OTHER.value)
    if row["Status"] == LookupStatus.OTHER.value:
        assert row["Details"].startswith("Could not read the answer:")
        assert row["Severity"] == "unknown" and row["Result"] is False


# -- batches through the provider's _send hook ------------------------------------------------
_GOOD = {
    "XForce": s.xforce_ip_report,
    "GreyNoise": s.greynoise_community,
    "AbuseIPDB": s.abuseipdb_check,
    "IPQualityScore": s.ipqs_ip,
    "Pulsedive": s.pulsedive_indicator,
    "CrowdSec": s.crowdsec_smoke,
}
_IPS = ["8.8.8.8", "1.1.1.1", "52.1.2.3", "104.16.0.1", "185.220.101.4", "9.9.9.9"]


@pytest.mark.parametrize("name", list(PROVIDER_CLASSES))
def test_batch_is_one_send_and_every_failure_is_a_row(name: str) -> None:
    answers = {
        "8.8.8.8": reply(200, _GOOD[name](RNG)),
        "1.1.1.1": reply(404, {"message": "not found"}),
        "52.1.2.3": reply(401, {"error": "auth"}),
        "104.16.0.1": reply(429, {"error": "slow down"}),
        "185.220.101.4": reply(503, b"busy"),
        "9.9.9.9": FakeReply(status=0, error="connection refused (key [REDACTED])"),
    }

    def answer(fields: dict[str, Any]) -> FakeReply:
        return next(r for ip, r in answers.items() if ip in fields["url"])

    prov = _make(name)
    prov._send = recorder = Recorder(answer)
    frame = prov.lookup_iocs([*_IPS, "10.0.0.1", "not-an-ioc-at-all"])
    assert len(recorder.batches) == 1 and len(recorder.batches[0]) == len(_IPS)
    status = dict(zip(frame["Ioc"], frame["Status"], strict=True))
    assert status == {
        "8.8.8.8": 0,
        "1.1.1.1": 404,
        "52.1.2.3": 401,
        "104.16.0.1": 429,
        "185.220.101.4": 503,
        "9.9.9.9": LookupStatus.QUERY_FAILED.value,
        "10.0.0.1": LookupStatus.BAD_FORMAT.value,
        "not-an-ioc-at-all": LookupStatus.NOT_SUPPORTED.value,
    }
    ok = frame[frame["Ioc"] == "8.8.8.8"].iloc[0]
    assert bool(ok["Result"]) and ok["Severity"] in ("information", "warning", "high", "unknown")
    assert ok["Provider"] == name
    assert CANARY not in frame.to_string() and CANARY not in frame.to_json(orient="records")
    assert CANARY not in repr(prov)


def test_ipqs_reference_has_no_key() -> None:
    prov = _make("IPQualityScore")
    prov._send = Recorder(lambda fields: reply(200, s.ipqs_ip(RNG)))
    frame = prov.lookup_iocs(["8.8.8.8"])
    assert frame["Reference"].iloc[0] == (
        "https://www.ipqualityscore.com/api/json/ip/[REDACTED]/8.8.8.8"
    )
    assert CANARY in prov._send.batches[0][0]["url"]  # the request itself still carries it


def test_pulsedive_sends_the_auth_key() -> None:
    """Deliberate difference: msticpy never fills {API_KEY} and sends nothing."""
    prov = _make("Pulsedive")
    prov._send = recorder = Recorder(lambda fields: reply(200, s.pulsedive_indicator(RNG)))
    frame = prov.lookup_iocs({s.URL: "url", s.DOMAIN: "dns"})
    urls = [fields["url"] for fields in recorder.batches[0]]
    assert all(f"key={CANARY}" in url and "pretty=1" in url for url in urls)
    # URLs are percent-encoded by the pre-processor, then again as a query parameter.
    assert "indicator=http%253A%252F%252Fbad.example.net" in urls[0]
    assert list(frame["Status"]) == [0, 0]
    assert list(frame["Reference"]) == ["https://pulsedive.com/api/info.php"] * 2


def test_xforce_subtype_rows() -> None:
    prov = _make("XForce")
    prov._send = Recorder(lambda fields: reply(200, {"total_rows": 3}))
    frame = prov.lookup_iocs([s.DOMAIN], query_type="passivedns")
    row = frame.iloc[0]
    assert (row["QuerySubtype"], row["Status"], row["Details"]) == ("passivedns", 0, {"records": 3})
    unsupported = prov.lookup_iocs([s.MD5], query_type="whois").iloc[0]
    assert unsupported["Status"] == LookupStatus.NOT_SUPPORTED.value


# -- TILookup from msticpyconfig --------------------------------------------------------------
CONFIG = """
TIProviders:
  XForce:
    Args:
      ApiID: me
      AuthKey:
        EnvironmentVar: "TIPROV1_KEY"
    Primary: True
    Provider: "XForce"
  GreyNoise:
    Args:
      AuthKey:
        EnvironmentVar: "TIPROV1_KEY"
    Primary: True
    Provider: "GreyNoise"
  AbuseIPDB:
    Args:
      AuthKey:
        EnvironmentVar: "TIPROV1_KEY"
    Primary: False
    Provider: "AbuseIPDB"
  IPQualityScore:
    Args:
      AuthKey:
        EnvironmentVar: "TIPROV1_KEY"
    Primary: True
    Provider: "IPQualityScore"
  Pulsedive:
    Args:
      AuthKey:
        EnvironmentVar: "TIPROV1_KEY"
    Primary: True
    Provider: "Pulsedive"
  CrowdSec:
    Args:
      AuthKey:
        EnvironmentVar: "TIPROV1_KEY"
    Primary: True
    Provider: "CrowdSec"
"""


def test_tilookup_loads_from_config(
    use_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIPROV1_KEY", CANARY)
    use_config(CONFIG)
    ti = TILookup()
    assert sorted(ti.loaded_providers) == sorted(PROVIDER_CLASSES)
    for name, prov in ti.loaded_providers.items():
        assert isinstance(prov, PROVIDER_CLASSES[name])
        assert vars(prov)["_request_params"]["AuthKey"] == CANARY
    status = "\n".join(ti.provider_status)
    assert "IBM XForce Lookup." in status and CANARY not in status

    for prov in ti.loaded_providers.values():
        prov._send = Recorder(lambda fields: reply(503, b"busy"))
    frame = ti.lookup_iocs(["8.8.8.8"], providers=list(PROVIDER_CLASSES))
    assert isinstance(frame, pd.DataFrame)
    assert sorted(frame["Provider"]) == sorted(PROVIDER_CLASSES)
    assert set(frame["Status"]) == {503}
    assert CANARY not in frame.to_json(orient="records")


def test_classic_aliases_are_the_same_modules() -> None:
    import importlib

    for module in ("ibm_xforce", "greynoise", "abuseipdb", "ip_quality_score", "pulsedive"):
        classic = importlib.import_module(f"msticpy.sectools.tiproviders.{module}")
        canonical = importlib.import_module(f"msticpy.context.tiproviders.{module}")
        assert classic is canonical
    from msticpy.sectools.tiproviders.crowdsec import CrowdSec as ClassicCrowdSec

    assert ClassicCrowdSec is CrowdSec

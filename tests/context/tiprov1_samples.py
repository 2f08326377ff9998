"""
Canned answers for the XForce, GreyNoise, AbuseIPDB, IPQualityScore, Pulsedive and
CrowdSec providers, shaped after each service's public API documentation (values made up
here). ``answer(provider, kind, rng)`` varies the numbers that drive severity, so the
parity tests can generate many; the fixed examples serve the unit and loopback tests.
"""

from __future__ import annotations

import random
from typing import Any

IP = "185.220.101.4"
IP6 = "2606:4700:4700::1111"
DOMAIN = "bad.example.net"
URL = "http://bad.example.net/drop/a.exe"
MD5 = "44d88612fea8a8f36de82e1278abb02f"


def _pick(rng: random.Random, *values: Any) -> Any:
    return rng.choice(values)


# -- IBM X-Force Exchange --------------------------------------------------------------------
def xforce_ip_report(rng: random.Random) -> dict[str, Any]:
    """``GET /ipr/<ip>``: an IP reputation report (fields at the top level)."""
    report: dict[str, Any] = {
        "ip": IP,
        "history": [{"created": "2024-03-01T10:00:00.000Z", "reason": "Spam", "score": 3}],
        "subnets": [],
        "cats": _pick(rng, {}, {"Spam": 43}, {"Botnet Command and Control Server": 86}),
        "geo": {"country": "Example", "countrycode": "EX"},
        "reason": "Regional Internet Registry",
        "reasonDescription": "A registry published a new location for the address.",
        "tags": [],
    }
    if rng.random() < 0.9:
        report["score"] = _pick(rng, 1, 1.9, 2, 4.3, 5, 7.1, 10, None)
    return report


def xforce_url_report(rng: random.Random) -> dict[str, Any]:
    """``GET /url/<url or domain>``: the report sits under ``result``."""
    result: dict[str, Any] = {
        "url": DOMAIN,
        "cats": {"Malware": True},
        "categoryDescriptions": {"Malware": "Sites that host or spread malicious code."},
    }
    if rng.random() < 0.9:
        result["score"] = _pick(rng, 1, 3, 6, 10, None)
    return {"result": result, "associated": [], "tags": []}


def xforce_hash_report(rng: random.Random) -> dict[str, Any]:
    """``GET /malware/<hash>``: one malware object (or none known)."""
    if rng.random() < 0.2:
        return {"malware": None}
    return {
        "malware": {
            "type": "md5",
            "md5": MD5,
            "hash": MD5,
            "created": "2023-11-02T08:00:00Z",
            "family": _pick(rng, ["tsunami"], ["emotet", "heodo"], []),
            "risk": _pick(rng, "high", "medium", "low"),
        },
        "tags": [],
    }


def xforce_sample_list(rng: random.Random) -> dict[str, Any]:
    """``GET /ipr/malware/<ip>`` and ``/url/malware/<url>``: a list of samples."""
    samples = [
        {
            "type": "MAL",
            "md5": MD5.upper(),
            "domain": DOMAIN,
            "firstseen": "2023-10-01T00:00:00Z",
            "lastseen": "2024-02-01T00:00:00Z",
            "family": _pick(rng, ["zeus"], ["zeus", "gameover"], "mirai"),
            "count": 3,
        }
        for _ in range(rng.choice([1, 2]))
    ]
    return {"count": len(samples), "malware": samples}


def xforce_whois(rng: random.Random) -> dict[str, Any]:
    """``GET /whois/<value>``: registration data with a contact list."""
    return {
        "createdDate": "2001-05-04T00:00:00.000Z",
        "registrarName": "Example Registrar",
        "contact": _pick(rng, [{"type": "registrant", "organization": "Example Org"}], []),
    }


def xforce_passive_dns(rng: random.Random) -> dict[str, Any]:
    """``GET /resolve/<value>``: resolution records and their count."""
    rows = rng.choice([0, 2, 5])
    return {
        "A": [IP] if rows else [],
        "AAAA": [],
        "RDNS": [],
        "Passive": {"query": "0x00000000", "records": []},
        "total_rows": rows,
    }


# -- GreyNoise -------------------------------------------------------------------------------
def greynoise_community(rng: random.Random) -> dict[str, Any]:
    """``GET /v3/community/<ip>``."""
    return {
        "ip": IP,
        "noise": rng.random() < 0.5,
        "riot": rng.random() < 0.3,
        "classification": _pick(rng, "benign", "malicious", "unknown"),
        "name": _pick(rng, "unknown", "Example Cloud"),
        "link": f"https://viz.greynoise.io/ip/{IP}",
        "last_seen": "2024-04-02",
        "message": "Success",
    }


def greynoise_context(rng: random.Random) -> dict[str, Any]:
    """``GET /v2/noise/context/<ip>`` (Enterprise)."""
    answer: dict[str, Any] = {
        "ip": IP,
        "seen": True,
        "classification": _pick(rng, "benign", "malicious", "unknown"),
        "first_seen": "2023-01-15",
        "last_seen": "2024-04-01",
        "actor": _pick(rng, "unknown", "Example Research"),
        "tags": ["SSH Scanner", "Mirai"][: rng.randint(0, 2)],
        "spoofable": False,
        "bot": False,
        "vpn": False,
        "metadata": {"country": "Example", "asn": "AS64500", "os": "Linux 2.2-3.x"},
        "raw_data": {"scan": [{"port": 22, "protocol": "TCP"}]},
    }
    if rng.random() < 0.7:
        answer["vpn_service"] = _pick(rng, "N/A", "ExampleVPN")
    return answer


def greynoise_quick(rng: random.Random) -> dict[str, Any]:
    """``GET /v2/noise/quick/<ip>`` (Enterprise): flags and a code, no classification."""
    return {
        "ip": IP,
        "noise": rng.random() < 0.5,
        "riot": False,
        "code": _pick(rng, "0x00", "0x01"),
    }


# -- AbuseIPDB ---------------------------------------------------------------------------------
def abuseipdb_check(rng: random.Random) -> dict[str, Any]:
    """``GET /api/v2/check?ipAddress=<ip>``."""
    data: dict[str, Any] = {
        "ipAddress": IP,
        "isPublic": True,
        "ipVersion": 4,
        "isWhitelisted": False,
        "countryCode": "EX",
        "usageType": "Data Center/Web Hosting/Transit",
        "isp": "Example Hosting",
        "domain": "example-hosting.net",
        "hostnames": _pick(rng, [], ["host7.example-hosting.net"]),
        "isTor": False,
        "totalReports": rng.randint(0, 40),
        "numDistinctUsers": rng.randint(0, 9),
        "lastReportedAt": _pick(rng, None, "2024-04-01T12:00:00+00:00"),
    }
    if rng.random() < 0.9:
        data["abuseConfidenceScore"] = _pick(rng, 0, 1, 50, 51, 100)
    return {"data": data}


# -- IPQualityScore ----------------------------------------------------------------------------
def ipqs_ip(rng: random.Random) -> dict[str, Any]:
    """``GET /api/json/ip/<key>/<ip>``."""
    return {
        "success": True,
        "message": "Success",
        "fraud_score": _pick(rng, 0, 50, 51, 79, 80, 100),
        "country_code": "EX",
        "region": "Example Region",
        "city": "Example City",
        "ISP": "Example Telecom",
        "ASN": 64500,
        "organization": "Example Telecom",
        "is_crawler": False,
        "timezone": "Etc/UTC",
        "mobile": rng.random() < 0.2,
        "host": "host7.example.net",
        "proxy": rng.random() < 0.5,
        "vpn": False,
        "tor": False,
        "active_vpn": False,
        "active_tor": rng.random() < 0.1,
        "recent_abuse": rng.random() < 0.5,
        "bot_status": False,
        "connection_type": "Premium required.",
        "abuse_velocity": "Premium required.",
        "zip_code": "N/A",
        "latitude": 12.5,
        "longitude": -3.25,
        "request_id": "4Q0wD6b9Jx",
    }


IPQS_BAD_KEY = {"success": False, "message": "Invalid or unauthorized key.", "request_id": "x1"}


# -- Pulsedive ---------------------------------------------------------------------------------
def pulsedive_indicator(rng: random.Random) -> dict[str, Any]:
    """``GET /api/info.php?indicator=<value>``."""
    answer: dict[str, Any] = {
        "iid": rng.randint(1, 10**6),
        "type": "domain",
        "indicator": DOMAIN,
        "risk_recommended": "medium",
        "manualrisk": 0,
        "retired": None,
        "stamp_added": "2023-05-05 10:00:00",
        "stamp_updated": "2024-04-01 09:00:00",
        "stamp_probed": "2024-04-01 09:00:00",
        "recent": 1,
        "riskfactors": [{"rfid": 4, "description": "found in threat feeds", "risk": "medium"}],
        "threats": _pick(rng, [], [{"tid": 12, "name": "Zeus", "category": "malware"}]),
        "comments": [],
        "attributes": {"port": ["80"], "protocol": ["HTTP"]},
    }
    if rng.random() < 0.85:
        answer["risk"] = _pick(rng, "high", "medium", "low", "none")
    if rng.random() < 0.8:
        answer["stamp_seen"] = "2024-03-30 22:10:00"
    return answer


PULSEDIVE_NOT_FOUND = {"error": "Indicator not found."}


# -- CrowdSec ----------------------------------------------------------------------------------
def crowdsec_smoke(rng: random.Random) -> dict[str, Any]:
    """``GET /v2/smoke/<ip>``."""
    total = rng.randint(0, 5)
    return {
        "ip": IP,
        "ip_range": "203.0.113.0/24",
        "ip_range_score": 4,
        "as_name": "Example Hosting",
        "as_num": 64500,
        "location": {"country": "EX", "city": None},
        "reverse_dns": None,
        "behaviors": [
            {"name": "ssh:bruteforce", "label": "SSH Bruteforce", "description": "Tries logins."},
            {"name": "http:scan", "label": "HTTP Scan", "description": "Crawls for paths."},
        ][: rng.randint(0, 2)],
        "history": {
            "first_seen": "2023-09-01T00:00:00+00:00",
            "last_seen": "2024-04-01T00:00:00+00:00",
        },
        "classifications": {"false_positives": [], "classifications": []},
        "attack_details": [
            {"name": "crowdsecurity/ssh-bf", "label": "SSH Bruteforce", "references": []}
        ][: rng.randint(0, 1)],
        "target_countries": {"EX": 60},
        "background_noise_score": rng.randint(0, 10),
        "scores": {
            "overall": {"aggressiveness": 3, "threat": 2, "trust": 4, "anomaly": 1, "total": total},
            "last_day": {"aggressiveness": 0, "threat": 0, "trust": 0, "anomaly": 0, "total": 0},
        },
        "references": [],
    }


CROWDSEC_NOT_FOUND = {"message": "IP address information not found"}

# Hostile or unexpected answers any parser may meet (a 200 with the wrong shape).
ODD_ANSWERS: list[Any] = [{}, [], None, "text", {"unexpected": 1}, {"data": None}]

"""
Canned VirusTotal replies (API v2 and v3), written here from the public API documentation.

Standard library only: the parity worker imports it in the reference interpreter too.
Values are made up (hashes are digests of short labels), only the shapes follow the docs.
"""

from __future__ import annotations

import hashlib
from typing import Any


def hashes(label: str) -> tuple[str, str, str]:
    """Return (md5, sha1, sha256) of a label: stable, valid-looking file hashes."""
    data = label.encode()
    return (
        hashlib.md5(data).hexdigest(),
        hashlib.sha1(data).hexdigest(),
        hashlib.sha256(data).hexdigest(),
    )


def v2_file(label: str, resource: str | None = None, positives: int = 3) -> dict[str, Any]:
    """A v2 ``file/report`` answer for a known file (``resource`` echoes the request)."""
    md5, sha1, sha256 = hashes(label)
    return {
        "response_code": 1,
        "verbose_msg": "Scan finished, information embedded",
        "resource": resource or md5,
        "scan_id": f"{sha256}-1700000000",
        "md5": md5,
        "sha1": sha1,
        "sha256": sha256,
        "scan_date": "2023-11-14 22:13:20",
        "permalink": f"https://www.virustotal.com/file/{sha256}/analysis/1700000000/",
        "positives": positives,
        "total": 60,
        "scans": {
            "EngineA": {"detected": positives > 0, "version": "1.0", "result": "Trojan.X"},
            "EngineB": {"detected": False, "version": "2.1", "result": None},
        },
    }


def v2_file_unknown(resource: str) -> dict[str, Any]:
    """A v2 ``file/report`` answer for a hash VirusTotal has never seen."""
    return {
        "response_code": 0,
        "resource": resource,
        "verbose_msg": "The requested resource is not among the finished, queued or pending scans",
    }


def v2_url(url: str, positives: int = 1) -> dict[str, Any]:
    """A v2 ``url/report`` answer."""
    sha = hashlib.sha256(url.encode()).hexdigest()
    return {
        "response_code": 1,
        "verbose_msg": "Scan finished, scan information embedded in this object",
        "resource": url,
        "url": url,
        "scan_id": f"{sha}-1700000000",
        "scan_date": "2023-11-14 22:13:20",
        "permalink": f"https://www.virustotal.com/url/{sha}/analysis/1700000000/",
        "positives": positives,
        "total": 70,
        "scans": {"EngineA": {"detected": positives > 0, "result": "malicious site"}},
    }


def v2_domain(domain: str, ips: list[str], urls: list[tuple[str, int]]) -> dict[str, Any]:
    """A v2 ``domain/report`` answer with resolutions and detected URLs."""
    return {
        "response_code": 1,
        "verbose_msg": "Domain found in dataset",
        "resolutions": [{"last_resolved": "2023-10-01 10:00:00", "ip_address": ip} for ip in ips],
        "detected_urls": [
            {"url": u, "positives": p, "total": 70, "scan_date": "2023-10-02 11:00:00"}
            for u, p in urls
        ],
        "subdomains": [f"www.{domain}"],
        "categories": ["business"],
    }


def v2_ip(hosts: list[str], urls: list[tuple[str, int]]) -> dict[str, Any]:
    """A v2 ``ip-address/report`` answer with resolutions and detected URLs."""
    return {
        "response_code": 1,
        "verbose_msg": "IP address in dataset",
        "asn": 64500,
        "country": "ZZ",
        "resolutions": [{"last_resolved": "2023-10-01 10:00:00", "hostname": h} for h in hosts],
        "detected_urls": [
            {"url": u, "positives": p, "total": 70, "scan_date": "2023-10-02 11:00:00"}
            for u, p in urls
        ],
    }


def v2_not_in_dataset(kind: str) -> dict[str, Any]:
    """A v2 ip/domain answer for a value VirusTotal has no data on."""
    return {"response_code": 0, "verbose_msg": f"{kind} not found in dataset"}


# ---------------------------------------------------------------------------- v3


def v3_object(obj_type: str, obj_id: str, attributes: dict[str, Any]) -> dict[str, Any]:
    """A v3 object reply (``{"data": {...}}``)."""
    return {
        "data": {
            "type": obj_type,
            "id": obj_id,
            "links": {"self": f"https://www.virustotal.com/api/v3/{obj_type}s/{obj_id}"},
            "attributes": attributes,
        }
    }


def v3_file_attributes(label: str, malicious: int = 5) -> dict[str, Any]:
    """File attributes as ``GET /files/{id}`` returns them (a subset)."""
    md5, sha1, sha256 = hashes(label)
    return {
        "type_description": "Win32 EXE",
        "size": 73802,
        "first_submission_date": 1600000000,
        "last_submission_date": 1700000000,
        "times_submitted": 12,
        "meaningful_name": f"{label}.exe",
        "md5": md5,
        "sha1": sha1,
        "sha256": sha256,
        "names": [f"{label}.exe", "setup.exe"],
        "tags": ["peexe"],
        "last_analysis_stats": {
            "harmless": 0,
            "malicious": malicious,
            "suspicious": 1,
            "undetected": 60,
            "timeout": 0,
        },
    }


def v3_domain_attributes() -> dict[str, Any]:
    """Domain attributes (a subset)."""
    return {
        "creation_date": 1500000000,
        "last_update_date": 1690000000,
        "country": "ZZ",
        "registrar": "Example Registrar",
        "reputation": -3,
        "last_analysis_stats": {"harmless": 60, "malicious": 2, "suspicious": 0, "undetected": 8},
    }


def v3_ip_attributes() -> dict[str, Any]:
    """IP address attributes (a subset; ``date`` is not in every reply)."""
    return {
        "country": "ZZ",
        "asn": 64500,
        "as_owner": "Example Networks",
        "network": "192.0.2.0/24",
        "last_analysis_stats": {"harmless": 70, "malicious": 0, "suspicious": 0, "undetected": 10},
    }


def v3_url_attributes(url: str) -> dict[str, Any]:
    """URL attributes (a subset)."""
    return {
        "url": url,
        "first_submission_date": 1650000000,
        "last_submission_date": 1700000000,
        "times_submitted": 4,
        "title": "Example",
        "last_analysis_stats": {"harmless": 65, "malicious": 3, "suspicious": 0, "undetected": 9},
    }


def v3_counters(obj_type: str, obj_id: str, counts: dict[str, int]) -> dict[str, Any]:
    """An object reply with ``relationship_counters=true`` (counts under ``meta``)."""
    reply = v3_object(obj_type, obj_id, {})
    reply["data"]["relationships"] = {
        name: {"meta": {"count": n}, "data": [], "links": {}} for name, n in counts.items()
    }
    return reply


def v3_descriptors(
    items: list[tuple[str, str]], cursor: str | None = None, count: int | None = None
) -> dict[str, Any]:
    """A page of ``/{collection}/{id}/relationships/{name}`` (object descriptors)."""
    meta: dict[str, Any] = {"count": count if count is not None else len(items)}
    if cursor:
        meta["cursor"] = cursor
    return {
        "data": [{"type": t, "id": i, "context_attributes": {"seen": 1}} for t, i in items],
        "meta": meta,
        "links": {"self": "https://www.virustotal.com/api/v3/x"},
    }


def v3_error(code: str, message: str = "") -> dict[str, Any]:
    """A v3 error body (``{"error": {"code": ..., "message": ...}}``)."""
    return {"error": {"code": code, "message": message or code}}


def v3_behaviour_summary() -> dict[str, Any]:
    """A ``/files/{id}/behaviour_summary`` reply (a subset of the documented fields)."""
    return {
        "data": {
            "processes_tree": [
                {
                    "process_id": "1000",
                    "name": "sample.exe",
                    "children": [
                        {
                            "process_id": "1100",
                            "name": "cmd.exe",
                            "children": [{"process_id": "1110", "name": "whoami.exe"}],
                        },
                        {"process_id": "1200", "name": "powershell.exe", "time_offset": 4},
                    ],
                },
                {"process_id": "2000", "name": "svchost.exe"},
            ],
            "processes_created": [
                "C:\\Users\\u\\AppData\\Local\\Temp\\sample.exe",
                "C:\\Windows\\System32\\cmd.exe",
                "C:\\Windows\\System32\\whoami.exe",
                "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
            ],
            "command_executions": [
                '"C:\\Windows\\System32\\cmd.exe" /c whoami',
                "C:\\Windows\\System32\\whoami.exe",
                "powershell -enc SQBFAFgA",
            ],
            "files_opened": ["C:\\Windows\\win.ini"],
            "dns_lookups": [{"hostname": "c2.example.com", "resolved_ips": ["192.0.2.10"]}],
            "registry_keys_opened": ["HKLM\\Software\\Example"],
            "mutexes_created": ["Global\\m1"],
            "tags": ["DETECT_DEBUGGER"],
        }
    }

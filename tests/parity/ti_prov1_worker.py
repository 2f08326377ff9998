"""
TI parity worker for XForce, GreyNoise, AbuseIPDB, IPQualityScore, Pulsedive and CrowdSec.

Same protocol as ``ti_worker.py`` (whose transport and serialisation helpers it reuses),
with the query sub-type carried in each case:

- ``parse``: ``{provider, ioc, ioc_type, query_type, raw}`` -> ``[found, severity, details]``;
- ``frames``: ``{provider, items, replies, query_type}`` -> the ``lookup_iocs`` frame;
- ``pdlookup``: ``{pd_type, observable, replies: {page: [status, body]}}`` -> the frame of
  Pulsedive's ``PDlookup.lookup_ioc`` (reference: ``httpx.get``/``httpx.post`` answer;
  ours: the client's ``_fetch``), or the exception class.

msticpy's Pulsedive parser reads the answer's fields from the result row instead of
``RawResult`` (see docs/threat_intel.md); for Pulsedive parse cases the answer's fields are
also copied into the row, so the reference shows the rule it means to apply (ours reads
``RawResult`` and ignores the copies).
"""

from __future__ import annotations

import importlib
import json
import sys
import warnings
from types import SimpleNamespace
from typing import Any

import ti_worker  # this directory is sys.path[0] when run as a script

warnings.simplefilter("ignore")

KEY = ti_worker.KEY
API_ID = "canary-id-0042"
PROVIDERS = {
    "XForce": ("ibm_xforce", "XForce"),
    "GreyNoise": ("greynoise", "GreyNoise"),
    "AbuseIPDB": ("abuseipdb", "AbuseIPDB"),
    "IPQualityScore": ("ip_quality_score", "IPQualityScore"),
    "Pulsedive": ("pulsedive", "Pulsedive"),
    "CrowdSec": ("crowdsec", "CrowdSec"),
}


def _provider(name: str) -> Any:
    module, cls = PROVIDERS[name]
    mod = importlib.import_module(f"msticpy.context.tiproviders.{module}")
    return getattr(mod, cls)(AuthKey=KEY, ApiID=API_ID)


def run_parse(case: dict[str, Any]) -> Any:
    prov = _provider(case["provider"])
    row = prov._check_ioc_type(case["ioc"], case["ioc_type"], case.get("query_type"))
    raw = case["raw"]
    if case["provider"] == "Pulsedive" and isinstance(raw, dict):
        row.update({k: v for k, v in raw.items() if k not in row})
    row["Status"] = 200
    row["RawResult"] = raw

    def _parse() -> Any:
        found, severity, details = prov.parse_results(row)
        return [found, getattr(severity, "name", str(severity)), details]

    return ti_worker._call(_parse)


def run_frame(case: dict[str, Any]) -> Any:
    prov = _provider(case["provider"])
    ti_worker._install_transport(prov, case["replies"])

    def _frame() -> Any:
        frame = prov.lookup_iocs(
            {ioc: typ for ioc, typ in case["items"]}, query_type=case.get("query_type")
        )
        return {
            "columns": list(frame.columns),
            "index": [int(i) for i in frame.index],
            "rows": frame.to_dict(orient="records"),
        }

    return ti_worker._call(_frame)


def _page_reply(replies: dict[str, Any], url: str) -> tuple[int, bytes]:
    page = url.split("?", 1)[0].rsplit("/", 1)[-1]
    status, body = replies.get(page, [404, "{}"])
    return status, body.encode("utf-8")


def run_pdlookup(case: dict[str, Any]) -> Any:
    from msticpy.context.tiproviders import pulsedive

    replies = case["replies"]
    client = pulsedive.PDlookup(pd_key=KEY)
    try:
        import httpx  # the reference's client calls httpx.get / httpx.post directly
    except ImportError:
        httpx = None
    if httpx is not None and not hasattr(client, "_fetch"):

        def _answer(url: Any, **_kwargs: Any) -> Any:
            status, body = _page_reply(replies, str(url))
            return httpx.Response(status, content=body, request=httpx.Request("GET", str(url)))

        pulsedive.httpx.get = _answer
        pulsedive.httpx.post = _answer
        pulsedive.sleep = lambda _seconds: None
    else:

        def _fetch(url: str, **_kwargs: Any) -> Any:
            status, body = _page_reply(replies, url)
            return SimpleNamespace(status=status, body=body, error=None, json=lambda: _loads(body))

        client._fetch = _fetch
        client.POLL_INTERVAL = 0.0

    def _frame() -> Any:
        frame = client.lookup_ioc(case["observable"], pd_type=case["pd_type"])
        return {"columns": list(frame.columns), "rows": frame.to_dict(orient="records")}

    return ti_worker._call(_frame)


def _loads(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def main() -> None:
    import msticpy

    request = json.load(sys.stdin)
    try:
        from msticpy.context import lookup_cache

        lookup_cache.configure(enabled=False)
    except ImportError:
        pass
    json.dump(
        {
            "msticpy_version": msticpy.__version__,
            "parse": [run_parse(c) for c in request.get("parse", [])],
            "frames": [run_frame(c) for c in request.get("frames", [])],
            "pdlookup": [run_pdlookup(c) for c in request.get("pdlookup", [])],
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()

"""
TI parity worker: the same provider calls in whichever msticpy it imports.

Run by ``test_ti_parity.py`` in the reference interpreter (msticpy 3.0.2) and in ours.
Reads JSON on stdin:

- ``parse``: cases ``{provider, ioc, ioc_type, raw}``; each provider's ``parse_results``
  runs on a row whose ``RawResult`` is ``raw`` (HTTP 200);
- ``frames``: cases ``{provider, items: [[ioc, type]], replies: {ioc: [status, body]}}``;
  ``lookup_iocs`` runs with the HTTP layer answering from ``replies`` (reference: an
  ``httpx.MockTransport`` in its client; ours: the provider's ``_send`` hook);
- ``preprocess``: cases ``{obs, type, enc}`` for ``preprocess_observable``.

Writes ``{"msticpy_version": ..., "parse": [...], "frames": [...], "preprocess": [...]}``.
"""

from __future__ import annotations

import json
import sys
import warnings
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote

warnings.simplefilter("ignore")

KEY = "CANARY-KEY-0123456789"


def _provider(name: str) -> Any:
    from msticpy.context.tiproviders.alienvault_otx import OTX
    from msticpy.context.tiproviders.virustotal import VirusTotal

    return {"OTX": OTX, "VirusTotal": VirusTotal}[name](AuthKey=KEY)


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def _call(function: Any) -> Any:
    try:
        return {"ok": _jsonable(function())}
    except Exception as err:  # the exception class is the result
        return {"error": type(err).__name__}


def run_parse(case: dict[str, Any]) -> Any:
    prov = _provider(case["provider"])
    row = prov._check_ioc_type(case["ioc"], case["ioc_type"])
    row["Status"] = 200
    row["RawResult"] = case["raw"]

    def _parse() -> Any:
        found, severity, details = prov.parse_results(row)
        return [found, getattr(severity, "name", str(severity)), details]

    return _call(_parse)


def _answer(replies: dict[str, Any], url: str) -> tuple[int, bytes]:
    """Find the canned reply whose observable appears in the (decoded) URL."""
    text = unquote(unquote(url))
    for ioc, (status, body) in replies.items():
        if ioc in text:
            return status, body.encode("utf-8")
    return 404, b"{}"


def _install_transport(prov: Any, replies: dict[str, Any]) -> None:
    if hasattr(prov, "_httpx_client"):
        import httpx

        def handler(request: Any) -> Any:
            status, body = _answer(replies, str(request.url))
            return httpx.Response(status, content=body)

        prov._httpx_client = httpx.Client(transport=httpx.MockTransport(handler))
        return

    def _send(requests: list[dict[str, Any]], timeout: Any) -> list[Any]:
        out = []
        for fields in requests:
            status, body = _answer(replies, fields["url"])

            def _json(body: bytes = body) -> Any:
                try:
                    return json.loads(body)
                except ValueError:
                    return None

            out.append(
                SimpleNamespace(status=status, body=body, headers={}, error=None, json=_json)
            )
        return out

    prov._send = _send


def run_frame(case: dict[str, Any]) -> Any:
    prov = _provider(case["provider"])
    _install_transport(prov, case["replies"])

    def _frame() -> Any:
        frame = prov.lookup_iocs({ioc: typ for ioc, typ in case["items"]})
        return {
            "columns": list(frame.columns),
            "index": [int(i) for i in frame.index],
            "rows": frame.to_dict(orient="records"),
        }

    return _call(_frame)


def run_preprocess(case: dict[str, Any]) -> Any:
    from msticpy.context.preprocess_observable import preprocess_observable

    return _call(
        lambda: list(
            preprocess_observable(case["obs"], case["type"], require_url_encoding=case["enc"])
        )
    )


def main() -> None:
    import msticpy

    request = json.load(sys.stdin)
    # Our result cache would answer repeated look-ups across cases; the reference has a
    # per-instance cache only, and every case here uses a fresh instance.
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
            "preprocess": [run_preprocess(c) for c in request.get("preprocess", [])],
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()

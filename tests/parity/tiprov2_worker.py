"""
Parity worker for the BinaryEdge, Open PageRank, Tor, MalwareBazaar and Sentinel TI
providers: the same calls in whichever msticpy it imports (run by
``test_tiprov2_parity.py`` in the reference interpreter and in ours).

Reads JSON on stdin with any of these sections, writes the same keys with one result per
case (``{"ok": value}`` or ``{"error": exception class name}``):

- ``parse``: ``{provider, ioc, ioc_type, raw}``: ``parse_results`` on an HTTP 200 row;
- ``frames``: ``{provider, items, replies}``: ``lookup_items`` (the ``TILookup`` path,
  one request per observable) with the HTTP layer answering from ``replies``;
- ``opr_bulk``: ``{items, records, mode}``: ``OPR.lookup_iocs`` with the HTTP layer
  answering each batch from ``records`` (domain -> record) shaped by ``mode``;
- ``tor``: ``{exit_list, iocs}``: ``Tor.lookup_ioc`` per observable, the exit list served
  by the HTTP layer;
- ``mb``: ``{mb_type, observable, limit, answer}``: ``MBlookup.lookup_ioc`` with the
  HTTP layer answering ``answer``; the form sent is returned with the frame;
- ``azsti_parse``: ``{shape, records}``: ``AzSTI.parse_results`` on a Series or frame;
- ``signatures``: ``{module, name}``: public methods' parameters (names, kinds, defaults),
  ``_BASE_URL``, ``_QUERIES`` and the other class constants of a provider;
- ``azsti``: ``{items, query_type, indicators}``: ``AzSTI.lookup_iocs`` through a
  ``QueryProvider`` whose driver answers with the indicators named in the query text.
"""

from __future__ import annotations

import copy
import json
import math
import re
import sys
import warnings
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl, unquote

warnings.simplefilter("ignore")

KEY = "CANARY-KEY-0123456789"
CONNECT = "loganalytics://code().tenant('t').workspace('w')"


def _clean(value: Any) -> Any:
    """JSON-ready copy: NaN -> None, non-JSON values -> str, dict keys -> str."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return _clean(value.item())
    return str(value)


def _call(function: Any) -> Any:
    try:
        return {"ok": _clean(function())}
    except Exception as err:  # the exception class is the result
        return {"error": type(err).__name__}


def _frame(frame: Any) -> dict[str, Any]:
    return {"columns": list(frame.columns), "rows": frame.to_dict(orient="records")}


def _reply(status: int, body: bytes) -> Any:
    """An object shaped like our transport's HttpReply."""

    def _json() -> Any:
        try:
            return json.loads(body)
        except ValueError:
            return None

    return SimpleNamespace(status=status, body=body, headers={}, error=None, json=_json)


def _ours() -> bool:
    """True in our package (it has the native extension), False in the reference."""
    import importlib.util

    return importlib.util.find_spec("msticpy._native") is not None


# -- parse_results -------------------------------------------------------------------
def run_parse(case: dict[str, Any]) -> Any:
    from msticpy.context.tiproviders.binaryedge import BinaryEdge
    from msticpy.context.tiproviders.open_page_rank import OPR

    prov = {"BinaryEdge": BinaryEdge, "OPR": OPR}[case["provider"]](AuthKey=KEY)
    row = prov._check_ioc_type(case["ioc"], case["ioc_type"])
    row["Status"] = 200
    row["RawResult"] = case["raw"]

    def _parse() -> Any:
        found, severity, details = prov.parse_results(row)
        return [found, getattr(severity, "name", str(severity)), details]

    return _call(_parse)


# -- lookup_items frames (one request per observable) -------------------------------------
def run_frames(case: dict[str, Any]) -> Any:
    from msticpy.context.tiproviders.binaryedge import BinaryEdge
    from msticpy.context.tiproviders.open_page_rank import OPR

    prov = {"BinaryEdge": BinaryEdge, "OPR": OPR}[case["provider"]](AuthKey=KEY)
    replies = case["replies"]

    def _answer(url: str) -> tuple[int, bytes]:
        text = unquote(url)
        for ioc, (status, body) in replies.items():
            if ioc in text:
                return status, body.encode()
        return 404, b"{}"

    if hasattr(prov, "_httpx_client"):
        import httpx

        def handler(request: Any) -> Any:
            status, body = _answer(str(request.url))
            return httpx.Response(status, content=body)

        prov._httpx_client = httpx.Client(transport=httpx.MockTransport(handler))
    else:
        prov._send = lambda requests, timeout: [_reply(*_answer(f["url"])) for f in requests]

    def _run() -> Any:
        frame = prov.lookup_items({ioc: typ for ioc, typ in case["items"]})
        return {"index": [int(i) for i in frame.index], **_frame(frame)}

    return _call(_run)


# -- Open PageRank batches -----------------------------------------------------------
def _opr_answer(case: dict[str, Any], url: str) -> tuple[int, bytes]:
    domains = [v for k, v in parse_qsl(url.split("?", 1)[1]) if k.startswith("domains[")]
    mode = case["mode"]
    if mode == "error":
        return 503, b'{"error": "busy"}'
    if mode == "text":
        return 200, b"<html>maintenance</html>"
    if mode == "list":
        return 200, b"[]"
    if mode == "no_response":
        return 200, b'{"status_code": 200}'
    records = [case["records"][d] for d in domains if d in case["records"]]
    return 200, json.dumps({"status_code": 200, "response": records}).encode()


def _unordered_batch(row: dict[str, Any]) -> dict[str, Any]:
    """Sort the domains a failed-batch row names (Ioc, and its request URL)."""
    ioc = row.get("Ioc")
    if isinstance(ioc, str) and "," in ioc:
        row["Ioc"] = ",".join(sorted(ioc.split(",")))
        reference = row.get("Reference")
        if isinstance(reference, str) and "?" in reference:
            base, query = unquote(reference).split("?", 1)
            row["Reference"] = [base, sorted(v for _, v in parse_qsl(query))]
    return row


def run_opr_bulk(case: dict[str, Any]) -> Any:
    from msticpy.context.tiproviders.open_page_rank import OPR

    prov = OPR(AuthKey=KEY)
    urls: list[str] = []
    if hasattr(prov, "_httpx_client"):
        import httpx

        def handler(request: Any) -> Any:
            url = unquote(str(request.url))
            urls.append(url)
            status, body = _opr_answer(case, url)
            return httpx.Response(status, content=body)

        prov._httpx_client = httpx.Client(transport=httpx.MockTransport(handler))
    else:

        def _send(requests: list[dict[str, Any]], timeout: Any) -> list[Any]:
            out = []
            for fields in requests:
                urls.append(unquote(fields["url"]))
                out.append(_reply(*_opr_answer(case, fields["url"])))
            return out

        prov._send = _send

    def _run() -> Any:
        frame = prov.lookup_iocs({ioc: typ for ioc, typ in case["items"]})
        out = _frame(frame)
        # Batch order follows a set in msticpy: compare sorted rows, batch members and
        # batch sizes.
        rows = [_unordered_batch(row) for row in _clean(out["rows"])]
        out["rows"] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
        out["batch_sizes"] = sorted(u.count("domains[") for u in urls)
        return out

    return _call(_run)


# -- Tor -----------------------------------------------------------------------------
def run_tor(case: dict[str, Any]) -> Any:
    from msticpy.context.tiproviders import tor_exit_nodes
    from msticpy.context.tiproviders.tor_exit_nodes import Tor

    Tor._nodelist = {}
    if _ours():
        Tor._last_error = None
        Tor._last_attempt = float("-inf")
        Tor._download = classmethod(lambda cls, url: (case["exit_list"], None))
    else:
        import httpx

        def _get(url: str, **kwargs: Any) -> Any:
            return httpx.Response(200, content=case["exit_list"].encode())

        tor_exit_nodes.httpx = SimpleNamespace(get=_get, Response=httpx.Response)

    def _run() -> Any:
        prov = Tor()
        singles = [prov.lookup_ioc(ioc, typ).to_dict(orient="records") for ioc, typ in case["iocs"]]
        frame = prov.lookup_iocs({ioc: typ for ioc, typ in case["iocs"]})
        return {"singles": singles, "index": [int(i) for i in frame.index], **_frame(frame)}

    return _call(_run)


# -- MalwareBazaar -------------------------------------------------------------------
_PRISTINE_MB: dict[str, Any] = {}


def run_mb(case: dict[str, Any]) -> Any:
    from msticpy.context.tiproviders import mblookup

    sent: list[dict[str, str]] = []
    body = json.dumps(case["answer"]).encode()
    lookup = mblookup.MBlookup(mb_key=KEY)
    if _ours():

        def _send(url: str, headers: dict[str, str], form: bytes) -> Any:
            sent.append(dict(parse_qsl(form.decode())))
            return _reply(200, body)

        lookup._send = _send
    else:
        import httpx

        # msticpy fills its shared form templates in place: start each case afresh.
        if not _PRISTINE_MB:
            _PRISTINE_MB.update(copy.deepcopy(mblookup._QUERY_OBJECTS_MAPPINGS))
        mblookup._QUERY_OBJECTS_MAPPINGS.clear()
        mblookup._QUERY_OBJECTS_MAPPINGS.update(copy.deepcopy(_PRISTINE_MB))

        def _post(url: str, data: dict[str, Any], **kwargs: Any) -> Any:
            sent.append({k: str(v) for k, v in data.items()})
            return httpx.Response(200, content=body, request=httpx.Request("POST", url))

        mblookup.httpx = SimpleNamespace(
            post=_post, Response=httpx.Response, ConnectError=httpx.ConnectError
        )

    def _run() -> Any:
        frame = lookup.lookup_ioc(case["observable"], case["mb_type"], limit=case["limit"])
        return {"form": sent, **_frame(frame)}

    return _call(_run)


# -- Microsoft Sentinel ---------------------------------------------------------------
def run_azsti_parse(case: dict[str, Any]) -> Any:
    import pandas as pd

    from msticpy.context.tiproviders.azure_sent_byoti import AzSTI

    prov = AzSTI(query_provider=_query_provider([])[0], connect_str=CONNECT)
    if case["shape"] == "series":
        raw: Any = pd.Series(case["records"][0])
    elif case["shape"] == "frame":
        raw = pd.DataFrame(case["records"])
    else:
        raw = None

    def _parse() -> Any:
        found, severity, details = prov.parse_results({"RawResult": raw})
        return [found, getattr(severity, "name", str(severity)), details]

    return _call(_parse)


def _query_provider(indicators: list[dict[str, Any]]) -> tuple[Any, list[str]]:
    import pandas as pd

    from msticpy.data import QueryProvider
    from msticpy.data.drivers import DriverBase

    queries: list[str] = []

    class IndicatorDriver(DriverBase):
        """Answers with the indicators whose value the query names (quoted)."""

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self._loaded = True

        def connect(self, connection_str: str | None = None, **kwargs: Any) -> None:
            self._connected = True

        def query(self, query: str, query_source: Any = None, **kwargs: Any) -> Any:
            queries.append(query)
            text = query.casefold()
            rows = [
                row
                for row in indicators
                if re.search(f"[\"']{re.escape(row['ObservableValue'].casefold())}[\"']", text)
            ]
            return pd.DataFrame(rows)

        def query_with_results(self, query: str, **kwargs: Any) -> tuple[Any, Any]:
            return self.query(query), "OK"

    return QueryProvider("MSSentinel", driver=IndicatorDriver()), queries


def run_azsti(case: dict[str, Any]) -> Any:
    from msticpy.context.tiproviders.azure_sent_byoti import AzSTI

    qp, queries = _query_provider(case["indicators"])
    prov = AzSTI(query_provider=qp, connect_str=CONNECT)

    def _run() -> Any:
        frame = prov.lookup_iocs(
            {ioc: typ for ioc, typ in case["items"]}, query_type=case["query_type"]
        )
        out = _frame(frame)
        rows = []
        for row in _clean(out["rows"]):
            # The query text is each package's own: only its presence is compared.
            row["Reference"] = bool(row.get("Reference"))
            rows.append(row)
        out["rows"] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
        out["queries"] = len(queries)
        return out

    return _call(_run)


# -- public signatures ------------------------------------------------------------------
def run_signatures(case: dict[str, Any]) -> Any:
    import importlib
    import inspect

    def _params(function: Any) -> Any:
        return [
            [p.name, p.kind.name, repr(p.default) if p.default is not p.empty else None]
            for p in inspect.signature(function).parameters.values()
        ]

    def _run() -> Any:
        module = importlib.import_module(f"msticpy.context.tiproviders.{case['module']}")
        target = getattr(module, case["name"])
        if not inspect.isclass(target):
            return {"function": _params(target)}
        out = {"__init__": _params(target.__init__)}
        for name, member in inspect.getmembers(target):
            if not name.startswith("_") and callable(member):
                out[name] = _params(member)
        for name in ("_BASE_URL", "_ALT_URL", "_REQUIRED_PARAMS", "_REQUIRED_TABLES"):
            if hasattr(target, name):
                out[name] = getattr(target, name)
        if hasattr(target, "_QUERIES"):
            out["_QUERIES"] = sorted(
                [key, _query_def(value)] for key, value in target._QUERIES.items()
            )
        return out

    return _call(_run)


def _query_def(value: Any) -> Any:
    """A query definition as plain data (APILookupParams fields or the KQL tuple)."""
    if value is None or isinstance(value, tuple):
        return value
    return {
        name: getattr(value, name)
        for name in ("path", "verb", "full_url", "headers", "params", "data", "auth_type")
    }


SECTIONS = {
    "signatures": run_signatures,
    "parse": run_parse,
    "frames": run_frames,
    "opr_bulk": run_opr_bulk,
    "tor": run_tor,
    "mb": run_mb,
    "azsti_parse": run_azsti_parse,
    "azsti": run_azsti,
}


def main() -> None:
    import msticpy

    request = json.load(sys.stdin)
    try:
        from msticpy.context import lookup_cache

        lookup_cache.configure(enabled=False)
    except ImportError:
        pass
    out: dict[str, Any] = {"msticpy_version": msticpy.__version__}
    for name, runner in SECTIONS.items():
        out[name] = [runner(case) for case in request.get(name, [])]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

"""
VTLookup (VirusTotal v2) parity worker: the same calls in whichever msticpy it imports.

Run by ``test_vtlookup_parity.py`` in the reference interpreter (msticpy 3.0.2) and in ours.
Reads JSON on stdin:

- ``parse``: cases ``{calls: [{reply, observable, ioc_type, source_idx, index, batch}]}``;
  the calls run ``_parse_vt_results`` in order on one fresh ``VTLookup``;
- ``lookup``: cases ``{answers: [[path, value, status, body]], frames: [rows...]}``; a
  loopback VirusTotal (``tests/context/vt_loopback.py``) serves ``answers`` in this
  process, ``VTLookup._VT_API`` points at it and ``lookup_iocs`` runs on each frame in
  turn on one instance (results are cumulative);
- ``ptree``: cases ``{categories}``; ``vtfile_behavior._build_process_tree`` (the
  reference module needs vt-py only at import: a stand-in module is put in its place).

Writes ``{"msticpy_version", "parse": [...], "lookup": [...]}``; each result is
``{"ok": frame}`` (columns and rows, NaN as null) or ``{"error": exception class}``.
"""

from __future__ import annotations

import json
import math
import sys
import warnings
from pathlib import Path
from typing import Any

warnings.simplefilter("ignore")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "context"))

KEY = "CANARY-VT-KEY-5f1e2d3c"


def _cell(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)


def _frame(frame: Any) -> dict[str, Any]:
    return {
        "columns": [str(c) for c in frame.columns],
        "dtypes": [str(d) for d in frame.dtypes],
        "rows": [[_cell(v) for v in row] for row in frame.to_numpy(dtype=object).tolist()],
    }


def _call(function: Any) -> dict[str, Any]:
    try:
        return {"ok": _frame(function())}
    except Exception as err:  # the exception class is the result
        return {"error": type(err).__name__}


def run_parse(case: dict[str, Any]) -> dict[str, Any]:
    from msticpy.context.vtlookupv3.vtlookup import VTLookup

    def parse() -> Any:
        vt = VTLookup(KEY, verbosity=0)
        for call in case["calls"]:
            vt._parse_vt_results(
                call["reply"],
                call["observable"],
                call["ioc_type"],
                call["source_idx"],
                call["index"],
                VTLookup._VT_API_TYPES["file"] if call["batch"] else None,
            )
        return vt.results

    return _call(parse)


def run_lookup(case: dict[str, Any]) -> dict[str, Any]:
    import pandas as pd
    from vt_loopback import vt_service

    from msticpy.context.vtlookupv3.vtlookup import VTLookup

    answers = {}
    for path, value, status, body in case["answers"]:
        answers[(path, value)] = (status, body.encode() if isinstance(body, str) else body)

    def lookup() -> Any:
        with vt_service(answers) as server:
            VTLookup._VT_API = server.base + "/vtapi/v2/{type}/report"
            vt = VTLookup(KEY, verbosity=0)
            result = None
            for rows in case["frames"]:
                result = vt.lookup_iocs(pd.DataFrame(rows, columns=["Observable", "IoCType"]))
            return result

    return _call(lookup)


def run_ptree(case: dict[str, Any]) -> dict[str, Any]:
    """``_build_process_tree`` on a behaviour summary (without the time column)."""
    try:
        import vt  # noqa: F401
    except ImportError:
        # msticpy's module imports vt-py at the top but the tree code does not use it.
        import types

        sys.modules["vt"] = types.ModuleType("vt")
    from msticpy.context.vtlookupv3.vtfile_behavior import _build_process_tree

    def build() -> Any:
        tree = _build_process_tree(case["categories"]).drop(columns="time_stamp")
        return tree.reset_index()

    return _call(build)


def main() -> None:
    import msticpy

    request = json.load(sys.stdin)
    json.dump(
        {
            "msticpy_version": msticpy.__version__,
            "parse": [run_parse(c) for c in request.get("parse", [])],
            "lookup": [run_lookup(c) for c in request.get("lookup", [])],
            "ptree": [run_ptree(c) for c in request.get("ptree", [])],
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()

"""Reference-side worker for the IoC parity tests.

This script runs INSIDE the reference interpreter (upstream msticpy 3.0.2),
never in the interpreter that runs pytest. It reads one JSON request from
stdin and writes one JSON response to stdout.

Request::

    {"mode": "string" | "dataframe" | "validate" | "get_ioc_type" | "proctree" | ...,
     "inputs": [...], "kwargs": {...}}

Response::

    {"msticpy_version": "3.0.2", "elapsed": <seconds>, "results": [...]}  # per-input modes
    {"msticpy_version": "3.0.2", "elapsed": <seconds>, "result": {...}}   # dataframe mode

Per-input results are ``{"ok": value}`` or ``{"error": "ExceptionClassName"}``:

* ``string``: ``IoCExtract().extract(src, **kwargs)``; value is
  ``{ioc_type: sorted(list(observables))}``.
* ``validate``: inputs are ``[input, ioc_type]`` pairs; value is the bool of
  ``validate(input, ioc_type, **kwargs)``.
* ``get_ioc_type``: value is the string returned by ``get_ioc_type(input)``.
* ``dataframe``: a single DataFrame with one column ``"text"`` holding the
  inputs (default integer index) is passed to
  ``extract(data=df, columns=["text"], **kwargs)``; value is the sorted list of
  ``[IoCType, Observable, SourceIndex, Input]`` rows.

* ``proctree``: each input is a ``proctree_table`` of process events (``TimeGenerated``
  as ISO text); value is ``{"tree": tree_frame_json(...), "nav": tree_navigation_json(...)}``
  of ``build_process_tree(frame, schema=kwargs.get("schema"))``.
* ``auditd_file``: each input is the text of an audit log, read with
  ``read_from_file(path, **kwargs)`` (``kwargs["subset"]`` then applies
  ``get_event_subset``); ``auditd_frame``: each input is ``{"columns": [[name, values], ...]}``, the
  frame given to ``extract_events_to_df``; ``auditd_unpack``: each input is a record
  list for ``unpack_auditd``. Frames come back as ``auditd_frame_json``; msticpy's
  stdout prints are captured and counted.

Inputs are JSON strings or ``null``; ``{"__bytes_hex__": "..."}`` decodes to
``bytes``. One ``IoCExtract`` instance is built per request and reused, so the
Public Suffix List used for TLD validation is loaded (or its download
attempted) only once.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

# tldextract logs an error (with traceback) each time it fails to download the
# Public Suffix List while offline, then falls back to its bundled snapshot.
for _name in ("tldextract", "filelock", "urllib3", "requests"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


def _decode_input(value: Any) -> Any:
    """Turn a JSON-transported input back into the Python value to test."""
    if isinstance(value, dict) and "__bytes_hex__" in value:
        return bytes.fromhex(value["__bytes_hex__"])
    return value


def _jsonable(value: Any) -> Any:
    """Convert numpy scalars, bytes and other oddities to JSON-safe values."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, bytes):
        return {"__bytes_hex__": value.hex()}
    item = getattr(value, "item", None)
    if callable(item):
        return _jsonable(item())
    return repr(value)


def _row_key(row: list[Any]) -> str:
    """Sort key for result rows that tolerates mixed value types."""
    return json.dumps(row, sort_keys=True, ensure_ascii=True)


def _string_mode(extractor: Any, inputs: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    results: list[Any] = []
    for src in inputs:
        try:
            found = extractor.extract(src, **kwargs)
            results.append({"ok": {str(k): sorted(v) for k, v in found.items()}})
        except Exception as exc:  # the class name is the result
            results.append({"error": type(exc).__name__})
    return results


def _dataframe_mode(extractor: Any, inputs: list[Any], kwargs: dict[str, Any]) -> Any:
    import pandas as pd  # only needed in this mode

    frame = pd.DataFrame({"text": inputs})
    try:
        out = extractor.extract(data=frame, columns=["text"], **kwargs)
    except Exception as exc:  # the class name is the result
        return {"error": type(exc).__name__}
    rows = [
        [_jsonable(v) for v in row]
        for row in out[["IoCType", "Observable", "SourceIndex", "Input"]].itertuples(
            index=False, name=None
        )
    ]
    return {"ok": sorted(rows, key=_row_key)}


def _validate_mode(extractor: Any, inputs: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    results: list[Any] = []
    for pair in inputs:
        value, ioc_type = pair[0], pair[1]
        try:
            results.append({"ok": bool(extractor.validate(value, ioc_type, **kwargs))})
        except Exception as exc:  # the class name is the result
            results.append({"error": type(exc).__name__})
    return results


def _get_ioc_type_mode(extractor: Any, inputs: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    results: list[Any] = []
    for value in inputs:
        try:
            results.append({"ok": str(extractor.get_ioc_type(value, **kwargs))})
        except Exception as exc:  # the class name is the result
            results.append({"error": type(exc).__name__})
    return results


def b64_record_json(record: Any) -> dict[str, Any]:
    """One ``BinaryRecord``-shaped row (dict or namedtuple) as comparable JSON."""
    row = dict(record)
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, (bytes, bytearray)):
            out[key] = {"hex": bytes(value).hex()}
        elif isinstance(value, tuple):
            out[key] = list(value)
        elif isinstance(value, float) and value != value:  # NaN
            out[key] = None
        else:
            out[key] = _jsonable(value)
    return out


def _b64_mode(inputs: list[Any], kwargs: dict[str, Any], pad: bool) -> list[Any]:
    from msticpy.transform import base64unpack

    results = []
    for text in inputs:
        try:
            if pad:
                decoded, frame = base64unpack.unpack_items(input_string=text, **kwargs)
            else:
                decoded, frame = base64unpack.unpack(text, **kwargs)
        except Exception as err:
            results.append({"error": type(err).__name__})
            continue
        records = [b64_record_json(row) for row in frame.to_dict(orient="records")]
        results.append({"ok": {"decoded": decoded, "records": records}})
    return results


def b64_frame_json(frame: Any) -> list[dict[str, Any]]:
    """An ``unpack_df`` frame as a list of comparable rows (in order)."""
    return [b64_record_json(row) for row in frame.to_dict(orient="records")]


def _b64_df_mode(inputs: list[Any], kwargs: dict[str, Any]) -> Any:
    import pandas as pd

    from msticpy.transform import base64unpack

    frame = pd.DataFrame({"text": inputs})
    try:
        out = base64unpack.unpack_df(frame, "text", **kwargs)
    except Exception as err:
        return {"error": type(err).__name__}
    return {"ok": {"columns": list(out.columns), "rows": b64_frame_json(out)}}


def tree_frame_json(tree: Any) -> dict[str, Any]:
    """A process-tree frame as comparable JSON: index, columns, a dtype family and values."""
    import math

    def cell(value: Any) -> Any:
        if value is None or value is getattr(value, "NaT", None):
            return None
        if hasattr(value, "isoformat"):
            return value.isoformat() if str(value) != "NaT" else None
        if isinstance(value, float) and math.isnan(value):
            return None
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            return bool(value)
        if isinstance(value, (int, float)) or hasattr(value, "item"):
            number = float(value)
            return None if math.isnan(number) else number
        return str(value)

    def family(dtype: Any) -> str:
        text = str(dtype)
        if text.startswith("datetime64"):
            return "datetime:" + text.split(",", 1)[-1].strip(" ]") if "," in text else "datetime"
        if text in ("object", "str", "string") or text.startswith("string"):
            return "text"
        return text

    return {
        "index": [cell(v) for v in tree.index.tolist()],
        "index_name": tree.index.name,
        "columns": [str(c) for c in tree.columns],
        "dtypes": [family(d) for d in tree.dtypes],
        "data": {str(c): [cell(v) for v in tree[c].tolist()] for c in tree.columns},
    }


def tree_navigation_json(tree: Any, utils: Any) -> dict[str, Any]:
    """Summary plus navigation answers for every root and the deepest process."""
    summary = {k: int(v) for k, v in utils.get_summary_info(tree).items()}
    roots = utils.get_roots(tree)
    per_root = []
    for key in roots.index[:25]:
        per_root.append(
            [
                str(key),
                len(utils.get_descendents(tree, key)),
                len(utils.get_children(tree, key)),
                len(utils.get_root_tree(tree, key)),
            ]
        )
    deepest = tree["path"].str.count("/").idxmax()
    ancestors = list(map(str, utils.get_ancestors(tree, deepest).index))
    parent = utils.get_parent(tree, deepest)
    middle = ancestors[len(ancestors) // 2]
    descendents = [
        list(map(str, utils.get_descendents(tree, key, **options).index))
        for key in [*roots.index[:5], middle]
        for options in ({}, {"include_source": False, "max_levels": 2})
    ]
    return {
        "descendents": descendents,
        "summary": summary,
        "depth": int(utils.get_tree_depth(tree)),
        "per_root": per_root,
        "ancestors": ancestors,
        "parent": None if parent is None else str(parent.name),
        "siblings": sorted(map(str, utils.get_siblings(tree, deepest).index)),
        "root": str(utils.get_root(tree, deepest).name),
    }


def proctree_table(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Rows as ``{"columns": [...], "values": [[...], ...]}``: JSON key sorting keeps order."""
    columns = list(rows[0]) if rows else []
    return {"columns": columns, "values": [[row.get(c) for c in columns] for row in rows]}


def proctree_results(table: dict[str, Any], schema: Any = None) -> dict[str, Any]:
    """Build a tree from a ``proctree_table``; errors become the exception class name."""
    import pandas as pd

    from msticpy.transform import process_tree_utils as utils
    from msticpy.transform.proc_tree_builder import build_process_tree

    frame = pd.DataFrame(table["values"], columns=table["columns"])
    frame["TimeGenerated"] = pd.to_datetime(frame["TimeGenerated"])
    try:
        tree = build_process_tree(frame, schema=schema)
    except Exception as err:
        return {"error": type(err).__name__}
    return {"ok": {"tree": tree_frame_json(tree), "nav": tree_navigation_json(tree, utils)}}


def auditd_cell_json(value: Any) -> Any:
    """One auditd frame cell as comparable JSON (missing values -> None, times -> ns)."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    if type(value).__name__ in ("Timestamp", "NaTType"):
        return None if value != value else {"ns": int(value.value)}
    return _jsonable(value)


def auditd_frame_json(frame: Any) -> dict[str, Any]:
    """An auditd frame as columns, normalised dtypes, index and cell values."""

    def dtype_name(dtype: Any) -> str:
        name = str(dtype)
        return "text" if name in ("object", "str", "string") else name

    return {
        "columns": [str(c) for c in frame.columns],
        "dtypes": [dtype_name(frame.iloc[:, i].dtype) for i in range(frame.shape[1])],
        "index": [_jsonable(v) for v in frame.index],
        "values": [
            [auditd_cell_json(v) for v in frame.iloc[:, i].tolist()] for i in range(frame.shape[1])
        ],
    }


def _auditd_frame(payload: dict[str, Any]) -> Any:
    """The input frame of an ``auditd_frame`` request."""
    import pandas as pd

    # A list of [name, values] pairs: the request JSON is dumped with sorted keys, so a
    # dict would lose the column order.
    return pd.DataFrame(dict(payload["columns"]))


def _auditd_mode(mode: str, inputs: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    """Run auditdextract with stdout captured (msticpy prints timings and hex errors)."""
    import contextlib
    import io
    import os
    import tempfile

    from msticpy.transform import auditdextract

    kwargs = dict(kwargs)
    subset = kwargs.pop("subset", None)
    results: list[Any] = []
    for item in inputs:
        sink = io.StringIO()
        try:
            with contextlib.redirect_stdout(sink):
                if mode == "auditd_file":
                    with tempfile.NamedTemporaryFile(
                        "w", suffix=".log", delete=False, encoding="utf-8"
                    ) as fh:
                        fh.write(item)
                    try:
                        frame = auditdextract.read_from_file(fh.name, **kwargs)
                    finally:
                        os.unlink(fh.name)
                    if subset:
                        frame = auditdextract.get_event_subset(frame, subset)
                elif mode == "auditd_frame":
                    frame = auditdextract.extract_events_to_df(_auditd_frame(item), **kwargs)
                else:  # auditd_unpack
                    unpacked = auditdextract.unpack_auditd(item)
                    results.append(
                        {"ok": [[k, [[f, v] for f, v in d.items()]] for k, d in unpacked.items()]}
                    )
                    continue
        except Exception as err:
            results.append({"error": type(err).__name__})
            continue
        out = auditd_frame_json(frame)
        out["stdout_lines"] = len(sink.getvalue().splitlines())
        results.append({"ok": out})
    return results


def _respond(version: str, results: Any, start: float) -> int:
    """Write ``{"msticpy_version", "results", "elapsed"}`` to stdout; exit code 0."""
    response = {
        "msticpy_version": version,
        "results": results,
        "elapsed": time.perf_counter() - start,
    }
    sys.stdout.write(json.dumps(response, ensure_ascii=True))
    sys.stdout.flush()
    return 0


def main() -> int:
    """Serve one request from stdin; return the process exit code."""
    request = json.loads(sys.stdin.read())
    mode = request["mode"]
    kwargs = dict(request.get("kwargs") or {})
    raw_inputs = request.get("inputs") or []
    if mode == "validate":
        inputs = [[_decode_input(p[0]), p[1]] for p in raw_inputs]
    else:
        inputs = [_decode_input(v) for v in raw_inputs]

    import msticpy  # after logging is configured

    # Modes with their own result shape: {"results": [...]} plus version and timing.
    start = time.perf_counter()
    if mode == "proctree":
        return _respond(
            msticpy.__version__,
            [proctree_results(rows, kwargs.get("schema")) for rows in raw_inputs],
            start,
        )
    if mode in ("auditd_file", "auditd_frame", "auditd_unpack"):
        return _respond(msticpy.__version__, _auditd_mode(mode, inputs, kwargs), start)

    from msticpy.transform.iocextract import IoCExtract

    if mode.startswith("cluster_"):  # clustering/outliers: see ref_cluster_modes.py
        from ref_cluster_modes import serve

        return _respond(msticpy.__version__, serve(mode, raw_inputs), start)
    if mode == "b64_unpack_df":
        return _respond(msticpy.__version__, _b64_df_mode(inputs, kwargs), start)
    if mode in ("b64_unpack", "b64_unpack_items"):
        results = _b64_mode(inputs, kwargs, pad=mode == "b64_unpack_items")
        return _respond(msticpy.__version__, results, start)

    start = time.perf_counter()
    extractor = IoCExtract()
    response: dict[str, Any] = {"msticpy_version": msticpy.__version__}
    if mode == "string":
        response["results"] = _string_mode(extractor, inputs, kwargs)
    elif mode == "dataframe":
        response["result"] = _dataframe_mode(extractor, inputs, kwargs)
    elif mode == "validate":
        response["results"] = _validate_mode(extractor, inputs, kwargs)
    elif mode == "get_ioc_type":
        response["results"] = _get_ioc_type_mode(extractor, inputs, kwargs)
    else:
        print(f"unknown mode {mode!r}", file=sys.stderr)
        return 2
    response["elapsed"] = time.perf_counter() - start
    sys.stdout.write(json.dumps(response, ensure_ascii=True))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())

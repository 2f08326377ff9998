"""
QueryProvider parity worker (run in both interpreters by ``test_provider_parity.py``).

Builds ``QueryProvider("LocalData", driver=<recording driver>, query_paths=[folder])``
over generated query files and exercises the call conventions: attribute tree,
``all_queries``, dotted ``getattr``, ``"print"`` with keyword, dict and object
parameters, ``"?"``, missing parameters, ``split_query_by`` in print mode, running a
query through the driver, ``list_data_environments``.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

warnings.simplefilter("ignore")


def _call(function: Any) -> Any:
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return {"ok": function()}
    except Exception as err:  # the exception class (and message) is the result
        return {"error": type(err).__name__, "message": str(err)}


def main() -> int:
    import pandas as pd

    import msticpy
    from msticpy.data.core.data_providers import QueryProvider
    from msticpy.data.drivers import DriverBase

    class Recorder(DriverBase):
        def __init__(self, **kwargs: Any):
            super().__init__(**kwargs)
            self._loaded = True
            self.log: list[Any] = []

        def connect(self, connection_str: Any = None, **kwargs: Any) -> None:
            self._connected = True

        def query(self, query: str, query_source: Any = None, **kwargs: Any) -> Any:
            span = kwargs.get("time_span") or {}
            self.log.append([query, sorted(k for k in kwargs if k != "time_span"), bool(span)])
            return pd.DataFrame({"n": [len(self.log)]})

        def query_with_results(self, query: str, **kwargs: Any) -> Any:
            return self.query(query, **kwargs), "OK"

    request = json.load(sys.stdin)
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, text in request["files"].items():
            Path(folder, name).write_text(text, encoding="utf-8")
        driver = Recorder()
        qp = QueryProvider("LocalData", driver=driver, query_paths=[folder])
    # Only the generated queries (msticpy also loads its own LocalData files).
    names = [n for n in qp.list_queries() if n.rsplit(".", 1)[-1].startswith("query_")]
    out["names"] = names
    out["environments"] = QueryProvider.list_data_environments()
    window = type("Window", (), {"start": "2024-03-01", "end": "2024-03-02"})()
    calls: dict[str, Any] = {}
    for name in names:
        func = getattr(qp, name)
        leaf = name.rsplit(".", 1)[-1]
        calls[name] = {
            "same": func is getattr(qp.all_queries, leaf, None) or "shadowed",
            "doc": func.__doc__,
            "help": _call(lambda func=func: func("?")),
            "missing": _call(lambda func=func: func("print", start="2024-01-01")),
            "kwargs": [_call(lambda p=p, func=func: func("print", **p)) for p in request["params"]],
            "dict": _call(
                lambda func=func: func(
                    {"host_name": "from-dict"}, "print", start="2024-01-01", end="2024-01-02"
                )
            ),
            "object": _call(lambda func=func: func(window, "print", host_name="obj")),
            "split": _call(
                lambda func=func: func(
                    "print",
                    host_name="s",
                    # datetimes: msticpy cannot split string start/end (TypeError);
                    # this build converts them first.
                    start=datetime(2024, 1, 1),
                    end=datetime(2024, 1, 3, 12),
                    split_query_by="1D",
                )
            ),
            "not_connected": _call(
                lambda func=func: func(host_name="x", start="2024-01-01", end="2024-01-02")
            ),
        }
    qp.connect()
    first = names[0]
    run = _call(
        lambda: getattr(qp, first)(
            host_name="h", start="2024-01-01", end="2024-01-02", extra_option=1
        ).to_dict()
    )
    calls["run"] = {"result": run, "log": driver.log}
    out["calls"] = calls
    json.dump({"msticpy_version": msticpy.__version__, "results": out}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

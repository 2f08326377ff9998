"""
LocalData parity worker (run in both interpreters by ``test_localdata_parity.py``).

Request: ``{"csv": text}``. Writes the CSV (and a pickle of the same table) into a
temporary data folder, builds ``QueryProvider("LocalData", data_paths=[folder])`` from
inside an empty temporary folder and reports every query's name, parameters (name,
type, default) and the frames loaded by file name.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

warnings.simplefilter("ignore")


def _frame(frame: Any) -> dict[str, Any]:
    return {
        "columns": [str(col) for col in frame.columns],
        "dtypes": [str(dtype) for dtype in frame.dtypes],
        "values": json.loads(frame.to_json(orient="values", date_format="iso")),
    }


def main() -> int:
    import pandas as pd

    import msticpy
    from msticpy.data.core.data_providers import QueryProvider

    request = json.load(sys.stdin)
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as root:
        os.chdir(root)  # msticpy indexes the current folder too: keep it small
        data = Path(root, "data", "nested")
        data.mkdir(parents=True)
        (data / "generated.csv").write_text(request["csv"], encoding="utf-8")
        pd.read_csv(data / "generated.csv").to_pickle(data / "alerts_list.pkl")
        with contextlib.redirect_stdout(io.StringIO()):
            qp = QueryProvider("LocalData", data_paths=[str(Path(root, "data"))])
        queries: dict[str, Any] = {}
        for name in qp.list_queries():
            family, _, leaf = name.rpartition(".")
            source = qp.query_store.get_query(leaf, query_path=family)
            queries[name] = {
                pname: [spec.get("type"), str(spec.get("default"))]
                for pname, spec in source.params.items()
            }
        out["queries"] = queries
        out["csv_frame"] = _frame(qp.exec_query("GENERATED.csv"))
        out["pickle_frame"] = _frame(qp.SecurityAlert.list_alerts())
        try:
            qp.exec_query("absent.csv")
            out["missing"] = None
        except FileNotFoundError as err:
            out["missing"] = str(err)
        os.chdir("/")
    json.dump({"msticpy_version": msticpy.__version__, "results": out}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

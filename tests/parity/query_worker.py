"""
Query-library parity worker: loads generated query files and renders queries in
whichever msticpy it imports (run by ``test_query_parity.py`` in both interpreters).

Reads ``{"files": {name: yaml}, "params": [...], "queries": N}`` on stdin; writes the
store's environments and query names, each query's docstring and template, and the
rendered text of the first ``queries`` queries for every parameter set.
"""

from __future__ import annotations

import json
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

warnings.simplefilter("ignore")


def main() -> int:
    import msticpy
    from msticpy.data.core.query_store import QueryStore

    request = json.load(sys.stdin)
    with tempfile.TemporaryDirectory() as folder:
        for name, text in request["files"].items():
            Path(folder, name).write_text(text, encoding="utf-8")
        stores = QueryStore.import_files([folder])
    out: dict[str, Any] = {"environments": sorted(stores)}
    queries: dict[str, Any] = {}
    rendered = 0
    for env in sorted(stores):
        store = stores[env]
        for qualified in store.query_names:
            source = store.get_query(qualified)
            entry: dict[str, Any] = {
                "doc": source.create_doc_string(),
                "template": source.query,
                "families": source.data_families,
            }
            if rendered < request["queries"]:
                rendered += 1
                results = []
                for params in request["params"]:
                    try:
                        results.append({"ok": source.create_query(**params)})
                    except Exception as err:  # the exception class is the result
                        results.append({"error": type(err).__name__})
                entry["rendered"] = results
            queries[f"{env}:{qualified}"] = entry
    out["queries"] = queries
    json.dump({"msticpy_version": msticpy.__version__, "results": out}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

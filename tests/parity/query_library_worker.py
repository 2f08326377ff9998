"""
Query-library metadata worker: lists every built-in query of each data environment in
whichever msticpy it imports (run by ``test_query_library_parity.py`` in both).

Reads ``{"environments": [...]}`` on stdin; writes, per environment, each
``family.query`` name with its data families and its parameters' type, default and
aliases (descriptions and query bodies are not compared: ours are written here).
"""

from __future__ import annotations

import json
import logging
import sys
import warnings
from typing import Any

warnings.simplefilter("ignore")
logging.disable(logging.CRITICAL)


def _param(spec: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": spec.get("type")}
    if "default" in spec:
        out["default"] = repr(spec["default"])
    if spec.get("aliases"):
        out["aliases"] = sorted(spec["aliases"])
    return out


def main() -> int:
    import msticpy
    from msticpy.data import QueryProvider

    request = json.load(sys.stdin)
    results: dict[str, Any] = {}
    for env in request["environments"]:
        provider = QueryProvider(env)
        queries: dict[str, Any] = {}
        for qualified in provider.list_queries():
            family, name = qualified.rsplit(".", 1)
            source = provider.query_store.get_query(query_path=family, query_name=name)
            queries[qualified] = {
                "families": sorted(source.data_families),
                "params": {p: _param(spec) for p, spec in sorted(source.params.items())},
            }
        results[env] = queries
    json.dump({"msticpy_version": msticpy.__version__, "results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

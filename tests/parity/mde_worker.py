"""
MDE process-tree worker: builds trees from Defender rows in whichever msticpy it imports.

Run by ``test_proctree_mde_parity.py`` in the reference interpreter (msticpy 3.0.2) and
in ours. Reads ``{"cases": [{"rows": proctree_table(...)}]}`` on stdin; writes ``{"msticpy_version":
..., "results": [...]}`` with each tree as comparable JSON (``ref_worker.tree_frame_json``)
plus the navigation answers, or the exception class name.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from typing import Any

warnings.simplefilter("ignore")

TIME_COLUMNS = (
    "Timestamp",
    "ProcessCreationTime",
    "InitiatingProcessCreationTime",
    "InitiatingProcessParentCreationTime",
)


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    """Build one tree; summarise it."""
    import pandas as pd
    from ref_worker import tree_frame_json, tree_navigation_json

    from msticpy.transform import process_tree_utils as utils
    from msticpy.transform.proc_tree_builder import build_process_tree

    # Rows travel as {"columns", "values"}: JSON key sorting must not reorder columns.
    frame = pd.DataFrame(case["rows"]["values"], columns=case["rows"]["columns"])
    for col in TIME_COLUMNS:
        frame[col] = pd.to_datetime(frame[col])
    started = time.perf_counter()
    try:
        tree = build_process_tree(frame, **case.get("kwargs", {}))
    except Exception as err:  # the exception class is the result
        return {"error": type(err).__name__, "message": str(err)[:300]}
    elapsed = time.perf_counter() - started
    return {
        "ok": {"tree": tree_frame_json(tree), "nav": tree_navigation_json(tree, utils)},
        "elapsed": elapsed,
    }


def main() -> int:
    import msticpy

    request = json.load(sys.stdin)
    results = [run_case(case) for case in request["cases"]]
    json.dump({"msticpy_version": msticpy.__version__, "results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

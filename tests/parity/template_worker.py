"""
``query_template`` parity worker, run by ``test_query_template_parity.py``.

Request: ``{"cases": [{"cls": name, "kwargs": {...}}, ...]}``. Builds each record and
reports ``dataclasses.asdict`` of it, or, for a rejected input, whether the exception
is a ``ValueError`` and which field the message names first.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import warnings
from typing import Any

warnings.simplefilter("ignore")

FIELDS = (
    "version description data_environments data_families database cluster clusters "
    "cluster_groups tags data_source aliases query_macros datatype default metadata "
    "parameters query uri args sources defaults file_name"
).split()


def _first_field(message: str) -> str | None:
    """The earliest record field named in an error message."""
    found = [(message.find(name), name) for name in FIELDS if name in message]
    return min(found)[1] if found else None


def main() -> int:
    import msticpy
    from msticpy.data.core import query_template

    request = json.load(sys.stdin)
    results: list[Any] = []
    for case in request["cases"]:
        cls = getattr(query_template, case["cls"])
        try:
            built = cls(**case["kwargs"])
        except Exception as err:  # the kind of error is the result
            results.append(
                {"value_error": isinstance(err, ValueError), "field": _first_field(str(err))}
            )
            continue
        results.append({"ok": json.loads(json.dumps(dataclasses.asdict(built), default=str))})
    json.dump({"msticpy_version": msticpy.__version__, "results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

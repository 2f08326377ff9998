"""
``%%ioc``/``%%b64`` magic parity worker (run in both interpreters by
``test_magics_parity.py``).

Reads ``{"cases": [{"magic": "ioc"|"b64", "line": str, "cell": str|null}, ...]}`` and runs
each case in a real IPython shell (``InteractiveShell.instance()``): ``cell`` null means the
line magic (``%ioc line``), otherwise the cell magic. Writes, per case, the return value and
what ``--out`` stored (its kind and contents), or the exception class raised.
"""

from __future__ import annotations

import json
import logging
import sys
import warnings
from typing import Any

warnings.simplefilter("ignore")
# msticpy's TLD check tries to download the Public Suffix List and logs each failure.
for _name in ("tldextract", "filelock", "urllib3", "requests"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

OUT_NAME = "magic_out"


def _ioc_result(value: Any) -> Any:
    return [[ioc_type, sorted(found)] for ioc_type, found in value]


def _cell(value: Any) -> Any:
    """One frame cell as text; missing values (None, NaN) as None, as the b64 parity does."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return str(value)


def _stored(value: Any) -> Any:
    """Describe an ``--out`` value: its shape and contents, as plain JSON."""
    if isinstance(value, dict):
        return {
            "kind": "mapping",
            "value_types": sorted({type(v).__name__ for v in value.values()}),
            "items": {key: sorted(found) for key, found in value.items()},
        }
    if isinstance(value, tuple):
        text, frame = value
        return {
            "kind": "tuple",
            "text": text,
            "columns": [str(col) for col in frame.columns],
            "rows": [[_cell(cell) for cell in row] for row in frame.values.tolist()],
        }
    return {"kind": type(value).__name__}


def run_case(shell: Any, case: dict[str, Any]) -> dict[str, Any]:
    shell.user_ns.pop(OUT_NAME, None)
    try:
        if case["cell"] is None:
            value = shell.run_line_magic(case["magic"], case["line"])
        else:
            value = shell.run_cell_magic(case["magic"], case["line"], case["cell"])
    except Exception as err:  # the exception class is the result
        return {"error": type(err).__name__}
    result = _ioc_result(value) if case["magic"] == "ioc" else value
    out: dict[str, Any] = {"ok": result}
    if OUT_NAME in shell.user_ns:
        out["stored"] = _stored(shell.user_ns[OUT_NAME])
    return out


def init_namespace() -> dict[str, Any]:
    """Run ``init_notebook`` on an empty namespace; report its names and pandas options."""
    import importlib

    import pandas as pd

    nbinit = importlib.import_module("msticpy.init.nbinit")
    # msticpy 3.0.2 asks PyPI for the latest version here: no network in tests.
    if hasattr(nbinit, "_check_msticpy_version"):
        nbinit._check_msticpy_version = lambda: None
    namespace: dict[str, Any] = {}
    nbinit.init_notebook(namespace, no_config_check=True)
    entities = importlib.import_module("msticpy.datamodel.entities")
    options = ("display.max_rows", "display.max_columns", "display.max_colwidth")
    return {
        "names": sorted(namespace),
        "entity_names": sorted(name for name in dir(entities) if not name.startswith("_")),
        "options": [pd.get_option(option) for option in options],
        "aliases": {
            name: getattr(namespace.get(name), "__name__", None)
            for name in ("pd", "np", "msticpy", "entities", "nbmagics", "mp_pandas_accessors")
        },
    }


def main() -> int:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    import msticpy
    import msticpy.init.nbmagics

    request = json.load(sys.stdin)
    if request.get("mode") == "init_notebook":
        json.dump({"msticpy_version": msticpy.__version__, "result": init_namespace()}, sys.stdout)
        return 0
    results = [run_case(shell, case) for case in request["cases"]]
    json.dump({"msticpy_version": msticpy.__version__, "results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

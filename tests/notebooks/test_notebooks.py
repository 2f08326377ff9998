"""
The example notebooks in ``notebooks/`` run top to bottom on the bundled data.

Each notebook's code cells are executed in order in a fresh interpreter (no Jupyter
kernel needed), with ``notebooks/`` as the working directory; the cells carry their own
assertions. ``display`` is replaced by a no-op when IPython is absent.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"

RUNNER = textwrap.dedent(
    """
    import json, sys, types
    try:
        import IPython.display  # noqa: F401
    except ImportError:
        ipython = types.ModuleType("IPython")
        display_mod = types.ModuleType("IPython.display")
        display_mod.display = lambda *args, **kwargs: None
        ipython.display = display_mod
        sys.modules["IPython"] = ipython
        sys.modules["IPython.display"] = display_mod
    notebook = json.load(open(sys.argv[1], encoding="utf-8"))
    namespace = {"__name__": "__main__"}
    for number, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        exec(compile(source, f"cell {number}", "exec"), namespace)
    print("notebook ok")
    """
)


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_notebook_runs(notebook: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, str(notebook)],
        cwd=NOTEBOOKS,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "notebook ok" in proc.stdout

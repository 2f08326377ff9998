"""
Showing and saving Bokeh plots (shared by the process-tree and timeline plots).

msticpy 3.0.2 calls ``output_notebook()`` and ``show()`` on every plot, so a script run
outside Jupyter opens a browser window (process trees cannot even be hidden). Here a
plot is shown only when it is wanted *and* a notebook kernel can show it; otherwise the
Bokeh object is just returned. ``save_html`` writes a standalone page with Bokeh's
JavaScript inlined from the installed package, so the file works offline.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def in_notebook() -> bool:
    """Whether the code runs in a Jupyter (IPython kernel) session."""
    ipython_mod = sys.modules.get("IPython")
    if ipython_mod is None:
        return False
    get_ipython = getattr(ipython_mod, "get_ipython", None)
    shell = get_ipython() if callable(get_ipython) else None
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def show_plot(layout: Any, hide: bool = False) -> None:
    """Display ``layout`` inline when not ``hide`` and running in a notebook."""
    if hide or not in_notebook():
        return
    from bokeh.io import output_notebook, reset_output, show

    reset_output()
    output_notebook(hide_banner=True)
    show(layout)


def save_html(layout: Any, filename: str | Path, title: str = "msticpy plot") -> Path:
    """
    Write ``layout`` to a standalone HTML file with Bokeh's JavaScript inlined.

    Parameters
    ----------
    layout : bokeh LayoutDOM
        The figure or layout returned by a plotting function.
    filename : str | Path
        Output path.
    title : str, optional
        The page title.

    Returns
    -------
    Path
        The path written.

    """
    from bokeh.embed import file_html
    from bokeh.resources import INLINE

    path = Path(filename)
    path.write_text(file_html(layout, resources=INLINE, title=title), encoding="utf-8")
    return path


def frame_source(frame: Any) -> Any:
    """
    A ``ColumnDataSource`` for a DataFrame, without Bokeh's pandas 3 deprecation noise.

    Bokeh 3.9 calls ``reset_index(inplace=True)`` on frames, which pandas 3.1 warns
    about on every plot; the warning is about Bokeh's code, not the caller's.
    """
    import warnings

    from bokeh.models import ColumnDataSource

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*inplace.*", category=Warning)
        return ColumnDataSource(frame)

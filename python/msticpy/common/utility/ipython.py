"""Notebook display helpers; IPython is imported only when one of them runs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .types import export

__all__: list[str] = []

# CSS for the style names `md` accepts.
_STYLES = {
    "bold": "font-weight: bold",
    "italic": "font-style: italic",
    "red": "color: red",
    "green": "color: green",
    "blue": "color: blue",
    "orange": "color: orange",
    "large": "font-size: 130%",
    "heading": "font-size: 200%",
    "outline": "border: solid; padding: 5pt",
}


def _style_text(styles: str | Iterable[str] | None) -> str:
    if styles is None:
        return ""
    names = [s.strip() for s in styles.split(",")] if isinstance(styles, str) else list(styles)
    return ";".join(_STYLES.get(name, "") for name in names)


@export
def md(string: str, styles: str | Iterable[str] | None = None, disp_id: Any = None) -> Any:
    """
    Display ``string`` as HTML with optional styles.

    Parameters
    ----------
    string : str
        The text (may contain HTML).
    styles : str or Iterable[str], optional
        Style names (``bold``, ``italic``, ``red``, ``green``, ``blue``, ``large``,
        ``heading``, ``outline``), as a list or a comma-separated string.
    disp_id : bool or DisplayHandle, optional
        True to return a display handle; a handle to update that display instead.

    Returns
    -------
    DisplayHandle or None
        The handle when ``disp_id`` is True.

    """
    from IPython.display import HTML, DisplayHandle, display

    content = HTML(f"<p style='{_style_text(styles)}'>{string}</p>")
    if disp_id is True:
        return display(content, display_id=True)
    if isinstance(disp_id, DisplayHandle):
        return disp_id.update(content)
    display(content)
    return None


@export
def md_warn(string: str, disp_id: Any = None) -> Any:
    """Display ``string`` as a warning (bold, orange, large, prefixed "Warning:")."""
    return md(f"Warning: {string}", "bold, orange, large", disp_id)


@export
def md_error(string: str, disp_id: Any = None) -> Any:
    """Display ``string`` as an error (bold, red, large, prefixed "Error:")."""
    return md(f"Error: {string}", "bold, red, large", disp_id)


@export
def is_ipython(notebook: bool = False) -> bool:
    """
    Return True when running under IPython (with ``notebook=True``: in a Jupyter kernel).

    Does not import IPython when it has not been imported already: code outside IPython
    cannot be running in it.
    """
    import sys

    if "IPython" not in sys.modules:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return False
    return type(shell).__name__.startswith("ZMQ") if notebook else True


@export
def save_obj_to_cell(obj: Any, var_name: str) -> None:
    """
    Put a new notebook cell below that restores ``obj`` into ``var_name``.

    Parameters
    ----------
    obj : Any
        A picklable object.
    var_name : str
        The variable the new cell assigns.

    Raises
    ------
    TypeError
        If ``obj`` cannot be pickled.

    """
    import pickle  # nosec - only the caller's own object is written into a cell
    from base64 import b64encode

    try:
        payload = b64encode(pickle.dumps(obj))
    except (pickle.PickleError, TypeError, AttributeError) as err:
        raise TypeError(f"Object of type {type(obj)} cannot be pickled.") from err
    cell = (
        "# Restores a saved object into the variable below.\n"
        "import pickle\nfrom base64 import b64decode\n\n"
        f"{var_name} = pickle.loads(b64decode({payload!r}))\n{var_name}\n"
    )
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise RuntimeError("save_obj_to_cell needs a running IPython shell.")
    shell.set_next_input(cell)

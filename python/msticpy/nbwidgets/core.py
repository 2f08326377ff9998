"""
Shared widget plumbing: the registered-widget memory, display mixin and time units.

``RegisteredWidget`` remembers the last instance of each widget class per identity (the
class name plus the identifying constructor values). Creating the same widget again, as
happens when a notebook cell is re-run, copies the remembered attributes (``value`` by
default) from that earlier instance, so values the user entered survive the re-run. The
memory holds weak references only: it never keeps a widget alive by itself.

This module does not import ipywidgets; IPython is imported when something is displayed.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, ClassVar
from weakref import WeakValueDictionary

__all__ = [
    "IPyDisplayMixin",
    "RegisteredWidget",
    "TimeUnit",
    "default_before_after",
    "default_max_buffer",
    "parse_time_unit",
]

#: Last instance of each registered widget, keyed by (class name, *identity values).
_WIDGET_REG: WeakValueDictionary[tuple[str, ...], Any] = WeakValueDictionary()


class RegisteredWidget:
    """
    Base class for widgets whose values survive re-creation with the same arguments.

    Parameters
    ----------
    id_vals : list[Any], optional
        Values that identify this widget (usually constructor arguments). Without them
        the widget is neither registered nor restored.
    val_attrs : list[str], optional
        Attributes copied from the previous instance with the same identity
        (default ``["value"]``).
    nb_params : dict[str, str], optional
        Attribute name -> notebook variable name. When the variable exists in
        ``name_space`` and the attribute is still empty (nothing restored or set), the
        attribute takes the variable's value. ``_NB_PARAMS`` maps public attribute
        names to the internal attribute that is set.
    name_space : dict[str, Any], optional
        Where to look the notebook variables up (usually ``globals()`` of the notebook).
    register : bool, optional
        False skips both the registration and the restore (default True).
    **kwargs
        Ignored, so widgets can pass their own keyword arguments through.

    """

    ALLOWED_KWARGS: ClassVar[list[str]] = [
        "id_vals",
        "val_attrs",
        "nb_params",
        "name_space",
        "register",
    ]
    _NB_PARAMS: ClassVar[dict[str, str]] = {}

    def __init__(
        self,
        id_vals: list[Any] | None = None,
        val_attrs: list[str] | None = None,
        nb_params: dict[str, str] | None = None,
        name_space: dict[str, Any] | None = None,
        register: bool = True,
        **kwargs: Any,
    ) -> None:
        """Restore remembered values, then fill empty attributes from notebook variables."""
        del kwargs
        if register and id_vals:
            key = (type(self).__name__, *(str(val) for val in id_vals))
            previous = _WIDGET_REG.get(key)
            if previous is not None and previous is not self:
                for attr in val_attrs or ["value"]:
                    if hasattr(previous, attr):
                        setattr(self, attr, getattr(previous, attr))
            _WIDGET_REG[key] = self
        if nb_params and name_space:
            for attr, variable in nb_params.items():
                internal = self._NB_PARAMS.get(attr, attr)
                if variable in name_space and not getattr(self, internal, None):
                    setattr(self, internal, name_space[variable])


class IPyDisplayMixin:
    """Display support: ``display()`` and IPython's rich display hook show ``layout``."""

    layout: Any

    def display(self) -> None:
        """Display the widget's layout in the notebook."""
        from IPython.display import display  # keep imports cheap

        display(self.layout)

    def _ipython_display_(self) -> None:
        """Let IPython show the widget when it is a cell's result."""
        self.display()


class TimeUnit(IntEnum):
    """Time units; each member's value is its length in seconds."""

    SECOND = 1
    MINUTE = 60
    HOUR = 3600
    DAY = 86400
    WEEK = 604800


#: Unit by the first letter of its name; anything else is minutes.
_UNIT_LETTERS = {
    "s": TimeUnit.SECOND,
    "m": TimeUnit.MINUTE,
    "h": TimeUnit.HOUR,
    "d": TimeUnit.DAY,
    "w": TimeUnit.WEEK,
}
#: Largest slider magnitude per unit when the caller gives none.
_MAX_BUFFER = {TimeUnit.DAY: 28, TimeUnit.HOUR: 72, TimeUnit.WEEK: 20}
#: Default before/after per unit when the caller gives none.
_BEFORE_AFTER = {TimeUnit.DAY: 1, TimeUnit.WEEK: 1, TimeUnit.HOUR: 6}


def parse_time_unit(unit_str: str) -> TimeUnit:
    """
    Return the time unit named by ``unit_str`` (its first letter decides).

    Parameters
    ----------
    unit_str : str
        ``"second"``, ``"minute"``, ``"hour"``, ``"day"``, ``"week"`` or any prefix
        (case-insensitive).

    Returns
    -------
    TimeUnit
        The unit; unrecognised (or empty) text gives ``TimeUnit.MINUTE``.

    """
    return _UNIT_LETTERS.get(unit_str.casefold()[:1], TimeUnit.MINUTE)


def default_max_buffer(max_default: int | None, default: int, unit: TimeUnit) -> int:
    """
    Return the largest slider magnitude for a unit.

    Parameters
    ----------
    max_default : int, optional
        The caller's maximum (its magnitude is used).
    default : int
        The current value; the maximum is never below four times its magnitude.
    unit : TimeUnit
        The unit (28 days, 72 hours, 20 weeks, otherwise 240 when no maximum is given).

    Returns
    -------
    int
        The maximum.

    """
    floor = abs(int(default * 4))
    if max_default is not None:
        return max(abs(max_default), floor)
    return max(_MAX_BUFFER.get(unit, 240), floor)


def default_before_after(default: int | None, unit: TimeUnit) -> int:
    """
    Return the before/after amount for a unit.

    Parameters
    ----------
    default : int, optional
        The caller's value (its magnitude is used).
    unit : TimeUnit
        The unit (1 day or week, 6 hours, otherwise 60 when no value is given).

    Returns
    -------
    int
        The amount.

    """
    if default is not None:
        return abs(default)
    return _BEFORE_AFTER.get(unit, 60)

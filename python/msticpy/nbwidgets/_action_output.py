"""Updatable display slots for the results of a selection widget's ``action``."""

from __future__ import annotations

import random
from typing import Any


class ActionOutput:
    """
    Show what an ``action`` callback returned, replacing the previous results in place.

    Each returned object gets its own IPython display slot (a ``display_id``); the next
    selection updates the same slots instead of appending below, and a ``None`` result
    blanks them.

    Parameters
    ----------
    owner : str
        Prefix for the display ids (the widget's class name).

    """

    def __init__(self, owner: str) -> None:
        """Create an empty set of display slots."""
        # Random suffix: two widgets of one class in a notebook must not share slots.
        self._prefix = f"{owner}_{random.randint(0, 999_999)}"  # not a secret
        self._slots: list[Any] = []

    def show(self, results: Any) -> None:
        """
        Display ``results`` (one object, or a tuple/list of them); None clears.

        Parameters
        ----------
        results : Any
            What the action returned.

        """
        if results is None:
            self.clear()
            return
        from IPython.display import display  # keep imports cheap

        items = list(results) if isinstance(results, (tuple, list)) else [results]
        for index, item in enumerate(items):
            if index < len(self._slots):
                self._slots[index].update(item)
            else:
                self._slots.append(display(item, display_id=f"{self._prefix}_{index}"))

    def clear(self) -> None:
        """Blank every slot shown so far."""
        if not self._slots:
            return
        from IPython.display import HTML  # keep imports cheap

        for slot in self._slots:
            if slot is not None:
                slot.update(HTML(""))

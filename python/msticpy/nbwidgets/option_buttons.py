"""
``OptionButtons``: a row of buttons, optionally with a count-down to a default choice.

Used synchronously, ``value`` is the caption of the first button clicked (later clicks
are ignored). ``await widget.display_async()`` also starts a count-down of ``timeout``
seconds; when it runs out before a click, ``value`` becomes ``default``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

import ipywidgets as widgets

from .core import IPyDisplayMixin

__all__ = ["OptionButtons"]

#: How often the wait loop looks for a click, in seconds.
_POLL_S = 0.1


class OptionButtons(IPyDisplayMixin):
    """
    Buttons to choose an option from.

    Parameters
    ----------
    description : str, optional
        Text above the buttons (default "Select an option to continue").
    buttons : Iterable[str], optional
        Button captions (default ``["Yes", "No", "Cancel"]``); ``options`` is an alias.
    default : str, optional
        Value taken when the count-down runs out (default: the first caption, casefolded).
    timeout : int, optional
        Count-down in seconds for ``display_async`` (default 0: take ``default`` at once).
    debug : bool, optional
        Write progress notes to an Output widget (default False).
    **kwargs
        ``options``.

    Attributes
    ----------
    value : str | None
        The chosen caption (or ``default`` after a time-out); None until then.

    Raises
    ------
    ValueError
        If ``buttons`` is empty.

    """

    def __init__(
        self,
        description: str | None = "Select an option to continue",
        buttons: Iterable[str] | None = None,
        default: str | None = None,
        timeout: int = 0,
        debug: bool = False,
        **kwargs: Any,
    ) -> None:
        """Create the buttons and wire their click handlers."""
        buttons = buttons or kwargs.pop("options", None)
        captions = ["Yes", "No", "Cancel"] if buttons is None else list(buttons)
        if not captions:
            raise ValueError("OptionButtons needs at least one button.")
        self._buttons = [widgets.Button(description=caption) for caption in captions]
        self._desc_label = widgets.Label(value=description)
        self._timer_label = widgets.Label(layout=widgets.Layout(left="10px"))
        self.default = default or captions[0].casefold()
        self.value: str | None = None
        self.timeout = timeout
        self._completion: Any = None
        self._fut_val: asyncio.Future | None = None
        self._debug = debug
        if debug:
            self._out = widgets.Output()
        self._create_button_callbacks(self._buttons)

    @property
    def layout(self) -> widgets.VBox:
        """Description, then the buttons and the count-down text."""
        return widgets.VBox([self._desc_label, widgets.HBox([*self._buttons, self._timer_label])])

    def _debug_out(self, message: str) -> None:
        if self._debug:
            self._out.append_stdout(message)

    def _create_button_callbacks(self, buttons: list[widgets.Button]) -> None:
        """Make each button record its caption once, then stop listening."""

        def on_click(button: widgets.Button) -> None:
            self.value = button.description
            for each in buttons:
                each.on_click(on_click, remove=True)

        for button in buttons:
            button.on_click(on_click)

    async def _await_widget(self) -> set[asyncio.Task[None]]:
        """Wait for a click or the end of the count-down, whichever comes first."""
        self._debug_out("waiting for a click or the time-out\n")
        self._create_button_callbacks(self._buttons)
        tasks = {
            asyncio.ensure_future(self._wait_for_button_change()),
            asyncio.ensure_future(self._await_timer(self.timeout)),
        }
        done, pending = await asyncio.wait(
            tasks, return_when=asyncio.FIRST_COMPLETED, timeout=self.timeout + 5
        )
        for task in pending:
            task.cancel()
        if self.value is not None and not self._timer_label.value.startswith("Timed out"):
            self._timer_label.value = f"Option selected: '{self.value}'"
        self._completion = done
        self._debug_out(f"finished: value={self.value!r}\n")
        return done

    async def _wait_for_button_change(self) -> None:
        while self.value is None:
            await asyncio.sleep(_POLL_S)

    async def _await_timer(self, timeout: float = 5) -> None:
        """Count down, showing the seconds left; on time-out take the default."""
        remaining = max(timeout, 0)
        while remaining > 0:
            self._timer_label.value = f"Waiting {remaining:g} sec..."
            if self.value:
                self._timer_label.value = f"Option selected: '{self.value}'"
                return
            step = min(1.0, remaining)
            await asyncio.sleep(step)
            remaining -= step
        if self.value:
            self._timer_label.value = f"Option selected: '{self.value}'"
            return
        self.value = self.default
        self._timer_label.value = f"Timed out. Defaulted to '{self.value}'"

    async def display_async(self, reset: bool = False) -> None:
        """
        Display the buttons and start waiting (in the background) for a choice.

        Parameters
        ----------
        reset : bool, optional
            Forget any earlier choice first (default False).

        Notes
        -----
        The wait runs as a task on the running event loop (``_fut_val``); ``value`` is
        set when a button is clicked or the count-down ends.

        """
        from IPython.display import display  # keep imports cheap

        if reset:
            self.value = None
        display(self.layout)
        if self._debug:
            display(self._out)
        self._fut_val = asyncio.ensure_future(self._await_widget())

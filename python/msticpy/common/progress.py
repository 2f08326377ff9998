"""
The library's one progress helper: a ``tqdm.auto`` bar that stays silent for small jobs.

``tqdm.auto`` draws a widget bar in a Jupyter notebook and a text bar in a terminal.
Every call that can take seconds (reading a large audit log, ``msticpy triage``, bulk
threat-intelligence look-ups) reports through :class:`Progress`, so they all look and
behave the same: in automatic mode a bar appears only when the job is large enough to
be worth watching *and* someone can watch it (a notebook, or a terminal on the output
stream), never in logs of batch jobs.

msticpy shows ``tqdm`` bars in a few places with no size threshold; this helper is
beyond msticpy and is not part of its API.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Any, TextIO, TypeVar

T = TypeVar("T")

__all__ = ["Progress", "in_notebook"]


def in_notebook() -> bool:
    """
    Whether the code runs in a Jupyter kernel (where ``tqdm.auto`` draws a widget).

    Returns
    -------
    bool
        True inside an IPython kernel; False in a terminal or a plain script.

    """
    # Only an IPython that is already imported can be running a kernel: checking
    # sys.modules avoids importing IPython (slow) in scripts and the command line.
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and hasattr(shell, "kernel")


class Progress:
    """
    A progress bar for one job of known size, or nothing when it is not worth showing.

    Parameters
    ----------
    total : int
        Size of the job (bytes, items, requests).
    desc : str, optional
        Label shown before the bar.
    unit : str, optional
        Unit of ``total`` (``"B"`` scales to kB/MB).
    show : bool or None, optional
        True: always draw; False: never; None (the default): draw when ``total`` is at
        least ``min_total`` and the output is watched (a notebook, or ``file`` is a
        terminal).
    min_total : int, optional
        Smallest ``total`` that gets a bar in automatic mode (default 0).
    file : TextIO, optional
        Stream of the text bar (default ``sys.stderr``; ignored by the notebook widget).

    Notes
    -----
    Use it as a context manager, or call :meth:`close`. Positions can be given as an
    absolute count (:meth:`advance_to`, handy for byte offsets and native callbacks)
    or as increments (:meth:`update`).

    """

    def __init__(
        self,
        total: int,
        desc: str = "",
        unit: str = "it",
        *,
        show: bool | None = None,
        min_total: int = 0,
        file: TextIO | None = None,
    ) -> None:
        """Create the bar (drawn immediately when it is shown)."""
        stream = file if file is not None else sys.stderr
        if show is None:
            show = total >= min_total and (in_notebook() or _is_terminal(stream))
        self.total = max(int(total), 0)
        self.done = 0
        self._bar: Any = None
        if show:
            from tqdm.auto import tqdm

            self._bar = tqdm(
                total=self.total,
                desc=desc or None,
                unit=unit,
                unit_scale=unit == "B",
                file=stream,
                dynamic_ncols=True,
            )

    @property
    def shown(self) -> bool:
        """Whether a bar is drawn."""
        return self._bar is not None

    def update(self, count: int = 1) -> None:
        """Advance by ``count`` units."""
        self.advance_to(self.done + count)

    def advance_to(self, done: int) -> None:
        """Move to ``done`` units completed (never backwards, never past ``total``)."""
        done = max(int(done), self.done)
        if self.total:
            done = min(done, self.total)
        step = done - self.done
        self.done = done
        if self._bar is not None and step:
            self._bar.update(step)

    def track(self, items: Iterable[T]) -> Iterator[T]:
        """
        Yield ``items``, advancing by one after each; the bar closes when they run out.

        Parameters
        ----------
        items : Iterable
            The work items (``total`` should be their number).

        Yields
        ------
        T
            Each item, in order.

        """
        try:
            for item in items:
                yield item
                self.update()
        finally:
            self.close()

    def close(self) -> None:
        """Finish the bar (a text bar ends its line); safe to call twice."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        """Return the bar."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the bar."""
        self.close()


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        # A closed or non-file stream (e.g. a test's StringIO replacement) is not watched.
        return False

"""``Progress``: a percentage progress bar with a label."""

from __future__ import annotations

import ipywidgets as widgets

from .core import IPyDisplayMixin

__all__ = ["Progress"]


class Progress(IPyDisplayMixin):
    """
    Progress bar showing ``value`` as a percentage of ``completed_len``.

    It is displayed as soon as it is created (visible or hidden), as in msticpy.

    Parameters
    ----------
    completed_len : int
        The value that means 100 %.
    visible : bool, optional
        Start visible (default True).

    """

    def __init__(self, completed_len: int, visible: bool = True) -> None:
        """Build and display the bar."""
        self._completed = 0
        self._total = completed_len
        self._progress = widgets.IntProgress(
            value=0, max=100, description="Progress:", bar_style="info", orientation="horizontal"
        )
        self._done_label = widgets.Label(value="0%")
        if visible:
            self.show()
        else:
            self.hide()
        self.layout = widgets.HBox([self._progress, self._done_label])
        self.display()

    @property
    def value(self) -> int:
        """Progress so far (in the units of ``completed_len``)."""
        return self._completed

    @property
    def max(self) -> int:
        """The value that means 100 %."""
        return self._total

    def update_progress(self, new_total: int = 0, delta: int = 0) -> None:
        """
        Set the progress to ``new_total``, or (when it is 0) add ``delta``.

        Parameters
        ----------
        new_total : int, optional
            New progress value (default 0: use ``delta``).
        delta : int, optional
            Amount to add (default 0).

        Raises
        ------
        ValueError
            If ``completed_len`` is not positive (no percentage can be computed).

        """
        if self._total <= 0:
            raise ValueError(f"Progress needs a positive completed_len, not {self._total}.")
        if new_total:
            self._completed = new_total
        else:
            self._completed += delta
        percent = int(100 * self._completed / self._total)
        self._progress.value = percent  # the bar clamps to 0..100; the label does not
        self._done_label.value = f"{percent}%"

    def show(self) -> None:
        """Make the bar visible."""
        self._set_visibility("visible")

    def hide(self) -> None:
        """Hide the bar (it keeps its place)."""
        self._set_visibility("hidden")

    def _set_visibility(self, visibility: str) -> None:
        self._progress.layout = widgets.Layout(visibility=visibility)
        self._done_label.layout = widgets.Layout(visibility=visibility)

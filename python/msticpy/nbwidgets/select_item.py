"""``SelectItem`` (and the deprecated ``SelectString``): pick one item from a list or dict."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ._action_output import ActionOutput
from .core import IPyDisplayMixin

__all__ = ["SelectItem", "SelectString"]


class SelectItem(IPyDisplayMixin):
    """
    Selection list built from a list of strings or a ``{label: value}`` dict.

    Parameters
    ----------
    description : str, optional
        Label of the list (default "Select an item").
    options : list[str] | dict[str, Any], optional
        The items; for a dict the keys are shown and ``value`` is the selected key's value.
    action : Callable, optional
        Called with ``value`` whenever the selection changes (and on ``display()``);
        what it returns (an object or a tuple/list of them) is displayed below the list.
    value : str, optional
        Item (a list item, a dict key or a dict value) to select first; also the initial
        text of the filter box. Default: the first item.
    **kwargs
        ``item_list`` / ``item_dict`` (classic names of ``options``), ``auto_display``
        (default False), ``height`` (default "100px"), ``width`` (default "50%"),
        ``display_filter`` (show the filter box, default True).

    Attributes
    ----------
    item_action : Callable | None
        The ``action``.

    Raises
    ------
    ValueError
        If no options are given.

    """

    def __init__(
        self,
        description: str = "Select an item",
        options: list[str] | dict[str, Any] | None = None,
        action: Callable[..., tuple | None] | None = None,
        value: str = "",
        **kwargs: Any,
    ) -> None:
        """Build the filter box, the list and the 'Display details' check box."""
        item_list = kwargs.pop("item_list", None)
        item_dict = kwargs.pop("item_dict", None)
        self.options: list[str] | dict[str, Any] = options or item_list or item_dict or []
        if not self.options:
            raise ValueError("No options supplied for SelectItem.")
        auto_display = kwargs.pop("auto_display", False)
        height = kwargs.pop("height", "100px")
        width = kwargs.pop("width", "50%")
        self._display_filter = bool(kwargs.pop("display_filter", True))
        self.def_value = self._initial_value(value)
        self._wgt_select = widgets.Select(
            options=self._get_filtered_options(),
            value=self.def_value,
            description=description,
            layout=widgets.Layout(width=width, height=height),
            style={"description_width": "initial"},
        )
        self._w_display_details = widgets.Checkbox(value=True, description="Display details")
        if self._display_filter:
            self._w_filter = widgets.Text(
                value=self.label, description="Filter:", style={"description_width": "initial"}
            )
            self._w_filter.observe(self._filter_options, names="value")
        self._wgt_select.observe(self._select_item, names="value")
        self.item_action = action
        if action:
            self._w_display_details.observe(self._run_action, names="value")
        self._output = ActionOutput(type(self).__name__)
        if auto_display:
            self.display()

    def _initial_value(self, value: Any) -> Any:
        """Map the requested first selection onto an option value."""
        if isinstance(self.options, dict):
            if value in self.options:
                return self.options[value]
            if value in self.options.values():
                return value
            return next(iter(self.options.values()))
        return value if value in self.options else self.options[0]

    @property
    def layout(self) -> widgets.VBox:
        """Filter box (if shown), list and, with an action, the 'Display details' box."""
        parts: list[widgets.Widget] = [self._w_filter] if self._display_filter else []
        parts.append(self._wgt_select)
        if self.item_action:
            parts.append(self._w_display_details)
        return widgets.VBox(parts)

    @property
    def value(self) -> Any:
        """The selected item (for dict options, the selected key's value)."""
        return self._wgt_select.value

    @value.setter
    def value(self, value: Any) -> None:
        if value in self.options:
            self._wgt_select.label = value
        if isinstance(self.options, dict) and value in self.options.values():
            self._wgt_select.value = value

    @property
    def label(self) -> str | None:
        """The selected item's displayed text."""
        return self._wgt_select.label

    def display(self) -> None:
        """Display the widget, a rule, and the action's result for the current item."""
        super().display()
        from IPython.display import HTML, display  # keep imports cheap

        display(HTML("<hr>"))
        self._show_top_item()

    def _get_filtered_options(self, substring: str = "") -> list[Any]:
        """Options whose text contains ``substring`` (case-insensitive)."""
        wanted = substring.casefold()
        if isinstance(self.options, dict):
            return [(lab, val) for lab, val in self.options.items() if wanted in lab.casefold()]
        return [item for item in self.options if wanted in item.casefold()]

    def _filter_options(self, change: Any) -> None:
        if change is not None and "new" in change:
            self._wgt_select.options = self._get_filtered_options(change["new"])

    def _select_item(self, change: Any) -> None:
        del change
        if self.item_action is not None:
            self._run_action()

    def _show_top_item(self) -> None:
        if self.item_action is not None and self.value is not None:
            self._run_action()

    def _run_action(self, change: Any = None) -> None:
        """Run the action on the current value (if 'Display details' is ticked)."""
        del change
        if self.item_action is None:
            return
        results = self.item_action(self.value) if self._w_display_details.value else None
        self._output.show(results)


class SelectString(SelectItem):
    """
    Deprecated: use ``SelectItem``. The action's output goes to an Output widget.

    Parameters
    ----------
    description : str, optional
        Label of the list (default "Select an item").
    item_list : list[str], optional
        The items.
    action : Callable, optional
        Called with the selected value; it prints or displays into the output area.
    item_dict : dict[str, str], optional
        ``{label: value}`` items (used when ``item_list`` is empty).
    auto_display : bool, optional
        Display the widget at once (default False).
    height : str, optional
        List height (default "100px").
    width : str, optional
        List width (default "50%").
    display_filter : bool, optional
        Show the filter box (default True).

    """

    def __init__(
        self,
        description: str = "Select an item",
        item_list: list[str] | None = None,
        action: Callable[..., None] | None = None,
        item_dict: dict[str, str] | None = None,
        auto_display: bool = False,
        height: str = "100px",
        width: str = "50%",
        display_filter: bool = True,
    ) -> None:
        """Warn that the class is deprecated and build a ``SelectItem``."""
        warnings.warn(
            "SelectString is deprecated: use SelectItem.", DeprecationWarning, stacklevel=2
        )
        self._w_output = widgets.Output(layout={"border": "1px solid black"})
        super().__init__(
            description=description,
            item_list=item_list,
            item_dict=item_dict,
            action=action,
            auto_display=auto_display,
            height=height,
            width=width,
            display_filter=display_filter,
        )

    def _run_action(self, change: Any = None) -> None:
        del change
        if self.item_action is None:
            return
        self._w_output.clear_output()
        with self._w_output:
            self.item_action(self.value)

    def display(self) -> None:
        """Display the filter, the list and (with an action) the output area."""
        from IPython.display import display  # keep imports cheap

        self._show_top_item()
        parts: list[widgets.Widget] = [self._w_filter] if self._display_filter else []
        parts.append(self._wgt_select)
        if self.item_action:
            parts.append(self._w_output)
        display(widgets.VBox(parts))

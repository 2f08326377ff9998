"""``SelectSubset``: move items between a source list and a selected list."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .core import IPyDisplayMixin

__all__ = ["SelectSubset"]


def _as_items(items: dict[str, Any] | list[Any]) -> list[Any]:
    """A dict becomes its ``(label, value)`` pairs; a list is kept."""
    return list(items.items()) if isinstance(items, dict) else list(items)


class SelectSubset(IPyDisplayMixin):
    """
    Two lists with Add/Remove buttons for choosing a subset of the source items.

    Parameters
    ----------
    source_items : dict[str, str] | list[Any]
        The items: a ``{label: value}`` dict, a list of values or a list of
        ``(label, value)`` tuples. Shown sorted, without duplicates.
    default_selected : dict[str, str] | list[Any], optional
        Items to start in the selected list (only those also in ``source_items``).
    display_filter : bool, optional
        Show a filter box above the source list (default True).
    auto_display : bool, optional
        Display the widget at once (default True).

    Raises
    ------
    ValueError
        If ``source_items`` is empty.

    """

    def __init__(
        self,
        source_items: dict[str, str] | list[Any],
        default_selected: dict[str, str] | list[Any] | None = None,
        display_filter: bool = True,
        auto_display: bool = True,
    ) -> None:
        """Build the two lists, the four buttons and the optional filter box."""
        items = _as_items(source_items)
        if not items:
            raise ValueError("SelectSubset needs at least one source item.")
        self.src_items = sorted(set(items))
        # Lists of (label, value) pairs: the widgets return values, so keep the way back.
        self._src_dict: dict[Any, tuple[Any, Any]] = (
            {pair[1]: pair for pair in self.src_items}
            if isinstance(self.src_items[0], tuple)
            else {}
        )
        box = widgets.Layout(width="40%", height="200px")
        self._source_list = widgets.SelectMultiple(
            options=list(self.src_items), layout=box, description="Source: "
        )
        wanted = set(_as_items(default_selected)) if default_selected else set()
        self._select_list = widgets.SelectMultiple(
            options=sorted(wanted.intersection(items)), layout=box, description="Selected: "
        )
        self._display_filter = display_filter
        if display_filter:
            self._w_filter = widgets.Text(
                value="", description="Filter:", style={"description_width": "initial"}
            )
            self._w_filter.observe(self._update_options, names="value")
        self._b_add_all = widgets.Button(description="Add All \u21fe")
        self._b_add = widgets.Button(description="Add \u21fe")
        self._b_del = widgets.Button(description="\u21fd Remove")
        self._b_del_all = widgets.Button(description="\u21fd Remove All")
        self._b_add_all.on_click(self._on_btn_add_all)
        self._b_add.on_click(self._on_btn_add)
        self._b_del.on_click(self._on_btn_del)
        self._b_del_all.on_click(self._on_btn_del_all)
        buttons = widgets.VBox([self._b_add_all, self._b_add, self._b_del, self._b_del_all])
        lists = widgets.HBox([self._source_list, buttons, self._select_list])
        self.layout: widgets.Box = (
            widgets.VBox([self._w_filter, lists]) if display_filter else lists
        )
        if auto_display:
            self.display()

    @property
    def value(self) -> list[Any]:
        """The selected values (see ``selected_values``)."""
        return self.selected_values

    @property
    def selected_items(self) -> list[Any]:
        """The items in the selected list (``(label, value)`` tuples for pair input)."""
        return list(self._select_list.options)

    @property
    def selected_values(self) -> list[Any]:
        """The values of the selected items."""
        items = self.selected_items
        if items and isinstance(items[0], tuple):
            return [item[1] for item in items]
        return items

    def _item(self, value: Any) -> Any:
        """The list entry for a value returned by a list widget."""
        return self._src_dict[value] if self._src_dict else value

    def _update_options(self, change: Any) -> None:
        """Show only the source items whose text contains the filter text."""
        if change is None or "new" not in change:
            return
        wanted = str(change["new"]).lower()
        self._source_list.options = sorted(
            {item for item in self.src_items if wanted in str(item).lower()}
        )

    def _on_btn_add(self, button: Any) -> None:
        del button
        chosen = set(self._select_list.options)
        chosen.update(self._item(value) for value in self._source_list.value)
        self._select_list.options = sorted(chosen)

    def _on_btn_add_all(self, button: Any) -> None:
        del button
        self._select_list.options = sorted(set(self._source_list.options))

    def _on_btn_del(self, button: Any) -> None:
        """Remove the highlighted items and highlight the item after them."""
        del button
        highlighted = self._select_list.index
        if not highlighted:
            return  # nothing highlighted: nothing to remove
        position = max(highlighted)
        remaining = set(self._select_list.options)
        remaining.difference_update(self._item(value) for value in self._select_list.value)
        self._select_list.options = sorted(remaining)
        count = len(self._select_list.options)
        if count:
            self._select_list.index = (min(position, count - 1),)

    def _on_btn_del_all(self, button: Any) -> None:
        del button
        self._select_list.options = []

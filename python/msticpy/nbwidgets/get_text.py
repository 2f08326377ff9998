"""``GetText``: a remembered text box."""

from __future__ import annotations

from typing import Any, ClassVar

import ipywidgets as widgets

from .core import IPyDisplayMixin, RegisteredWidget

__all__ = ["GetText"]


class GetText(RegisteredWidget, IPyDisplayMixin):
    """
    Text box whose value survives re-running the cell that created it.

    Parameters
    ----------
    default : str, optional
        Initial text.
    description : str, optional
        Label (default "Enter the value: "); ``prompt`` is an alias.
    auto_display : bool, optional
        Display the widget at once (default False).
    **kwargs
        ``prompt``, ``value`` (initial text when ``default`` is empty), ``width``
        (default "50%"), ``description_width`` (default "initial") and the
        ``RegisteredWidget`` arguments.

    """

    _NB_PARAMS: ClassVar[dict[str, str]] = {"value": "_value"}

    def __init__(
        self,
        default: str | None = None,
        description: str = "Enter the value: ",
        auto_display: bool = False,
        **kwargs: Any,
    ) -> None:
        """Build the text box and restore a remembered value."""
        self._value = default
        description = kwargs.pop("prompt", description)
        self._w_text = widgets.Text(
            value=default or kwargs.pop("value", ""),
            description=description,
            layout=widgets.Layout(width=kwargs.pop("width", "50%")),
            style={"description_width": kwargs.pop("description_width", "initial")},
        )
        super().__init__(id_vals=[default, description], val_attrs=["value"], **kwargs)
        if auto_display:
            self.display()

    @property
    def layout(self) -> widgets.Text:
        """The text box."""
        return self._w_text

    @property
    def value(self) -> str:
        """The text, stripped of surrounding white space."""
        return str(self._w_text.value).strip()

    @value.setter
    def value(self, value: Any) -> None:
        self._w_text.value = value if isinstance(value, str) else str(value)

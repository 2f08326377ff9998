"""``GetEnvironmentKey``: read, edit and save an environment variable (an API key, say)."""

from __future__ import annotations

import os
from typing import Any, ClassVar

import ipywidgets as widgets

from .core import IPyDisplayMixin, RegisteredWidget

__all__ = ["GetEnvironmentKey"]


class GetEnvironmentKey(RegisteredWidget, IPyDisplayMixin):
    """
    Text box for an environment variable, with a Set button that writes it back.

    The box starts with the variable's current value, else the value remembered from an
    earlier instance for the same variable. "Set" stores the text in ``os.environ`` when
    "Save as environment var" is ticked (the default). The value is never part of the
    object's ``repr``.

    Parameters
    ----------
    env_var : str
        Name of the environment variable.
    help_str : str, optional
        HTML displayed when there is no value yet.
    description : str, optional
        Label (default "Enter the value: "); ``prompt`` is an alias.
    auto_display : bool, optional
        Display the widget at once (default False).
    **kwargs
        ``prompt`` and the ``RegisteredWidget`` arguments.

    """

    _NB_PARAMS: ClassVar[dict[str, str]] = {"value": "_value"}

    def __init__(
        self,
        env_var: str,
        help_str: str | None = None,
        description: str = "Enter the value: ",
        auto_display: bool = False,
        **kwargs: Any,
    ) -> None:
        """Take the variable's value (or a remembered one) and build the controls."""
        current = os.environ.get(env_var)
        self._name = env_var
        self._value = ""
        description = kwargs.pop("prompt", description)
        super().__init__(id_vals=[env_var, description], val_attrs=["_value"], **kwargs)
        if current is not None:
            self._value = current  # the environment wins over a remembered value
        if not self._value and help_str is not None:
            from IPython.display import display  # keep imports cheap

            display(widgets.HTML(value=help_str))
        self._w_text = widgets.Text(
            value=self._value,
            description=description,
            layout=widgets.Layout(width="50%"),
            style={"description_width": "initial"},
        )
        self._w_save_button = widgets.Button(description="Set", layout=widgets.Layout(width="10%"))
        self._w_check_save = widgets.Checkbox(value=True, description="Save as environment var")
        self._w_save_button.on_click(self._on_save_button_clicked)
        self._hbox = widgets.HBox([self._w_text, self._w_save_button, self._w_check_save])
        if auto_display:
            self.display()

    def __repr__(self) -> str:
        """Name the variable only: the value may be a secret."""
        return f"{type(self).__name__}(env_var={self._name!r})"

    @property
    def value(self) -> str:
        """The text in the box, stripped of surrounding white space."""
        self._value = self._w_text.value or ""
        return self._value.strip()

    @property
    def name(self) -> str:
        """The environment variable's name."""
        return self._name

    @property
    def layout(self) -> widgets.HBox:
        """Text box, Set button and save check box."""
        return self._hbox

    def _on_save_button_clicked(self, button: Any) -> None:
        del button
        value = self.value
        if self._w_check_save.value:
            os.environ[self._name] = value

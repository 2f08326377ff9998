"""
``SelectAlert`` (and the deprecated ``AlertSelector``): browse alerts and pick one.

The list shows one line per alert (time, the display columns, joined by " - "), oldest
first, with a title filter above it. The selected alert is a ``SecurityAlert`` built from
its row (JSON ``Entities``/``ExtendedProperties`` text decoded first, as msticpy does);
it supports the row's ``alert["Column"]`` look-ups as well as the entity helpers.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import pandas as pd

from ..nbtools.security_alert import SecurityAlert
from ._action_output import ActionOutput
from .core import IPyDisplayMixin

__all__ = ["AlertSelector", "SelectAlert"]


def _decoded_row(row: pd.Series) -> pd.Series:
    """Copy of ``row`` with JSON text in ``ExtendedProperties``/``Entities`` decoded."""
    row = row.copy()
    for column in ("ExtendedProperties", "Entities"):
        if column in row.index and isinstance(row[column], str):
            try:
                row[column] = json.loads(row[column])
            except json.JSONDecodeError:
                pass  # left as text, as msticpy does
    return row


class SelectAlert(IPyDisplayMixin):
    """
    Alert selector.

    Parameters
    ----------
    alerts : pd.DataFrame
        The alerts (``SecurityAlert`` table rows).
    action : Callable, optional
        Called with the selected alert on each selection (and on ``display()``); what it
        returns (an object or a tuple/list of them) is displayed below the list.
    columns : list[str], optional
        Columns summarising each alert (default ``["AlertName", "ProductName"]``); the
        ones missing from ``alerts`` are skipped.
    auto_display : bool, optional
        Display the widget at once (default False).
    id_col : str, optional
        Column holding the alert id (default "SystemAlertId").
    **kwargs
        ``time_col`` (default "TimeGenerated"; ignored when not a column) and
        ``default_alert`` (id of the alert selected first).

    Attributes
    ----------
    selected_alert : SecurityAlert | None
        The selected alert.
    alert_id : str | None
        Its id.
    alerts : pd.DataFrame
        The alerts.
    alert_action : Callable | None
        The ``action``.

    Raises
    ------
    ValueError
        If none of ``columns`` is in ``alerts``.

    """

    def __init__(
        self,
        alerts: pd.DataFrame,
        action: Callable[..., tuple | None] | None = None,
        columns: list[str] | None = None,
        auto_display: bool = False,
        id_col: str = "SystemAlertId",
        **kwargs: Any,
    ) -> None:
        """Build the option list, the filter box and (with an action) the details box."""
        self.alerts = alerts
        self.alert_action = action
        self.id_col = id_col
        time_col = kwargs.get("time_col", "TimeGenerated")
        self.time_col = time_col if time_col in alerts.columns else "TimeGenerated"
        self.default_alert: str | None = kwargs.get("default_alert")
        columns = columns or ["AlertName", "ProductName"]
        self.disp_columns = list(dict.fromkeys(col for col in columns if col in alerts.columns))
        if not self.disp_columns:
            raise ValueError(f"Display columns {','.join(columns)} not found in alerts.")
        self._select_items = self._get_select_options(
            alerts, self.time_col, self.id_col, self.disp_columns
        )
        self._listed = self._select_items  # the options currently in the list
        self.selected_alert: SecurityAlert | None = None
        self.alert_id: str | None = None
        self._w_select_alert = widgets.Select(
            options=self._select_items,
            value=self.default_alert,
            description="Select alert :",
            layout=widgets.Layout(width="95%", height="300px"),
            style={"description_width": "initial"},
        )
        self._w_filter_alerts = widgets.Text(
            description="Filter alerts by title:", style={"description_width": "initial"}
        )
        self._output = ActionOutput(type(self).__name__)
        self._w_filter_alerts.observe(self._update_options, names="value")
        self._w_select_alert.observe(self._select_alert, names="value")
        self._w_display_details = widgets.Checkbox(value=True, description="Display details")
        parts: list[widgets.Widget] = [self._w_filter_alerts, self._w_select_alert]
        if action:
            self._w_display_details.observe(self._run_action, names="value")
            parts.append(self._w_display_details)
        self.layout = widgets.VBox(parts)
        if auto_display:
            self.display()

    @property
    def value(self) -> SecurityAlert | None:
        """The selected alert."""
        return self.selected_alert

    def display(self) -> None:
        """Display the widget and select the first (or the default) alert."""
        super().display()
        self._select_top_alert()

    @staticmethod
    def _get_select_options(
        data: pd.DataFrame, time_col: str, id_col: str, columns: list[str]
    ) -> dict[str, Any]:
        """``{summary text: alert id}``, oldest alert first."""
        shown = list(dict.fromkeys([time_col, *columns]))
        ordered = data.sort_values(time_col, ascending=True, kind="stable")
        options: dict[str, Any] = {}
        for alert_id, values in zip(
            ordered[id_col], ordered[shown].itertuples(index=False, name=None), strict=True
        ):
            options[" - ".join(str(val) for val in values)] = alert_id
        return options

    def _update_options(self, change: Any) -> None:
        """Keep the alerts whose summary contains the filter text."""
        if change is None or "new" not in change:
            return
        wanted = change["new"].casefold()
        self._listed = {
            text: alert_id
            for text, alert_id in self._select_items.items()
            if wanted in text.casefold()
        }
        self._w_select_alert.options = self._listed

    def _select_alert(self, change: Any = None) -> None:
        """List selection changed."""
        new = change["new"] if change is not None and "new" in change else None
        if not isinstance(new, str):
            self.selected_alert = None
            return
        self._choose(new)

    def _choose(self, alert_id: str) -> None:
        self.alert_id = alert_id
        self.selected_alert = self._get_alert(alert_id)
        if self.alert_action is not None:
            self._run_action()

    def _get_alert(self, alert_id: str) -> SecurityAlert | None:
        """The alert with ``alert_id`` (the first such row), or None."""
        self.alert_id = alert_id
        rows = self.alerts[self.alerts[self.id_col] == alert_id]
        if rows.empty:
            return None
        return SecurityAlert(_decoded_row(rows.iloc[0]))

    def _select_top_alert(self) -> None:
        """Select the default alert, else the first row, in the list and as the value."""
        if self.alerts.empty:
            return
        top_id = self.default_alert or self.alerts.iloc[0][self.id_col]
        listed = set(self._listed.values())
        if top_id in listed and self._w_select_alert.value != top_id:
            self._w_select_alert.value = top_id  # the observer selects and runs the action
        else:
            self._choose(top_id)

    def _run_action(self, change: Any = None) -> None:
        """Run the action on the selected alert (if 'Display details' is ticked)."""
        del change
        if self.alert_action is None:
            return
        show = self._w_display_details.value
        self._output.show(self.alert_action(self.selected_alert) if show else None)


class AlertSelector(SelectAlert):
    """
    Deprecated: use ``SelectAlert``. The action's output goes to an Output widget.

    Parameters
    ----------
    alerts : pd.DataFrame
        The alerts.
    action : Callable, optional
        Called with the selected alert; it prints or displays into the output area.
    columns : list[str], optional
        Summary columns (see ``SelectAlert``).
    auto_display : bool, optional
        Display the widget at once (default False).

    """

    def __init__(
        self,
        alerts: pd.DataFrame,
        action: Callable[..., None] | None = None,
        columns: list[str] | None = None,
        auto_display: bool = False,
    ) -> None:
        """Warn that the class is deprecated and build a ``SelectAlert``."""
        warnings.warn(
            "AlertSelector is deprecated: use SelectAlert.", DeprecationWarning, stacklevel=2
        )
        self._w_output = widgets.Output(layout={"border": "1px solid black"})
        super().__init__(alerts=alerts, action=action, columns=columns, auto_display=auto_display)

    def display(self) -> None:
        """Select the top alert and display the filter, the list and the output area."""
        from IPython.display import display  # keep imports cheap

        self._select_top_alert()
        display(widgets.VBox([self._w_filter_alerts, self._w_select_alert, self._w_output]))

    def _run_action(self, change: Any = None) -> None:
        del change
        if self.alert_action is None:
            return
        self._w_output.clear_output()
        with self._w_output:
            self.alert_action(self.selected_alert)

    @property
    def query_params(self) -> dict[str, Any]:
        """Query parameters from the selected alert: ``{"provider_alert_id": alert_id}``."""
        return {"provider_alert_id": self.alert_id}

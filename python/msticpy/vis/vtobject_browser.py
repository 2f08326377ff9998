"""
VirusTotal file object browser (msticpy 3.x ``vis.vtobject_browser``).

``VTObjectBrowser`` looks a file hash up with ``VTLookupV3.get_object`` and shows a summary
(id, names, file type) and every attribute of the object in a list with its value beside.

Differences from msticpy (docs/threat_intel.md, "VirusTotal clients"): values shown in the
summary are HTML-escaped (VirusTotal data is third-party text); a summary field the object
lacks is shown empty (msticpy raises ``KeyError`` when, say, ``magic`` is missing); dates
are converted once (``get_object`` already returns timestamps); ``vt_key`` may be given
(msticpy always reads it from the settings).
"""

from __future__ import annotations

import pprint
from html import escape
from typing import Any

import ipywidgets as widgets
import pandas as pd

from .._version import VERSION
from ..context.vtlookupv3.vtlookupv3 import VTLookupV3
from ..nbwidgets.core import IPyDisplayMixin

__version__ = VERSION
__author__ = "Ian Hellen"

_NOT_FOUND = "Not found"
_SUMMARY_FIELDS = ("sha256", "meaningful_name", "names", "magic")


def _border_layout() -> widgets.Layout:
    return widgets.Layout(width="90%", border="solid gray 1px", margin="1pt", padding="5pt")


class VTObjectBrowser(IPyDisplayMixin):
    """VirusTotal object attributes browser."""

    _BASIC_TITLE = "VirusTotal File hash lookup"

    def __init__(self, file_id: str | None = None, vt_key: str | None = None) -> None:
        """
        Create the browser (and look ``file_id`` up if given).

        Parameters
        ----------
        file_id : str, optional
            File id (hash) to show.
        vt_key : str, optional
            VirusTotal API key; by default the VirusTotal ``AuthKey`` of the settings.

        """
        self._vt = VTLookupV3(vt_key)
        self._current_data: pd.DataFrame = pd.DataFrame()
        self.data_sel = widgets.Select(
            description="Attribute", layout=widgets.Layout(height="400px")
        )
        self.data_view = widgets.Textarea(
            description="Value", layout=widgets.Layout(height="400px", width="60%")
        )
        self.data_sel.observe(self._display_attribute, names="value")
        self.txt_file_id = widgets.Text(
            description="Enter file ID (hash)",
            layout=widgets.Layout(width="70%"),
            style={"description_width": "150px"},
            value=file_id or "",
        )
        self.btn_lookup = widgets.Button(description="Lookup")
        self.btn_lookup.on_click(self._lookup_file_id)
        self.html_header = widgets.HTML(
            _summary_html(self._BASIC_TITLE, _extract_summary()), layout=_border_layout()
        )
        self.hb_file_lookup = widgets.HBox(
            [self.txt_file_id, self.btn_lookup], layout=_border_layout()
        )
        self.hb_vt_attribs = widgets.HBox([self.data_sel, self.data_view], layout=_border_layout())
        self.layout = widgets.VBox([self.html_header, self.hb_file_lookup, self.hb_vt_attribs])
        if file_id:
            self.btn_lookup.click()

    def _display_attribute(self, change: dict[str, Any]) -> None:
        """Show the selected attribute's value."""
        item = change.get("new")
        if item in self._current_data.columns:
            self.data_view.value = pprint.pformat(self._current_data[item].iloc[0])
        else:
            self.data_view.value = ""

    def _lookup_file_id(self, btn: Any) -> None:
        """Look the entered id up and fill the summary and attribute list."""
        del btn
        self._current_data = self._vt.get_object(self.txt_file_id.value, vt_type="file")
        self.html_header.value = _summary_html(
            self._BASIC_TITLE, _extract_summary(self._current_data)
        )
        if _not_found(self._current_data):
            self.data_sel.options = []
            return
        self.data_sel.options = list(self._current_data.columns)


def _not_found(data: pd.DataFrame) -> bool:
    return (
        "first_submission_date" not in data.columns
        or data.iloc[0]["first_submission_date"] == _NOT_FOUND
    )


def _extract_summary(data: pd.DataFrame | None = None) -> dict[str, Any]:
    """Return the summary fields of a file object ("" where absent)."""
    summary: dict[str, Any] = dict.fromkeys(_SUMMARY_FIELDS, "")
    if data is None:
        return summary
    if _not_found(data):
        summary["sha256"] = _NOT_FOUND
        return summary
    row = data.iloc[0]
    summary.update({name: row[name] for name in _SUMMARY_FIELDS if name in data.columns})
    return summary


def _summary_html(title: str, summary: dict[str, Any]) -> str:
    """Return the summary table as HTML (values escaped)."""
    cells = (
        ("ID", summary.get("sha256")),
        ("Names", summary.get("names")),
        ("File Type", summary.get("magic")),
    )
    rows = "".join(
        f"<tr><td>{name}</td><td>{escape(str(value))}</td></tr>" for name, value in cells
    )
    return f"<h3>{escape(title)}</h3><table>{rows}</table>"

"""
Browser widget over threat-intelligence results (msticpy 3.x ``vis.ti_browser``).

One list entry per observable/type/severity, naming the providers that reported it;
selecting one shows each provider's details, reference and raw answer.

Deliberate difference: every value shown is HTML-escaped (answers come from remote
servers; msticpy inserts them into the page as they are).
"""

from __future__ import annotations

import html
import pprint
from collections.abc import Callable
from typing import Any

import pandas as pd

from .._version import VERSION

__version__ = VERSION

_DEFAULT_SEVERITIES = ["warning", "high"]
_ALL_SEVERITIES = ["information", "warning", "high"]


def browse_results(
    data: pd.DataFrame, severities: list[str] | str | None = None, *, height: str = "300px"
) -> Any:
    """
    Return a ``SelectItem`` browser over TI results.

    Parameters
    ----------
    data : pd.DataFrame
        Results of ``TILookup.lookup_iocs``.
    severities : list[str] | str, optional
        Severities to list (default warning and high; "all" for every one). If none
        match, information results are listed instead.
    height : str, optional
        Height of the list, by default "300px".

    Returns
    -------
    SelectItem
        The widget.

    Raises
    ------
    ValueError
        If ``data`` is empty or not a DataFrame.

    """
    if not isinstance(data, pd.DataFrame) or data.empty:
        raise ValueError("'data' parameter is empty or is not a dataframe.")
    from ..nbwidgets.select_item import SelectItem

    opts = get_ti_select_options(data, severities)
    if not opts:
        print("No results at TI Severities 'warning' or 'high'")
        print("Displaying only 'information' severity items.")
        opts = get_ti_select_options(data, "all")
    return SelectItem(item_dict=opts, action=ti_details_display(data), height=height)


def _severity_list(severities: list[str] | str | None) -> list[str]:
    if not severities:
        return list(_DEFAULT_SEVERITIES)
    if severities == "all":
        return list(_ALL_SEVERITIES)
    return [severities] if isinstance(severities, str) else list(severities)


def get_ti_select_options(
    ti_data: pd.DataFrame, severities: list[str] | str | None = None
) -> dict[str, tuple[str, list[str]]]:
    """Return list labels -> (observable, providers) for the chosen severities."""
    wanted = ti_data[ti_data["Severity"].isin(_severity_list(severities))]
    options: dict[str, tuple[str, list[str]]] = {}
    for (ioc, ioc_type, severity), group in wanted.groupby(
        ["Ioc", "IocType", "Severity"], sort=True
    ):
        providers = list(dict.fromkeys(group["Provider"]))
        label = f"{ioc:<40} type: {ioc_type:<10}  (sev: {severity})  providers: {providers}"
        options[label] = (str(ioc), providers)
    return options


def ti_details_display(ti_data: pd.DataFrame) -> Callable[[tuple[str, list[str]]], Any]:
    """Return the function that renders one observable's results as HTML."""

    def get_ti_details(ioc_prov: tuple[str, list[str]]) -> Any:
        from IPython.display import HTML

        ioc, providers = ioc_prov
        parts = [f"<h2>{html.escape(ioc)}</h2>"]
        for prov in providers:
            match = ti_data[(ti_data["Ioc"] == ioc) & (ti_data["Provider"] == prov)]
            if match.empty:
                continue
            row = match.iloc[0]
            parts.append(
                f"<h3>Type: '{html.escape(str(row.IocType))}', Provider: {html.escape(prov)}, "
                f"severity: {html.escape(str(row.Severity))}</h3><h4>Details</h4>"
            )
            parts.append(_detail_table(row.Details))
            ref = html.escape(str(row.Reference))
            parts.append(f"<h4>Reference: </h4><a href='{ref}'>{ref}</a><br><hr>")
            parts.append(raw_results(row.RawResult))
        return HTML("".join(parts))

    return get_ti_details


def raw_results(raw_result: Any) -> str:
    """Return a collapsible, escaped, pre-formatted view of a raw answer."""
    text = html.escape(pprint.pformat(raw_result))
    return (
        "<details><summary><u>Raw results from provider...</u></summary>"
        f"<pre style='font-size:11px'>{text}</pre></details>"
    )


def _detail_table(details: Any) -> str:
    if not isinstance(details, dict):
        return html.escape(str(details))
    return "<table>" + "".join(_rows(details)) + "</table>"


def _rows(details: dict[Any, Any]) -> list[str]:
    rows: list[str] = []
    # Nested dicts are flattened iteratively (no recursion controlled by server data).
    stack: list[tuple[int, Any, Any]] = [(0, k, v) for k, v in reversed(list(details.items()))]
    while stack:
        depth, key, value = stack.pop()
        indent = "&nbsp;" * 4 * depth
        if isinstance(value, dict):
            rows.append(f"<tr><td>{indent}{html.escape(str(key))}</td><td></td></tr>")
            stack.extend((depth + 1, k, v) for k, v in reversed(list(value.items())))
        else:
            rows.append(
                f"<tr><td>{indent}{html.escape(str(key))}</td>"
                f"<td>{html.escape(str(value))}</td></tr>"
            )
    return rows

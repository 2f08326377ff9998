"""
Notebook display helpers (msticpy 3.x ``msticpy.vis.nbdisplay``).

The classic path ``msticpy.nbtools.nbdisplay`` is this module.

``format_alert``/``display_alert`` show a security alert, ``format_logon``/
``display_logon_data`` show Windows or Linux logon events as an HTML table, and
``display_process_tree`` shows a process tree (msticpy 0.8's alert-tree frames with
``NodeRole``/``Level`` columns as indented HTML, anything else as the Bokeh tree plot).
The plotting functions are re-exported as in msticpy.

Alerts: an object with a ``to_html(show_entities=...)`` method (msticpy's
``SecurityAlert``) is rendered by that method; a pandas Series or a plain dict of alert
properties (``AlertDisplayName``, ``StartTimeUtc``, ``CompromisedEntity``,
``SystemAlertId``, ...) is shown as a heading plus a one-column table. Every value put
into HTML here is escaped, so event text cannot inject markup or script.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import pandas as pd

from .._version import VERSION
from .process_tree import build_and_show_process_tree, plot_process_tree
from .timeline import display_timeline
from .timeline_duration import display_timeline_duration
from .timeline_values import display_timeline_values

__version__ = VERSION
__all__ = [
    "build_and_show_process_tree",
    "display_alert",
    "display_logon_data",
    "display_process_tree",
    "display_timeline",
    "display_timeline_duration",
    "display_timeline_values",
    "exec_remaining_cells",
    "format_alert",
    "format_logon",
    "plot_process_tree",
]

_WIN_LOGON_TYPE_MAP = {
    0: "Unknown",
    2: "Interactive",
    3: "Network",
    4: "Batch",
    5: "Service",
    7: "Unlock",
    8: "NetworkCleartext",
    9: "NewCredentials",
    10: "RemoteInteractive",
    11: "CachedInteractive",
}
_WINDOWS_SID = {
    "S-1-0-0": "Null SID",
    "S-1-5-18": "LOCAL_SYSTEM",
    "S-1-5-19": "LOCAL_SERVICE",
    "S-1-5-20": "NETWORK_SERVICE",
}
_LOGON_STYLE = """
    <style>
        .table_logon {border-collapse: collapse; width: 50%;}
        .cell_logon {border: 1px solid #ddd !important;
            text-align: left !important; padding: 15px !important;}
    </style>
    """


def _esc(value: Any) -> str:
    """A value as escaped HTML text."""
    return html.escape(str(value), quote=True)


class _HTMLText:
    """Stand-in for ``IPython.display.HTML`` when IPython is not installed."""

    def __init__(self, data: str) -> None:
        self.data = data

    def _repr_html_(self) -> str:
        return self.data


def _html(text: str) -> Any:
    """An object notebooks render as HTML (``IPython.display.HTML`` when available)."""
    try:
        from IPython.display import HTML
    except ImportError:
        return _HTMLText(text)
    return HTML(text)


def _display(obj: Any) -> None:
    """``IPython.display.display`` when IPython is installed (a no-op otherwise)."""
    try:
        from IPython.display import display
    except ImportError:
        return
    display(obj)


def _alert_mapping(alert: Any) -> Mapping[str, Any] | None:
    if isinstance(alert, pd.Series):
        return {str(key): value for key, value in alert.items()}
    if isinstance(alert, Mapping):
        return alert
    return None


def format_alert(alert: Any, show_entities: bool = False) -> Any:
    """
    Return a displayable form of a security alert.

    Parameters
    ----------
    alert : SecurityAlert | pd.Series | Mapping
        An alert object with ``to_html`` (msticpy's ``SecurityAlert``), or the alert's
        properties as a pandas Series or a dict.
    show_entities : bool, optional
        Passed to ``to_html`` (include the alert's entities), by default False.

    Returns
    -------
    IPython.display.HTML | pd.DataFrame
        ``HTML`` for alert objects; for a Series or dict, a one-column DataFrame of its
        properties (as msticpy returns for a Series).

    Raises
    ------
    ValueError
        If the alert is of another type.

    """
    if hasattr(alert, "to_html") and not isinstance(alert, (pd.Series, pd.DataFrame)):
        return _html(alert.to_html(show_entities=show_entities))
    if isinstance(alert, pd.Series):
        return pd.DataFrame(alert)
    if isinstance(alert, Mapping):
        return pd.DataFrame(pd.Series(dict(alert), dtype=object), columns=[0])
    raise ValueError(f"Unrecognized alert object type {type(alert)}")


def alert_heading(alert: Mapping[str, Any]) -> str:
    """An escaped HTML heading: alert name, start time, compromised entity and ID."""
    return (
        f"<h3>Alert: '{_esc(alert.get('AlertDisplayName', ''))}'</h3>"
        f"time=<b>{_esc(alert.get('StartTimeUtc', ''))}</b>, "
        f"entity=<b>{_esc(alert.get('CompromisedEntity', ''))}</b>, "
        f"id=<b>{_esc(alert.get('SystemAlertId', ''))}</b>"
    )


def display_alert(alert: Any, show_entities: bool = False) -> None:
    """
    Display a security alert in the notebook.

    Parameters
    ----------
    alert : SecurityAlert | pd.Series | Mapping
        The alert (see ``format_alert``); a Series or dict gets an escaped heading
        (name, time, entity, ID) above its property table.
    show_entities : bool, optional
        Include the alert's entities (alert objects only), by default False.

    """
    output = format_alert(alert, show_entities)
    properties = _alert_mapping(alert)
    if properties is not None:
        _display(_html(alert_heading(properties)))
    for item in output if isinstance(output, tuple) else (output,):
        _display(item)


def exec_remaining_cells() -> Any:
    """Return JavaScript that runs the notebook cells below the current one (classic UI)."""
    try:
        from IPython.display import Javascript
    except ImportError:
        return None
    return Javascript("Jupyter.notebook.execute_cells_below()")


def display_logon_data(
    logon_event: pd.DataFrame | pd.Series, alert: Any = None, os_family: str | None = None
) -> None:
    """
    Display one or more logon events as an HTML table.

    Parameters
    ----------
    logon_event : pd.DataFrame | pd.Series
        Logon events (Windows 4624/4625 or Linux columns; see ``format_logon``).
    alert : SecurityAlert, optional
        Source of ``os_family`` when it is not given.
    os_family : str, optional
        ``"Windows"`` (default) or ``"Linux"``.

    """
    _display(format_logon(logon_event, alert, os_family))


def format_logon(
    logon_event: pd.DataFrame | pd.Series, alert: Any = None, os_family: str | None = None
) -> Any:
    """
    Return logon events as an HTML table (one cell per event, values escaped).

    Parameters
    ----------
    logon_event : pd.DataFrame | pd.Series
        Events with ``TargetUserName``, ``TargetDomainName``, ``TimeGenerated``,
        ``LogonType`` (Windows), ``TargetUserSid``, ``TargetLogonId``,
        ``SubjectUserName``, ``SubjectDomainName``, ``LogonProcessName``,
        ``AuthenticationPackageName``, ``IpAddress``, ``WorkstationName``, ``Status``
        and ``audit_user`` (Linux); missing columns are shown empty.
    alert : SecurityAlert, optional
        Source of ``os_family`` when it is not given.
    os_family : str, optional
        ``"Windows"`` (default) or ``"Linux"``.

    Returns
    -------
    IPython.display.HTML
        The table.

    """
    if not os_family:
        os_family = getattr(alert, "os_family", None) or "Windows"
    if isinstance(logon_event, pd.DataFrame):
        rows = [row for _, row in logon_event.iterrows()]
    elif isinstance(logon_event, pd.Series):
        rows = [logon_event]
    else:
        rows = []
    cells = [
        "<tr class='cell_logon'><td class='cell_logon'>"
        + "<br>".join(_logon_lines(row, os_family))
        + "</td></tr>"
        for row in rows
    ]
    return _html(f"{_LOGON_STYLE}<table class='table_logon'>{''.join(cells)}</table>")


def _logon_lines(row: pd.Series, os_family: str) -> list[str]:
    """The HTML lines (escaped values) describing one logon event."""

    def get(name: str) -> Any:
        value = row.get(name, "")
        return "" if value is None or (isinstance(value, float) and pd.isna(value)) else value

    lines = [
        f"<b>Account: </b>{_esc(get('TargetUserName'))}",
        f"<b>Account Domain: </b>{_esc(get('TargetDomainName'))}",
        f"<b>Logon Time: </b>{_esc(get('TimeGenerated'))}",
    ]
    if os_family == "Windows":
        logon_type = get("LogonType")
        try:
            description = _WIN_LOGON_TYPE_MAP.get(int(logon_type), "Unknown")
        except (TypeError, ValueError):
            description = "Unknown"
        lines.append(f"<b>Logon type: </b>{_esc(logon_type)}({description})")
    sid = get("TargetUserSid")
    lines.append(f"<b>User Id/SID: </b>{_esc(sid)}")
    if os_family == "Windows":
        lines.extend(_sid_notes(str(sid)))
    else:
        lines.append(f"<b>Audit user: </b>{_esc(get('audit_user'))}")
    session = str(get("TargetLogonId"))
    system_note = " System logon session" if session in ("0x3e7", "-1") else ""
    lines.append(f"<b>Session id: </b>'{_esc(session)}'{system_note}")
    lines.append("")
    domain, user = get("SubjectDomainName"), get("SubjectUserName")
    subject = f"{domain}/{user}" if domain else user
    lines.append(f"<b>Subject (source) account: </b>{_esc(subject)}")
    lines.append(f"<b>Logon process: </b>{_esc(get('LogonProcessName'))}")
    lines.append(f"<b>Authentication: </b>{_esc(get('AuthenticationPackageName'))}")
    lines.append(f"<b>Source IpAddress: </b>{_esc(get('IpAddress'))}")
    lines.append(f"<b>Source Host: </b>{_esc(get('WorkstationName'))}")
    lines.append(f"<b>Logon status: </b>{_esc(get('Status'))}")
    lines.append("")
    return lines


def _sid_notes(sid: str) -> list[str]:
    """What a well-known Windows SID means."""
    if not sid:
        return []
    notes = []
    if sid in _WINDOWS_SID:
        notes.append(f"SID {sid} is {_WINDOWS_SID[sid]}")
    elif sid.endswith("500"):
        notes.append(f"SID {sid} is administrator")
    elif sid.endswith("501"):
        notes.append(f"SID {sid} is guest")
    if sid.startswith("S-1-5-21"):
        notes.append(f"SID {sid} is local machine or domain account")
    return [f"&nbsp;&nbsp;{_esc(note)}" for note in notes]


def format_process_tree(process_tree: pd.DataFrame, fmt: str = "html") -> str:
    """
    Format an alert process tree (msticpy 0.8 layout) as indented HTML or text.

    Parameters
    ----------
    process_tree : pd.DataFrame
        Processes with ``NodeRole`` (``source``, ``parent``, ``child``, ``sibling``),
        ``Level`` and the 4688 columns ``TimeGenerated``, ``NewProcessName``,
        ``NewProcessId``, ``SubjectLogonId``, ``TargetLogonId``, ``CommandLine``,
        ``Account`` (missing ones are shown empty).
    fmt : str, optional
        ``"html"`` (default, values escaped) or ``"txt"``.

    Returns
    -------
    str
        The formatted tree, earliest process first.

    """
    time_col = "TimeCreatedUtc" if "TimeCreatedUtc" in process_tree.columns else "TimeGenerated"
    tree = process_tree
    if time_col in tree.columns:
        tree = tree.sort_values(by=[time_col], kind="stable")
    as_html = fmt.lower() == "html"
    out = ["<h3>Alert process tree:</h3>" if as_html else "Alert process tree:\n" + "_" * 19]
    for _, row in tree.iterrows():
        out.append(_format_process(row, as_html))
    return "".join(out)


def _format_process(row: pd.Series, as_html: bool) -> str:
    """One process of an alert tree, indented by its role and level."""
    role = str(row.get("NodeRole", ""))
    try:
        level_no = int(row.get("Level", 0))
    except (TypeError, ValueError):
        level_no = 0
    indent = {"parent": 0 if level_no > 1 else 1, "source": 2, "child": 3 + level_no}.get(role, 2)
    fields = {
        name: row.get(name, "")
        for name in (
            "TimeGenerated",
            "NewProcessName",
            "NewProcessId",
            "SubjectLogonId",
            "TargetLogonId",
            "CommandLine",
            "Account",
        )
    }
    fmt_value = _esc if as_html else str
    values = {name: fmt_value(value) for name, value in fields.items()}
    head = (
        f"[{fmt_value(role)}:lev{level_no}] {values['TimeGenerated']} "
        + (f"<b>{values['NewProcessName']}</b>" if as_html else values["NewProcessName"])
        + f" [PID: {values['NewProcessId']}, SubjSess:{values['SubjectLogonId']}, "
        f"TargSess:{values['TargetLogonId']}]"
    )
    tail = f'(Cmdline: "{values["CommandLine"]}") [Account: {values["Account"]}]'
    if not as_html:
        spaces = " " * (4 * indent)
        return f"\n{spaces}{head}\n{spaces}{tail}"
    colour = "red" if role == "source" else "black"
    return (
        f'<div style="margin-left:{40 * indent}px">'
        f'<span style="color:{colour};font-size:90%">{head}<br>{tail}</span></div>'
    )


def display_process_tree(process_tree: pd.DataFrame, **kwargs: Any) -> Any:
    """
    Display a process tree.

    Parameters
    ----------
    process_tree : pd.DataFrame
        An alert process tree with ``NodeRole`` and ``Level`` columns (msticpy 0.8),
        shown as indented HTML; or process events / a ``build_process_tree`` frame,
        shown as the Bokeh tree plot.
    **kwargs
        Options of ``build_and_show_process_tree`` for the plot form.

    Returns
    -------
    tuple | None
        The plot's (figure, layout), or None for the HTML form.

    """
    if {"NodeRole", "Level"} <= set(process_tree.columns):
        _display(_html(format_process_tree(process_tree)))
        return None
    return build_and_show_process_tree(process_tree, **kwargs)

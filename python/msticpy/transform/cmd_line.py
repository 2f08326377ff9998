"""
Command-line analysis of Linux syslog data: msticpy's ``cmd_line`` on a Rust engine.

``risky_cmd_line`` matches command lines against detection rules (Python ``re`` patterns
applied like ``re.match``) with the linear-time engine, all rules in one pass per
command; ``cmd_speed`` flags bursts of commands. Names, signatures, defaults and results
are those of msticpy 3.0.2 (``msticpy.transform.cmd_line``); the classic path
``msticpy.sectools.cmd_line`` is this module.

The bundled rules (``msticpy/resources/cmd_line_rules.json``, log type ``Syslog``) detect
what msticpy's do: ``authorized_keys`` access, ``curl``/``wget`` followed by a shell,
the bash fork bomb, ``mv`` to ``/dev/null`` and ``/bin/bash``.

Deliberate differences (``docs/syslog_cmdline.md``):

- The input frame is not modified (msticpy replaces ``""`` with NaN in the caller's
  frame); empty commands are still ignored.
- msticpy base64-decodes commands that are entirely base64 and then ignores the result
  (it matches the original text, as here); the decoding is skipped, so a malformed
  payload can no longer raise out of the call.
- Commands that are not strings are skipped (msticpy raises ``TypeError``).
- Rules that the linear-time engine cannot run (look-around, backreferences) raise
  ``InvalidPatternError`` naming the rule, before any matching.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._version import VERSION
from ..common.exceptions import MsticpyException

__version__ = VERSION
__all__ = ["cmd_speed", "risky_cmd_line"]

_DEFAULT_RULES = Path(__file__).resolve().parent.parent / "resources" / "cmd_line_rules.json"


def _non_empty(values: pd.Series) -> pd.Series:
    """The column with ``""`` treated as missing, as msticpy does (on a copy)."""
    return values.replace("", np.nan)


def risky_cmd_line(
    events: pd.DataFrame,
    log_type: str,
    detection_rules: str | None = None,
    cmd_field: str = "Command",
) -> dict:
    """
    Detect command lines that match a risky pattern.

    Parameters
    ----------
    events : pd.DataFrame
        Events with ``TimeGenerated`` and the command-line column.
    log_type : str
        The key of the rule list to use in the rules file (``Syslog`` for the bundled
        rules).
    detection_rules : str, optional
        Path of a JSON file mapping log types to lists of patterns (Python ``re`` syntax,
        matched at the start of the command like ``re.match``). Defaults to the bundled
        ``cmd_line_rules.json``.
    cmd_field : str, optional
        The command-line column (default ``Command``).

    Returns
    -------
    dict
        ``{TimeGenerated: command}`` for every command that matches a rule, grouped by
        the first rule matched, in event order within a rule. Events sharing a timestamp
        keep the last command, as in msticpy.

    Raises
    ------
    MsticpyException
        If ``cmd_field`` is not a column of ``events``.
    KeyError
        If ``log_type`` is not in the rules file.
    InvalidPatternError
        If a rule cannot be compiled.

    """
    if cmd_field not in events.columns:
        raise MsticpyException(f"The provided dataset does not contain the {cmd_field} field")
    rules_path = Path(detection_rules) if detection_rules else _DEFAULT_RULES
    with open(rules_path, encoding="utf-8") as rules_file:
        rules = json.load(rules_file)
    patterns = [str(rule) for rule in rules[log_type]]
    frame = pd.DataFrame(
        {"TimeGenerated": events["TimeGenerated"], cmd_field: _non_empty(events[cmd_field])}
    ).dropna()
    activity = dict(zip(frame["TimeGenerated"], frame[cmd_field]))
    from .. import _native

    commands = list(activity.values())
    first = _native.cmd_rules_first_match(
        patterns, [cmd if isinstance(cmd, str) else None for cmd in commands]
    )
    order = sorted((rule, pos) for pos, rule in enumerate(first) if rule is not None)
    dates = list(activity)
    return {dates[pos]: commands[pos] for _, pos in order}


def cmd_speed(cmd_events: pd.DataFrame, cmd_field: str, time: int = 5, events: int = 10) -> list:
    """
    Detect bursts of command-line activity too fast to be typed.

    Parameters
    ----------
    cmd_events : pd.DataFrame
        Events with a datetime ``TimeGenerated`` column and the command-line column.
    cmd_field : str
        The command-line column.
    time : int, optional
        Window length in seconds (default 5).
    events : int, optional
        Number of commands in the window (default 10).

    Returns
    -------
    list
        ``{position: [window_frame, timedelta]}`` for every position whose window of
        ``events`` commands starts less than ``time`` seconds before the command
        ``events`` places later; latest positions first, as msticpy lists them. Positions
        count commands (empty commands dropped); the window frames carry the original
        index in an ``index`` column.

    Raises
    ------
    MsticpyException
        If ``cmd_field`` is missing or ``TimeGenerated`` does not hold datetimes.

    """
    if cmd_field not in cmd_events.columns:
        raise MsticpyException(f"Dataframe does not contain {cmd_field} column")
    if not isinstance(cmd_events["TimeGenerated"].iloc[0], dt.datetime):
        raise MsticpyException("TimeGenerated is not a datetime format")
    work = cmd_events.copy()
    work[cmd_field] = _non_empty(work[cmd_field])
    actions = work.dropna(subset=[cmd_field]).reset_index()
    times = actions["TimeGenerated"]
    deltas = times.shift(-events) - times
    window = pd.Timedelta(seconds=time)
    hits = np.flatnonzero((deltas < window).to_numpy(dtype=bool, na_value=False))
    last = len(actions) - (events + 1)
    found: list[dict[int, list[Any]]] = []
    for position in sorted((int(p) for p in hits if p <= last), reverse=True):
        found.append({position: [actions[position : position + events], deltas.iloc[position]]})
    return found

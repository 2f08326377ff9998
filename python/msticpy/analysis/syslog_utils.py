"""
Linux syslog logon sessions: msticpy's ``syslog_utils`` with a Rust session pairer.

``cluster_syslog_logons_df`` pairs PAM ``session opened``/``session closed`` messages
into logon sessions; ``risky_sudo_sessions`` flags the sessions in which a risky command
(``cmd_line.risky_cmd_line``) or a burst of commands (``cmd_line.cmd_speed``) happened.
Names, signatures and results are those of msticpy 3.0.2
(``msticpy.analysis.syslog_utils``); the classic path ``msticpy.sectools.syslog_utils``
is this module.

``create_host_record`` builds a ``Host`` entity from syslog, heartbeat and Azure network
data.

Deliberate differences (``docs/syslog_cmdline.md``): syslog messages that are missing
(NaN) are treated as non-matching (msticpy fails with a pandas masking error); the module
does not import ipywidgets; ``create_host_record`` locates the Azure addresses with one
batch ``GeoLiteLookup`` call (country level from the embedded data when no GeoLite2
database is configured, where msticpy raises ``MsticpyUserConfigError``), and lists them in
first-seen order (msticpy's order is that of a Python set).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

import pandas as pd

from .._version import VERSION
from ..common.exceptions import MsticpyException

__version__ = VERSION
__all__ = ["cluster_syslog_logons_df", "create_host_record", "risky_sudo_sessions"]

#: Processes every Linux host runs; ``create_host_record`` leaves them out of the
#: host's ``Applications``.
_STANDARD_PROCESSES = frozenset(
    {
        "CRON",
        "crontab",
        "rsyslogd",
        "snapd",
        "sudo",
        "syslog-ng",
        "systemd",
        "systemd-logind",
        "systemd-resolved",
        "systemd-timesyncd",
    }
)


def _split_addresses(addresses: Any) -> list[str]:
    """Addresses from a list, or a string delimited by ``,`` or ``;`` or spaces."""
    if isinstance(addresses, list):
        found = [str(a) for a in addresses]
    elif isinstance(addresses, str):
        delimiter = next((d for d in ",; " if d in addresses), None)
        found = [a.strip() for a in addresses.split(delimiter)] if delimiter else [addresses]
    else:
        found = [] if addresses is None else [str(addresses)]
    return list(dict.fromkeys(found))


def _ip_entities(addresses: Any) -> list[Any]:
    """``IpAddress`` entities, one per distinct address, located by ``GeoLiteLookup``."""
    from ..context.geoip import GeoLiteLookup
    from ..datamodel.entities import IpAddress

    entities = [IpAddress(Address=address) for address in _split_addresses(addresses)]
    if entities:
        # One batch look-up; private addresses get no location, as in msticpy.
        _, located = GeoLiteLookup().lookup_ip(ip_addr_list=[e.Address for e in entities])
        by_address = {ent.Address: ent.Location for ent in located}
        for entity in entities:
            entity.Location = by_address.get(entity.Address, entity.Location)
    return entities


def create_host_record(
    syslog_df: pd.DataFrame, heartbeat_df: pd.DataFrame, az_net_df: pd.DataFrame | None = None
) -> Any:
    """
    Build a ``Host`` entity for the computer of a syslog frame.

    Parameters
    ----------
    syslog_df : pd.DataFrame
        Syslog events of the host; the first row names the computer, ``ProcessName``
        gives the applications.
    heartbeat_df : pd.DataFrame
        Log Analytics heartbeat rows of the host (the first row is used), or None.
    az_net_df : pd.DataFrame, optional
        Azure network data of the host (``PrivateIPAddresses``, ``PublicIPAddresses``).

    Returns
    -------
    Host
        The host, with the heartbeat's OS, environment, solutions, VM id, IP address and
        its location, the non-standard processes as ``Applications``, and
        ``private_ips``/``public_ips`` entities when network data is given.

    """
    from ..datamodel.entities import GeoLocation, Host, IpAddress

    # Entities take their extra attributes dynamically, as msticpy's do.
    host: Any = Host(src_event=cast(Mapping[str, Any], syslog_df.iloc[0]))
    applications = [
        name
        for name in syslog_df["ProcessName"].unique().tolist()
        if name not in _STANDARD_PROCESSES
    ]
    if heartbeat_df is not None and not heartbeat_df.empty:
        beat = heartbeat_df.iloc[0]
        host.SourceComputerId = beat["SourceComputerId"]
        host.OSType = beat["OSType"]
        host.OSName = beat["OSName"]
        # msticpy 3.0.2 spells this attribute so; kept for code that reads it.
        host.OSVMajorersion = beat["OSMajorVersion"]
        host.OSVMinorVersion = beat["OSMinorVersion"]
        host.ComputerEnvironment = beat["ComputerEnvironment"]
        host.OmsSolutions = [item.strip() for item in beat["Solutions"].split(",")]
        host.Applications = applications
        host.VMUUID = beat["VMUUID"]
        address = IpAddress()
        address.Address = beat["ComputerIP"]
        location = GeoLocation()
        location.CountryOrRegionName = beat["RemoteIPCountry"]
        location.Longitude = beat["RemoteIPLongitude"]
        location.Latitude = beat["RemoteIPLatitude"]
        address.Location = location
        host.IPAddress = address
    if az_net_df is not None and not az_net_df.empty:
        if len(az_net_df) == 1:
            host["private_ips"] = _ip_entities(az_net_df["PrivateIPAddresses"].iloc[0])
            host["public_ips"] = _ip_entities(az_net_df["PublicIPAddresses"].iloc[0])
        else:
            for name in ("private_ips", "public_ips"):
                if name not in host:
                    host[name] = []
    return host


_OPENED = "pam_unix.+session opened"
_CLOSED = "pam_unix.+session closed"


def _with_message(logon_events: pd.DataFrame, pattern: str) -> pd.DataFrame:
    """Rows whose ``SyslogMessage`` contains ``pattern``, indexed and sorted by time."""
    from .. import _native

    # re.search semantics: the rule may start on any line of the message.
    hits = _native.cmd_rules_first_match(
        [f"(?s:.*?){pattern}"], logon_events["SyslogMessage"].astype(object).tolist()
    )
    mask = [hit is not None for hit in hits]
    return logon_events[mask].set_index("TimeGenerated").sort_index(ascending=True)


def _utc_nanoseconds(values: Any) -> list[int]:
    """Times as UTC nanoseconds (naive times are taken as UTC)."""
    stamps = pd.to_datetime(pd.Series(list(values), dtype=object), utc=True)
    return stamps.astype("int64").tolist()


def cluster_syslog_logons_df(logon_events: pd.DataFrame) -> pd.DataFrame:
    """
    Pair PAM session-opened and session-closed events into logon sessions.

    Parameters
    ----------
    logon_events : pd.DataFrame
        Syslog logon events with ``TimeGenerated`` and ``SyslogMessage`` columns, and
        optionally ``User`` or ``Sudoer``.

    Returns
    -------
    pd.DataFrame
        One row per session: ``User`` (from ``User``, else ``Sudoer``, else
        ``"Unknown"``), ``Start`` and ``End``.

    Raises
    ------
    MsticpyException
        If there are no session-opened or no session-closed events.

    """
    opened = _with_message(logon_events, _OPENED)
    closed = _with_message(logon_events, _CLOSED)
    if opened.empty or closed.empty:
        raise MsticpyException("There are no logon sessions in the supplied data set")
    from .. import _native

    latest = _utc_nanoseconds([logon_events["TimeGenerated"].max()])[0]
    pairs = _native.syslog_pair_sessions(
        _utc_nanoseconds(opened.index), _utc_nanoseconds(closed.index), latest
    )
    if "User" in opened.columns:
        users = opened["User"].tolist()
    elif "Sudoer" in opened.columns:
        users = opened["Sudoer"].tolist()
    else:
        users = ["Unknown"] * len(opened)
    return pd.DataFrame(
        {
            "User": [users[i] for i, _ in pairs],
            "Start": [opened.index[i] for i, _ in pairs],
            "End": [closed.index[j] for _, j in pairs],
        }
    )


def _to_utc(stamp: dt.datetime) -> dt.datetime:
    """msticpy's normalisation: naive times are UTC, aware ones are converted."""
    if stamp.tzinfo is None or stamp.tzinfo.utcoffset(stamp) is None:
        return stamp.replace(tzinfo=dt.timezone.utc)
    return stamp.astimezone(dt.timezone.utc)


def risky_sudo_sessions(
    sudo_sessions: pd.DataFrame,
    risky_actions: dict | None = None,
    suspicious_actions: list | None = None,
) -> dict:
    """
    Flag the sudo sessions in which risky or suspicious actions happened.

    Parameters
    ----------
    sudo_sessions : pd.DataFrame
        Sessions with ``User``, ``Start`` and ``End`` (``cluster_syslog_logons_df``).
    risky_actions : dict, optional
        ``{TimeGenerated: command}`` from ``cmd_line.risky_cmd_line``.
    suspicious_actions : list, optional
        The bursts found by ``cmd_line.cmd_speed``.

    Returns
    -------
    dict
        ``{session_index: command}`` for sessions holding a risky action, and
        ``{session_index: "Suspicious event pattern"}`` for sessions holding a burst
        (its second command's time); bursts win over commands for the same session.

    Raises
    ------
    MsticpyException
        If neither ``risky_actions`` nor ``suspicious_actions`` is given.

    """
    sessions = sudo_sessions[["User", "Start", "End"]].to_dict("index")
    if risky_actions is None and suspicious_actions is None:
        raise MsticpyException(
            "At least one of risky_actions or suspicious_actions must be supplied"
        )
    windows = [
        (key, _to_utc(session["Start"]), _to_utc(session["End"]))
        for key, session in sessions.items()
    ]

    def sessions_at(when: dt.datetime) -> list[Any]:
        moment = _to_utc(when)
        return [key for key, start, end in windows if start <= moment <= end]

    risky: dict[Any, Any] = {}
    for when, command in (risky_actions or {}).items():
        for key in sessions_at(when):
            risky[key] = command
    suspicious: dict[Any, Any] = {}
    for burst in suspicious_actions or []:
        for window_frame, _ in burst.values():
            if not windows:
                continue  # as in msticpy, a burst's time is only read against a session
            for key in sessions_at(window_frame["TimeGenerated"].iloc[1]):
                suspicious[key] = "Suspicious event pattern"
    return {**risky, **suspicious}

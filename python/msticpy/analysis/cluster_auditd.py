"""
Clustering auditd process events: msticpy's ``cluster_auditd_processes``.

Linux process columns are renamed to the Windows names the event-clustering features
expect, then ``add_process_features`` and ``dbcluster_events`` (from
``msticpy.analysis.eventcluster``, imported when the function runs) group processes by
path score and user id, as msticpy 3.0.2 does.
"""

from __future__ import annotations

import pandas as pd

from .._version import VERSION

__version__ = VERSION
__all__ = ["cluster_auditd_processes"]

#: Linux (auditd) column -> the Windows name the clustering features use.
_TO_WINDOWS = {
    "acct": "SubjectUserName",
    "uid": "SubjectUserSid",
    "user": "SubjectUserName",
    "ses": "SubjectLogonId",
    "pid": "NewProcessId",
    "exe": "NewProcessName",
    "ppid": "ProcessId",
    "cmdline": "CommandLine",
}

#: Columns the features need; missing ones are added empty.
_REQUIRED = [
    "cwd",
    "SubjectUserName",
    "SubjectUserSid",
    "SubjectLogonId",
    "NewProcessId",
    "NewProcessName",
    "ProcessId",
    "CommandLine",
]

_OUTPUT = [
    "TimeGenerated",
    "NewProcessName",
    "CommandLine",
    "NewProcessId",
    "SubjectUserSid",
    "cwd",
    "ClusterSize",
    "ProcessId",
]


def cluster_auditd_processes(audit_data: pd.DataFrame, app: str | None = None) -> pd.DataFrame:
    """
    Cluster auditd process events into distinct processes.

    Parameters
    ----------
    audit_data : pd.DataFrame
        Process events (``SYSCALL_EXECVE`` rows from ``auditdextract``).
    app : str, optional
        Keep only processes whose ``exe`` contains this pattern (a regular expression,
        as ``Series.str.contains`` reads it).

    Returns
    -------
    pd.DataFrame
        One row per cluster: ``TimeGenerated, NewProcessName, CommandLine, pid,
        SubjectUserSid, cwd, ClusterSize, ppid``.

    """
    from .eventcluster import add_process_features, dbcluster_events

    if app is not None:
        processes = audit_data[audit_data["exe"].str.contains(app, na=False)]
    else:
        processes = audit_data
    processes = processes.rename(columns=_TO_WINDOWS)
    for col in _REQUIRED:
        if col not in processes:
            processes[col] = ""
    features = add_process_features(input_frame=processes)
    clustered, _, _ = dbcluster_events(
        data=features,
        cluster_columns=["pathScore", "SubjectUserSid"],
        time_column="TimeGenerated",
        max_cluster_distance=0.0001,
    )
    return clustered[_OUTPUT].rename(columns={"NewProcessId": "pid", "ProcessId": "ppid"})

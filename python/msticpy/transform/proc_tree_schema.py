"""
Process-event schemas for process trees (msticpy 3.x ``msticpy.transform.proc_tree_schema``).

A ``ProcSchema`` names the columns of a process-creation data set: process path, PID,
parent PID, time stamp and the optional parent name, command line, user and logon
columns, plus the event-type column and value that mark process-creation rows. The
built-in schemas cover Windows 4688 events (``WIN_EVENT_SCH``), Linux auditd
``SYSCALL_EXECVE`` events (``LX_EVENT_SCH``), Microsoft Defender ``DeviceProcessEvents``
(``MDE_EVENT_SCH``; ``MDE_INT_EVENT_SCH`` is the older internal MDE layout), Sysmon
event 1, osquery and FireEye HX process events. ``build_process_tree`` also accepts a
schema as a dict of the same fields.
"""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, fields
from typing import Any, ClassVar

import pandas as pd

from .._version import VERSION
from ..common.exceptions import MsticpyUserError

__version__ = VERSION

_NOT_COLUMNS = {"path_separator", "event_id_identifier"}


class ProcessTreeSchemaException(MsticpyUserError):  # noqa: N818 - msticpy's name
    """The schema lacks a field the operation needs."""

    DEF_HELP_URI: ClassVar[tuple[str, str]] = (
        "MSTICPy Process Tree documentation ",
        "https://msticpy.readthedocs.io/en/latest/visualization/ProcessTree.html",
    )


@dataclass
class ProcSchema:
    """
    Column names of a process-event data set.

    Attributes
    ----------
    process_name, process_id, parent_id, time_stamp : str
        Required: process path, PID, parent PID and event time columns.
    cmd_line, user_name, logon_id, host_name_column, parent_name, target_logon_id,
    user_id, event_id_column : str, optional
        Optional columns; without ``parent_name`` parents are matched on PID only.
    path_separator : str
        Separator of process paths (``"\\"`` by default).
    event_id_identifier : Any, optional
        Value of ``event_id_column`` that marks process-creation rows.

    """

    process_name: str
    process_id: str
    parent_id: str
    time_stamp: str
    cmd_line: str | None = None
    path_separator: str = "\\"
    user_name: str | None = None
    logon_id: str | None = None
    host_name_column: str | None = None
    parent_name: str | None = None
    target_logon_id: str | None = None
    user_id: str | None = None
    event_id_column: str | None = None
    event_id_identifier: Any | None = None

    def __eq__(self, other: object) -> bool:
        """
        Return True if every non-blank field of ``other`` equals this schema's field.

        Blank fields of ``other`` are wildcards, so a partial schema compares equal to
        the full one it was cut from (msticpy relies on this to spot MDE schemas).
        """
        if not isinstance(other, ProcSchema):
            return False
        mine = asdict(self)
        return all(not value or value == mine[name] for name, value in asdict(other).items())

    @property
    def required_columns(self) -> list[str]:
        """Names of the fields a schema must define."""
        return [
            "process_name",
            "process_id",
            "parent_id",
            "cmd_line",
            "path_separator",
            "time_stamp",
        ]

    @property
    def column_map(self) -> dict[str, str]:
        """Field name -> column name (as text) for every column field."""
        return {name: str(col) for name, col in asdict(self).items() if name not in _NOT_COLUMNS}

    @property
    def columns(self) -> list[str]:
        """Column names of the schema (``None`` for unset optional fields)."""
        return [col for name, col in asdict(self).items() if name not in _NOT_COLUMNS]

    def get_df_cols(self, data: pd.DataFrame) -> list[str]:
        """Return the schema columns present in ``data``."""
        return [col for col in self.columns if col in data.columns]

    @property
    def host_name(self) -> str | None:
        """Host name column."""
        return self.host_name_column

    @property
    def event_type_col(self) -> str:
        """
        Column holding the event type.

        Raises
        ------
        ProcessTreeSchemaException
            If the schema has no event-type column.

        """
        if self.event_id_column:
            return self.event_id_column
        raise ProcessTreeSchemaException(
            "Unknown schema - there is no value for the 'event_id' column."
        )

    @property
    def event_filter(self) -> Any:
        """
        Event-type value of process-creation rows.

        Raises
        ------
        ProcessTreeSchemaException
            If the schema has no event-type value.

        """
        if self.event_id_identifier:
            return self.event_id_identifier
        raise ProcessTreeSchemaException(
            "Unknown schema - there is no value for the 'event_id_identifier' in the schema."
        )

    @classmethod
    def blank_schema_dict(cls) -> dict[str, Any]:
        """Return a template dict: ``"required"`` for fields without a usable default."""
        return {
            item.name: "required" if (item.default or item.default == MISSING) else None
            for item in fields(cls)
        }


WIN_EVENT_SCH = ProcSchema(
    time_stamp="TimeGenerated",
    process_name="NewProcessName",
    process_id="NewProcessId",
    parent_name="ParentProcessName",
    parent_id="ProcessId",
    logon_id="SubjectLogonId",
    target_logon_id="TargetLogonId",
    cmd_line="CommandLine",
    user_name="SubjectUserName",
    path_separator="\\",
    user_id="SubjectUserSid",
    event_id_column="EventID",
    event_id_identifier=4688,
    host_name_column="Computer",
)

LX_EVENT_SCH = ProcSchema(
    time_stamp="TimeGenerated",
    process_name="exe",
    process_id="pid",
    parent_name=None,
    parent_id="ppid",
    logon_id="ses",
    target_logon_id=None,
    cmd_line="cmdline",
    user_name="acct",
    path_separator="/",
    user_id="uid",
    event_id_column="EventType",
    event_id_identifier="SYSCALL_EXECVE",
    host_name_column="Computer",
)

MDE_INT_EVENT_SCH = ProcSchema(
    time_stamp="CreatedProcessCreationTime",
    process_name="CreatedProcessName",
    process_id="CreatedProcessId",
    parent_name="ParentProcessName",
    parent_id="CreatedProcessParentId",
    logon_id="InitiatingProcessLogonId",
    target_logon_id="LogonId",
    cmd_line="CreatedProcessCommandLine",
    user_name="CreatedProcessAccountName",
    path_separator="\\",
    user_id="CreatedProcessAccountSid",
    host_name_column="ComputerDnsName",
)

MDE_EVENT_SCH = ProcSchema(
    time_stamp="Timestamp",
    process_name="FileName",
    process_id="ProcessId",
    parent_name="InitiatingProcessFileName",
    parent_id="InitiatingProcessId",
    logon_id="InitiatingProcessLogonId",
    target_logon_id="LogonId",
    cmd_line="ProcessCommandLine",
    user_name="AccountName",
    path_separator="\\",
    user_id="AccountSid",
    host_name_column="DeviceName",
    event_id_column="ActionType",
    event_id_identifier="ProcessCreated",
)

SYSMON_PROCESS_CREATE_EVENT_SCH = ProcSchema(
    time_stamp="UtcTime",
    process_name="Image",
    process_id="ProcessId",
    parent_name="ParentImage",
    parent_id="ParentProcessId",
    logon_id="LogonId",
    cmd_line="CommandLine",
    user_name="User",
    path_separator="\\",
    event_id_column="EventID",
    event_id_identifier=1,
    host_name_column="Computer",
)

OSQUERY_EVENT_SCH = ProcSchema(
    time_stamp="calendarTime",
    process_name="name",
    process_id="pid",
    parent_name="pcmdline",
    parent_id="parent",
    logon_id=None,
    target_logon_id=None,
    cmd_line="cmdline",
    user_name="username",
    path_separator="/",
    user_id="uid",
)

HX_PROCESSEVENT_SCH = ProcSchema(
    time_stamp="starttime",
    process_name="process",
    process_id="pid",
    parent_name="parentprocess",
    parent_id="parentpid",
    cmd_line="processcmdline",
    user_name="username",
    path_separator="\\",
    event_id_column="eventtype",
    event_id_identifier="start",
    host_name_column="hostname",
)

#: Schemas ``infer_schema`` chooses from, in msticpy's order (a later schema wins ties).
SUPPORTED_SCHEMAS: tuple[ProcSchema, ...] = (
    WIN_EVENT_SCH,
    LX_EVENT_SCH,
    MDE_INT_EVENT_SCH,
    MDE_EVENT_SCH,
    SYSMON_PROCESS_CREATE_EVENT_SCH,
    OSQUERY_EVENT_SCH,
    HX_PROCESSEVENT_SCH,
)


class ColNames:
    """Names of the columns the tree builder adds."""

    proc_key: str = "proc_key"
    parent_key: str = "parent_key"
    new_process_lc: str = "new_process_lc"
    parent_proc_lc: str = "parent_proc_lc"
    timestamp_orig_par: str = "timestamp_orig_par"
    EffectiveLogonId: str = "EffectiveLogonId"
    source_index: str = "source_index"
    source_index_par: str = "source_index_par"
    new_process_lc_par: str = "new_process_lc_par"
    EffectiveLogonId_par: str = "EffectiveLogonId_par"

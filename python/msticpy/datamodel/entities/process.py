"""The ``Process`` entity."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .account import Account
from .entity import Entity
from .file import File

__all__ = ["Process"]

# Linux audit columns copied for a new process (attribute, event column).
_AUDIT_COLUMNS = (
    ("success", "success"),
    ("audit_user", "audit_user"),
    ("auid", "auid"),
    ("group", "group"),
    ("gid", "gid"),
    ("effective_user", "effective_user"),
    ("euid", "euid"),
    ("effective_group", "effective_group"),
    # msticpy 3.0.2 reads these two from other columns; kept for parity.
    ("egid", "effective_group"),
    ("cwd", "cwd"),
    ("name", "cwd"),
)


class Process(Entity):
    """
    A process.

    Attributes
    ----------
    ProcessId, CommandLine : str
    ElevationToken : ElevationToken or str
    CreationTimeUtc : datetime
    ImageFile : File
    Account : Account
    ParentProcess : Process
    Host : Host
    LogonSession : HostLogonSession

    """

    ID_PROPERTIES = ["ProcessId", "ImageFile", "CreationTimeUtc", "CommandLine"]

    def __init__(
        self,
        src_entity: Mapping[str, Any] | None = None,
        src_event: Mapping[str, Any] | None = None,
        role: str = "new",
        **kwargs: Any,
    ):
        """
        Create a process from an entity mapping, an event row or kwargs.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        src_event : Mapping[str, Any], optional
            An event row (4688-style: ``NewProcessId``, ``CommandLine``,
            ``NewProcessName``, ``ParentProcessName`` ...).
        role : str, optional
            ``"new"`` (default) or ``"parent"``.
        **kwargs
            Properties to set.

        """
        self.ProcessId: str | None = None
        self.CommandLine: str | None = None
        self.ElevationToken: Any = None
        self.CreationTimeUtc: Any = datetime.min
        self.ImageFile: Any = None
        self.Account: Any = None
        self.ParentProcess: Any = None
        self.Host: Any = None
        self.LogonSession: Any = None
        super().__init__(src_entity=src_entity, **kwargs)
        if src_event is not None:
            self._create_from_event(src_event, role)

    def _create_from_event(self, src_event: Mapping[str, Any], role: str) -> None:
        if role != "new":
            self.ProcessId = src_event.get("ProcessId")
            self.ImageFile = File(src_event=src_event, role="parent")
            return
        self.ProcessId = src_event.get("NewProcessId")
        self.CommandLine = src_event.get("CommandLine")
        if "TimeCreatedUtc" in src_event:
            self.CreationTimeUtc = src_event["TimeCreatedUtc"]
        elif "TimeGenerated" in src_event:
            self.CreationTimeUtc = src_event["TimeGenerated"]
        self.ImageFile = File(src_event=src_event, role="new")
        self.Account = Account(src_event=src_event, role="subject")
        if "ParentProcessName" in src_event or "ProcessName" in src_event:
            self.ParentProcess = Process(src_event=src_event, role="parent")
        for attr, column in _AUDIT_COLUMNS:
            setattr(self, attr, src_event.get(column))

    @property
    def ProcessName(self) -> str | None:
        """The image file's name."""
        image = self["ImageFile"]
        return image.Name if image else None

    @property
    def ProcessFilePath(self) -> str | None:
        """The image file's full path."""
        image = self.ImageFile
        return image.FullPath if image else None

    @property
    def description_str(self) -> str:
        """Return ``path: command line``."""
        if self.ProcessFilePath:
            return f"{self.ProcessFilePath}: {self.CommandLine}"
        return self.__class__.__name__

    @property
    def name_str(self) -> str:
        """Return ``image[pid:N]``."""
        image = self.ImageFile
        if isinstance(image, str) and image:
            return f"{image}[pid:{self.ProcessId}]"
        if isinstance(image, File):
            return f"{image.name_str}[pid:{self.ProcessId}]"
        return super().name_str

    _entity_schema = {
        "ProcessId": None,
        "CommandLine": None,
        "ElevationToken": None,
        "CreationTimeUtc": None,
        "ImageFile": "File",
        "Account": "Account",
        "ParentProcess": "Process",
        "Host": "Host",
        "LogonSession": "HostLogonSession",
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

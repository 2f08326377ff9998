"""The ``Account`` entity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...common.data_types import SplitProperty
from .entity import Entity
from .host import Host

__all__ = ["Account"]

# (event column, attribute) pairs read for each role.
_ROLE_COLUMNS = {
    "subject": (
        "SubjectUserName",
        ("SubjectUserDomain", "NTDomain"),
        ("SubjectUserSid", "Sid"),
        ("SubjectLogonId", "LogonId"),
    ),
    "target": (
        "TargetUserName",
        ("TargetUserDomain", "NTDomain"),
        ("TargetUserSid", "Sid"),
        ("TargetLogonId", "LogonId"),
    ),
}


class Account(Entity):
    """
    A user or service account.

    Attributes
    ----------
    Name, NTDomain, UPNSuffix, LogonId, Sid, AadTenantId, AadUserId, PUID : str
    Host : Host
    IsDomainJoined : bool
    DisplayName, ObjectGuid : str
    Upn : str
        ``Name@UPNSuffix`` (setting it splits at ``@``).

    """

    ID_PROPERTIES = ["QualifiedName", "Sid", "AadUserId", "PUID", "ObjectGuid"]
    Upn = SplitProperty("Name", "UPNSuffix", "@")
    UPN = Upn

    def __init__(
        self,
        src_entity: Mapping[str, Any] | None = None,
        src_event: Mapping[str, Any] | None = None,
        role: str = "subject",
        **kwargs: Any,
    ):
        """
        Create an account from an entity mapping, an event row or kwargs.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        src_event : Mapping[str, Any], optional
            An event row (``SubjectUserName``/``TargetUserName`` ... columns).
        role : str, optional
            ``"subject"`` (default) or ``"target"``: which event columns to read.
        **kwargs
            Properties to set.

        """
        self.Name: str | None = None
        self.NTDomain: str | None = None
        self.UPNSuffix: str | None = None
        self.Host: Host | None = None
        self.LogonId: str | None = None
        self.Sid: str | None = None
        self.AadTenantId: str | None = None
        self._AadUserId: str | None = None
        self.PUID: str | None = None
        self.IsDomainJoined: bool = False
        self.DisplayName: str | None = None
        self.ObjectGuid: str | None = None
        if "Upn" in kwargs:
            self.Upn = kwargs.pop("Upn")
        if "AadUserId" in kwargs:
            self.AadUserId = kwargs.pop("AadUserId")
        super().__init__(src_entity=src_entity, **kwargs)
        if src_event is not None:
            self._create_from_event(src_event, role)

    @property
    def description_str(self) -> str:
        """Return the qualified name."""
        return self.qualified_name

    @property
    def name_str(self) -> str:
        """Return the name (or display name)."""
        return self.Name or self.DisplayName or "Unknown Account"

    @property
    def AadUserId(self) -> str | None:
        """The Azure AD user id, else ``ObjectGuid``."""
        return self._AadUserId or self.ObjectGuid

    @AadUserId.setter
    def AadUserId(self, value: str | None) -> None:
        self._AadUserId = value

    @property
    def qualified_name(self) -> str:
        """``DOMAIN\\name``, ``name@suffix``, ``HOST\\name`` or the bare name."""
        if "Name" not in self:
            return ""
        name = self["Name"]
        if "NTDomain" in self and self.NTDomain:
            return f"{self.NTDomain}\\{name}"
        if "UPNSuffix" in self and self.UPNSuffix:
            return f"{name}@{self.UPNSuffix}"
        if "Host" in self and self.Host:
            return f"{self.Host.HostName}\\{name}"
        return name

    def _create_from_event(self, src_event: Mapping[str, Any], role: str) -> None:
        if "Name" in src_event:
            self.Name = src_event["Name"]
        columns = _ROLE_COLUMNS.get(role)
        if columns and columns[0] in src_event:
            self.Name = src_event[columns[0]]
            for column, attr in columns[1:]:
                setattr(self, attr, src_event[column] if column in src_event else None)

        def get(column: str) -> Any:
            return src_event[column] if column in src_event else None

        # As in msticpy, these overwrite the role values (even with None).
        self.AadTenantId = get("AadTenantId")
        self.Sid = get("Sid")
        self.NTDomain = get("NtDomain")
        self.AadUserId = get("AadUserId")
        self.PUID = get("PUID")
        if "DisplayName" in src_event:
            self.DisplayName = src_event["DisplayName"]
        else:
            self.DisplayName = get("AccountName")
        if "UPNSuffix" in src_event:
            self.UPNSuffix = src_event["UPNSuffix"]
        else:
            self.UPNSuffix = get("UpnSuffix")
        if "Upn" in src_event:
            self.Upn = src_event["Upn"]
        if "UPN" in src_event:
            self.Upn = src_event["UPN"]

    _entity_schema = {
        "Name": None,
        "NTDomain": None,
        "UPNSuffix": None,
        "Host": "Host",
        "LogonId": None,
        "Sid": None,
        "AadTenantId": None,
        "AadUserId": None,
        "PUID": None,
        "IsDomainJoined": None,
        "DisplayName": None,
        "ObjectGuid": None,
        "Upn": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

"""The ``Host`` entity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...common.data_types import SplitProperty
from .entity import Entity
from .entity_enums import OSFamily

__all__ = ["Host"]


class Host(Entity):
    """
    A computer.

    Attributes
    ----------
    DnsDomain, NTDomain, HostName, NetBiosName, AzureID, OMSAgentID : str
        Names and identifiers.
    OSFamily : OSFamily
        ``OSFamily.Windows`` unless set.
    OSVersion, DeviceId : str
    IsDomainJoined : bool

    """

    ID_PROPERTIES = ["fqdn", "AzureID", "OMSAgentID", "DeviceId"]
    DeviceName = SplitProperty("HostName", "DnsDomain", ".")

    def __init__(
        self,
        src_entity: Mapping[str, Any] | None = None,
        src_event: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ):
        """
        Create a host from an entity mapping, an event row (``Computer``) or kwargs.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        src_event : Mapping[str, Any], optional
            An event row: ``Computer`` (split at the first ``.`` into host name and
            DNS domain) or ``HostName``/``DnsDomain``.
        **kwargs
            Properties to set.

        """
        self.DnsDomain: str | None = None
        self.NTDomain: str | None = None
        self.HostName: str | None = None
        self.NetBiosName: str | None = None
        self.AzureID: str | None = None
        self.OMSAgentID: str | None = None
        self.OSFamily: Any = OSFamily.Windows
        self.OSVersion: str | None = None
        self.IsDomainJoined: bool = False
        self.DeviceId: str | None = None
        super().__init__(src_entity=src_entity, **kwargs)
        self._computer: str | None = None
        if src_event is not None:
            self._create_from_event(src_event)

    @property
    def computer(self) -> str | None:
        """The event's ``Computer`` value, else ``fqdn``."""
        return self._computer if self._computer is not None else self.fqdn

    @property
    def fqdn(self) -> str | None:
        """``HostName.DnsDomain`` (or just ``HostName``)."""
        if self.DnsDomain:
            return f"{self.HostName}.{self.DnsDomain}"
        return self.HostName

    @property
    def FullName(self) -> str | None:
        """Host (or NetBIOS) name qualified by the DNS or NT domain."""
        short = self.HostName or self.NetBiosName
        domain = self.DnsDomain or self.NTDomain
        return f"{short}.{domain}" if domain else short

    @property
    def description_str(self) -> str:
        """Return ``fqdn (OSFamily)``."""
        return f"{self.fqdn} ({self.OSFamily})"

    @property
    def name_str(self) -> str:
        """Return the host name."""
        return self.HostName or self.__class__.__name__

    def _create_from_event(self, src_event: Mapping[str, Any]) -> None:
        if "Computer" in src_event:
            computer = src_event["Computer"]
            self._computer = computer
            host, dot, domain = computer.partition(".")
            self.HostName = host
            if dot:
                self.DnsDomain = domain
        elif "HostName" in src_event:
            self.HostName = src_event["HostName"]
            if "DnsDomain" in src_event:
                self.DnsDomain = src_event["DnsDomain"]
        self.NetBiosName = self.HostName
        self.AzureID = src_event.get("AzureID")
        self.DeviceId = src_event.get("DeviceId")
        self.DeviceName = src_event.get("DeviceName")

    _entity_schema = {
        "DnsDomain": None,
        "NTDomain": None,
        "HostName": None,
        "NetBiosName": None,
        "AzureID": None,
        "OMSAgentID": None,
        "OSFamily": "OSFamily",
        "IsDomainJoined": None,
        "DeviceId": None,
        "DeviceName": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

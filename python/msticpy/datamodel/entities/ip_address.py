"""The ``IpAddress`` entity."""

from __future__ import annotations

from collections.abc import Mapping
from ipaddress import IPv4Address, IPv6Address, ip_address
from typing import Any

from .entity import Entity
from .geo_location import GeoLocation

__all__ = ["Ip", "IpAddress"]


class IpAddress(Entity):
    """
    An IP address.

    Attributes
    ----------
    Address : str
    Location : GeoLocation
    ThreatIntelligence : list[Threatintelligence]

    """

    ID_PROPERTIES = ["Address"]

    def __init__(
        self,
        src_entity: Mapping[str, Any] | None = None,
        src_event: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """
        Create the address entity.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        src_event : Mapping[str, Any], optional
            An event row: ``IpAddress`` or ``Address``, optional ``Location``.
        **kwargs
            Properties to set.

        """
        self.Address: str = ""
        self.Location: Any = None
        self.ThreatIntelligence: list[Any] = []
        self.hostname: str | None = None
        self.SourceComputerId: str | None = None
        self.OSType: str | None = None
        self.OSName: str | None = None
        self.OSVMajorVersion: str | None = None
        self.OSVMinorVersion: str | None = None
        self.ComputerEnvironment: str | None = None
        self.OmsSolutions: list[str] | None = None
        self.VMUUID: str | None = None
        self.SubscriptionId: str | None = None
        super().__init__(src_entity=src_entity, **kwargs)
        if src_event is not None:
            if "Location" in src_event:
                self.Location = GeoLocation(src_event["Location"])
            if "IpAddress" in src_event:
                self.Address = src_event["IpAddress"]
            elif "Address" in src_event:
                self.Address = src_event["Address"]

    @property
    def ip_address(self) -> IPv4Address | IPv6Address | None:
        """The address as an ``ipaddress`` object (None if not valid)."""
        try:
            return ip_address(self.Address)
        except ValueError:
            return None

    @property
    def description_str(self) -> str:
        """Return the address and the location's country."""
        if self.Location:
            return f"{self.Address} - {self.Location.CountryCode}"
        return self.Address

    @property
    def name_str(self) -> str:
        """Return the address."""
        return self.Address or self.__class__.__name__

    _entity_schema = {
        "Address": None,
        "Location": "GeoLocation",
        "ThreatIntelligence": (list, "Threatintelligence"),
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }


#: msticpy's module-level alias.
Ip = IpAddress

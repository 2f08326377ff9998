"""The ``Dns`` (DNS resolution) entity; ``DnsResolve`` in older msticpy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .entity import Entity

__all__ = ["Dns", "DnsResolve"]


class Dns(Entity):
    """
    A DNS resolution.

    Attributes
    ----------
    DomainName : str
    IpAddresses : list[IpAddress]
    DnsServerIp, HostIpAddress : IpAddress

    """

    ID_PROPERTIES = ["DomainName"]

    def __init__(self, src_entity: Mapping[str, Any] | None = None, **kwargs: Any):
        """
        Create the resolution.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        **kwargs
            Properties to set.

        """
        self.DomainName: str | None = None
        self.IpAddresses: list[Any] = []
        self.DnsServerIp: Any = None
        self.HostIpAddress: Any = None
        super().__init__(src_entity=src_entity, **kwargs)

    @property
    def description_str(self) -> str:
        """Return ``domain: IPs: [...]``."""
        return f"{self.DomainName}: IPs: {self.IpAddresses!r}"

    @property
    def name_str(self) -> str:
        """Return the domain name."""
        return self.DomainName or self.__class__.__name__

    _entity_schema = {
        "DomainName": None,
        "IpAddresses": (list, "IpAddress"),
        "DnsServerIp": "IpAddress",
        "HostIpAddress": "IpAddress",
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }


#: The msticpy 0.x class name.
DnsResolve = Dns

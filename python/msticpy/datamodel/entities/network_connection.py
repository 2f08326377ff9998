"""The ``NetworkConnection`` entity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .entity import Entity

__all__ = ["NetworkConnection"]


class NetworkConnection(Entity):
    """
    A network connection between two addresses.

    Attributes
    ----------
    SourceAddress, DestinationAddress : IpAddress
    SourcePort, DestinationPort : int
    Protocol : str

    """

    ID_PROPERTIES = ["SourceAddress", "SourcePort", "DestinationAddress", "DestinationPort"]

    def __init__(self, src_entity: Mapping[str, Any] | None = None, **kwargs: Any):
        """
        Create the connection.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        **kwargs
            Properties to set.

        """
        self.SourceAddress: Any = None
        self.SourcePort: int | None = None
        self.DestinationAddress: Any = None
        self.DestinationPort: int | None = None
        self.Protocol: str | None = None
        super().__init__(src_entity=src_entity, **kwargs)

    @property
    def description_str(self) -> str:
        """Return ``src:port [proto]-> dst:port``."""
        # msticpy 3.0.2 forgets the f-prefix on the destination half (prints the
        # placeholders); this build formats both halves.
        return (
            f"{self.SourceAddress}:{self.SourcePort} [{self.Protocol}]-> "
            f"{self.DestinationAddress}:{self.DestinationPort}"
        )

    @property
    def name_str(self) -> str:
        """Return the class name."""
        return self.__class__.__name__

    _entity_schema = {
        "SourceAddress": "IpAddress",
        "SourcePort": None,
        "DestinationAddress": "IpAddress",
        "DestinationPort": None,
        "Protocol": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

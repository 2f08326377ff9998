"""The ``HostLogonSession`` entity."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .entity import Entity

__all__ = ["HostLogonSession"]


class HostLogonSession(Entity):
    """
    A logon session on a host.

    Attributes
    ----------
    Account : Account
    StartTimeUtc, EndTimeUtc : datetime
    Host : Host
    SessionId : str

    """

    ID_PROPERTIES = ["Account", "Host", "SessionId"]

    def __init__(
        self,
        src_entity: Mapping[str, Any] | None = None,
        src_event: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ):
        """
        Create the session.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        src_event : Mapping[str, Any], optional
            An event row: ``TimeCreatedUtc``/``TimeGenerated`` and ``TargetLogonId``.
        **kwargs
            Properties to set.

        """
        self.Account: Any = None
        self.StartTimeUtc: Any = datetime.min
        self.EndTimeUtc: Any = datetime.min
        self.Host: Any = None
        self.SessionId: str | None = None
        super().__init__(src_entity=src_entity, **kwargs)
        if src_event is not None:
            if "TimeCreatedUtc" in src_event:
                self.StartTimeUtc = src_event["TimeCreatedUtc"]
            elif "TimeGenerated" in src_event:
                self.StartTimeUtc = src_event["TimeGenerated"]
            self.EndTimeUtc = self.StartTimeUtc
            self.SessionId = src_event["TargetLogonId"] if "TargetLogonId" in src_event else None

    @property
    def description_str(self) -> str:
        """Return ``host: session: id``."""
        if self.Host:
            return f"{self.Host.HostName}: session: {self.SessionId}"
        return self.__class__.__name__

    @property
    def name_str(self) -> str:
        """Return the host name."""
        return f"{self.Host.HostName}" if self.Host else self.__class__.__name__

    _entity_schema = {
        "Account": "Account",
        "StartTimeUtc": None,
        "EndTimeUtc": None,
        "Host": "Host",
        "SessionId": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

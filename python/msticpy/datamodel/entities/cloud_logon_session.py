"""The ``CloudLogonSession`` entity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .entity import Entity

__all__ = ["CloudLogonSession"]


class CloudLogonSession(Entity):
    """A cloud logon session: session id, account, user agent, start time."""

    ID_PROPERTIES = ["Name"]

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
            An event row (``SessionId``, ``Account``, ``UserAgent``, ``StartTimeUtc``).
        **kwargs
            Properties to set.

        """
        self.SessionId: str | None = None
        self.Account: str | None = None
        self.UserAgent: str | None = None
        self.StartTime: str | None = None
        super().__init__(src_entity=src_entity, **kwargs)
        if src_event:
            self.SessionId = src_event.get("SessionId")
            self.Account = src_event.get("Account")
            self.UserAgent = src_event.get("UserAgent")
            self.StartTime = src_event.get("StartTimeUtc")

    @property
    def description_str(self) -> str:
        """Return the account."""
        return self.Account or self.__class__.__name__

    @property
    def name_str(self) -> str:
        """Return ``start - account - user agent``."""
        return f"{self.StartTime} - {self.Account} - {self.UserAgent}"

    _entity_schema = {
        "SessionId": None,
        "Account": None,
        "UserAgent": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

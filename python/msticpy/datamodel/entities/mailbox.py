"""The ``Mailbox`` entity (Office 365)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .entity import Entity

__all__ = ["Mailbox"]


class Mailbox(Entity):
    """A mailbox: primary address, display name, UPN, directory id, risk level."""

    ID_PROPERTIES = ["MailboxPrimaryAddress"]

    def __init__(
        self,
        src_entity: Mapping[str, Any] | None = None,
        src_event: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ):
        """
        Create the mailbox.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        src_event : Mapping[str, Any], optional
            An event row with the same column names.
        **kwargs
            Properties to set.

        """
        self.MailboxPrimaryAddress: str | None = None
        self.DisplayName: str | None = None
        self.Upn: str | None = None
        self.ExternalDirectoryObjectId: str | None = None
        self.RiskLevel: str | None = None
        super().__init__(src_entity=src_entity, **kwargs)
        if src_event:
            for name in (
                "MailboxPrimaryAddress",
                "Upn",
                "DisplayName",
                "ExternalDirectoryObjectId",
                "RiskLevel",
            ):
                setattr(self, name, src_event.get(name))

    @property
    def description_str(self) -> str:
        """Return ``address - risk``."""
        return f"{self.MailboxPrimaryAddress} - {self.RiskLevel}"

    @property
    def name_str(self) -> str:
        """Return the primary address."""
        return self.MailboxPrimaryAddress or self.__class__.__name__

    _entity_schema = {
        "MailboxPrimaryAddress": None,
        "DisplayName": None,
        "Upn": None,
        "ExternalDirectoryObjectId": None,
        "RiskLevel": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

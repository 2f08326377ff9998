"""The ``OAuthApplication`` entity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .entity import Entity

__all__ = ["OAuthApplication"]


class OAuthApplication(Entity):
    """An OAuth application: ids, name, tenant, publisher, risk, permissions."""

    ID_PROPERTIES = ["OAuthAppId", "OAuthObjectId"]

    def __init__(self, src_entity: Mapping[str, Any] | None = None, **kwargs: Any):
        """
        Create the application.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        **kwargs
            Properties to set.

        """
        self.OAuthAppId: str | None = None
        self.OAuthObjectId: str | None = None
        self.Name: str | None = None
        self.TenantId: str | None = None
        self.PublisherName: str | None = None
        self.Risk: str | None = None
        self.Permissions: list[str] = []
        self.RedirectURLs: list[str] = []
        self.AuthorizedBy: int = 0
        super().__init__(src_entity=src_entity, **kwargs)

    @property
    def description_str(self) -> str:
        """Return the name (or app id)."""
        return self.Name or self.OAuthAppId or self.__class__.__name__

    @property
    def name_str(self) -> str:
        """Return the name (or app id)."""
        return self.Name or self.OAuthAppId or self.__class__.__name__

    # As msticpy's: "Name" is not in the schema (so it is not copied from a mapping).
    _entity_schema = {
        "OAuthAppId": None,
        "OAuthObjectId": None,
        "TenantId": None,
        "PublisherName": None,
        "Risk": None,
        "Permissions": None,
        "RedirectURLs": None,
        "AuthorizedBy": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

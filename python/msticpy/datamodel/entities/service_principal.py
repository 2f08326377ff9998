"""The ``ServicePrincipal`` entity (type name ``ServicePrincipal``, as msticpy)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .entity import Entity

__all__ = ["ServicePrincipal"]


class ServicePrincipal(Entity):
    """An Azure AD service principal."""

    ID_PROPERTIES = ["DistinguishedName", "SID", "ObjectGuid"]

    def __init__(self, src_entity: Mapping[str, Any] | None = None, **kwargs: Any):
        """
        Create the service principal.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        **kwargs
            Properties to set.

        """
        self.ServicePrincipalName: str | None = None
        self.ServicePrincipalObjectId: str | None = None
        self.AppId: str | None = None
        self.AppOwnerTenantId: str | None = None
        self.TenantId: str | None = None
        self.ServicePrincipalType: str | None = None
        super().__init__(src_entity=src_entity, **kwargs)

    @property
    def description_str(self) -> Any:
        """Return the distinguished name (None unless one was set, as in msticpy)."""
        if "DistinguishedName" not in self.__dict__:
            return None
        return self.__dict__["DistinguishedName"] or self.__class__.__name__

    @property
    def name_str(self) -> str:
        """Return the class name."""
        return self.__class__.__name__

    _entity_schema = {
        "ServicePrincipalName": None,
        "ServicePrincipalObjectId": None,
        "AppId": None,
        "AppOwnerTenantId": None,
        "TenantId": None,
        "ServicePrincipalType": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

"""The ``SecurityGroup`` entity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .entity import Entity

__all__ = ["SecurityGroup"]


class SecurityGroup(Entity):
    """A security group: ``DistinguishedName``, ``SID``, ``ObjectGuid``."""

    ID_PROPERTIES = ["DistinguishedName", "SID", "ObjectGuid"]

    def __init__(self, src_entity: Mapping[str, Any] | None = None, **kwargs: Any):
        """
        Create the group.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        **kwargs
            Properties to set.

        """
        self.DistinguishedName: str | None = None
        self.SID: str | None = None
        self.ObjectGuid: str | None = None
        super().__init__(src_entity=src_entity, **kwargs)

    @property
    def description_str(self) -> str:
        """Return the distinguished name."""
        return self.DistinguishedName or self.__class__.__name__

    @property
    def name_str(self) -> str:
        """Return the class name."""
        return self.__class__.__name__

    _entity_schema = {
        "DistinguishedName": None,
        "SID": None,
        "ObjectGuid": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

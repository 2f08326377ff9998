"""The ``CloudApplication`` entity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .entity import Entity

__all__ = ["CloudApplication"]


class CloudApplication(Entity):
    """A cloud application: ``Name``, ``AppId``, ``InstanceName``."""

    ID_PROPERTIES = ["Name"]

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
        self.Name: str | None = None
        self.AppId: str | None = None
        self.InstanceName: str | None = None
        super().__init__(src_entity=src_entity, **kwargs)

    @property
    def description_str(self) -> str:
        """Return the name."""
        return self.Name or self.__class__.__name__

    @property
    def name_str(self) -> str:
        """Return the name."""
        return self.Name or self.__class__.__name__

    _entity_schema = {
        "Name": None,
        "AppId": None,
        "InstanceName": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

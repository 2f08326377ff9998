"""The ``RegistryValue`` entity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .entity import Entity

__all__ = ["RegistryValue"]


class RegistryValue(Entity):
    """A registry value: ``Key`` (``RegistryKey``), ``Name``, ``Value``, ``ValueType``."""

    ID_PROPERTIES = ["Key", "Name", "Value"]

    def __init__(self, src_entity: Mapping[str, Any] | None = None, **kwargs: Any):
        """
        Create the value.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        **kwargs
            Properties to set.

        """
        self.Key: Any = None
        self.Name: str | None = None
        self.Value: str | None = None
        self.ValueType: str | None = None
        super().__init__(src_entity=src_entity, **kwargs)

    @property
    def description_str(self) -> str:
        """Return ``key:name[type]:value``."""
        key = self.Key.description_str if self.Key else "Unknown key"
        return f"{key}:{self.Name}[{self.ValueType}]:{self.Value!r}"

    @property
    def name_str(self) -> str:
        """Return ``key:name (RegVal)``."""
        key = self.Key.name_str if self.Key else "RegPathNA"
        return f"{key}:{(self.Name or 'NameNA')} (RegVal)"

    _entity_schema = {
        "Key": "RegistryKey",
        "Name": None,
        "Value": None,
        "ValueType": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

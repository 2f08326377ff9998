"""The ``RegistryKey`` entity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .entity import Entity

__all__ = ["RegistryKey"]


class RegistryKey(Entity):
    """A registry key: ``Hive`` (``RegistryHive``) and ``Key`` (path below the hive)."""

    ID_PROPERTIES = ["Hive", "Key"]

    def __init__(self, src_entity: Mapping[str, Any] | None = None, **kwargs: Any):
        """
        Create the key.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        **kwargs
            Properties to set.

        """
        self.Hive: Any = None
        self.Key: str | None = None
        super().__init__(src_entity=src_entity, **kwargs)

    @property
    def description_str(self) -> str:
        """Return ``HKLM\\path``."""
        return f"{self.Hive.short_name if self.Hive else 'HiveNA'}\\{self.Key}"

    @property
    def name_str(self) -> str:
        """Return ``HKLM\\..\\last-part``."""
        hive = self.Hive.short_name if self.Hive else ""
        last = self.Key.rsplit("\\", 1)[-1] if self.Key else "RegKeyNA"
        return f"{hive}\\..\\{last}"

    _entity_schema = {
        "Hive": "RegistryHive",
        "Key": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

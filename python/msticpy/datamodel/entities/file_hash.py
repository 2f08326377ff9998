"""The ``FileHash`` entity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .entity import Entity
from .entity_enums import Algorithm

__all__ = ["FileHash"]


class FileHash(Entity):
    """
    A file hash: ``Algorithm`` (``Algorithm`` enum) and ``Value``.

    Parameters
    ----------
    src_entity : Mapping[str, Any], optional
        Entity properties.
    src_event : Mapping[str, Any], optional
        An event row with ``Algorithm`` and ``HashValue``.
    **kwargs
        Properties to set.

    """

    ID_PROPERTIES = ["Value"]

    def __init__(
        self,
        src_entity: Mapping[str, Any] | None = None,
        src_event: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ):
        """Create the hash entity."""
        self.Algorithm: Any = Algorithm.Unknown
        self.Value: str = ""
        super().__init__(src_entity=src_entity, **kwargs)
        if src_event is not None:
            self.Algorithm = src_event["Algorithm"]
            self.Value = src_event["HashValue"]

    @property
    def description_str(self) -> str:
        """Return ``algorithm: value``."""
        return f"{self.Algorithm}: {self.Value}"

    @property
    def name_str(self) -> str:
        """Return the hash value."""
        return self.Value

    _entity_schema = {
        "Algorithm": "Algorithm",
        "Value": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

"""``UnknownEntity``: an entity of a type this build has no class for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .entity import Entity

__all__ = ["UnknownEntity"]


class UnknownEntity(Entity):
    """An entity whose every source key becomes a property."""

    def __init__(self, src_entity: Mapping[str, Any] | None = None, **kwargs: Any):
        """
        Create the entity.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            All of its keys are copied.
        **kwargs
            Properties to set (``Type`` is kept as the type name).

        """
        super().__init__(src_entity=src_entity, **kwargs)
        if src_entity:
            self.__dict__.update(src_entity)

    @property
    def description_str(self) -> str:
        """Return ``"OtherEntity"``."""
        return "OtherEntity"

    @property
    def name_str(self) -> str:
        """Return the class name."""
        return self.__class__.__name__

    _entity_schema = {"TimeGenerated": None, "StartTime": None, "EndTime": None}

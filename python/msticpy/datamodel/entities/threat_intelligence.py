"""The ``Threatintelligence`` entity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .entity import Entity

__all__ = ["Threatintelligence"]


class Threatintelligence(Entity):
    """A threat-intelligence report attached to an observable."""

    ID_PROPERTIES = ["ProviderName", "ThreatName", "ReportLink"]

    def __init__(self, src_entity: Mapping[str, Any] | None = None, **kwargs: Any):
        """
        Create the report.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        **kwargs
            Properties to set.

        """
        self.ProviderName: str | None = None
        self.ThreatType: str | None = None
        self.ThreatName: str | None = None
        self.Confidence: str | None = None
        self.ReportLink: str | None = None
        self.ThreatDescription: str | None = None
        super().__init__(src_entity=src_entity, **kwargs)

    @property
    def description_str(self) -> str:
        """Return ``name (type)``."""
        return f"{self.ThreatName} ({self.ThreatType})"

    @property
    def name_str(self) -> str:
        """Return the threat name."""
        return self.ThreatName or self.__class__.__name__

    _entity_schema = {
        "ProviderName": None,
        "ThreatType": None,
        "ThreatName": None,
        "Confidence": None,
        "ReportLink": None,
        "ThreatDescription": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

"""The ``GeoLocation`` context object (an entity without identity of its own)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .entity import ContextObject, Entity

__all__ = ["GeoLocation"]


class GeoLocation(Entity, ContextObject):
    """
    A geographic location.

    Attributes
    ----------
    CountryCode, CountryOrRegionName (alias ``CountryName``), State, City : str
    Longitude, Latitude : float
    Asn : str

    """

    ID_PROPERTIES = ["Longitude", "Latitude", "City", "State", "CountryCode"]

    def __init__(self, src_entity: Mapping[str, Any] | None = None, **kwargs: Any):
        """
        Create the location.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        **kwargs
            Properties to set.

        """
        self.CountryCode: str | None = None
        self.CountryOrRegionName: str | None = None
        self.State: str | None = None
        self.City: str | None = None
        self.Longitude: float | None = None
        self.Latitude: float | None = None
        self.Asn: str | None = None
        super().__init__(src_entity=src_entity, **kwargs)

    @property
    def description_str(self) -> str:
        """Return ``country; state; city``."""
        return f"{self.CountryCode}; {self.State}; {self.City}"

    @property
    def name_str(self) -> str:
        """Return the country code."""
        return self.CountryCode or self.__class__.__name__

    @property
    def CountryName(self) -> str | None:
        """Alias of ``CountryOrRegionName``."""
        return self.CountryOrRegionName

    @CountryName.setter
    def CountryName(self, value: str | None) -> None:
        self.CountryOrRegionName = value

    @property
    def coordinates(self) -> tuple[float, float]:
        """``(Latitude, Longitude)``, or ``(0.0, 0.0)`` unless both are set."""
        if self.Latitude and self.Longitude:
            return self.Latitude, self.Longitude
        return (0.0, 0.0)

    _entity_schema = {
        "CountryCode": None,
        "CountryOrRegionName": None,
        "State": None,
        "City": None,
        "Longitude": None,
        "Latitude": None,
        "Asn": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

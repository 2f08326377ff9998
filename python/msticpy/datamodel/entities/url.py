"""The ``Url`` entity; its URL's parts read as attributes (``url.host``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from .entity import Entity

__all__ = ["Url"]


def _url_components(url: str) -> dict[str, Any]:
    """
    The URL's parts under urllib3's names (``scheme auth host port path query fragment``).

    msticpy uses ``urllib3.util.parse_url``; this build parses with the standard
    library and returns the same keys (scheme and host lower-cased, as urllib3 does).
    """
    try:
        parts = urlsplit(url if "//" in url else f"//{url}")
        port = parts.port
    except ValueError:
        return {}
    auth = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else None
    return {
        "scheme": parts.scheme.lower() or None,
        "auth": auth,
        "host": parts.hostname,
        "port": port,
        "path": parts.path or None,
        "query": parts.query or None,
        "fragment": parts.fragment or None,
    }


class Url(Entity):
    """
    A URL.

    Attributes
    ----------
    Url : str
    DetonationVerdict : str

    """

    ID_PROPERTIES = ["Url"]

    def __init__(
        self,
        src_entity: Mapping[str, Any] | None = None,
        src_event: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ):
        """
        Create the URL entity.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        src_event : Mapping[str, Any], optional
            An event row with ``Url`` (and ``AdditionalData.DetonationVerdict``).
        **kwargs
            Properties to set.

        """
        self.Url: str | None = None
        self.DetonationVerdict: str | None = None
        super().__init__(src_entity=src_entity, **kwargs)
        if src_event:
            self.Url = src_event["Url"]
            if "AdditionalData" in src_event:
                self.DetonationVerdict = src_event["AdditionalData"]["DetonationVerdict"]

    @property
    def description_str(self) -> str:
        """Return the URL."""
        return self.Url or super().description_str

    @property
    def name_str(self) -> str:
        """Return the URL."""
        return self.Url or self.__class__.__name__

    def __getitem__(self, key: str) -> Any:
        """Properties, then the URL's parts (``url["host"]``)."""
        if self.Url:
            value = _url_components(self.Url).get(key)
            if value:
                return value
        return super().__getitem__(key)

    def __getattr__(self, name: str) -> Any:
        """The URL's parts as attributes (``url.host``)."""
        if name != "Url" and self.__dict__.get("Url"):
            value = _url_components(self.__dict__["Url"]).get(name)
            if value:
                return value
        return super().__getattr__(name)

    _entity_schema = {
        "Url": None,
        "DetonationVerdict": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

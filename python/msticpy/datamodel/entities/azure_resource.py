"""The ``AzureResource`` entity."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .entity import Entity

__all__ = ["AzureResource"]

_RESOURCE_PATH = re.compile("/resource/(?P<res_path>.+)")


class AzureResource(Entity):
    """An Azure resource: ``ResourceId`` and its ``name/value`` parts."""

    ID_PROPERTIES = ["ResourceId"]

    def __init__(self, src_entity: Mapping[str, Any] | None = None, **kwargs: Any):
        """
        Create the resource.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        **kwargs
            Properties to set.

        """
        self.ResourceId: str | None = None
        self.ResourceIdParts: dict[str, str] = {}
        self.Url: str | None = None
        super().__init__(src_entity=src_entity, **kwargs)
        if self.ResourceId and not self.ResourceIdParts:
            match = _RESOURCE_PATH.search(self.ResourceId)
            if match:
                parts = match.group("res_path").split("/")
                self.ResourceIdParts = dict(zip(parts[0::2], parts[1::2]))

    @property
    def description_str(self) -> str:
        """Return the resource id."""
        return self.ResourceId or self.__class__.__name__

    @property
    def name_str(self) -> str:
        """Return the resource id."""
        return self.ResourceId or self.__class__.__name__

    @property
    def SubscriptionId(self) -> str | None:
        """The ``subscriptions`` part."""
        return self.ResourceIdParts.get("subscriptions")

    @property
    def ResourceGroup(self) -> str | None:
        """The ``resourceGroups`` part."""
        return self.ResourceIdParts.get("resourceGroups")

    @property
    def Provider(self) -> str | None:
        """The ``providers`` part."""
        return self.ResourceIdParts.get("providers")

    _entity_schema = {
        "ResourceId": None,
        "ResourceIdParts": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

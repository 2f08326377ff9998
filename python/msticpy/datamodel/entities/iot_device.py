"""The ``IoTDevice`` entity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .entity import Entity

__all__ = ["IoTDevice"]


class IoTDevice(Entity):
    """An IoT device: hub, ids, type, source, maker, model, OS, addresses, protocols."""

    ID_PROPERTIES = ["IoTHub", "DeviceId"]

    def __init__(self, src_entity: Mapping[str, Any] | None = None, **kwargs: Any):
        """
        Create the device.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        **kwargs
            Properties to set.

        """
        self.IoTHub: str | None = None
        self.DeviceId: str | None = None
        self.DeviceName: str | None = None
        self.IoTSecurityAgentId: str | None = None
        self.DeviceType: str | None = None
        self.Source: str | None = None
        self.SourceRef: str | None = None
        self.Manufacturer: str | None = None
        self.Model: str | None = None
        self.OperatingSystem: str | None = None
        self.IpAddress: Any = None
        self.MacAddress: str | None = None
        self.Protocols: str | None = None
        self.SerialNumber: str | None = None
        super().__init__(src_entity=src_entity, **kwargs)

    @property
    def description_str(self) -> str:
        """Return ``name - id``."""
        return f"{self.DeviceName} - {self.DeviceId}"

    @property
    def name_str(self) -> str:
        """Return the device name."""
        return self.DeviceName or self.__class__.__name__

    _entity_schema = {
        "IoTHub": None,
        "DeviceId": None,
        "DeviceName": None,
        "IoTSecurityAgentId": None,
        "DeviceType": None,
        "Source": None,
        "SourceRef": None,
        "Manufacturer": None,
        "Model": None,
        "OperatingSystem": None,
        "IpAddress": "IpAddress",
        "MacAddress": None,
        "Protocols": None,
        "SerialNumber": None,
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

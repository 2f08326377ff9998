"""The ``Alert`` entity: a security alert and the entities it names."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

from ._refs import resolve_entity_refs
from .entity import Entity, camelcase_property_names

__all__ = ["Alert"]


def _raw_entities(value: Any) -> list[Any]:
    """The alert's entity list from a list or a JSON string (bad JSON: none)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return []
    return resolve_entity_refs(value)


class Alert(Entity):
    """
    A security alert.

    Attributes
    ----------
    DisplayName, CompromisedEntity, Severity, AlertType, VendorName, ProviderName : str
    StartTimeUtc, EndTimeUtc : datetime
    SystemAlertIds : list[str]
    Entities : list[Entity]

    """

    ID_PROPERTIES = ["SystemAlertIds"]

    def __init__(
        self,
        src_entity: Mapping[str, Any] | None = None,
        src_event: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ):
        """
        Create the alert from an entity mapping or an alert row (``pd.Series``).

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Alert properties; ``Entities`` (list or JSON) become entities.
        src_event : pd.Series, optional
            A row of the ``SecurityAlert`` table.
        **kwargs
            Properties to set.

        """
        self.DisplayName: str | None = None
        self.CompromisedEntity: str | None = None
        self.Count: Any = None
        self.StartTimeUtc: Any = None
        self.EndTimeUtc: Any = None
        self.Severity: Any = None
        self.SystemAlertId: str | None = None
        self.SystemAlertIds: list[str] = []
        self.AlertType: str | None = None
        self.VendorName: str | None = None
        self.ProviderName: str | None = None
        self.Entities: list | None = None
        self.Version = "3.0"
        super().__init__(src_entity=src_entity, **kwargs)
        if src_entity is not None:
            self._create_from_ent(src_entity)
        if src_event is not None:
            import pandas as pd

            if isinstance(src_event, pd.Series) and not src_event.empty:
                self._create_from_event(src_event)

    def _create_from_ent(self, src_entity: Mapping[str, Any]) -> None:
        if "StartTime" in src_entity:
            self.TimeGeneratedUtc = src_entity["StartTime"]
        if "TimeGenerated" in src_entity:
            self.TimeGeneratedUtc = src_entity["TimeGenerated"]
        if "EndTime" in src_entity:
            self.EndTimeUtc = src_entity["EndTime"]
        if "StartTime" in src_entity:
            self.StartTime = src_entity["StartTime"]
        if "AlertDisplayName" in src_entity:
            self.DisplayName = src_entity["AlertDisplayName"]
        if "SystemAlertId" in src_entity:
            self.SystemAlertIds.append(src_entity["SystemAlertId"])
        elif "ID" in src_entity:
            self.SystemAlertIds.append(src_entity["ID"])
        if "Name" in src_entity:
            self.DisplayName = src_entity["Name"]
        if src_entity.get("Entities"):
            self.Entities = self._create_entities(_raw_entities(src_entity["Entities"]))
        self._add_additional_data(src_entity)

    def _create_from_event(self, src_event: Any) -> None:
        get = src_event.get
        self.TimeGenerated = get("StartTime", get("TimeGenerated"))
        self.AlertDisplayName = get("AlertDisplayName", get("DisplayName", get("Name")))
        self.StartTimeUtc = get("StartTimeUtc", get("StartTime"))
        self.EndTimeUtc = get("EndTimeUtc", get("EndTime"))
        self.Severity = get("Severity", get("AlertSeverity"))
        self.SystemAlertIds = get("SystemAlertId", get("ID"))
        self.Entities = self._create_entities(_raw_entities(src_event["Entities"]))
        for name in self._entity_schema:
            if name not in self.__dict__:
                self.__dict__[name] = get(name)
        if "ExtendedProperties" in src_event:
            self._add_additional_data(json.loads(src_event["ExtendedProperties"]))

    def _add_additional_data(self, src_entity: Any) -> None:
        """Schema properties not yet set are set; everything else goes to AdditionalData."""
        if isinstance(src_entity, dict):
            items = list(src_entity.items())
        elif type(src_entity).__name__ == "SecurityAlert":
            items = list(src_entity.properties.items())
        elif isinstance(src_entity, Mapping):
            items = list(src_entity.items())
        else:
            return
        for name, value in items:
            if name not in self._entity_schema:
                self.AdditionalData[name] = value
            elif name not in self.__dict__:
                self.__dict__[name] = value

    def _create_entities(self, entities: list[Any]) -> list[Any]:
        """Instantiate the raw entities (unknown types become ``UnknownEntity``)."""
        created = []
        for raw in entities:
            if isinstance(raw, tuple):
                type_name, details = raw[0], raw[1]
            elif isinstance(raw, dict):
                type_name, details = raw.get("Type", "Unknown"), raw
            else:
                type_name, details = "Unknown", raw
            entity_cls = Entity.ENTITY_NAME_MAP.get(
                str(type_name).lower(), Entity.ENTITY_NAME_MAP["unknown"]
            )
            created.append(
                Entity.instantiate_entity(camelcase_property_names(details), entity_type=entity_cls)
            )
        return created

    @property
    def description_str(self) -> str:
        """Return ``name (start) compromised-entity`` or ``name - id``."""
        if self.StartTime and self.CompromisedEntity:
            return f"{self.DisplayName} ({self.StartTime}) {self.CompromisedEntity}"
        return f"{self.DisplayName} - {self.AlertId}"

    @property
    def name_str(self) -> str:
        """Return ``Alert: display name``."""
        return f"Alert: {self.AlertDisplayName or self.DisplayName or None}"

    @property
    def AlertId(self) -> str | None:
        """The system alert id."""
        return self.SystemAlertId or (self.SystemAlertIds[0] if self.SystemAlertIds else None)

    @AlertId.setter
    def AlertId(self, value: str) -> None:
        self.SystemAlertId = value

    def to_html(self) -> str:
        """Return a short HTML summary (values escaped)."""
        props = self.properties
        if not props:
            return "Alert has no data."

        def esc(value: Any) -> str:
            return html.escape(str(value), quote=False)

        name = props.get("AlertDisplayName", props.get("DisplayName", "no alert name"))
        start = props.get("StartTimeUtc", props.get("StartTime", "no timestamp"))
        return f"""
            <h3>Alert: '{esc(name)}'</h3>
            <b>Alert_time:</b> {esc(start)},
            <b>Compr_entity:</b> {esc(props.get("CompromisedEntity", "unknown"))},
            <b>Alert_id:</b> {esc(props.get("SystemAlertId", "unknown"))}
            """

    _entity_schema = {
        name: None
        for name in (
            "Count StartTimeUtc EndTimeUtc Severity SystemAlertId AlertType VendorName "
            "ProviderName Entities TimeGenerated ProductName ProductComponentName "
            "ProductVersion ProcessingEndTime Status ProviderAlertStatus ConfidenceLevel "
            "ConfidenceScore ConfidenceScoreStatus ConfidenceReasons Intent Techniques "
            "SubTechniques IsIncident IsPreview ProviderAlertId CorrelationKey "
            "InvestigationIds ResourceIdentifiers CompromisedEntity AlertDisplayName "
            "Description DescriptionArguments SupportingEvidence RemediationSteps "
            "ExtendedProperties ExtendedLinks Metadata Edges AlertUri Anomaly AlertPolicy"
        ).split()
    }

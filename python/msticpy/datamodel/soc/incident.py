"""
The ``Incident`` entity: a Microsoft Sentinel incident (msticpy's ``datamodel.soc``).

Built from one incident as the Sentinel incidents API returns it, flattened with
dotted column names (``pd.json_normalize`` of the REST reply, as
``MicrosoftSentinel.get_incidents`` gives it): ``id``, ``properties.title``,
``properties.severity`` ... Either as ``src_entity`` (any mapping) or as ``src_event``
(a ``pd.Series`` row, when ``src_event_type`` is ``"Sentinel"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..entities.alert import Alert
from ..entities.entity import Entity, camelcase_property_names

__all__ = ["Incident"]

_PROPS = "properties."
#: Incident fields read from the flattened API record: attribute -> column.
_FIELDS = {
    "TimeGenerated": "createdTimeUtc",
    "DisplayName": "title",
    "Severity": "severity",
    "Status": "status",
    "Labels": "labels",
    "StartTime": "firstActivityTimeUtc",
    "EndTime": "lastActivityTimeUtc",
}
#: ``Owner`` keys -> owner columns.
_OWNER = {
    "Name": "owner.assignedTo",
    "Email": "owner.email",
    "UPN": "owner.userPrincipalName",
    "ID": "owner.objectId",
}
#: ``AdditionalData`` keys -> columns.
_ADDITIONAL = {
    "Alert Count": "additionalData.alertsCount",
    "Bookmarks Count": "additionalData.bookmarksCount",
    "Comments Count": "additionalData.commentsCount",
    "Products": "additionalData.alertProductNames",
    "Tactics": "additionalData.tactics",
    "Related Rule IDs": "relatedAnalyticRuleIds",
    "Incident Number": "incidentNumber",
}


class Incident(Entity):
    """
    A Microsoft Sentinel incident.

    Attributes
    ----------
    DisplayName, IncidentID, Severity, Status, Classification : str
    Owner : dict
        ``Name``, ``Email``, ``UPN``, ``ID`` of the assigned owner.
    Labels, Alerts, Entities : list
        ``Alerts`` are ``Alert`` entities, ``Entities`` the incident's entities.
    AdditionalData : dict
        Alert, bookmark and comment counts, products, tactics, rule ids, number.
    TimeGenerated, StartTime, EndTime
        Creation, first and last activity times.

    """

    ID_PROPERTIES = ["IncidentID"]

    def __init__(
        self,
        src_entity: Mapping[str, Any] | None = None,
        src_event: Mapping[str, Any] | None = None,
        src_event_type: str = "Sentinel",
        **kwargs: Any,
    ):
        """
        Create the incident from a flattened API record (mapping or ``pd.Series``).

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            A flattened incident record (``id``, ``properties.*`` keys).
        src_event : pd.Series, optional
            The same record as a DataFrame row; read when ``src_event_type`` is
            ``"Sentinel"``.
        src_event_type : str, optional
            The kind of ``src_event``; only ``"Sentinel"`` is read (the default).
        **kwargs
            Properties to set.

        Raises
        ------
        KeyError
            If the record lacks one of the incident columns (``id``,
            ``properties.title``, ``properties.owner.email`` ...), as msticpy.

        """
        self.DisplayName: str | None = None
        self.IncidentID: str | None = None
        self.Severity: str | None = None
        self.Status: str | None = None
        self.Owner: dict | None = None
        self.Classification: str | None = None
        self.Labels: list | None = None
        self.Alerts: list | None = None
        self.Entities: list | None = None
        super().__init__(src_entity=src_entity, **kwargs)
        if src_entity:
            self._read_record(src_entity)
        if src_event is not None and src_event_type == "Sentinel":
            import pandas as pd

            if isinstance(src_event, pd.Series):
                self._read_record(src_event)

    @property
    def description_str(self) -> str:
        """Return ``time - title - incident id``."""
        return f"{self.TimeGenerated} - {self.DisplayName} - {self.IncidentID}"

    @property
    def name_str(self) -> str:
        """Return ``Incident: title``."""
        return f"Incident: {self.DisplayName}"

    def _read_record(self, record: Mapping[str, Any]) -> None:
        """Set the incident's properties from a flattened API record."""
        for attr, column in _FIELDS.items():
            setattr(self, attr, record[_PROPS + column])
        # The id is the resource path; the incident id is its last segment.
        self.IncidentID = str(record["id"]).rsplit("/", maxsplit=1)[-1]
        if _PROPS + "classification" in record:
            self.Classification = record[_PROPS + "classification"]
        self.Owner = {key: record[_PROPS + column] for key, column in _OWNER.items()}
        self.AdditionalData = {key: record[_PROPS + column] for key, column in _ADDITIONAL.items()}
        if "Alerts" in record:
            alerts = record["Alerts"]
            if alerts and isinstance(alerts, list):
                self.Alerts = [Alert(src_entity=alert) for alert in alerts]
        if "Entities" in record:
            self.Entities = _entities(record["Entities"])

    _entity_schema = {
        name: None
        for name in (
            "TimeGenerated DisplayName IncidentID Severity Status Owner Classification "
            "Labels Alerts Entities AdditionalData StartTime EndTime"
        ).split()
    }


def _entities(raw_entities: Any) -> list[Entity]:
    """Entities from the API's list: ``(type, properties)`` pairs or dicts with ``Type``."""
    created = []
    for raw in raw_entities:
        if isinstance(raw, tuple):
            type_name, details = raw[0], raw[1]
        elif isinstance(raw, dict):
            type_name, details = raw["Type"], raw
        else:
            type_name, details = "unknown", raw
        entity_cls = Entity.ENTITY_NAME_MAP[str(type_name).lower()]
        created.append(entity_cls(src_event=camelcase_property_names(details)))
    return created


# The "incident" entity type, as in msticpy's entity map.
Entity.ENTITY_NAME_MAP.setdefault("incident", Incident)

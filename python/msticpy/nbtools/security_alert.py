"""
``SecurityAlert``: a row of the Sentinel ``SecurityAlert`` table with its entities.

``Entities`` (JSON text or a list) become entity objects keyed by ``$id``, nested
``$id`` mappings included, and ``{"$ref": id}`` properties are replaced by the
referenced entity objects. ``ExtendedProperties`` (dict or JSON text) become
``extended_properties``. Location and behaviour follow msticpy 3.0.2
(``msticpy.nbtools.security_alert``); differences are in ``security_base`` and
``docs/entities.md`` (the HTML header shows the alert id, escaped; nested ``$id``
entities are collected with a work list, not recursion).
"""

from __future__ import annotations

import html
import json
from typing import Any

import pandas as pd

from ..datamodel.entities import Entity, UnknownEntity
from .security_base import SecurityBase

__all__ = ["SecurityAlert"]


def _instantiate(raw: Any) -> Any:
    try:
        return Entity.instantiate_entity(raw)
    except TypeError:
        return UnknownEntity(**raw)


class SecurityAlert(SecurityBase):
    """
    A security alert.

    Parameters
    ----------
    src_row : pd.Series, optional
        A row of the ``SecurityAlert`` table.

    """

    def __init__(self, src_row: pd.Series | None = None):
        """Parse the alert's entities and extended properties."""
        super().__init__(src_row=src_row)
        self._src_entities: dict[Any, Any] = {}
        self.extended_properties: dict[str, Any] = {}
        if src_row is not None:
            if "Entities" in src_row:
                self._extract_entities(src_row)
            if "ExtendedProperties" in src_row:
                extended = src_row["ExtendedProperties"]
                if isinstance(extended, dict):
                    self.extended_properties = extended
                elif isinstance(extended, str):
                    try:
                        self.extended_properties = json.loads(extended)
                    except json.JSONDecodeError:
                        pass
        self._find_os_family()

    @property
    def entities(self) -> list[Entity]:
        """The alert's entities (those with an ``$id``)."""
        return list(self._src_entities.values())

    @property
    def query_params(self) -> dict[str, Any]:
        """``SecurityBase.query_params`` plus ``system_alert_id``."""
        params = super().query_params
        if params.get("system_alert_id") is None:
            params["system_alert_id"] = self._ids.get("SystemAlertId")
        return params

    def to_html(self, show_entities: bool = False) -> str:
        """Return a header (name, time, compromised entity, id) and the row as HTML."""
        props = self.properties
        if props:
            start = props.get("StartTimeUtc", props.get("StartTime", "no timestamp"))
            name = props.get("AlertDisplayName", props.get("DisplayName", "no alert name"))
            entity = props.get("CompromisedEntity", "unknown")
            alert_id = props.get("SystemAlertId", "unknown")
            title = f"""
            <h3>Alert: '{html.escape(str(name))}'</h3>
            <b>Alert_time:</b> {html.escape(str(start))},
            <b>Compr_entity:</b> {html.escape(str(entity))},
            <b>Alert_id:</b> {html.escape(str(alert_id))}
            """
        else:
            title = "Alert has no data."
        return title + super().to_html(show_entities)

    def __str__(self) -> str:
        """The row, the entities, then ``ExtProp: name: value`` lines."""
        text = super().__str__()
        if self.extended_properties:
            text += "\n" + "\n".join(
                f"ExtProp: {prop}: {val}" for prop, val in self.extended_properties.items()
            )
        return text

    def _extract_entities(self, src_row: pd.Series) -> None:
        raw_entities: list[Any] = []
        extended = src_row.get("ExtendedProperties") if hasattr(src_row, "get") else None
        if isinstance(extended, str):
            try:
                for name, value in json.loads(extended).items():
                    if name in ("IpAddress", "Username"):
                        raw_entities.append({"Entity": value, "Type": name})
            except (json.JSONDecodeError, AttributeError):
                pass
        entities = src_row["Entities"]
        if isinstance(entities, str):
            try:
                raw_entities += json.loads(entities)
            except json.JSONDecodeError:
                pass
        elif isinstance(entities, list):
            raw_entities += entities
        for raw in raw_entities:
            if not isinstance(raw, dict):
                continue
            entity = _instantiate(raw)
            if "$id" in raw:
                self._src_entities[raw["$id"]] = entity
            self._extract_child_entities(raw)
        self._resolve_entity_refs()

    def _extract_child_entities(self, src_entity: dict) -> None:
        """Register nested mappings that carry an ``$id``, children before parents.

        msticpy recurses; this walks the same post-order with an explicit stack, so
        nesting depth from the input cannot overflow the Python stack.
        """
        stack: list[tuple[dict, Any]] = [(src_entity, iter(src_entity.values()))]
        while stack:
            node, props = stack[-1]
            for prop in props:
                if (
                    isinstance(prop, dict)
                    and "$id" in prop
                    and prop["$id"] not in self._src_entities
                ):
                    stack.append((prop, iter(prop.values())))
                    break
            else:
                stack.pop()
                if node is not src_entity:
                    self._src_entities[node["$id"]] = _instantiate(node)

    def _resolve_entity_refs(self) -> None:
        """Replace ``{"$ref": id}`` properties with the referenced entities."""
        for entity in list(self._src_entities.values()):
            if not isinstance(entity, Entity):
                continue
            for name, prop in list(entity.properties.items()):
                if isinstance(prop, dict) and "$ref" in prop:
                    target = self._src_entities.get(prop["$ref"])
                    if target is not None:
                        entity[name] = target
                        entity.add_edge(target, edge_attrs={"name": name})
                elif isinstance(prop, list):
                    for index, elem in enumerate(prop):
                        if isinstance(elem, dict) and "$ref" in elem:
                            target = self._src_entities.get(elem["$ref"])
                            if target is not None:
                                prop[index] = target
                                entity.add_edge(target, edge_attrs={"name": name})

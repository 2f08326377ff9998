"""
``$id``/``$ref`` resolution for the entity lists of Sentinel alerts.

Alert JSON lists each entity once with a ``"$id"`` and refers to it elsewhere as
``{"$ref": id}``; resolving replaces each reference with the referenced mapping.

msticpy 3.0.2 resolves references at the top level and one level down (list
items and mapping values). This build does the same, with two deliberate fixes
(``docs/entities.md``): ``$id`` targets are collected at any depth (an explicit
work list, bounded by the input size), and list members that are not
references are kept (msticpy drops them from a list holding a reference).
"""

from __future__ import annotations

from typing import Any

__all__ = ["resolve_entity_refs"]


def _collect_ids(entities: list[Any]) -> dict[Any, dict]:
    """Map every ``$id`` found in the nested mappings and lists to its mapping."""
    found: dict[Any, dict] = {}
    pending: list[Any] = list(entities)
    seen: set[int] = set()
    while pending:
        item = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            if "$id" in item:
                found.setdefault(item["$id"], item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return found


def _resolve(value: Any, targets: dict[Any, dict]) -> Any:
    if isinstance(value, dict) and "$ref" in value:
        return targets.get(value["$ref"], value)
    return value


def resolve_entity_refs(entities: list[Any]) -> list[Any]:
    """
    Replace ``{"$ref": id}`` items with the mapping carrying that ``$id``.

    Parameters
    ----------
    entities : list
        The alert's raw entity mappings (modified in place one level down).

    Returns
    -------
    list
        The entities, references resolved; unknown references stay as they are.

    """
    targets = _collect_ids(entities)
    resolved = []
    for entity in entities:
        if isinstance(entity, dict) and "$ref" in entity:
            resolved.append(_resolve(entity, targets))
            continue
        if isinstance(entity, dict):
            for key, value in entity.items():
                if isinstance(value, list):
                    if any(isinstance(v, dict) and "$ref" in v for v in value):
                        entity[key] = [_resolve(v, targets) for v in value]
                else:
                    entity[key] = _resolve(value, targets)
        resolved.append(entity)
    return resolved

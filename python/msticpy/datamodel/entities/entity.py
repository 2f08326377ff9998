"""
The ``Entity`` base class (msticpy's ``datamodel.entities.entity``).

An entity keeps its properties as plain instance attributes, so ``e.Name``,
``e["Name"]`` and ``"Name" in e`` all read the same ``__dict__``. Each subclass
declares ``_entity_schema``: property name -> ``None`` (plain value), an enum name
(``"OSFamily"``), an entity class name (``"Host"``: a nested mapping carrying a
``Type`` key becomes that entity) or ``(list, "FileHash")`` for a list of them.

Deliberate differences from msticpy 3.0.2 (``docs/entities.md``):

* ``to_html`` escapes ``<``, ``>`` and ``&`` in every value, so a hostile string
  cannot inject markup into a notebook.
* ``to_json`` writes datetimes as ISO 8601 strings and enum members by name;
  msticpy raises ``TypeError`` for every entity (``TimeGenerated`` is always a
  datetime).
"""

from __future__ import annotations

import html
import json
import pprint
import threading
import warnings
from abc import ABC
from collections.abc import Mapping
from copy import deepcopy
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any, ClassVar

from .entity_enums import ENTITY_ENUMS
from .entity_graph import Node

__all__ = ["MAX_ENTITY_DEPTH", "ContextObject", "Entity", "camelcase_property_names"]

#: Nested entities deeper than this stay raw mappings (construction is recursive, and
#: input controls the depth; msticpy would raise RecursionError). Hitting it warns once
#: per top-level construction.
MAX_ENTITY_DEPTH = 64
_NESTING = threading.local()


def _warn_depth_cut() -> None:
    """Say (once per top-level entity) that nesting past the limit was kept raw."""
    from ...common.exceptions import MsticpyLimitWarning

    warnings.warn(
        f"entities nested deeper than {MAX_ENTITY_DEPTH} levels (MAX_ENTITY_DEPTH in "
        "msticpy.datamodel.entities.entity) were kept as raw mappings, not converted "
        "to Entity objects",
        MsticpyLimitWarning,
        stacklevel=4,
    )


class ContextObject:
    """Marker for information attached to an entity that is not itself an entity."""


class _EntityJSONEncoder(json.JSONEncoder):
    """JSON for entities: their non-empty properties, nested entities as objects."""

    def default(self, o: Any) -> Any:
        if isinstance(o, Entity):
            return {key: val for key, val in o.properties.items() if val and key != "edges"}
        if isinstance(o, Enum):
            return o.name
        if isinstance(o, (datetime, date)):
            return o.isoformat()
        return super().default(o)


class Entity(ABC, Node):
    """
    Base class of all entities.

    Parameters
    ----------
    src_entity : Mapping[str, Any], optional
        A mapping (dict, ``pd.Series``, another entity) whose keys named in the
        class schema are copied; nested entities and enums are instantiated.
    **kwargs
        Properties to set directly (applied last).

    """

    ENTITY_NAME_MAP: ClassVar[dict[str, type]] = {}
    _entity_schema: ClassVar[dict[str, Any]] = {}
    ID_PROPERTIES: ClassVar[list[str]] = []
    JSONEncoder = _EntityJSONEncoder

    def __init__(self, src_entity: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        """Create the entity from ``src_entity`` and/or keyword properties."""
        super().__init__()
        self.TimeGenerated = datetime.now(timezone.utc)
        self.Type = self._get_entity_type_name(type(self))
        if self.Type == "unknown" and "Type" in kwargs:
            self.Type = kwargs["Type"]
        self._entity_schema["Type"] = None
        if "AdditionalData" not in self:
            self.AdditionalData: dict[str, Any] = {}
        if src_entity is not None:
            depth = getattr(_NESTING, "depth", 0)
            _NESTING.depth = depth + 1
            if depth == 0:
                _NESTING.cut = False
            try:
                self._extract_src_entity(src_entity)
            finally:
                _NESTING.depth = depth
            if depth == 0 and _NESTING.cut:
                _NESTING.cut = False
                _warn_depth_cut()
            if "AdditionalData" in src_entity:
                self.AdditionalData = src_entity["AdditionalData"]
            if "TimeGenerated" in src_entity:
                self.TimeGenerated = src_entity["TimeGenerated"]
        if kwargs:
            self.__dict__.update(kwargs)

    @classmethod
    def create(cls, src_entity: Mapping[str, Any] | None = None, **kwargs: Any) -> Entity:
        """
        Create an entity of the class named by ``Type`` (in ``src_entity`` or kwargs).

        Returns
        -------
        Entity
            The new entity; ``UnknownEntity`` when the type is missing or unknown.

        """
        if src_entity:
            type_name = src_entity.get("Type") or src_entity.get("type")
        else:
            type_name = kwargs.get("Type") or kwargs.get("type")
        entity_cls = cls.ENTITY_NAME_MAP.get(type_name or "unknown")
        if entity_cls is None:
            entity_cls = cls.ENTITY_NAME_MAP["unknown"]
        return entity_cls(src_entity, **kwargs)

    def _extract_src_entity(self, src_entity: Mapping[str, Any]) -> None:
        """Copy the schema's properties from ``src_entity``, converting nested values."""
        schema = dict(self._entity_schema)
        schema["Type"] = None
        for attr, kind in schema.items():
            if attr not in src_entity:
                continue
            raw = src_entity[attr]
            self[attr] = raw
            if kind is None:
                continue
            if isinstance(kind, str) and kind in ENTITY_ENUMS:
                try:
                    self[attr] = ENTITY_ENUMS[kind][raw]
                    continue
                except KeyError:
                    # Not a member name: like msticpy, fall through and keep the value.
                    self[attr] = None
            if isinstance(kind, tuple):
                self._set_entity_list(attr, kind[1], raw)
            else:
                self._set_entity(attr, kind, raw)

    @staticmethod
    def _entity_class(kind: Any) -> type | None:
        """The class for a schema entry given as a class (a name means "by Type")."""
        return kind if isinstance(kind, type) and issubclass(kind, Entity) else None

    def _set_entity_list(self, attr: str, kind: Any, raw: Any) -> None:
        if getattr(_NESTING, "depth", 0) > MAX_ENTITY_DEPTH:
            _NESTING.cut = True
            return
        items = [
            Entity.instantiate_entity(item, entity_type=self._entity_class(kind)) for item in raw
        ]
        self[attr] = items
        for child in items:
            if isinstance(child, Entity):
                self.add_edge(child, edge_attrs={"name": attr})

    def _set_entity(self, attr: str, kind: Any, raw: Any) -> None:
        if getattr(_NESTING, "depth", 0) > MAX_ENTITY_DEPTH:
            _NESTING.cut = True
            return
        self[attr] = Entity.instantiate_entity(raw, entity_type=self._entity_class(kind))
        if isinstance(self[attr], Entity):
            self.add_edge(self[attr], edge_attrs={"name": attr})

    # Mapping-style access to the properties.
    def __getitem__(self, key: str) -> Any:
        """Return a property; None for an unset schema property."""
        if key in self.__dict__:
            return self.__dict__[key]
        if key in self._entity_schema:
            return None
        raise KeyError(key)

    def __setitem__(self, key: str, value: Any) -> None:
        """Set a property."""
        self.__dict__[key] = value

    def __contains__(self, key: object) -> bool:
        """Return True if the property is set (even to None)."""
        return key in self.__dict__

    def __getattr__(self, name: str) -> Any:
        """Unset schema properties read as None; anything else is an AttributeError."""
        if name in type(self)._entity_schema or name in {"name_str", "description_str"}:
            return None
        raise AttributeError(f"{name} is not a valid attribute.")

    def __iter__(self) -> Any:
        """Iterate over the property names."""
        return iter(self.properties)

    def __len__(self) -> int:
        """Return the number of (non-empty) properties."""
        return len(self.properties)

    def __str__(self) -> str:
        """Return the properties as a pretty-printed nested dictionary."""
        return pprint.pformat(self._to_dict(), indent=2, width=100)

    def __repr__(self) -> str:
        """Return ``Class(prop=value, ...)``, cut at 80 characters."""
        params = ", ".join(f"{key}={val}" for key, val in self.properties.items() if val)
        if self.edges:
            params = f"{params}, edges={'. '.join(str(edge) for edge in self.edges)}"
        if len(params) > 80:
            params = f"{params[:80]}..."
        return f"{self.__class__.__name__}({params})"

    def _to_dict(self) -> dict:
        """Return the properties as a dictionary, nested entities as dictionaries."""
        return {
            key: val._to_dict() if isinstance(val, Entity) else val
            for key, val in self.properties.items()
            if val is not None
        }

    def to_dict(self) -> dict:
        """
        Return the non-empty properties as a nested dictionary.

        Returns
        -------
        dict
            Properties; nested entities are dictionaries too.

        """
        return self._to_dict()

    def _repr_html_(self) -> str:
        """Notebook display."""
        return self.to_html()

    def to_html(self) -> str:
        """
        Return the entity as HTML (escaped: values cannot inject markup).

        Returns
        -------
        str
            A heading with the type, then the properties.

        """
        text = html.escape(str(self), quote=False).replace("\n", "<br>").replace(" ", "&nbsp;")
        return f"<h3>{html.escape(str(self.Type), quote=False)}</h3>{text}"

    def to_json(self) -> str:
        """Return the entity as a JSON string."""
        return json.dumps(self, cls=self.JSONEncoder)

    def __eq__(self, other: Any) -> bool:
        """Return True for the same class with the same properties."""
        if self.__class__ != other.__class__ or not isinstance(other, Entity):
            return False
        return self.properties == other.properties

    def __hash__(self) -> int:
        """Hash the non-empty properties except ``TimeGenerated``."""
        return hash(
            " ".join(
                f"{key}:{val}"
                for key, val in self.properties.items()
                if str(val) and key not in ("edges", "TimeGenerated")
            )
        )

    def is_equivalent(self, other: Any) -> bool:
        """
        Return True if no property has conflicting non-empty values in the two entities.

        Parameters
        ----------
        other : Any
            The entity to compare.

        Returns
        -------
        bool
            True if equal, or if every property set in both has the same value.

        """
        if self == other:
            return True
        if not isinstance(other, Entity):
            return False
        mine, theirs = self.__dict__, other.__dict__
        return not any(
            mine[key] != theirs[key] and mine[key] and theirs[key]
            for key in mine
            if key not in ("edges", "TimeGenerated") and not key.startswith("_")
        )

    def merge(self, other: Any) -> Entity:
        """
        Return a copy of this entity with the empty properties filled from ``other``.

        Raises
        ------
        AttributeError
            If the entities cannot be merged (``can_merge``).

        """
        if self == other:
            return self
        if not self.can_merge(other):
            raise AttributeError("Entities cannot be merged.")
        merged = deepcopy(self)
        for key, value in other.properties.items():
            if value and not self.__dict__[key]:
                setattr(merged, key, value)
        if other.edges:
            self.edges.update(other.edges)
        return merged

    def can_merge(self, other: Any) -> bool:
        """
        Return True if ``other`` is the same class with no conflicting identifying values.

        Parameters
        ----------
        other : Any
            The entity to check.

        Returns
        -------
        bool
            True if the entities can be merged.

        """
        if self.__class__ != other.__class__ or not isinstance(other, Entity):
            return False
        ids = {p for p in self.ID_PROPERTIES if getattr(self, p, None) is not None}
        ids |= {p for p in other.ID_PROPERTIES if getattr(other, p, None) is not None}
        return all(getattr(self, p) == getattr(other, p) for p in ids)

    @property
    def properties(self) -> dict:
        """
        Return the public, non-empty properties.

        Returns
        -------
        dict
            Property name -> value, in the order they were first set.

        """
        return {
            key: val
            for key, val in self.__dict__.items()
            if not key.startswith("_") and key != "edges" and val
        }

    @property
    def description_str(self) -> str:
        """Return a one-line description (the type name unless overridden)."""
        return self.Type

    @property
    def name_str(self) -> str:
        """Return a short name (the class name unless overridden)."""
        return self.__class__.__name__

    @classmethod
    def instantiate_entity(
        cls, raw_entity: Mapping[str, Any], entity_type: type | None = None
    ) -> Entity | Mapping[str, Any]:
        """
        Build an entity from its raw mapping.

        Parameters
        ----------
        raw_entity : Mapping[str, Any]
            The raw properties; its ``Type`` picks the class (``ENTITY_NAME_MAP``).
        entity_type : type, optional
            The class to use regardless of ``Type``.

        Returns
        -------
        Entity | Mapping[str, Any]
            The entity; ``raw_entity`` itself when it has no ``Type`` and no
            ``entity_type`` is given.

        Raises
        ------
        TypeError
            If ``Type`` names no known entity class.

        """
        if "Type" not in raw_entity and entity_type is None:
            return raw_entity
        type_name = raw_entity.get("Type")
        if entity_type:
            return entity_type(raw_entity)
        if type_name and type_name.lower() in cls.ENTITY_NAME_MAP:
            return cls.ENTITY_NAME_MAP[type_name.lower()](raw_entity)
        raise TypeError(f"Could not find a suitable type for {entity_type}")

    @classmethod
    def _get_entity_type_name(cls, entity_type: type) -> str:
        """Return the first ``ENTITY_NAME_MAP`` key for the class, else ``"unknown"``."""
        for key, value in cls.ENTITY_NAME_MAP.items():
            if value == entity_type:
                return key
        return "unknown"

    @property
    def node_properties(self) -> dict[str, Any]:
        """
        Return the properties that are neither entities nor lists, as strings.

        Returns
        -------
        dict[str, Any]
            Name -> ``str(value)``, plus ``Description`` and ``Name``.

        """
        props = {
            key: str(val)
            for key, val in self.properties.items()
            if not isinstance(val, (Entity, list)) and key != "edges"
        }
        props["Description"] = self.description_str
        props["Name"] = self.name_str
        return props

    def to_networkx(self, graph: Any = None) -> Any:
        """
        Return a networkx graph of this entity and the entities linked to it.

        Parameters
        ----------
        graph : networkx.Graph, optional
            Graph to add to; a new one if omitted.

        Returns
        -------
        networkx.Graph
            The graph (nodes named by ``name_str``).

        Raises
        ------
        MsticpyImportExtraError
            If networkx is not installed.

        """
        try:
            import networkx as nx
        except ImportError as err:
            from ...common.exceptions import MsticpyImportExtraError

            raise MsticpyImportExtraError(
                "to_networkx needs the networkx package (pip install networkx)"
            ) from err
        graph = graph if graph is not None else nx.Graph()
        pending: list[Entity] = [self]
        seen: set[int] = set()
        # An explicit work list instead of recursion: graph depth comes from data.
        while pending:
            node = pending.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if not graph.has_node(node.name_str):
                graph.add_node(node.name_str, **node.node_properties)
            for edge in node.edges:
                source, target = edge.source, edge.target
                if not isinstance(source, Entity) or not isinstance(target, Entity):
                    continue
                if not graph.has_edge(source.name_str, target.name_str):
                    graph.add_edge(source.name_str, target.name_str, **edge.attrs)
                pending.extend((source, target))
        return graph

    @classmethod
    def get_pivot_list(cls, search_str: str | None = None) -> list[str]:
        """
        Return the pivot functions attached to the class (none in this build).

        Returns
        -------
        list[str]
            Sorted names of attributes that carry ``pivot_properties``.

        """
        found = [name for name in dir(cls) if hasattr(getattr(cls, name), "pivot_properties")]
        return sorted(
            name for name in found if search_str is None or search_str.casefold() in name.casefold()
        )

    pivots = get_pivot_list


def camelcase_property_names(input_ent: dict[str, Any]) -> dict[str, Any]:
    """Upper-case the first letter of each key (Sentinel API entities use camelCase)."""
    return {key[0].upper() + key[1:]: value for key, value in input_ent.items()}

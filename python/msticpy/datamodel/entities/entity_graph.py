"""Edges between entities (msticpy's ``entity_graph``): each entity is a graph node."""

from __future__ import annotations

from typing import Any


class Node:
    """A graph node holding its set of edges."""

    def __init__(self) -> None:
        """Start with no edges."""
        self.edges: set[Edge] = set()

    def add_edge(self, target: Node, edge_attrs: dict[str, Any] | None = None) -> None:
        """
        Link this node and ``target`` with one shared edge (once).

        Parameters
        ----------
        target : Node
            The other node.
        edge_attrs : dict[str, Any], optional
            Attributes of the new edge (``name`` names it).

        """
        edge = Edge(self, target, edge_attrs)
        if not self.has_edge(target):
            self.edges.add(edge)
        if not target.has_edge(self):
            target.edges.add(edge)

    def has_edge(self, other: Any) -> bool:
        """Return True if an edge links this node with ``other``."""
        return any(other in (edge.target, edge.source) for edge in self.edges)


class Edge:
    """An edge from ``source`` to ``target`` with a dictionary of attributes."""

    def __init__(self, source: Node, target: Node, attrs: dict[str, Any] | None = None):
        """
        Create the edge.

        Parameters
        ----------
        source : Node
            Source node.
        target : Node
            Target node.
        attrs : dict[str, Any], optional
            Edge attributes.

        """
        self.source = source
        self.target = target
        self.attrs: dict[str, Any] = attrs or {}

    def add_attr(self, name: str, value: Any) -> None:
        """Set an edge attribute."""
        self.attrs[name] = value

    def __str__(self) -> str:
        """Return the edge's name."""
        return str(self.attrs.get("name", "unnamed-edge"))

    def __repr__(self) -> str:
        """Return the name and the other attributes."""
        extra = [f"{key}='{val}'" for key, val in self.attrs.items() if key != "name"]
        if not extra:
            return f"Edge(name={self})"
        return f"Edge(name={self}, {', '.join(extra)})"

"""Attribute containers for the query tree (``qp.Family.query``)."""

from __future__ import annotations

from functools import partial
from typing import Any

__all__ = ["QueryContainer"]


class QueryContainer:
    """A level of the query attribute tree (a data family or sub-family)."""

    def __repr__(self) -> str:
        """List the containers and queries held."""
        lines = []
        for name, obj in self.__dict__.items():
            if isinstance(obj, QueryContainer):
                lines.append(f"{name} (container)")
            elif isinstance(obj, partial):
                lines.append(f"{name} (query)")
            elif not name.startswith("_"):
                lines.append(f"{name} {type(obj).__name__}")
        return "\n".join(lines)

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        """Print what the container holds (it is not a query)."""
        if args or kwargs:
            print("This attribute is a container, not a query.")
            print("Items in this container:")
        print(repr(self))

    def __iter__(self) -> Any:
        """Iterate over ``(name, item)`` pairs."""
        return iter(self.__dict__.items())

    def __len__(self) -> int:
        """Return the number of items held."""
        return len(self.__dict__)

    def __getattr__(self, name: str) -> Any:
        """Resolve dotted paths (``"sub.query"``); name close matches in the error."""
        if name.startswith("__"):
            raise AttributeError(name)
        if "." in name:
            node: Any = self
            for part in name.split("."):
                node = node.__dict__.get(part) if isinstance(node, QueryContainer) else None
            if node is not None:
                return node
        import difflib

        close = difflib.get_close_matches(name, list(self.__dict__), cutoff=0.5)
        hint = f" Closest matches are {close}" if close else ""
        raise AttributeError(f"{self.__class__.__name__} object has no attribute {name}.{hint}")

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

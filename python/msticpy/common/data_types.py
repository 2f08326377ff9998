"""
Attribute descriptors used by the entity classes (msticpy's ``common.data_types``).

``SharedProperty`` is a second name for another instance attribute;
``SplitProperty`` presents two attributes as one delimited value (``Name`` and
``UPNSuffix`` as ``name@suffix``).
"""

from __future__ import annotations

from typing import Any


class SharedProperty:
    """An alias for another instance attribute (reads and writes go there)."""

    def __init__(self, instance_name: str):
        """
        Create the alias.

        Parameters
        ----------
        instance_name : str
            The attribute that holds the value.

        """
        self.instance_name = instance_name

    def __get__(self, instance: Any, owner: Any) -> Any:
        """Return the aliased attribute (None if unset)."""
        return getattr(instance, self.instance_name, None)

    def __set__(self, instance: Any, value: Any) -> None:
        """Set the aliased attribute."""
        setattr(instance, self.instance_name, value)


class FallbackProperty:
    """An attribute that falls back to another attribute while unset."""

    def __init__(self, instance_name: str, default_name: str):
        """
        Create the descriptor.

        Parameters
        ----------
        instance_name : str
            The attribute that holds the value.
        default_name : str
            The attribute read while ``instance_name`` is unset.

        """
        self.instance_name = instance_name
        self.default_name = default_name

    def __get__(self, instance: Any, owner: Any) -> Any:
        """Return the value, or the fallback attribute's value."""
        fallback = getattr(instance, self.default_name, None)
        return getattr(instance, self.instance_name, fallback)

    def __set__(self, instance: Any, value: Any) -> None:
        """Set the value."""
        setattr(instance, self.instance_name, value)


class SplitProperty:
    """One value stored as two attributes around a delimiter."""

    def __init__(self, inst_left_name: str, inst_right_name: str, split_char: str):
        """
        Create the descriptor.

        Parameters
        ----------
        inst_left_name : str
            Attribute holding the part before the delimiter.
        inst_right_name : str
            Attribute holding the part after it.
        split_char : str
            The delimiter.

        """
        self.inst_left_name = inst_left_name
        self.inst_right_name = inst_right_name
        self.split_char = split_char

    def __get__(self, instance: Any, owner: Any) -> Any:
        """Join the two parts, or None unless both are set."""
        left = getattr(instance, self.inst_left_name, None)
        right = getattr(instance, self.inst_right_name, None)
        return f"{left}{self.split_char}{right}" if left and right else None

    def __set__(self, instance: Any, value: Any) -> None:
        """Split ``value`` at the first delimiter (None is ignored)."""
        if value is None:
            return
        if self.split_char not in value:
            setattr(instance, self.inst_left_name, value)
            return
        left, right = value.split(self.split_char, 1)
        setattr(instance, self.inst_left_name, left)
        setattr(instance, self.inst_right_name, right)

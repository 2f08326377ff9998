"""Argument checking, enum parsing, dictionary merging and class helpers."""

from __future__ import annotations

import difflib
import functools
import inspect
import sys
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Any, TypeVar

T = TypeVar("T")
EnumT = TypeVar("EnumT", bound=Enum)

__all__: list[str] = []


def export(obj: T) -> T:
    """
    Add a function or class to its module's ``__all__``.

    Parameters
    ----------
    obj : class or function
        The object to export (used as a decorator).

    Returns
    -------
    The object, unchanged.

    """
    item: Any = obj
    names = sys.modules[item.__module__].__dict__.setdefault("__all__", [])
    if item.__name__ not in names:
        names.append(item.__name__)
    return obj


@export
def check_kwarg(arg_name: str, legal_args: Iterable[str]) -> None:
    """
    Raise ``NameError`` if ``arg_name`` is not one of ``legal_args``.

    Parameters
    ----------
    arg_name : str
        The argument name to check.
    legal_args : Iterable[str]
        The accepted names.

    Raises
    ------
    NameError
        With ``(arg_name, message)`` as its arguments; the message lists the closest
        legal names, or all of them when none is close.

    """
    legal = list(legal_args)
    if arg_name in legal:
        return
    close = difflib.get_close_matches(arg_name, legal)
    message = f"'{arg_name}' is not a recognized argument or attribute. "
    if len(close) == 1:
        message += f"Closest match is '{close[0]}'"
    elif close:
        message += "Closest matches are " + ", ".join(f"'{name}'" for name in close)
    else:
        message += "Valid options are " + ", ".join(f"'{name}'" for name in legal)
    raise NameError(arg_name, message)


@export
def check_kwargs(supplied_args: Mapping[str, Any] | Iterable[str], legal_args: Iterable[str]):
    """
    Raise ``NameError`` if any supplied argument name is not in ``legal_args``.

    Parameters
    ----------
    supplied_args : Mapping[str, Any]
        The keyword arguments received (only the names are checked).
    legal_args : Iterable[str]
        The accepted names.

    Raises
    ------
    NameError
        Holding one ``NameError`` (see `check_kwarg`) per unknown name.

    """
    legal = list(legal_args)
    problems: list[NameError] = []
    for name in supplied_args:
        try:
            check_kwarg(name, legal)
        except NameError as err:
            problems.append(err)
    if problems:
        raise NameError(problems)


@export
def checked_kwargs(legal_args: Iterable[str]) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """
    Decorate a function so unknown keyword argument names raise ``NameError``.

    Parameters
    ----------
    legal_args : Iterable[str]
        Accepted names, in addition to the function's own named parameters.

    Returns
    -------
    Callable
        The decorator.

    """

    def decorate(func: Callable[..., T]) -> Callable[..., T]:
        own = set(inspect.signature(func).parameters) - {"args", "kwargs"}
        accepted = sorted(set(legal_args) | own)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> T:
            check_kwargs(kwargs, accepted)
            return func(*args, **kwargs)

        return wrapper

    return decorate


@export
def enum_parse(enum_cls: type[EnumT], value: str) -> EnumT | None:
    """
    Return the member of ``enum_cls`` named ``value`` (exact, then case-insensitive).

    Parameters
    ----------
    enum_cls : type[Enum]
        The enumeration.
    value : str
        The member name.

    Returns
    -------
    Enum or None
        The member, or None when no name matches.

    Raises
    ------
    TypeError
        If ``enum_cls`` is not an ``Enum`` subclass.

    """
    if not (isinstance(enum_cls, type) and issubclass(enum_cls, Enum)):
        raise TypeError("enum_parse needs a subclass of enum.Enum.")
    members = enum_cls.__members__
    if value in members:
        return members[value]
    folded = {name.casefold(): member for name, member in members.items()}
    return folded.get(str(value).casefold())


@export
class ParseableEnum:
    """Mix-in giving an ``Enum`` a case-insensitive ``parse`` method."""

    def parse(self, value: str) -> Enum | None:
        """Return the member named ``value`` (case-insensitive), or None."""
        enum_cls: Any = self.__class__
        return enum_parse(enum_cls, value)


@export
def arg_to_list(arg: str | list[str], delims: str = ",; ") -> list[str]:
    """
    Return ``arg`` as a list: lists unchanged, strings split on the first delimiter found.

    Parameters
    ----------
    arg : str or list[str]
        The value to convert.
    delims : str, optional
        Candidate delimiters, tried in order (default ``",; "``).

    Returns
    -------
    list[str]
        The items (stripped when split).

    Raises
    ------
    TypeError
        If ``arg`` is neither a string nor a list.

    """
    if isinstance(arg, list):
        return arg
    if isinstance(arg, str):
        for delim in delims:
            if delim in arg:
                return [item.strip() for item in arg.split(delim)]
        return [arg]
    raise TypeError("`arg` must be a string or a list.")


@export
def collapse_dicts(*dicts: Mapping[Any, Any]) -> dict:
    """Merge dictionaries recursively; later ones win (msticpy's ``collapse_dicts``)."""
    merged: dict = {}
    for layer in dicts:
        merged = _merge_two(merged, layer)
    return merged


def _merge_two(base: Mapping[Any, Any], top: Mapping[Any, Any] | None) -> dict:
    if not top:
        return dict(base or {})
    if not base:
        return dict(top)
    out = dict(base)
    for key, value in top.items():
        if isinstance(out.get(key), dict) and isinstance(value, dict):
            out[key] = _merge_two(out[key], value)
        else:
            out[key] = value
    return out


def singleton(cls: type[T]) -> Callable[..., T]:
    """Class decorator: the first instance is returned by every later call."""
    instances: dict[type, Any] = {}

    @functools.wraps(cls)
    def get_instance(*args: Any, **kwargs: Any) -> T:
        if cls not in instances:
            instances[cls] = cls(*args, **kwargs)
        return instances[cls]

    return get_instance


@export
class SingletonClass:
    """
    Class decorator keeping one instance of the wrapped class.

    The first call creates the instance; later calls return it. ``current()`` returns
    it (or None before the first call); other attributes come from the class or the
    instance.
    """

    def __init__(self, wrapped_cls: type) -> None:
        """Wrap ``wrapped_cls``."""
        self.wrapped_cls = wrapped_cls
        self.instance: Any = None
        self.__doc__ = wrapped_cls.__doc__

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Return the instance, creating it on the first call."""
        if self.instance is None:
            self.instance = self.wrapped_cls(*args, **kwargs)
        return self.instance

    def current(self) -> Any:
        """Return the current instance (None before the first call)."""
        return self.instance

    def __getattr__(self, name: str) -> Any:
        """Delegate to the wrapped class, then to the instance."""
        if hasattr(self.wrapped_cls, name):
            return getattr(self.wrapped_cls, name)
        if self.instance is None:
            return None
        return getattr(self.instance, name)


@export
class SingletonArgsClass(SingletonClass):
    """Like `SingletonClass`, but a call with different arguments makes a new instance."""

    def __init__(self, wrapped_cls: type) -> None:
        """Wrap ``wrapped_cls``."""
        super().__init__(wrapped_cls)
        self.kwargs: dict[str, Any] | None = None
        self.args: tuple | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Return the instance for these arguments, creating it when they changed."""
        current = self.instance
        if (
            current is None
            or getattr(current, "kwargs", None) != kwargs
            or getattr(current, "args", None) != args
        ):
            self.instance = self.wrapped_cls(*args, **kwargs)
            if self.instance is not None:
                self.instance.kwargs = kwargs
                self.instance.args = args
        return self.instance


@export
class ImportPlaceholder:
    """Stands in for an optional import: any use prints what to install and raises."""

    def __init__(self, name: str, required_pkgs: list[str]) -> None:
        """Record the missing item's name and the packages it needs."""
        self.name = name
        self.required_pkgs = required_pkgs
        self.message = (
            f"{name} cannot be loaded without the following packages installed: "
            f"{', '.join(required_pkgs)}"
        )
        self._shown = False

    def _report(self) -> None:
        if not self._shown:
            print(self.message, "\nPlease install them and restart the notebook.")
            self._shown = True

    def __getattr__(self, name: str) -> Any:
        """Report the missing packages and raise ``ImportError``."""
        self._report()
        raise ImportError(self.name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Report the missing packages and raise ``ImportError``."""
        self._report()
        raise ImportError(self.name)

"""
Base class of look-up providers (msticpy 3.x ``context.provider_base``).

A ``Provider`` answers look-ups for the observable types named by the keys of its
``_QUERIES`` ("ipv4", "ipv4-geo"...). ``lookup_items`` accepts a DataFrame (with a column
name), a mapping of value -> type or any iterable of values (types inferred by
``IoCExtract.get_ioc_type``).

Deliberate differences: a value that is not a string gives a ``BAD_FORMAT`` row instead of
an exception; ``_make_sync`` works inside a running event loop (Jupyter) without
``nest_asyncio`` by running the coroutine on a worker thread.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Coroutine, Generator, Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

from .._version import VERSION
from .lookup_result import LookupStatus, SanitizedObservable
from .preprocess_observable import PreProcessor

if TYPE_CHECKING:
    import pandas as pd

    from .lookup import ProgressCounter

__version__ = VERSION


def _ioc_type_enum() -> Any:
    from ..transform.iocextract import IoCType

    return IoCType


class Provider(ABC):
    """Abstract base class of look-up providers."""

    _QUERIES: ClassVar[dict[str, Any]] = {}

    def __init__(self) -> None:
        """Work out the supported types from ``_QUERIES``."""
        ioc_type = _ioc_type_enum()
        self.description: str | None = None
        self._supported_types: set[Any] = {
            ioc_type.parse(query_key.split("-")[0]) for query_key in self._QUERIES
        }
        self._supported_types.discard(ioc_type.unknown)
        self.require_url_encoding = False
        self._preprocessors = PreProcessor()

    @abstractmethod
    def lookup_item(
        self, item: str, item_type: str | None = None, query_type: str | None = None
    ) -> pd.DataFrame:
        """
        Look up one value.

        Parameters
        ----------
        item : str
            The value.
        item_type : str, optional
            Its type (inferred when None).
        query_type : str, optional
            The query sub-type (e.g. "geo"), by default the type's default query.

        Returns
        -------
        pd.DataFrame
            One row per result.

        """

    def _check_item_type(
        self, item: str, item_type: str | None = None, query_subtype: str | None = None
    ) -> dict[str, Any]:
        """Return a result row for ``item`` with its type resolved and value pre-processed."""
        if not isinstance(item, str):
            return {
                "Item": item,
                "SanitizedValue": None,
                "ItemType": item_type or "unknown",
                "QuerySubtype": query_subtype,
                "Result": False,
                "Details": f"Value of type {type(item).__name__} is not a string.",
                "RawResult": None,
                "Reference": None,
                "Status": LookupStatus.BAD_FORMAT.value,
            }
        bad_text = _lone_surrogate(item)
        if bad_text is not None:
            # Not text any service could be sent (and not storable in an Arrow-backed
            # frame): a status row that keeps the value, escaped, so nothing is lost.
            return {
                "Item": item.encode("utf-8", "backslashreplace").decode("utf-8"),
                "SanitizedValue": None,
                "ItemType": item_type or "unknown",
                "QuerySubtype": query_subtype,
                "Result": False,
                "Details": f"Value is not valid text: {bad_text}; shown escaped.",
                "RawResult": None,
                "Reference": None,
                "Status": LookupStatus.BAD_FORMAT.value,
            }
        item_type = item_type or self.resolve_item_type(item)
        result: dict[str, Any] = {
            "Item": item,
            "SanitizedValue": item,
            "ItemType": item_type,
            "QuerySubtype": query_subtype,
            "Result": False,
            "Details": "",
            "RawResult": None,
            "Reference": None,
            "Status": LookupStatus.OK.value,
        }
        if not self.is_supported_type(item_type):
            result["Details"] = f"Type {item_type} not supported."
            result["Status"] = LookupStatus.NOT_SUPPORTED.value
            return result
        clean: SanitizedObservable = self._preprocessors.check(
            item, item_type, require_url_encoding=self.require_url_encoding
        )
        result["SanitizedValue"] = clean.observable
        if clean.status != "ok":
            result["Details"] = clean.status
            result["Status"] = LookupStatus.BAD_FORMAT.value
        return result

    @property
    def name(self) -> str:
        """Return the provider's name (its class name)."""
        return self.__class__.__name__

    def lookup_items(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        item_col: str | None = None,
        item_type_col: str | None = None,
        query_type: str | None = None,
    ) -> pd.DataFrame:
        """
        Look up a collection of values, one ``lookup_item`` call each.

        Parameters
        ----------
        data : pd.DataFrame | Mapping[str, str] | Iterable[str]
            A DataFrame (with ``item_col``), a mapping of value -> type, or values.
        item_col : str, optional
            DataFrame column of the values.
        item_type_col : str, optional
            DataFrame column of the types (inferred when None).
        query_type : str, optional
            The query sub-type.

        Returns
        -------
        pd.DataFrame
            The rows of all look-ups (empty if there were no values).

        """
        import pandas as pd

        results = [
            self.lookup_item(item, item_type, query_type)
            for item, item_type in generate_items(data, item_col, item_type_col)
            if item
        ]
        return pd.concat(results) if results else pd.DataFrame()

    async def lookup_items_async(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        item_col: str | None = None,
        item_type_col: str | None = None,
        query_type: str | None = None,
        *,
        prog_counter: ProgressCounter | None = None,
        item_type: str | None = None,
    ) -> pd.DataFrame:
        """
        Look up a collection of values (coroutine form of ``lookup_items``).

        Parameters are those of ``lookup_items``; ``prog_counter`` is decremented once per
        value and ``item_type`` overrides every value's type.

        Returns
        -------
        pd.DataFrame
            The rows of all look-ups.

        """
        if item_type is not None:
            data = {item: item_type for item, _ in generate_items(data, item_col, item_type_col)}
            item_col = item_type_col = None
        result = self.lookup_items(data, item_col, item_type_col, query_type)
        if prog_counter:
            await prog_counter.decrement(_count(data))
        return result

    async def _lookup_items_async_wrapper(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        item_col: str | None = None,
        item_type_col: str | None = None,
        query_type: str | None = None,
        *,
        prog_counter: ProgressCounter | None = None,
    ) -> pd.DataFrame:
        """Run ``lookup_items`` (for providers with no async form of their own)."""
        return await Provider.lookup_items_async(
            self, data, item_col, item_type_col, query_type, prog_counter=prog_counter
        )

    @property
    def item_query_defs(self) -> dict[str, Any]:
        """Return the query definitions, keyed by "type" or "type-subtype"."""
        return self._QUERIES

    @classmethod
    def is_known_type(cls, item_type: str) -> bool:
        """Return True if ``item_type`` names an IoC type other than "unknown"."""
        return item_type in _ioc_type_enum().__members__ and item_type != "unknown"

    @property
    def supported_types(self) -> list[str]:
        """Return the names of the types this provider supports."""
        return [item.name for item in self._supported_types]

    @classmethod
    def usage(cls) -> None:
        """Print the provider's description and its item/query types."""
        print(f"{cls.__doc__} Supported query types:")
        for key in sorted(cls._QUERIES):
            item_type, _, sub_type = key.partition("-")
            if sub_type:
                print(f"\titem_type={item_type}, query_type={sub_type}")
            else:
                print(f"\titem_type={item_type}")

    def is_supported_type(self, item_type: Any) -> bool:
        """Return True if ``item_type`` (name or ``IoCType``) is supported."""
        if isinstance(item_type, str):
            item_type = _ioc_type_enum().parse(item_type)
        return getattr(item_type, "name", None) in self.supported_types

    @staticmethod
    @lru_cache(maxsize=1024)
    def resolve_item_type(item: str) -> str:
        """Return the IoC type of ``item`` (``"unknown"`` if none fits)."""
        return str(_ioc_extract().get_ioc_type(item))


class PivotProvider(ABC):
    """A provider that registers pivot functions."""

    @abstractmethod
    def register_pivots(self, pivot_reg: Any, pivot: Any) -> None:
        """
        Register the provider's pivot functions.

        Parameters
        ----------
        pivot_reg : type
            Pivot registration settings.
        pivot : Pivot
            The pivot library instance.

        """


@lru_cache(maxsize=1)
def _ioc_extract() -> Any:
    from ..transform.iocextract import IoCExtract

    return IoCExtract()


def _count(data: Any) -> int:
    try:
        return len(data)
    except TypeError:
        return 0


def generate_items(
    data: Any, item_col: str | None = None, item_type_col: str | None = None
) -> Generator[tuple[Any, Any], None, None]:
    """
    Yield (value, type) pairs from a DataFrame, a mapping or an iterable.

    Parameters
    ----------
    data : pd.DataFrame | Mapping[str, str] | Iterable[str]
        The input. A string counts as one value, not as an iterable of characters.
    item_col : str, optional
        DataFrame column of the values (required for a DataFrame).
    item_type_col : str, optional
        DataFrame column of the types (inferred when None).

    Yields
    ------
    tuple
        (value, type); types are inferred where not given.

    Raises
    ------
    KeyError
        If a DataFrame does not have ``item_col`` (or ``item_type_col``).

    """
    import pandas as pd

    def _type_of(value: Any, given: Any) -> Any:
        if given:
            return given
        return Provider.resolve_item_type(value) if isinstance(value, str) else "unknown"

    if isinstance(data, pd.DataFrame):
        if item_col is None or item_col not in data.columns:
            raise KeyError(f"DataFrame has no column {item_col!r} (pass it as ioc_col)")
        if item_type_col is not None and item_type_col not in data.columns:
            raise KeyError(f"DataFrame has no column {item_type_col!r}")
        types = data[item_type_col] if item_type_col is not None else [None] * len(data)
        for value, given in zip(data[item_col], types, strict=True):
            yield value, _type_of(value, given)
    elif isinstance(data, Mapping):
        for value, given in data.items():
            yield value, _type_of(value, given)
    elif isinstance(data, str):
        yield data, _type_of(data, None)
    elif isinstance(data, Iterable):
        for value in data:
            yield value, _type_of(value, None)


def _make_sync(future: Coroutine[Any, Any, Any]) -> Any:
    """
    Run ``future`` to completion and return its result.

    With no running event loop, ``asyncio.run`` does it. Inside one (Jupyter), the
    coroutine is stepped directly, which works because the look-up coroutines here never
    wait on the loop; no ``nest_asyncio`` patching either way.

    Raises
    ------
    RuntimeError
        If, inside a running loop, the coroutine does wait on the loop (await it instead).

    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(future)
    try:
        future.send(None)
    except StopIteration as done:
        return done.value
    future.close()
    raise RuntimeError(
        "This coroutine waits on the running event loop and cannot be run synchronously "
        "inside it; await its async form instead."
    )


def _lone_surrogate(text: str) -> str | None:
    """Describe the first lone surrogate in ``text`` (None when it encodes as UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        return f"lone surrogate U+{ord(text[err.start]):04X} at position {err.start}"
    return None

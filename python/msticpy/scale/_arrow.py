"""Small Arrow helpers shared by the batch kernels (pyarrow is imported on first use)."""

from __future__ import annotations

from typing import Any

from ..common.exceptions import MsticpyImportExtraError


def pyarrow() -> Any:
    """
    The ``pyarrow`` module.

    Raises
    ------
    MsticpyImportExtraError
        If pyarrow is not installed (it comes with the ``spark`` and ``dask`` extras).

    """
    try:
        import pyarrow as pa
    except ImportError as err:
        raise MsticpyImportExtraError(
            "msticpy.scale needs pyarrow: pip install 'msticpy[spark]' or 'msticpy[dask]'",
            extra="spark",
        ) from err
    return pa


def arrow_text(column: Any) -> Any:
    """
    A text column in a type the kernels read and ``take`` keeps: ``string`` as is;
    ``large_string`` and ``string_view`` as is; an all-null column as ``string``.

    Raises
    ------
    TypeError
        If the column holds something other than text.

    """
    pa = pyarrow()
    kind = column.type
    if pa.types.is_null(kind):
        return column.cast(pa.string())
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return column
    if getattr(pa.types, "is_string_view", lambda _t: False)(kind):
        return column
    raise TypeError(f"expected a text column, got Arrow type {kind}")


def column_of(batch: Any, name: str) -> Any:
    """
    The column ``name`` of a record batch.

    Raises
    ------
    KeyError
        If the batch has no such column (the message lists the columns it has).

    """
    if name not in batch.schema.names:
        raise KeyError(f"column {name!r} not found; the data has {batch.schema.names}")
    return batch.column(name)

"""
Argument checks and option building shared by the Spark and Dask helpers.

Both engines take the same arguments as msticpy's pandas functions and refuse the same
bad input with the same exceptions; only the frame type (and the method that proves
it) differs.
"""

from __future__ import annotations

from typing import Any


def column_list(columns: str | list[str]) -> list[str]:
    """``columns`` as a list (one name may be given as a string, as msticpy allows)."""
    return [columns] if isinstance(columns, str) else list(columns)


def check_frame(data: Any, columns: list[str], method: str, kind: str) -> None:
    """
    Check that ``data`` is the engine's frame and holds ``columns``.

    Parameters
    ----------
    data : Any
        The frame given by the caller.
    columns : list[str]
        Columns it must have.
    method : str
        A method only the engine's frame has (``mapInArrow``, ``map_partitions``).
    kind : str
        The frame type named in the error (``pyspark.sql.DataFrame``...).

    Raises
    ------
    TypeError
        If ``data`` is not the engine's frame (pandas frames included).
    ValueError
        If a column is missing.

    """
    if not hasattr(data, method):
        raise TypeError(
            f"data must be a {kind}, not {type(data).__name__} "
            "(pandas frames go to the msticpy.transform/analysis functions)"
        )
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(f"Source column(s) {', '.join(missing)} not found in supplied DataFrame")


def ioc_options(
    ioc_types: list[str] | None,
    include_paths: bool,
    ignore_tlds: bool,
    defanged: bool,
    extended: bool,
) -> dict[str, Any]:
    """``IoCExtract``'s and ``extract_df``'s options, by their msticpy names."""
    return {
        "ioc_types": ioc_types,
        "include_paths": include_paths,
        "ignore_tlds": ignore_tlds,
        "defanged": defanged,
        "extended": extended,
    }


def tree_options(schema: Any) -> dict[str, Any]:
    """``build_process_tree``'s keyword arguments: the schema only when one is given."""
    return {"schema": schema} if schema is not None else {}

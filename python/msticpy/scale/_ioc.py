"""
IoC extraction on one Arrow record batch, as ``IoCExtract.extract_df`` does on a frame.

The driver captures everything the workers need in an :class:`IocSpec` (plain data, so
it pickles with the task: the type list, options, and the patterns the user added with
``add_ioc_type``); each worker process compiles its own pattern tables once, on first
use, and again after a ``fork`` (the cache is keyed by process id). A batch's text
columns cross into Rust through the Arrow PyCapsule interface; the results come back as
columns and the output batch is assembled with Arrow ``take`` and ``sort``: no pandas,
no Python per row.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._arrow import arrow_text, pyarrow

#: Output columns, in ``IoCExtract.extract_df``'s order.
IOC_COLUMNS = ("IoCType", "Observable", "SourceIndex", "Input")

#: A pattern the user added: ``(ioc_type, regex, priority, group, defang_pattern)``.
CustomPattern = tuple[str, str, int, "str | None", "bool | None"]


@dataclass(frozen=True)
class IocSpec:
    """
    What a worker needs to extract IoCs exactly as the driver's ``IoCExtract`` would.

    Attributes
    ----------
    columns : tuple[str, ...]
        The text columns to scan, in output order.
    index_column : str
        The column copied to ``SourceIndex`` (msticpy uses the frame's index label).
    types : tuple[str, ...]
        The IoC types to report (already resolved from ``ioc_types``/``include_paths``).
    defanged, ignore_tlds, extended : bool
        ``IoCExtract`` options.
    custom : tuple[CustomPattern, ...]
        Patterns added with ``add_ioc_type`` on the driver.
    max_matches : int
        ``Limits.ioc_max_matches_per_cell``.
    threads : int
        Threads per task (1: the cluster's tasks are the parallelism).

    """

    columns: tuple[str, ...]
    index_column: str
    types: tuple[str, ...]
    defanged: bool = True
    ignore_tlds: bool = False
    extended: bool = False
    custom: tuple[CustomPattern, ...] = ()
    max_matches: int = 1_000_000
    threads: int = 1


def custom_patterns() -> tuple[CustomPattern, ...]:
    """
    The patterns added to this process's shared tables with ``add_ioc_type``.

    They are the entries of the plain and defanged tables that a fresh table set does
    not have; an entry in only one table was added for that table only.
    """
    from .. import _native
    from ..transform.iocextract import _registry

    current, fresh = _registry(), _native.PatternRegistry()
    builtin_plain, builtin_defanged = set(fresh.entries(False)), set(fresh.entries(True))
    plain = [e for e in current.entries(False) if e not in builtin_plain]
    defanged = [e for e in current.entries(True) if e not in builtin_defanged]
    out: list[CustomPattern] = []
    for entry in plain:
        flag = None if entry in defanged else False
        out.append((entry[0], entry[1], int(entry[2]), entry[3], flag))
    out.extend((e[0], e[1], int(e[2]), e[3], True) for e in defanged if e not in plain)
    return tuple(out)


def make_spec(
    columns: str | list[str],
    index_column: str,
    options: dict[str, Any] | None = None,
    threads: int = 1,
) -> IocSpec:
    """
    Resolve ``extract_df``'s arguments on the driver into an :class:`IocSpec`.

    ``options`` holds ``IoCExtract``/``extract_df`` options by name (``ioc_types``,
    ``include_paths``, ``ignore_tlds``, ``defanged``, ``extended``; see
    ``_checks.ioc_options``); missing ones take msticpy's defaults.
    """
    from ..common.limits import default_limits
    from ..transform.iocextract import IoCExtract
    from ._checks import column_list

    opts = options or {}
    defanged, extended = opts.get("defanged", True), opts.get("extended", False)
    extractor = IoCExtract(defanged=defanged, extended=extended)
    cols = column_list(columns)
    if not cols:
        raise ValueError("No values were supplied for the columns parameter")
    types = extractor._get_ioc_types_to_use(opts.get("ioc_types"), opts.get("include_paths", False))
    return IocSpec(
        columns=tuple(cols),
        index_column=index_column,
        types=tuple(types),
        defanged=defanged,
        ignore_tlds=opts.get("ignore_tlds", False),
        extended=extended,
        custom=custom_patterns(),
        max_matches=default_limits().ioc_max_matches_per_cell,
        threads=threads,
    )


_TABLES: dict[tuple[int, tuple[CustomPattern, ...]], Any] = {}


def worker_tables(custom: tuple[CustomPattern, ...]) -> Any:
    """This process's compiled tables for ``custom`` (built once per process)."""
    key = (os.getpid(), custom)
    tables = _TABLES.get(key)
    if tables is None:
        from .. import _native

        tables = _native.PatternRegistry()
        for ioc_type, regex, priority, group, defang in custom:
            tables.add(ioc_type, regex, priority, group, defang)
        _TABLES.clear()
        _TABLES[key] = tables
    return tables


def output_schema(index_type: Any) -> Any:
    """The Arrow schema of :func:`ioc_batch`'s output for an index of ``index_type``."""
    pa = pyarrow()
    return pa.schema(
        [
            ("IoCType", pa.string()),
            ("Observable", pa.string()),
            ("SourceIndex", index_type),
            ("Input", pa.string()),
        ]
    )


def ioc_batch(batch: Any, spec: IocSpec) -> Any:
    """
    Extract IoCs from one record batch.

    Parameters
    ----------
    batch : pyarrow.RecordBatch
        Holds ``spec.columns`` (string) and ``spec.index_column``.
    spec : IocSpec
        The driver's options.

    Returns
    -------
    pyarrow.RecordBatch
        One row per observable: ``IoCType, Observable, SourceIndex, Input``, ordered
        by source row, then column, then as ``extract_df`` orders a cell's matches.

    """
    pa = pyarrow()
    tables = worker_tables(spec.custom)
    index = batch.column(spec.index_column)
    schema = output_schema(index.type)
    pieces = []
    for col_pos, name in enumerate(spec.columns):
        source = arrow_text(batch.column(name))
        rows, names, codes, observables, _ = tables.scan_column(
            source,
            types=list(spec.types),
            defanged=spec.defanged,
            ignore_tlds=spec.ignore_tlds,
            max_matches=spec.max_matches,
            threads=spec.threads,
            extended=spec.extended,
        )
        if not rows:
            continue
        take = pa.array(rows, type=pa.int64())
        pieces.append(
            pa.table(
                {
                    "IoCType": pa.array(names, type=pa.string()).take(
                        pa.array(codes, type=pa.int64())
                    ),
                    "Observable": pa.array(observables, type=pa.string()),
                    "SourceIndex": index.take(take),
                    "Input": source.take(take),
                    "_row": take,
                    "_col": np.full(len(rows), col_pos, dtype=np.int32),
                }
            )
        )
    if not pieces:
        return pa.RecordBatch.from_pylist([], schema=schema)
    table = pa.concat_tables(pieces) if len(pieces) > 1 else pieces[0]
    if len(pieces) > 1:
        # Arrow's sort is stable: a cell's matches keep their order.
        table = table.sort_by([("_row", "ascending"), ("_col", "ascending")])
    return table.select(list(IOC_COLUMNS)).cast(schema).combine_chunks().to_batches()[0]

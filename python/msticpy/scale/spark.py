"""
msticpy's kernels on Apache Spark DataFrames, through ``mapInArrow``.

Each helper resolves its options on the driver (pattern tables, budgets, separators,
the output schema), then runs a batch kernel in the Python workers: Arrow record
batches in, Arrow record batches out, the text handed to the Rust extension through
the Arrow PyCapsule interface. No pandas and no Python per row on that path.

Spark frames have no index: where msticpy reports a row's index label (``SourceIndex``,
``src_index``) these helpers copy a column you name (``index_column``); without one,
a ``monotonically_increasing_id()`` column is added (unique, not consecutive).

The workers import ``msticpy`` from their own Python: point ``PYSPARK_PYTHON`` at an
environment where the same wheel is installed (see ``docs/scale.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..common.exceptions import MsticpyImportExtraError
from ._checks import check_frame, column_list, ioc_options, tree_options

__all__ = [
    "add_process_features",
    "build_process_trees",
    "dbcluster_events",
    "extract_events_to_df",
    "extract_iocs",
    "lookup_ips",
    "unpack_base64",
]

#: The column added when no ``index_column`` is given.
ROW_ID = "_msticpy_row"


def _require_pyspark() -> Any:
    try:
        from pyspark.sql import functions
    except ImportError as err:
        raise MsticpyImportExtraError(
            "msticpy.scale.spark needs pyspark: pip install 'msticpy[spark]'", extra="spark"
        ) from err
    return functions


def _batch_runner(kernel: Callable[[Any, Any], Any], spec: Any) -> Callable[[Iterator], Iterator]:
    """The function ``mapInArrow`` ships to the workers: it pickles by reference to
    ``kernel`` (a module-level function the workers import) and by value for ``spec``."""

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        for batch in batches:
            yield kernel(batch, spec)

    return run


def _arrow_type(data: Any, column: str) -> Any:
    from pyspark.sql.pandas.types import to_arrow_type

    try:
        return to_arrow_type(data.schema[column].dataType, timezone=_session_zone(data))
    except TypeError:  # older pyspark: no time zone argument, timestamps are UTC
        return to_arrow_type(data.schema[column].dataType)


def _arrow_schema(data: Any) -> Any:
    from pyspark.sql.pandas.types import to_arrow_schema

    try:
        return to_arrow_schema(data.schema, timezone=_session_zone(data))
    except TypeError:  # older pyspark: no time zone argument, timestamps are UTC
        return to_arrow_schema(data.schema)


def _session_zone(data: Any) -> str:
    """The session time zone: Spark's Arrow batches label timestamps with it."""
    return str(data.sparkSession.conf.get("spark.sql.session.timeZone"))


def _spark_schema(arrow_schema: Any) -> Any:
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(arrow_schema)


def _with_index(data: Any, index_column: str | None) -> tuple[Any, str]:
    functions = _require_pyspark()
    if index_column is not None:
        _check_columns(data, [index_column])
        return data, index_column
    return data.withColumn(ROW_ID, functions.monotonically_increasing_id()), ROW_ID


def _plus_index(column: str, index_column: str | None) -> list[str]:
    """``column`` and, when one is named, the ``index_column`` carried beside it."""
    return [column] + ([index_column] if index_column else [])


def _check_columns(data: Any, columns: list[str]) -> None:
    _require_pyspark()
    check_frame(data, columns, "mapInArrow", "pyspark.sql.DataFrame")


def _check_text(data: Any, columns: list[str]) -> None:
    """Text columns must be strings: a worker would fail on anything else, later and
    with a longer message."""
    from pyspark.sql.types import StringType

    wrong = [c for c in columns if not isinstance(data.schema[c].dataType, StringType)]
    if wrong:
        kinds = ", ".join(f"{c} ({data.schema[c].dataType.simpleString()})" for c in wrong)
        raise TypeError(f"text column(s) must be strings: {kinds}")


def extract_iocs(
    data: Any,
    columns: str | list[str],
    index_column: str | None = None,
    *,
    ioc_types: list[str] | None = None,
    include_paths: bool = False,
    ignore_tlds: bool = False,
    defanged: bool = True,
    extended: bool = False,
    threads: int = 1,
) -> Any:
    """
    Extract IoCs from text columns of a Spark DataFrame (``IoCExtract.extract_df``).

    Parameters
    ----------
    data : pyspark.sql.DataFrame
        The input.
    columns : str or list[str]
        The text columns to scan.
    index_column : str, optional
        Column copied to ``SourceIndex`` (default: a generated row id).
    ioc_types, include_paths, ignore_tlds, defanged, extended
        As for ``IoCExtract`` / ``extract_df``. Types added with
        ``IoCExtract().add_ioc_type`` on the driver are used by the workers too.
    threads : int, optional
        Threads per Spark task (default 1: tasks are Spark's parallelism).

    Returns
    -------
    pyspark.sql.DataFrame
        ``IoCType, Observable, SourceIndex, Input``, one row per observable.

    Raises
    ------
    ValueError
        If a column is missing.
    MsticpyImportExtraError
        If pyspark is not installed.

    """
    from ._ioc import ioc_batch, make_spec, output_schema

    cols = column_list(columns)
    _check_columns(data, cols)
    _check_text(data, cols)
    data, index = _with_index(data, index_column)
    options = ioc_options(ioc_types, include_paths, ignore_tlds, defanged, extended)
    spec = make_spec(cols, index, options, threads)
    schema = output_schema(_arrow_type(data, index))
    selected = data.select(*dict.fromkeys([*cols, index]))
    return selected.mapInArrow(_batch_runner(ioc_batch, spec), _spark_schema(schema))


def unpack_base64(
    data: Any,
    column: str,
    index_column: str | None = None,
    *,
    utf16: bool = False,
    threads: int = 1,
) -> Any:
    """
    Decode base64 runs in a text column of a Spark DataFrame (``unpack_df``).

    Parameters
    ----------
    data : pyspark.sql.DataFrame
        The input.
    column : str
        The text column.
    index_column : str, optional
        Column copied to ``src_index`` (default: a generated row id).
    utf16 : bool, optional
        Try UTF-16 before UTF-8 when decoding to text.
    threads : int, optional
        Threads per Spark task (default 1).

    Returns
    -------
    pyspark.sql.DataFrame
        ``unpack_df``'s columns; ``reference`` and ``file_hashes`` are structs.

    """
    from ._b64 import b64_batch, make_spec, output_schema

    _check_columns(data, [column])
    _check_text(data, [column])
    data, index = _with_index(data, index_column)
    spec = make_spec(column, index, utf16, threads)
    schema = output_schema(_arrow_type(data, index), column)
    selected = data.select(*dict.fromkeys([column, index]))
    return selected.mapInArrow(_batch_runner(b64_batch, spec), _spark_schema(schema))


def add_process_features(
    data: Any, path_separator: str | None = None, force: bool = False, *, threads: int = 1
) -> Any:
    """
    Add msticpy's process features to a Spark DataFrame (``add_process_features``).

    Parameters
    ----------
    data : pyspark.sql.DataFrame
        Process events (``NewProcessName``, ``CommandLine``, ``SubjectLogonId``).
    path_separator : str, optional
        Path separator; by default guessed from the first ten ``NewProcessName`` values
        (one small job on the driver).
    force : bool, optional
        Recompute feature columns that already exist.
    threads : int, optional
        Threads per Spark task (default 1).

    Returns
    -------
    pyspark.sql.DataFrame
        The input columns plus the feature columns (log columns are float64).

    """
    from ._features import features_batch, make_spec, output_schema

    _check_columns(data, [])
    sample: list[Any] = []
    if path_separator is None and "NewProcessName" in data.columns:
        sample = [row[0] for row in data.select("NewProcessName").limit(10).collect()]
    spec = make_spec(list(data.columns), path_separator, sample, force, threads)
    schema = output_schema(_arrow_schema(data), spec)
    return data.mapInArrow(_batch_runner(features_batch, spec), _spark_schema(schema))


def lookup_ips(
    data: Any, column: str, index_column: str | None = None, *, db_folder: str | None = None
) -> Any:
    """
    Locate the IP addresses of a Spark DataFrame column (``GeoLiteLookup.lookup_ips``).

    Parameters
    ----------
    data : pyspark.sql.DataFrame
        The input.
    column : str
        The address column.
    index_column : str, optional
        A column to carry to the output, to join the locations back.
    db_folder : str, optional
        Folder of ``GeoLite2-City.mmdb`` (by default the configured one). The workers
        open the same path, so it must be on storage they share; with no database the
        embedded country-level data is used everywhere.

    Returns
    -------
    pyspark.sql.DataFrame
        ``CountryCode, CountryOrRegionName, State, City, Longitude, Latitude,
        TimeGenerated, Type, IpAddress`` (+ ``index_column``) per located address.

    """
    from ._geoip import geoip_batch, make_spec, output_schema

    wanted = _plus_index(column, index_column)
    _check_columns(data, wanted)
    _check_text(data, [column])
    spec = make_spec(column, index_column, db_folder)
    index_type = _arrow_type(data, index_column) if index_column else None
    schema = output_schema(index_type, index_column)
    selected = data.select(*dict.fromkeys(wanted))
    return selected.mapInArrow(_batch_runner(geoip_batch, spec), _spark_schema(schema))


def extract_events_to_df(
    data: Any,
    input_column: str = "AuditdMessage",
    event_type: str | None = None,
    *,
    full_cmdline: bool = False,
) -> Any:
    """
    Parse raw auditd lines of a Spark DataFrame (``auditdextract.extract_events_to_df``).

    msticpy parses each row of a frame on its own, so the rows need no shuffle. The
    output columns depend on the fields found in the whole input, so this runs two
    jobs: one collects the non-empty fields of every batch (a small list, merged on
    the driver), the other parses into that one schema.

    Parameters
    ----------
    data : pyspark.sql.DataFrame
        Raw audit lines (one record per row) in ``input_column``, plus any columns to
        carry over.
    input_column : str, optional
        The column of audit lines (default ``AuditdMessage``).
    event_type : str, optional
        Keep only events of this type.
    full_cmdline : bool, optional
        Build ``cmdline`` from every argument (beyond msticpy).

    Returns
    -------
    pyspark.sql.DataFrame
        msticpy's columns and order; columns msticpy leaves as mixed objects are text.

    """
    from dataclasses import replace

    from ._auditd import auditd_batch, field_kinds_batch, make_spec, merge_kinds, output_schema

    _check_columns(data, [input_column])
    _check_text(data, [input_column])
    spec = make_spec(input_column, full_cmdline, event_type)
    found = (
        data.select(input_column)
        .mapInArrow(_batch_runner(field_kinds_batch, spec), "name string, kind string")
        .distinct()
        .collect()
    )
    spec = replace(spec, fields=merge_kinds([(row[0], row[1]) for row in found]))
    schema = output_schema(_arrow_schema(data), spec)
    return data.mapInArrow(_batch_runner(auditd_batch, spec), _spark_schema(schema))


def _trees_of_group(index_column: str | None, options: dict[str, Any]) -> Callable:
    """The per-host function ``applyInPandas`` ships: one host's events in, its trees
    out, with the ``proc_key`` index as a column."""

    def trees(events: Any) -> Any:
        from ..transform.proc_tree_builder import build_process_tree

        if index_column is not None:
            events = events.set_index(index_column, drop=False)
        return build_process_tree(events, **options).reset_index()

    return trees


def build_process_trees(
    data: Any,
    host_column: str = "Computer",
    index_column: str | None = None,
    *,
    schema: Any = None,
    sample_rows: int = 2000,
) -> Any:
    """
    Build process trees host by host (``proc_tree_builder.build_process_tree``).

    A tree never spans hosts, so the events are grouped by ``host_column`` (one
    shuffle) and each host's trees are built on a worker: the same frame
    ``build_process_tree`` gives for that host's events alone. The builder is
    msticpy's pandas function (its kernels are Rust), run through
    ``groupBy().applyInPandas``; one host's events must fit in a worker's memory.

    Parameters
    ----------
    data : pyspark.sql.DataFrame
        Process-creation events of many hosts.
    host_column : str, optional
        The host column (default ``Computer``).
    index_column : str, optional
        A unique row key used as the frame index, so ``source_index`` and
        ``parent_index`` name input rows (default: positions within the host).
    schema : ProcSchema or dict, optional
        The column schema, as for ``build_process_tree`` (inferred when None).
    sample_rows : int, optional
        Rows of one host read on the driver to learn the output columns and types.

    Returns
    -------
    pyspark.sql.DataFrame
        ``build_process_tree``'s columns, with its ``proc_key`` index first.

    """
    functions = _require_pyspark()
    import pyarrow as pa

    _check_columns(data, _plus_index(host_column, index_column))
    options = tree_options(schema)
    trees = _trees_of_group(index_column, options)
    first = data.select(host_column).limit(1).collect()
    if not first:
        raise ValueError("No process events were supplied")
    sample = data.filter(functions.col(host_column) == first[0][0]).limit(sample_rows)
    shape = trees(sample.toPandas())
    arrow = pa.Schema.from_pandas(shape, preserve_index=False)
    return data.groupBy(host_column).applyInPandas(trees, _spark_schema(arrow))


def dbcluster_events(
    data: Any,
    cluster_columns: list[str],
    columns: list[str] | None = None,
    *,
    max_rows: int = 1_000_000,
    **kwargs: Any,
) -> tuple:
    """
    Cluster events with DBSCAN (``eventcluster.dbcluster_events``) ON THE DRIVER.

    Clustering needs every row at once: compute the features on the cluster first
    (:func:`add_process_features`), then this collects ``columns`` (default: the
    cluster columns and ``time_column``) to the driver and runs msticpy's function.

    Parameters
    ----------
    data : pyspark.sql.DataFrame
        Events with the feature columns.
    cluster_columns : list[str]
        The numeric feature columns to cluster on.
    columns : list[str], optional
        The columns to collect (the cluster columns are always included).
    max_rows : int, optional
        Refuse (``DriverMemoryError``) to collect more rows than this.
    **kwargs
        ``dbcluster_events``'s other arguments (``time_column``,
        ``max_cluster_distance``, ``min_cluster_samples``, ``normalize``...).

    Returns
    -------
    tuple
        ``dbcluster_events``'s ``(clustered frame, DBSCAN model, feature matrix)``.

    """
    from ._driver import check_rows, cluster_frame, cluster_input_columns

    wanted = cluster_input_columns(list(data.columns), cluster_columns, columns, kwargs)
    _check_columns(data, wanted)
    selected = data.select(*wanted)
    check_rows(selected.limit(max_rows + 1).count(), max_rows, "dbcluster_events")
    return cluster_frame(selected.toPandas(), cluster_columns, kwargs)

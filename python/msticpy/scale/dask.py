"""
msticpy's kernels on Dask DataFrames, through ``map_partitions``.

A Dask partition is a pandas frame that keeps the global index, so each helper runs the
pandas function itself on every partition: the results are those of the pandas
function on the whole frame, ``SourceIndex``/``src_index`` included. What must be known
before any partition runs is settled on the driver: the pattern types added with
``add_ioc_type`` (shipped to the workers and registered there once), the path separator
of ``add_process_features`` (from the first ten rows of the whole frame), and the
output columns (``meta``). The pandas functions hand their text columns to the Rust
extension as Arrow where the partition's strings are Arrow-backed.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._checks import check_frame, column_list, ioc_options, tree_options
from ._ioc import CustomPattern, custom_patterns

__all__ = [
    "add_process_features",
    "build_process_trees",
    "dbcluster_events",
    "extract_events_to_df",
    "extract_iocs",
    "lookup_ips",
    "unpack_base64",
]


def _check_columns(data: Any, columns: list[str]) -> None:
    check_frame(data, columns, "map_partitions", "dask.dataframe.DataFrame")


_REGISTERED: set[tuple[int, CustomPattern]] = set()


def _register(custom: tuple[CustomPattern, ...]) -> None:
    """Add the driver's custom IoC types to this worker's shared tables, once."""
    import os

    from ..transform.iocextract import IoCExtract

    pid = os.getpid()
    for pattern in custom:
        if (pid, pattern) not in _REGISTERED:
            ioc_type, regex, priority, group, defang = pattern
            IoCExtract().add_ioc_type(ioc_type, regex, priority, group, defang)
            _REGISTERED.add((pid, pattern))


def _ioc_partition(
    part: pd.DataFrame, columns: list[str], custom: tuple[CustomPattern, ...], options: dict
) -> pd.DataFrame:
    from ..transform.iocextract import IoCExtract

    _register(custom)
    # The options dict may be shared by the partitions of one process: never change it.
    kwargs = {k: v for k, v in options.items() if k not in ("defanged", "extended")}
    extractor = IoCExtract(defanged=options["defanged"], extended=options["extended"])
    result = extractor.extract_df(part, columns, **kwargs)
    return result.astype({"IoCType": object, "Observable": object, "Input": object})


def extract_iocs(
    data: Any,
    columns: str | list[str],
    *,
    ioc_types: list[str] | None = None,
    include_paths: bool = False,
    ignore_tlds: bool = False,
    defanged: bool = True,
    extended: bool = False,
) -> Any:
    """
    Extract IoCs from text columns of a Dask DataFrame (``IoCExtract.extract_df``).

    Parameters
    ----------
    data : dask.dataframe.DataFrame
        The input.
    columns : str or list[str]
        The text columns to scan.
    ioc_types, include_paths, ignore_tlds, defanged, extended
        As for ``IoCExtract`` / ``extract_df``. Types added with
        ``IoCExtract().add_ioc_type`` before this call are used by the workers too.

    Returns
    -------
    dask.dataframe.DataFrame
        ``IoCType, Observable, SourceIndex, Input``; ``SourceIndex`` holds the index
        labels of the source rows.

    Raises
    ------
    ValueError
        If a column is missing.

    """
    cols = column_list(columns)
    _check_columns(data, cols)
    options = ioc_options(ioc_types, include_paths, ignore_tlds, defanged, extended)
    meta = pd.DataFrame(
        {
            "IoCType": pd.Series(dtype=object),
            "Observable": pd.Series(dtype=object),
            "SourceIndex": pd.Series(dtype=data.index.dtype),
            "Input": pd.Series(dtype=object),
        }
    )
    return data.map_partitions(
        _ioc_partition, cols, custom_patterns(), options, meta=meta, align_dataframes=False
    )


def _b64_columns(column: str) -> list[str]:
    from ..transform.base64unpack import _FIELDS

    return [*_FIELDS, "src_index", column, "full_decoded_string"]


def _b64_partition(part: pd.DataFrame, column: str, utf16: bool) -> pd.DataFrame:
    from ..transform.base64unpack import unpack_df

    # A partition where nothing decodes has fewer columns: give every one the same.
    names = _b64_columns(column)
    return unpack_df(part, column, utf16=utf16).reindex(columns=names).astype(object)


def unpack_base64(data: Any, column: str, *, utf16: bool = False) -> Any:
    """
    Decode base64 runs in a text column of a Dask DataFrame (``unpack_df``).

    Parameters
    ----------
    data : dask.dataframe.DataFrame
        The input.
    column : str
        The text column.
    utf16 : bool, optional
        Try UTF-16 before UTF-8 when decoding to text.

    Returns
    -------
    dask.dataframe.DataFrame
        ``unpack_df``'s columns (``src_index`` holds index labels); object dtypes.

    """
    _check_columns(data, [column])
    meta = pd.DataFrame({name: pd.Series(dtype=object) for name in _b64_columns(column)})
    return data.map_partitions(_b64_partition, column, utf16, meta=meta, align_dataframes=False)


def add_process_features(data: Any, path_separator: str | None = None, force: bool = False) -> Any:
    """
    Add msticpy's process features to a Dask DataFrame (``add_process_features``).

    Parameters
    ----------
    data : dask.dataframe.DataFrame
        Process events (``NewProcessName``, ``CommandLine``, ``SubjectLogonId``).
    path_separator : str, optional
        Path separator; by default guessed, as msticpy does, from the first ten
        ``NewProcessName`` values of the frame (computed once on the driver).
    force : bool, optional
        Recompute feature columns that already exist.

    Returns
    -------
    dask.dataframe.DataFrame
        The input columns plus the feature columns.

    """
    from ..analysis.eventcluster import add_process_features as features
    from ._features import guess_separator

    _check_columns(data, [])
    if path_separator is None:
        sample = (
            data["NewProcessName"].head(10, npartitions=-1).tolist()
            if "NewProcessName" in data.columns
            else []
        )
        path_separator = guess_separator(sample)
    meta = features(data._meta, path_separator, force)
    for name in ("pathLogScore", "commandlineLogLen"):
        if name in meta:
            meta[name] = meta[name].astype("float64")
    return data.map_partitions(features, path_separator, force, meta=meta, align_dataframes=False)


_LOOKUPS: dict[tuple[int, str | None], Any] = {}


def _geo_partition(part: pd.DataFrame, column: str, db_folder: str | None) -> pd.DataFrame:
    import os

    from ..context.geoip import GeoLiteLookup
    from ._geoip import GEO_COLUMNS

    key = (os.getpid(), db_folder)
    lookup = _LOOKUPS.get(key)
    if lookup is None:
        lookup = _LOOKUPS[key] = GeoLiteLookup(db_folder=db_folder, auto_update=False)
    result = lookup.lookup_ips(part, column) if len(part) else pd.DataFrame()
    # lookup_ips orders its columns by the first rows' keys: give every partition one order.
    frame = result.reindex(columns=list(GEO_COLUMNS))
    return frame.astype({"Longitude": "float64", "Latitude": "float64"})


def lookup_ips(data: Any, column: str, *, db_folder: str | None = None) -> Any:
    """
    Locate the IP addresses of a Dask DataFrame column (``GeoLiteLookup.lookup_ips``).

    Parameters
    ----------
    data : dask.dataframe.DataFrame
        The input.
    column : str
        The address column.
    db_folder : str, optional
        Folder of ``GeoLite2-City.mmdb``; each worker opens it (shared storage), else
        the embedded country-level data is used.

    Returns
    -------
    dask.dataframe.DataFrame
        ``CountryCode, CountryOrRegionName, State, City, Longitude, Latitude,
        TimeGenerated, Type, IpAddress`` per located address.

    """
    from ._geoip import GEO_COLUMNS

    _check_columns(data, [column])
    meta = pd.DataFrame({name: pd.Series(dtype=object) for name in GEO_COLUMNS})
    meta = meta.astype({"Longitude": "float64", "Latitude": "float64"})
    meta["TimeGenerated"] = pd.Series(dtype="datetime64[us, UTC]")
    return data.map_partitions(_geo_partition, column, db_folder, meta=meta, align_dataframes=False)


def _audit_fields(part: pd.DataFrame, spec: Any) -> pd.DataFrame:
    import pyarrow as pa

    from ._auditd import field_kinds_batch

    lines = pa.array(part[spec.column].tolist(), type=pa.string(), from_pandas=True)
    kinds = field_kinds_batch(pa.RecordBatch.from_arrays([lines], names=[spec.column]), spec)
    return kinds.to_pandas().astype(object)


def _audit_partition(
    part: pd.DataFrame, spec: Any, names: list[str], event_type: str | None
) -> pd.DataFrame:
    from ..transform.auditdextract import extract_events_to_df as extract

    frame = extract(part, spec.column, event_type, full_cmdline=spec.full_cmdline)
    return frame.reindex(columns=names)


def extract_events_to_df(
    data: Any,
    input_column: str = "AuditdMessage",
    event_type: str | None = None,
    *,
    full_cmdline: bool = False,
) -> Any:
    """
    Parse raw auditd lines of a Dask DataFrame (``auditdextract.extract_events_to_df``).

    Each partition is parsed by the pandas function (rows are independent, as in
    msticpy); the output columns, which depend on the fields found in the whole frame,
    are found first by one pass that reports each partition's non-empty fields.

    Parameters
    ----------
    data : dask.dataframe.DataFrame
        Raw audit lines (one record per row) in ``input_column``.
    input_column : str, optional
        The column of audit lines (default ``AuditdMessage``).
    event_type : str, optional
        Keep only events of this type.
    full_cmdline : bool, optional
        Build ``cmdline`` from every argument (beyond msticpy).

    Returns
    -------
    dask.dataframe.DataFrame
        msticpy's columns, order and index labels.

    """
    from ._auditd import make_spec, merge_kinds, output_names

    _check_columns(data, [input_column])
    spec = make_spec(input_column, full_cmdline, event_type)
    kinds_meta = pd.DataFrame({"name": pd.Series(dtype=object), "kind": pd.Series(dtype=object)})
    found = data.map_partitions(_audit_fields, spec, meta=kinds_meta).compute()
    fields = merge_kinds(list(zip(found["name"], found["kind"])))
    other = [c for c in data.columns if c != input_column]
    names = output_names(fields, other)
    kinds = dict(fields)
    meta = pd.DataFrame(
        {
            name: pd.Series(dtype="float64" if kinds.get(name) in ("i", "f") else object)
            for name in names
        }
    )
    meta["TimeGenerated"] = pd.Series(dtype="datetime64[ns, UTC]")
    return data.map_partitions(
        _audit_partition, spec, names, event_type, meta=meta, align_dataframes=False
    )


def _trees_partition(part: pd.DataFrame, host_column: str, options: dict) -> pd.DataFrame:
    from ..transform.proc_tree_builder import build_process_tree

    frames = [
        build_process_tree(events, **options)
        for _, events in part.groupby(host_column, sort=True)
        if len(events)
    ]
    return pd.concat(frames) if frames else pd.DataFrame()


def build_process_trees(data: Any, host_column: str = "Computer", *, schema: Any = None) -> Any:
    """
    Build process trees host by host (``proc_tree_builder.build_process_tree``).

    A tree never spans hosts: the frame is shuffled so each host's events share a
    partition, and every partition builds its hosts' trees one host at a time, with
    msticpy's pandas function (the index labels of the input reach ``source_index``).

    Parameters
    ----------
    data : dask.dataframe.DataFrame
        Process-creation events of many hosts.
    host_column : str, optional
        The host column (default ``Computer``).
    schema : ProcSchema or dict, optional
        The column schema, as for ``build_process_tree`` (inferred when None).

    Returns
    -------
    dask.dataframe.DataFrame
        ``build_process_tree``'s frame for each host (index ``proc_key``).

    """
    from ..transform.proc_tree_builder import build_process_tree

    _check_columns(data, [host_column])
    options = tree_options(schema)
    sample = data.head(200, npartitions=-1)
    first = sample[sample[host_column] == sample[host_column].iloc[0]]
    meta = build_process_tree(first, **options).iloc[:0]
    return data.shuffle(on=host_column).map_partitions(
        _trees_partition, host_column, options, meta=meta, align_dataframes=False
    )


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

    Clustering needs every row at once: compute the features on the workers first
    (:func:`add_process_features`), then this computes ``columns`` (default: the
    cluster columns and ``time_column``) into the driver and runs msticpy's function.

    Parameters
    ----------
    data : dask.dataframe.DataFrame
        Events with the feature columns.
    cluster_columns : list[str]
        The numeric feature columns to cluster on.
    columns : list[str], optional
        The columns to collect (the cluster columns are always included).
    max_rows : int, optional
        Refuse (``DriverMemoryError``) to collect more rows than this.
    **kwargs
        ``dbcluster_events``'s other arguments.

    Returns
    -------
    tuple
        ``dbcluster_events``'s ``(clustered frame, DBSCAN model, feature matrix)``.

    """
    from ._driver import check_rows, cluster_frame, cluster_input_columns

    wanted = cluster_input_columns(list(data.columns), cluster_columns, columns, kwargs)
    _check_columns(data, wanted)
    selected = data[wanted]
    check_rows(int(selected.shape[0].compute()), max_rows, "dbcluster_events")
    return cluster_frame(selected.compute(), cluster_columns, kwargs)

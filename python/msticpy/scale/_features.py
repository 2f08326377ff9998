"""
Process features on one Arrow record batch, as ``eventcluster.add_process_features``.

The batch keeps its columns (``NewProcessName`` and ``CommandLine`` with missing values
as ``""``, as msticpy fills them) and gains the feature columns msticpy adds, in its
order. Two things are settled on the driver so every batch agrees: the path separator
(msticpy guesses it from the first ten rows of the frame: here, of the whole input) and
the output schema. The log columns are always float64: msticpy's are int64 when every
value of a frame is 0, which would give batches different types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ._arrow import arrow_text, pyarrow

#: Columns msticpy adds, with their Arrow type names and the column each comes from.
FEATURES = (
    ("processName", "string", "NewProcessName"),
    ("pathScore", "int64", "NewProcessName"),
    ("pathLogScore", "float64", "NewProcessName"),
    ("pathHash", "int64", "NewProcessName"),
    ("commandlineLen", "int64", "CommandLine"),
    ("commandlineLogLen", "float64", "CommandLine"),
    ("commandlineTokensFull", "int64", "CommandLine"),
    ("commandlineScore", "int64", "CommandLine"),
    ("commandlineTokensHash", "int64", "CommandLine"),
    ("isSystemSession", "bool_", "SubjectLogonId"),
)
_SYSTEM_LOGON_IDS = ("0x3e7", "-1")


@dataclass(frozen=True)
class FeatureSpec:
    """
    ``add_process_features``'s options, resolved on the driver.

    Attributes
    ----------
    path_separator : str
        The separator of ``NewProcessName`` paths.
    wanted : tuple[str, ...]
        The feature columns to compute (in msticpy's order).
    threads : int
        Threads per task.

    """

    path_separator: str
    wanted: tuple[str, ...]
    threads: int = 1


def guess_separator(sample: list[Any]) -> str:
    """msticpy's guess: ``/`` if any of the sample paths holds one, else ``\\``."""
    return "/" if any(isinstance(v, str) and "/" in v for v in sample) else "\\"


def make_spec(
    columns: list[str], path_separator: str | None, sample: list[Any], force: bool, threads: int
) -> FeatureSpec:
    """Choose the feature columns for a frame with ``columns`` (msticpy's rules)."""
    separator = guess_separator(sample) if path_separator is None else path_separator
    if not separator:
        raise ValueError("empty separator")
    wanted = tuple(
        name for name, _, source in FEATURES if source in columns and (force or name not in columns)
    )
    return FeatureSpec(separator, wanted, threads)


def output_schema(input_schema: Any, spec: FeatureSpec) -> Any:
    """The input schema with the wanted feature columns (replaced in place if present)."""
    pa = pyarrow()
    types = {name: getattr(pa, kind)() for name, kind, _ in FEATURES}
    schema = input_schema
    for name in spec.wanted:
        field = pa.field(name, types[name])
        at = schema.get_field_index(name)
        schema = schema.set(at, field) if at >= 0 else schema.append(field)
    return schema


def _log10_or_zero(values: Any) -> Any:
    pa = pyarrow()
    import pyarrow.compute as pc

    as_float = pc.cast(values, pa.float64())
    return pc.if_else(pc.equal(as_float, 0.0), 0.0, pc.log10(as_float))


def _ints(buffer: Any) -> Any:
    """An Arrow int64 array over the extension's little-endian int64 buffer."""
    return pyarrow().array(np.frombuffer(buffer, dtype="<i8"))


def _log_column(log_values: Any, base: str, wanted: set[str], columns: dict[str, Any]) -> Any:
    """
    A log feature column: the extension's values when its ``base`` column is computed
    too, else (msticpy's order of work) the log of the ``base`` column already there.
    """
    if base in wanted:
        return pyarrow().array(np.frombuffer(log_values, dtype="<f8"))
    return _log10_or_zero(columns[base])


def features_batch(batch: Any, spec: FeatureSpec) -> Any:
    """
    Add the process feature columns to one record batch.

    Parameters
    ----------
    batch : pyarrow.RecordBatch
        Process events (``NewProcessName``, ``CommandLine``, ``SubjectLogonId``).
    spec : FeatureSpec
        The driver's options.

    Returns
    -------
    pyarrow.RecordBatch
        The batch with missing paths and command lines as ``""`` and the features added.

    """
    import pyarrow.compute as pc

    from .. import _native

    pa = pyarrow()
    names = batch.schema.names
    columns = {name: batch.column(name) for name in names}
    computed: dict[str, Any] = {}
    for source in ("NewProcessName", "CommandLine"):
        if source in columns and "CommandLine" in columns and "NewProcessName" in columns:
            columns[source] = pc.fill_null(arrow_text(columns[source]), "")
    wanted = set(spec.wanted)
    if wanted & {"processName", "pathScore", "pathLogScore", "pathHash"}:
        path = pc.fill_null(arrow_text(columns["NewProcessName"]), "")
        proc, score, log_score, path_hash = _native.cluster_path_features(
            path, spec.path_separator, threads=spec.threads
        )
        computed["processName"] = pa.array(proc, type=pa.string())
        computed["pathScore"] = _ints(score)
        computed["pathLogScore"] = _log_column(log_score, "pathScore", wanted, columns)
        computed["pathHash"] = _ints(path_hash)
    if wanted & {name for name, _, source in FEATURES if source == "CommandLine"}:
        cmd = pc.fill_null(arrow_text(columns["CommandLine"]), "")
        length, log_len, tokens, score, token_hash = _native.cluster_commandline_features(
            cmd, threads=spec.threads
        )
        computed["commandlineLen"] = _ints(length)
        computed["commandlineLogLen"] = _log_column(log_len, "commandlineLen", wanted, columns)
        computed["commandlineTokensFull"] = _ints(tokens)
        computed["commandlineScore"] = _ints(score)
        computed["commandlineTokensHash"] = _ints(token_hash)
    if "isSystemSession" in wanted:
        logon = columns["SubjectLogonId"]
        if pa.types.is_string(logon.type) or pa.types.is_large_string(logon.type):
            flags = pc.fill_null(pc.is_in(logon, pa.array(_SYSTEM_LOGON_IDS)), False)
        else:  # pandas' isin never matches numbers against these strings
            flags = pa.array(np.zeros(len(batch), dtype=bool))
        computed["isSystemSession"] = flags
    columns.update({name: computed[name] for name in spec.wanted})
    schema = output_schema(batch.schema, spec)
    arrays = [columns[field.name].cast(field.type) for field in schema]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)

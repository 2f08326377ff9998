"""
auditd lines on Arrow record batches, as ``auditdextract.extract_events_to_df``.

msticpy reads each row of a frame of raw audit lines on its own (one record, one output
row), so batches are independent. What is global is the set of output columns: msticpy
makes one column per field found anywhere in the frame and drops the ones that are all
empty. So the Spark helper runs twice over the data: :func:`field_kinds_batch` reports
the non-empty fields of each batch (a few rows per batch, collected on the driver), the
driver merges them into one schema (:func:`merge_kinds`, :func:`output_schema`), and
:func:`auditd_batch` parses again and fills that schema. Columns msticpy leaves as
mixed objects (numbers and text, e.g. ``pid`` or ``uid``) are text here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._arrow import arrow_text, column_of, pyarrow

#: Native column kinds, from the most specific: a field seen as two kinds gets the later.
_KIND_ORDER = ("i", "f", "o")


@dataclass(frozen=True)
class AuditSpec:
    """
    ``extract_events_to_df``'s options and, for the second pass, the merged fields.

    Attributes
    ----------
    column : str
        The column of raw audit lines.
    limits : tuple[int, int]
        ``Limits.audit_max_line_bytes`` and ``audit_max_pending_events``.
    full_cmdline : bool
        Build ``cmdline`` from every argument.
    event_type : str or None
        Keep only events of this type.
    fields : tuple[tuple[str, str], ...]
        ``(name, kind)`` of every field column of the output, in output order.

    """

    column: str
    limits: tuple[int, int]
    full_cmdline: bool = False
    event_type: str | None = None
    fields: tuple[tuple[str, str], ...] = field(default=())


def make_spec(column: str, full_cmdline: bool, event_type: str | None) -> AuditSpec:
    """Capture the driver's budgets with the options."""
    from ..transform.auditdextract import _limit_args

    return AuditSpec(column, _limit_args(None), full_cmdline, event_type)


def _parse(batch: Any, spec: AuditSpec) -> tuple:
    from .. import _native

    lines = arrow_text(column_of(batch, spec.column))
    return _native.audit_parse_lines(
        lines, limits=spec.limits, full_cmdline=spec.full_cmdline, event_type=spec.event_type
    )


def _is_empty(kind: str, payload: Any) -> bool:
    if kind in ("i", "f"):
        values = np.frombuffer(payload, dtype="<i8" if kind == "i" else "<f8")
        return kind == "f" and bool(np.isnan(values).all())
    return all(v is None or (isinstance(v, float) and v != v) for v in payload)


def field_kinds_batch(batch: Any, spec: AuditSpec) -> Any:
    """First pass: one row ``(name, kind)`` per non-empty field column of the batch."""
    pa = pyarrow()
    table = _parse(batch, spec)
    found = [(name, kind) for name, kind, payload in table[4] if not _is_empty(kind, payload)]
    names = pa.array([n for n, _ in found], type=pa.string())
    kinds = pa.array([k for _, k in found], type=pa.string())
    return pa.RecordBatch.from_arrays([names, kinds], names=["name", "kind"])


def merge_kinds(pairs: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """One kind per field (the most general seen), fields in name order as msticpy."""
    merged: dict[str, str] = {}
    for name, kind in pairs:
        old = merged.get(name, kind)
        merged[name] = max(old, kind, key=_KIND_ORDER.index)
    return tuple(sorted(merged.items()))


def _arrow_kind(kind: str) -> Any:
    pa = pyarrow()
    return {"i": pa.int64(), "f": pa.float64()}.get(kind, pa.string())


def output_names(fields: tuple[tuple[str, str], ...], other: list[str]) -> list[str]:
    """msticpy's column order: fields, EventType, the other input columns, mssg_id,
    TimeGenerated, with the last five moved to the front."""
    names = [n for n, _ in fields if n not in ("TimeGenerated",)]
    names = [*names, "EventType", *[c for c in other if c not in names], "mssg_id"]
    names = [n for n in names if n != "TimeGenerated"] + ["TimeGenerated"]
    return names[-5:] + names[:-5]


def output_schema(input_schema: Any, spec: AuditSpec) -> Any:
    """The schema of :func:`auditd_batch`'s output for ``input_schema``."""
    pa = pyarrow()
    other = [f for f in input_schema if f.name != spec.column]
    types = {name: _arrow_kind(kind) for name, kind in spec.fields}
    types.update({f.name: f.type for f in other})
    types.update(
        {
            "EventType": pa.string(),
            "mssg_id": pa.string(),
            "TimeGenerated": pa.timestamp("us", tz="UTC"),
        }
    )
    return pa.schema([(n, types[n]) for n in output_names(spec.fields, [f.name for f in other])])


def _object_column(values: list[Any]) -> Any:
    pa = pyarrow()
    try:
        return pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        # msticpy's mixed columns (numbers among text): numbers as their text.
        text = [None if v is None or (isinstance(v, float) and v != v) else str(v) for v in values]
        return pa.array(text, type=pa.string())


def auditd_batch(batch: Any, spec: AuditSpec) -> Any:
    """
    Second pass: parse one batch of audit lines into the merged schema.

    Parameters
    ----------
    batch : pyarrow.RecordBatch
        Holds ``spec.column`` and any other columns (carried to the output).
    spec : AuditSpec
        Options and the merged ``fields``.

    Returns
    -------
    pyarrow.RecordBatch
        One row per parsed line: the field columns, ``EventType``, the other input
        columns, ``mssg_id`` and ``TimeGenerated``.

    """
    pa = pyarrow()
    schema = output_schema(batch.schema, spec)
    labels, keys, types, times, columns, _counters = _parse(batch, spec)
    rows = pa.array(np.frombuffer(labels, dtype="<i8"))
    count = len(rows)
    arrays: dict[str, Any] = {}
    for name, kind, payload in columns:
        if kind == "i":
            arrays[name] = pa.array(np.frombuffer(payload, dtype="<i8"))
        elif kind == "f":
            arrays[name] = pa.array(np.frombuffer(payload, dtype="<f8"), from_pandas=True)
        else:
            arrays[name] = _object_column(payload)
    for name in batch.schema.names:
        if name != spec.column:
            arrays[name] = batch.column(name).take(rows)
    arrays["EventType"] = pa.array(types, type=pa.string())
    arrays["mssg_id"] = pa.array(keys, type=pa.string())
    stamps = np.frombuffer(times, dtype="<i8").view("datetime64[ns]")
    arrays["TimeGenerated"] = (
        pa.array(stamps).cast(pa.timestamp("us")).cast(pa.timestamp("us", tz="UTC"))
    )
    out = []
    for target in schema:
        values = arrays.get(target.name)
        if values is None:
            out.append(pa.nulls(count, type=target.type))
        else:
            out.append(values.cast(target.type))
    return pa.RecordBatch.from_arrays(out, schema=schema)

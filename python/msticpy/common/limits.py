"""
Resource budgets (``reference/reliability.md`` section 3), the Python face of
``mstic_core::Limits``.

Reaching a budget truncates the result and emits ``MsticpyLimitWarning`` (tolerant
mode, the default for bulk calls); with ``strict=True`` it raises
``LimitExceededError`` naming the limit to raise. Later capabilities add fields.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, fields, replace
from typing import Any

from .exceptions import LimitExceededError, MsticpyLimitWarning


@dataclass(frozen=True)
class Limits:
    """Budgets for amplifying operations; defaults follow trusted tools."""

    #: Raw matches per IoC type, and distinct observables, per input cell.
    #: Deliberately higher than the reference's 100,000 proposal: a whole 20 MiB log
    #: passed as one string holds about 420,000 matches and must not be truncated.
    ioc_max_matches_per_cell: int = 1_000_000
    #: Seconds that the patterns added with ``add_ioc_type`` may spend on one input
    #: cell (0 = no limit). Some patterns make match iteration quadratic on the
    #: linear-time engine (``.*[^A-Z]|[A-Z]`` over a long run of letters); the scan then
    #: stops with the truncation status (ClamAV ``MaxScanTime`` in spirit).
    ioc_scan_deadline_s: float = 5.0
    #: base64 re-scan levels after the first (msticpy's ``max_recursion=20``).
    b64_max_depth: int = 20
    #: base64 runs processed per level (msticpy stops after 50).
    b64_max_fragments_per_level: int = 50
    #: Largest decoded blob or decompressed archive member, in bytes (ClamAV MaxFileSize).
    decode_max_item_bytes: int = 25 * 1024 * 1024
    #: Everything decoded from one input, all levels, in bytes (ClamAV MaxScanSize).
    decode_max_total_bytes: int = 100 * 1024 * 1024
    #: What the result of one input may hold, in bytes: each record's bytes, text and
    #: hex (``printable_bytes``) and the markup added to the decoded string. Archive
    #: contents also count against it across all rows of one ``unpack_df`` call. A
    #: record that does not fit is kept without its bytes, with a status.
    decode_max_output_bytes: int = 48 * 1024 * 1024
    #: Members read from one archive (ClamAV MaxFiles).
    archive_max_members: int = 10_000
    #: Refuse zip archives whose members share compressed data (overlapping-entry bomb).
    archive_reject_overlap: bool = True
    #: Longest audit log line read, in bytes; longer lines are skipped and counted
    #: (the kernel's own record limit is 8,970 bytes).
    audit_max_line_bytes: int = 64 * 1024
    #: Audit events kept open while grouping records by message id: the re-ordering
    #: window. A record is re-assembled with its event while fewer events than this have
    #: started since that event did (a fully shuffled log of this many events is read
    #: exactly); about 600 bytes per open event.
    audit_max_pending_events: int = 50_000
    #: Worker threads for one call (0 = one per core).
    threads: int = 0
    #: Raise instead of truncating.
    strict: bool = False

    def __post_init__(self) -> None:
        """Check every field's type and range (the native engine takes 64-bit sizes)."""
        for spec in fields(self):
            _check_field(spec.name, getattr(self, spec.name), spec.type)


#: Largest size the native engine takes (a signed 64-bit count, portable to every host).
MAX_LIMIT = 2**63 - 1


def _check_field(name: str, value: Any, annotation: Any) -> None:
    """Raise ``ValueError`` naming the field and its valid range when ``value`` is unusable."""
    kind = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"Limits.{name} must be True or False, not {value!r}")
        return
    if kind == "float":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok or not math.isfinite(value) or not 0 <= value <= 1e9:
            raise ValueError(
                f"Limits.{name} must be a number of seconds from 0 to 1e9 (0 = no limit), "
                f"not {value!r}"
            )
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_LIMIT:
        raise ValueError(
            f"Limits.{name} must be a whole number from 0 to 2**63-1 ({MAX_LIMIT}), not {value!r}"
        )


_default = Limits()


def default_limits() -> Limits:
    """Return the process-wide default ``Limits``."""
    return _default


def set_default_limits(limits: Limits | None = None, **changes: Any) -> Limits:
    """
    Replace the process-wide default ``Limits`` and return the new value.

    Parameters
    ----------
    limits : Limits, optional
        A complete value to install.
    **changes
        Fields to change on the current default (e.g. ``ioc_max_matches_per_cell=10``).

    Raises
    ------
    ValueError
        If a field is unknown, or a value is of the wrong type or out of its range (the
        message names the field and the valid range); the default is then unchanged.
    TypeError
        If ``limits`` is not a ``Limits``.

    """
    global _default
    if limits is not None and not isinstance(limits, Limits):
        raise TypeError(f"limits must be a Limits value, not {type(limits).__name__}")
    known = {spec.name for spec in fields(Limits)}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise ValueError(
            f"unknown Limits field(s) {', '.join(unknown)}; "
            f"known fields: {', '.join(sorted(known))}"
        )
    _default = replace(limits or _default, **changes)
    return _default


def report_truncation(limits: Limits, limit_name: str, what: str) -> None:
    """Warn (or raise in strict mode) that ``limit_name`` truncated ``what``."""
    message = (
        f"limit '{limit_name}' reached while processing {what}; the result is truncated. "
        f"Raise it with msticpy.common.limits.set_default_limits({limit_name}=...)."
    )
    if limits.strict:
        raise LimitExceededError(message)
    warnings.warn(message, MsticpyLimitWarning, stacklevel=3)

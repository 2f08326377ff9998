"""
base64 unpacking: msticpy's ``base64unpack`` on a Rust engine, with budgets.

Finds base64 runs in a string or a DataFrame column, decodes them, unpacks zip, gzip
and tar payloads, hashes every item and re-scans the result, level after level (up to
20), replacing each decoded run in the returned string with msticpy's
``<decoded ...>`` markup. Names, signatures, record fields, column order and markup
are those of msticpy 3.0.2 (``msticpy.transform.base64unpack``); the classic paths
``msticpy.sectools.base64unpack`` and ``msticpy.sectools.base64`` are this module.

Deliberate differences (see ``docs/base64_unpack.md``):

- Every decompression is bounded by ``Limits`` (``decode_max_item_bytes``,
  ``decode_max_total_bytes``, ``archive_max_members``, ``b64_max_depth``,
  ``b64_max_fragments_per_level``): a gzip bomb stops at the cap instead of exhausting
  memory. What the result keeps (record bytes, text, ``printable_bytes`` and markup) is
  counted against ``decode_max_output_bytes`` per input, and for archive contents per
  ``unpack_df`` call; a record that does not fit keeps its name, type and hashes only.
  A run over ``decode_max_item_bytes`` stays in the text but still gets a record. A
  budget hit is reported with ``MsticpyLimitWarning`` (``LimitExceededError`` in strict
  mode), and every record's status is in ``frame.attrs["b64_status"]``.
- Text columns of the record frames are ``object`` dtype (msticpy's on pandas 2) on
  every pandas: an Arrow text column would copy each row's shared strings per record.
- Truncated gzip, corrupt archives and tar links become statuses on the records
  instead of exceptions that fail the whole call (msticpy raises ``EOFError`` or
  ``KeyError``); nothing is ever written to disk.
- msticpy's process-wide cache of undecodable runs lives for one call here (it grows
  without bound in msticpy); results equal msticpy's in a fresh process.
- ``trace`` is accepted and ignored (msticpy prints debugging output).
- Zip archives whose members share compressed data (the overlapping-entry bomb) are
  refused with status ``overlapping_entries`` (``Limits.archive_reject_overlap``).
- Beyond msticpy, opt-in (keyword-only, all default False): ``powershell`` reads runs
  after a PowerShell ``-EncodedCommand`` flag as UTF-16LE; ``decode_hex`` and
  ``decode_base32`` decode runs in those alphabets when the result is text or a known
  file type (a ``source_encoding`` column then says which alphabet each record came
  from); ``nested_archives`` unpacks gzip, zip and tar members of archives too.
"""

from __future__ import annotations

import gzip
import tarfile
import zipfile
from typing import Any, NamedTuple

import pandas as pd

from .._version import VERSION
from ..common.exceptions import LimitExceededError
from ..common.limits import Limits, default_limits, report_truncation
from . import _columns
from ._b64_fields import BinaryRecord

__version__ = VERSION
__all__ = [
    "BinaryRecord",
    "get_hashes",
    "get_items_from_gzip",
    "get_items_from_tar",
    "get_items_from_zip",
    "unpack",
    "unpack_df",
    "unpack_items",
]

_FIELDS: list[str] = list(BinaryRecord._fields)


def _native() -> Any:
    from .. import _native as native

    return native


def _limit_args(limits: Limits | None) -> tuple[int, int, int, int, int, bool, int]:
    lim = limits or default_limits()
    return (
        lim.b64_max_depth,
        lim.b64_max_fragments_per_level,
        lim.decode_max_item_bytes,
        lim.decode_max_total_bytes,
        lim.archive_max_members,
        lim.archive_reject_overlap,
        lim.decode_max_output_bytes,
    )


class _Extras(NamedTuple):
    """The opt-in extras, in the order the extension takes them."""

    powershell: bool = False
    decode_hex: bool = False
    decode_base32: bool = False
    nested_archives: bool = False

    @property
    def layers(self) -> bool:
        """True when a record may come from another alphabet than base64."""
        return self.decode_hex or self.decode_base32


def _record_row(rec: tuple) -> tuple:
    """One native record tuple as msticpy's 12 ``BinaryRecord`` values."""
    prefix, depth, index, original, name, ftype, data, text, encoding = rec[:9]
    md5, sha1, sha256, printable = rec[9:13]
    hashes = {"md5": md5, "sha1": sha1, "sha256": sha256}
    return (
        (prefix, depth, index),
        original,
        name,
        ftype,
        data,
        text,
        encoding,
        hashes,
        md5,
        sha1,
        sha256,
        printable,
    )


def _record_columns(cols: tuple[list[Any], ...]) -> dict[str, list[Any]]:
    """msticpy's 12 ``BinaryRecord`` columns from the extension's 15 record lists."""
    prefix, depth, index, original, name, ftype, data, text, encoding = cols[:9]
    md5, sha1, sha256, printable = cols[9:13]
    return {
        "reference": list(zip(prefix, depth, index)),
        "original_string": original,
        "file_name": name,
        "file_type": ftype,
        "input_bytes": data,
        "decoded_string": text,
        "encoding_type": encoding,
        "file_hashes": [
            {"md5": m, "sha1": s1, "sha256": s2} for m, s1, s2 in zip(md5, sha1, sha256)
        ],
        "md5": md5,
        "sha1": sha1,
        "sha256": sha256,
        "printable_bytes": printable,
    }


def _records_frame(
    records: list[tuple], status: str, limits: Limits | None, extras: _Extras
) -> pd.DataFrame:
    """msticpy's per-string frame: the 12 ``BinaryRecord`` columns, one row per item."""
    rows = [_record_row(rec) for rec in records]
    # object dtype (msticpy's own on pandas 2): an Arrow text column would copy every
    # decoded text and hex string once more.
    frame = (
        pd.DataFrame(rows, columns=_FIELDS, dtype=object) if rows else pd.DataFrame(columns=_FIELDS)
    )
    if extras.layers:
        frame["source_encoding"] = [rec[14] for rec in records]
    frame.attrs["b64_status"] = [rec[13] for rec in records]
    _report_status(status, limits)
    return frame


def _report_status(status: str, limits: Limits | None) -> None:
    if status.startswith("limit_exceeded:"):
        report_truncation(limits or default_limits(), status.split(":", 1)[1], "base64 input")


def unpack_items(
    input_string: str | None = None,
    data: pd.DataFrame | None = None,
    column: str | None = None,
    trace: bool = False,
    utf16: bool = False,
    *,
    powershell: bool = False,
    decode_hex: bool = False,
    decode_base32: bool = False,
    nested_archives: bool = False,
) -> Any:
    """
    Base64-decode an input string, or strings taken from a DataFrame column.

    Parameters
    ----------
    input_string : str, optional
        Single string to decode (padded to a multiple of 4 first, as msticpy does).
    data : pd.DataFrame, optional
        DataFrame holding the column to decode.
    column : str, optional
        Name of the text column (required with ``data``).
    trace : bool, optional
        Accepted for compatibility; ignored.
    utf16 : bool, optional
        Try UTF-16 before UTF-8 when decoding to text.
    powershell : bool, optional
        Beyond msticpy (default False): read runs that follow a PowerShell
        ``-EncodedCommand`` flag (``-e``, ``-enc``, ...) as UTF-16LE.
    decode_hex : bool, optional
        Beyond msticpy (default False): decode runs of hex digits as hex when that
        gives text or a known file type (adds a ``source_encoding`` column).
    decode_base32 : bool, optional
        Beyond msticpy (default False): the same for upper-case RFC 4648 base32 runs.
    nested_archives : bool, optional
        Beyond msticpy (default False): unpack gzip, zip and tar members of archives,
        named ``outer/inner``, within the same budgets.

    Returns
    -------
    tuple[str, pd.DataFrame] | pd.DataFrame | None
        For a string, the decoded string and its records; for a DataFrame, the records
        of every row (see ``unpack_df``); None when neither is given.

    Raises
    ------
    ValueError
        If ``data`` is given without ``column``.

    """
    extras = {
        "powershell": powershell,
        "decode_hex": decode_hex,
        "decode_base32": decode_base32,
        "nested_archives": nested_archives,
    }
    if input_string is not None:
        return _unpack(input_string, utf16=utf16, pad=True, extras=_Extras(**extras))
    if data is not None:
        if not column:
            raise ValueError("column must be supplied if the input is a DataFrame")
        return unpack_df(data=data, column=column, trace=trace, utf16=utf16, **extras)
    return None


def unpack(
    input_string: str,
    trace: bool = False,
    utf16: bool = False,
    *,
    powershell: bool = False,
    decode_hex: bool = False,
    decode_base32: bool = False,
    nested_archives: bool = False,
) -> tuple[str, pd.DataFrame]:
    """
    Base64-decode a string, recursively, unpacking archives and hashing each item.

    Parameters
    ----------
    input_string : str
        The text to decode.
    trace : bool, optional
        Accepted for compatibility; ignored.
    utf16 : bool, optional
        Try UTF-16 before UTF-8 when decoding to text.
    powershell : bool, optional
        Beyond msticpy (default False): read runs that follow a PowerShell
        ``-EncodedCommand`` flag (``-e``, ``-enc``, ...) as UTF-16LE.
    decode_hex : bool, optional
        Beyond msticpy (default False): decode runs of hex digits as hex when that
        gives text or a known file type (adds a ``source_encoding`` column).
    decode_base32 : bool, optional
        Beyond msticpy (default False): the same for upper-case RFC 4648 base32 runs.
    nested_archives : bool, optional
        Beyond msticpy (default False): unpack gzip, zip and tar members of archives,
        named ``outer/inner``, within the same budgets.

    Returns
    -------
    tuple[str, pd.DataFrame]
        The string with each decoded run replaced by ``<decoded ...>`` markup, and one
        row per decoded item with the ``BinaryRecord`` columns.

    """
    extras = _Extras(powershell, decode_hex, decode_base32, nested_archives)
    return _unpack(input_string, utf16=utf16, pad=False, extras=extras)


def _unpack(
    text: str, utf16: bool, pad: bool, extras: _Extras, limits: Limits | None = None
) -> tuple:
    if not isinstance(text, str):
        raise TypeError(f"input_string must be a str, not {type(text).__name__}")
    decoded, records, status = _native().b64_unpack(
        text, utf16=utf16, pad=pad, limits=_limit_args(limits), extras=extras
    )
    return decoded, _records_frame(records, status, limits, extras)


def unpack_df(
    data: pd.DataFrame,
    column: str,
    trace: bool = False,
    utf16: bool = False,
    *,
    powershell: bool = False,
    decode_hex: bool = False,
    decode_base32: bool = False,
    nested_archives: bool = False,
) -> pd.DataFrame:
    """
    Base64-decode the strings of a DataFrame column.

    Parameters
    ----------
    data : pd.DataFrame
        Input frame (pyarrow and polars tables are also accepted).
    column : str
        Name of the text column.
    trace : bool, optional
        Accepted for compatibility; ignored.
    utf16 : bool, optional
        Try UTF-16 before UTF-8 when decoding to text.
    powershell : bool, optional
        Beyond msticpy (default False): read runs that follow a PowerShell
        ``-EncodedCommand`` flag (``-e``, ``-enc``, ...) as UTF-16LE.
    decode_hex : bool, optional
        Beyond msticpy (default False): decode runs of hex digits as hex when that
        gives text or a known file type (adds a ``source_encoding`` column).
    decode_base32 : bool, optional
        Beyond msticpy (default False): the same for upper-case RFC 4648 base32 runs.
    nested_archives : bool, optional
        Beyond msticpy (default False): unpack gzip, zip and tar members of archives,
        named ``outer/inner``, within the same budgets.

    Returns
    -------
    pd.DataFrame
        The ``BinaryRecord`` columns plus ``src_index`` (index label of the source row),
        the input column and ``full_decoded_string``; the 12 record columns only when
        nothing decoded. Non-text cells are skipped.

    """
    kind = _columns.frame_kind(data)
    if column not in _columns.column_names(data, kind):
        raise KeyError(column)
    limits = default_limits()
    extras = _Extras(powershell, decode_hex, decode_base32, nested_archives)
    rows, decoded, statuses, record_rows, cols = _native().b64_unpack_column(
        _columns.native_column(data, kind, column),
        utf16=utf16,
        threads=limits.threads,
        limits=_limit_args(limits),
        extras=extras,
    )
    if not rows:
        return pd.DataFrame(columns=_FIELDS)
    for status in set(statuses):
        _report_status(status, limits)
    if not record_rows:
        return pd.DataFrame(columns=[*_FIELDS, "src_index", column, "full_decoded_string"])
    # One frame for all rows, built column by column: a frame per input row, or a
    # tuple per record, costs more than the decoding itself.
    labels = _columns.row_labels(data, kind, rows)
    values = _columns.cell_values(data, kind, column, rows)
    position = {row: k for k, row in enumerate(rows)}
    where = [position[row] for row in record_rows]
    # object dtype (msticpy's own on pandas 2): the records of one row share its input
    # and decoded string, which an Arrow text column would copy once per record, and
    # the decoded texts and hex strings are not copied a second time.
    output = pd.DataFrame(_record_columns(cols), dtype=object)
    output["src_index"] = [labels[k] for k in where]
    output[column] = pd.Series([values[k] for k in where], dtype=object)
    output["full_decoded_string"] = pd.Series([decoded[k] for k in where], dtype=object)
    if extras.layers:
        output["source_encoding"] = cols[14]
    output.attrs["b64_status"] = cols[13]
    return output


def _archive_items(kind: str, binary: bytes) -> dict[str, bytes]:
    members, status = _native().b64_archive_items(kind, bytes(binary), _limit_args(None))
    if status.startswith("limit_exceeded:"):
        raise LimitExceededError(f"limit '{status.split(':', 1)[1]}' exceeded unpacking {kind}")
    if status != "ok":
        raise _ARCHIVE_ERRORS[kind](f"cannot read {kind} data: {status}")
    return {name: data for name, data, _ in members}


_ARCHIVE_ERRORS: dict[str, type[Exception]] = {
    "gz": gzip.BadGzipFile,
    "zip": zipfile.BadZipFile,
    "tar": tarfile.ReadError,
}


def get_items_from_gzip(binary: bytes) -> tuple[str, dict[str, bytes]]:
    """
    Return decompressed gzip contents: ``("gz", {"gzip_file": bytes})``.

    Raises ``gzip.BadGzipFile`` for corrupt or truncated data and ``LimitExceededError``
    past ``Limits.decode_max_item_bytes``.
    """
    members = _archive_items("gz", binary)
    return "gz", {"gzip_file": next(iter(members.values()), b"")}


def get_items_from_zip(binary: bytes) -> tuple[str, dict[str, bytes]]:
    """Return ``("zip", {member_name: bytes})``; ``zipfile.BadZipFile`` if corrupt."""
    return "zip", _archive_items("zip", binary)


def get_items_from_tar(binary: bytes) -> tuple[str, dict[str, bytes]]:
    """
    Return ``("tar", {member_name: bytes})``; non-file members (directories, links)
    map to ``b""`` and links are never followed. ``tarfile.ReadError`` if corrupt.
    """
    return "tar", _archive_items("tar", binary)


def get_hashes(binary: bytes) -> dict[str, str]:
    """Return ``{"md5": ..., "sha1": ..., "sha256": ...}`` hex digests of ``binary``."""
    md5, sha1, sha256 = _native().b64_hashes(bytes(binary))
    return {"md5": md5, "sha1": sha1, "sha256": sha256}


def _register_accessor() -> None:
    """Register the classic ``df.mp_b64`` accessor (msticpy 0.8.x)."""

    @pd.api.extensions.register_dataframe_accessor("mp_b64")
    class B64ExtractAccessor:
        """Pandas accessor ``df.mp_b64`` for base64 unpacking (classic API)."""

        def __init__(self, pandas_obj: pd.DataFrame) -> None:
            self._df = pandas_obj

        def extract(self, column: str, **kwargs: Any) -> pd.DataFrame:
            """Decode base64 in ``column``; see ``unpack_df``."""
            return unpack_df(data=self._df, column=column, **kwargs)


_register_accessor()

from ..init import mp_pandas_accessors as _mp_accessor  # noqa: E402, F401

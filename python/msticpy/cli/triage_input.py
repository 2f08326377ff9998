"""
Input of ``msticpy triage``: refuse what is not a readable text file, read the rest in chunks.

Every refusal is an :class:`InputError` whose message is the one line the command prints
(exit status 2): a missing path, a directory, an unreadable file, a binary file (named
by kind when its magic number is known: compressed, archive, executable), a missing
CSV column. Text may be UTF-8 (invalid bytes become U+FFFD) or UTF-16/UTF-32 with a
byte-order mark (Windows tools write those).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Iterator
from datetime import datetime, timezone

#: Lines (or CSV cells) scanned per native call: bounds memory, keeps the bar moving.
CHUNK_LINES = 20_000
#: Bytes examined to decide whether a file is text.
_SNIFF_BYTES = 8192
#: Share of control bytes (besides tab, CR, LF, FF, ESC) above which a file is binary.
_CONTROL_SHARE = 0.10
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"\x1f\x8b", "gzip-compressed data (decompress it first, e.g. with gunzip)"),
    (b"PK\x03\x04", "a zip archive (extract it first)"),
    (b"BZh", "bzip2-compressed data (decompress it first)"),
    (b"\xfd7zXZ\x00", "xz-compressed data (decompress it first)"),
    (b"(\xb5/\xfd", "zstd-compressed data (decompress it first)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive (extract it first)"),
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable"),
    (b"%PDF", "a PDF document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd4\xc3\xb2\xa1", "a pcap capture"),
    (b"\xa1\xb2\xc3\xd4", "a pcap capture"),
    (b"\x0a\x0d\x0d\x0a", "a pcapng capture"),
    (b"ElfFile\x00", "a Windows event log (.evtx; export it as text or CSV first)"),
)


class InputError(Exception):
    """An input ``msticpy triage`` cannot read; the message is one line for the user."""


def text_encoding(path: str) -> str:
    """
    Check that ``path`` is a readable text file and return the encoding to read it with.

    Parameters
    ----------
    path : str
        The file.

    Returns
    -------
    str
        A codec name (``utf-8`` unless a byte-order mark says otherwise).

    Raises
    ------
    InputError
        If the path is missing, a directory, unreadable or not text.

    """
    if not os.path.exists(path):
        raise InputError(f"no such file: {path}")
    if os.path.isdir(path):
        raise InputError(f"{path} is a directory: give one log or CSV file")
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}") from None
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    binary = b"\x00" in head or _control_share(head) > _CONTROL_SHARE
    for magic, kind in _MAGIC:
        # "MZ" can start a text line too: a Windows executable also holds NUL bytes.
        if head.startswith(magic) and (binary or magic != b"MZ"):
            raise InputError(f"{path} is {kind}, not a text log: triage reads text and CSV")
    if binary:
        raise InputError(
            f"{path} looks like a binary file (NUL or control bytes in its first "
            f"{min(len(head), _SNIFF_BYTES)} bytes), not a text log: triage reads text and "
            "CSV (extract the text first, e.g. with `strings`)"
        )
    return "utf-8"


def _control_share(head: bytes) -> float:
    if not head:
        return 0.0
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return controls / len(head)


def read_chunks(
    path: str, column: str | None, encoding: str = "utf-8", when: str | None = None
) -> Iterator[tuple[list[str], list[str], int]]:
    """
    Yield ``(cells, times, bytes_read_so_far)`` chunks of a text file or of one CSV column.

    Parameters
    ----------
    path : str
        The file (checked with :func:`text_encoding` first).
    column : str or None
        Read this column of a CSV file; None reads lines.
    encoding : str, optional
        The codec :func:`text_encoding` chose.
    when : str, optional
        CSV column holding each row's time; ``times`` holds its cells (for lines,
        ``times`` is the lines themselves: their timestamp leads them).

    Raises
    ------
    InputError
        If ``column`` is not in the CSV header.

    """
    with open(path, "rb") as raw:
        handle = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        if column is not None:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or column not in reader.fieldnames:
                names = ", ".join(reader.fieldnames or []) or "none"
                raise InputError(f"column {column!r} not found in {path} (columns: {names})")
            rows: list[str] = []
            times: list[str] = []
            for row in reader:
                rows.append(row.get(column) or "")
                times.append((row.get(when) or "") if when else "")
                if len(rows) >= CHUNK_LINES:
                    # The text layer refuses tell() while csv iterates it; the byte
                    # layer's position (read-ahead included) is close enough for progress.
                    yield rows, times, raw.tell()
                    rows, times = [], []
            yield rows, times, raw.tell()
            return
        lines: list[str] = []
        for line in handle:
            lines.append(line)
            if len(lines) >= CHUNK_LINES:
                yield lines, lines, raw.tell()
                lines = []
        yield lines, lines, raw.tell()


#: A timestamp at the start of a log line: ISO 8601 / RFC 3339 (``2026-11-02T08:14:07Z``,
#: ``2026-11-02 08:14:07.123+01:00``).
_LINE_TIME = re.compile(
    r"\s*\[?(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?)(Z|[+-]\d{2}:?\d{2})?"
)
#: CSV columns read as the event time, first match wins (case-insensitive).
TIME_COLUMNS = (
    "timegenerated",
    "timestamp",
    "@timestamp",
    "_time",
    "eventtime",
    "time",
    "datetime",
    "date",
)


def parse_time(text: str) -> datetime | None:
    """
    The ISO 8601 timestamp at the start of ``text`` as an aware UTC datetime, or None.

    Parameters
    ----------
    text : str
        A log line or a time cell; a time with no offset is taken as UTC.

    Returns
    -------
    datetime or None
        The time, or None when the text does not start with one (or it is invalid).

    """
    found = _LINE_TIME.match(text)
    if found is None:
        return None
    day, clock, zone = found.groups()
    clock = clock.replace(",", ".")
    if "." in clock:
        whole, frac = clock.split(".")
        clock = f"{whole}.{frac[:6]:0<6}"
    if zone in (None, "Z"):
        zone = "+00:00"
    elif ":" not in zone:
        zone = f"{zone[:3]}:{zone[3:]}"
    try:
        stamp = datetime.fromisoformat(f"{day}T{clock}{zone}")
    except ValueError:
        return None
    return stamp.astimezone(timezone.utc)


def time_column(path: str, encoding: str) -> str | None:
    """The first column of the CSV header at ``path`` named like an event time, or None."""
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        header = next(csv.reader(handle), [])
    by_name = {name.strip().lower(): name for name in header}
    return next((by_name[name] for name in TIME_COLUMNS if name in by_name), None)

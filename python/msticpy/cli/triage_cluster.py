"""
``msticpy triage --cluster``: the top command-line (or log-line) patterns of a file.

Lines of a text file, or one column of a CSV (``--column``, default ``CommandLine``),
are mined into templates by the native Drain-like miner (see
``msticpy.analysis.log_templates``): repetitive admin commands collapse into one line
with ``<*>`` where they vary, shown with their count and an example.
"""

from __future__ import annotations

import argparse
import csv
import json
from typing import Any, TextIO

from .triage import sample_path
from .triage_input import InputError, read_chunks, text_encoding

DEFAULT_COLUMN = "CommandLine"


def _csv_column(path: str, column: str | None) -> str | None:
    """The column to read: ``column``, or ``CommandLine`` for a ``.csv`` file."""
    if column is not None or not path.lower().endswith(".csv"):
        return column
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        header = next(csv.reader(handle), [])
    if DEFAULT_COLUMN not in header:
        raise InputError(
            f"--cluster: no {DEFAULT_COLUMN!r} column in {path}; "
            f"choose one with --column (columns: {', '.join(header)})"
        )
    return DEFAULT_COLUMN


def mine(path: str, column: str | None) -> tuple[int, list[tuple[str, int, list[str]]]]:
    """Read the cells and mine templates: ``(cells, [(template, count, examples)])``."""
    from .. import _native

    cells: list[str] = []
    if column is None:
        for chunk, _, _ in read_chunks(path, None, text_encoding(path)):
            cells.extend(c.rstrip("\r\n") for c in chunk)
    else:
        with open(path, encoding="utf-8", errors="replace", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or column not in reader.fieldnames:
                raise InputError(f"column {column!r} not found in {path}")
            cells.extend(row.get(column) or "" for row in reader)
    found = _native.cluster_templates(cells, 0.4, 1)
    return len(cells), [(t, n, [cells[i] for i in rows]) for t, n, rows in found]


def report(path: str, column: str | None, total: int, found: list, top: int) -> dict[str, Any]:
    """Machine-readable report."""
    return {
        "input": path,
        "column": column,
        "lines": total,
        "templates": len(found),
        "more": max(len(found) - top, 0),
        "truncated": len(found) > top,
        "top": [
            {"template": t, "count": n, "share": n / max(total, 1), "example": ex[0] if ex else ""}
            for t, n, ex in found[:top]
        ],
    }


def run_cluster(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Entry point of ``msticpy triage --cluster``."""
    path = args.path or sample_path()
    text_encoding(path)  # one clear line (InputError) for a missing, binary or directory path
    column = _csv_column(path, args.column)
    total, found = mine(path, column)
    data = report(path, column, total, found, args.top)
    if args.json:
        json.dump(data, out, indent=2)
        out.write("\n")
        return 0
    source = f"column {column!r} of {path}" if column else path
    out.write(f"Command-line patterns in {source}\n")
    out.write(f"{total} lines -> {len(found)} patterns; top {min(args.top, len(found))}:\n\n")
    for item in data["top"]:
        out.write(f"{item['count']:>8}  {item['share']:6.1%}  {item['template']}\n")
        if item["example"] != item["template"]:
            out.write(f"{'':>18}e.g. {item['example'][:160]}\n")
    if data["more"]:
        out.write(f"{'':>18}... and {data['more']} more (--top {len(found)} shows all)\n")
    return 0

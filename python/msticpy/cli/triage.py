"""
``msticpy triage``: the first look at a log — IoCs by type, with counts.

Input is read in chunks of lines (or CSV cells) and scanned by the native engine in
``extract_matches`` mode, so defanged indicators are counted with their re-fanged
value and the extended types (CVE, ATT&CK, CIDR, ...) are included. Memory stays
bounded by the chunk size plus the distinct observables.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from typing import Any, TextIO

CHUNK_LINES = 20_000
PROGRESS_MIN_BYTES = 8 * 1024 * 1024


def sample_path() -> str:
    """Path of the bundled sample log."""
    return str(resources.files("msticpy") / "resources" / "triage_sample.log")


def read_chunks(path: str, column: str | None) -> Iterator[tuple[list[str], int]]:
    """Yield ``(cells, bytes_read_so_far)`` chunks of a text file or a CSV column."""
    with open(path, "rb") as raw:
        handle = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
        if column is not None:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or column not in reader.fieldnames:
                raise SystemExit(f"column {column!r} not found in {path}")
            rows: list[str] = []
            for row in reader:
                rows.append(row.get(column) or "")
                if len(rows) >= CHUNK_LINES:
                    # The text layer refuses tell() while csv iterates it; the byte
                    # layer's position (read-ahead included) is close enough for progress.
                    yield rows, raw.tell()
                    rows = []
            yield rows, raw.tell()
            return
        lines: list[str] = []
        done = 0
        for line in handle:
            lines.append(line)
            done += len(line)
            if len(lines) >= CHUNK_LINES:
                yield lines, done
                lines = []
        yield lines, done


class Progress:
    """A one-line progress bar on a text stream."""

    def __init__(self, stream: TextIO, total: int, enabled: bool) -> None:
        self.stream, self.total, self.enabled = stream, max(total, 1), enabled
        self.start = time.perf_counter()

    def update(self, done: int) -> None:
        """Redraw the bar for ``done`` bytes."""
        if not self.enabled:
            return
        frac = min(done / self.total, 1.0)
        rate = done / max(time.perf_counter() - self.start, 1e-9) / 1e6
        bar = "#" * int(frac * 30)
        self.stream.write(f"\r[{bar:<30}] {frac:6.1%} {rate:7.1f} MB/s")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.enabled:
            self.stream.write("\n")


def _payload_info(record: tuple) -> dict[str, Any]:
    """What triage shows of one decoded item (a native base64 record tuple)."""
    depth = record[1].rstrip(".")
    text = record[7]
    return {
        "type": record[5] or record[8],
        "name": record[4],
        "depth": int(depth) if depth.isdigit() else depth,
        "size": len(record[6]),
        "sha256": record[11],
        "encoding": record[14],
        "preview": text[:80] if text else None,
    }


def summarise(path: str, column: str | None, include_paths: bool, progress: Progress) -> dict:
    """Scan the input: count observables per type and the base64 payloads decoded."""
    from .. import _native
    from ..transform.base64unpack import _limit_args
    from ..transform.iocextract import IoCExtract, _extended_type_names, _registry

    IoCExtract()  # restores the built-in patterns, as every msticpy instance does
    registry = _registry()
    types = [name for name, *_ in registry.entries(False)]
    if not include_paths:
        types = [t for t in types if t not in ("windows_path", "linux_path")]
    types += list(_extended_type_names())
    counts: Counter[tuple[str, str]] = Counter()
    defanged: set[tuple[str, str]] = set()
    hidden: set[tuple[str, str]] = set()
    payloads: Counter[str] = Counter()
    payload_info: dict[str, dict[str, Any]] = {}
    cells = 0
    truncated = False
    for chunk, done in read_chunks(path, column):
        cells += len(chunk)
        if chunk:
            _, kinds, values, _, _, _, flags, cut = registry.matches_column(chunk, types=types)
            truncated |= cut
            counts.update(zip(kinds, values))
            defanged.update(k for k, flag in zip(zip(kinds, values), flags) if flag)
            # Decode base64 payloads and look for IoCs inside the decoded text too.
            decoded_texts = []
            # Every opt-in extra: PowerShell UTF-16, hex and base32 layers, nested archives.
            *_, cols = _native.b64_unpack_column(
                chunk, limits=_limit_args(None), extras=(True, True, True, True)
            )
            for record in zip(*cols):
                if not record[5] and not record[7]:
                    # Undecodable noise: hashes and tokens look like base64 too.
                    continue
                info = _payload_info(record)
                payloads[info["sha256"]] += 1
                payload_info.setdefault(info["sha256"], info)
                if record[7]:
                    decoded_texts.append(record[7])
            if decoded_texts:
                found = registry.matches_column(decoded_texts, types=types)
                inner = list(zip(found[1], found[2]))
                hidden.update(k for k in inner if k not in counts)
                counts.update(inner)
        progress.update(done)
    progress.close()
    by_type: dict[str, Counter[str]] = {}
    for (kind, value), n in counts.items():
        by_type.setdefault(kind, Counter())[value] = n
    return {
        "cells": cells,
        "by_type": by_type,
        "defanged": defanged,
        "hidden": hidden,
        "payloads": payloads,
        "payload_info": payload_info,
        "truncated": truncated,
    }


def report_json(path: str, summary: dict, top: int) -> dict[str, Any]:
    """Machine-readable report."""
    iocs = {}
    for kind, values in sorted(summary["by_type"].items()):
        iocs[kind] = {
            "distinct": len(values),
            "occurrences": sum(values.values()),
            "top": [
                {
                    "value": v,
                    "count": n,
                    "defanged": (kind, v) in summary["defanged"],
                    "in_decoded_payload": (kind, v) in summary["hidden"],
                }
                for v, n in values.most_common(top)
            ],
        }
    payloads = summary["payloads"]
    return {
        "input": path,
        "cells": summary["cells"],
        "iocs": iocs,
        "payloads": {
            "distinct": len(payloads),
            "occurrences": sum(payloads.values()),
            "top": [
                {**summary["payload_info"][sha], "count": n} for sha, n in payloads.most_common(top)
            ],
        },
        "iocs_in_decoded_payloads": [list(item) for item in sorted(summary["hidden"])],
        "truncated": summary["truncated"],
    }


def report_text(path: str, summary: dict, top: int, out: TextIO) -> None:
    """Human-readable report."""
    by_type = summary["by_type"]
    total = sum(len(v) for v in by_type.values())
    out.write(f"IoC triage of {path}\n")
    out.write(
        f"{summary['cells']} lines scanned, {total} distinct IoCs in {len(by_type)} types\n\n"
    )
    for kind, values in sorted(by_type.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        out.write(f"{kind:<14} {len(values):>6} distinct {sum(values.values()):>8} occurrences\n")
        for value, n in values.most_common(top):
            mark = "  (defanged in source)" if (kind, value) in summary["defanged"] else ""
            if (kind, value) in summary["hidden"]:
                mark += "  (inside a decoded base64 payload)"
            out.write(f"    {n:>6}  {value}{mark}\n")
    if summary["hidden"]:
        out.write("\nIoCs found only inside decoded payloads:\n")
        for kind, value in sorted(summary["hidden"]):
            out.write(f"    {kind:<14} {value}\n")
    payloads = summary["payloads"]
    if payloads:
        out.write(f"\nencoded payloads decoded: {len(payloads)} distinct\n")
        for sha, n in payloads.most_common(top):
            info = summary["payload_info"][sha]
            preview = f"  {info['preview']!r}" if info["preview"] else ""
            out.write(
                f"    {n:>6}  {info['encoding']:<6} {info['type']:<8} depth {info['depth']}"
                f"  {info['size']:>8} bytes"
                f"  name={info['name']}  sha256={sha[:16]}...{preview}\n"
            )
    if summary["truncated"]:
        out.write("\nwarning: a per-cell budget truncated some results (see Limits)\n")


def run_triage(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Entry point of ``msticpy triage``."""
    if getattr(args, "cluster", False):
        from .triage_cluster import run_cluster

        return run_cluster(args, out, err)
    path = args.path or sample_path()
    if not os.path.exists(path):
        err.write(f"msticpy triage: no such file: {path}\n")
        return 2
    if args.column is None:
        from .triage_auditd import looks_like_audit_log, run_audit_triage

        if looks_like_audit_log(path):
            return run_audit_triage(path, args, out, err)
    size = os.path.getsize(path)
    show = args.progress == "always" or (
        args.progress == "auto" and size >= PROGRESS_MIN_BYTES and err.isatty()
    )
    summary = summarise(path, args.column, args.include_paths, Progress(err, size, show))
    if args.json:
        json.dump(report_json(path, summary, args.top), out, indent=2)
        out.write("\n")
    else:
        report_text(path, summary, args.top, out)
    return 0

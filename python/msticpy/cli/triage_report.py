"""
The ``msticpy triage`` report: one plain-data structure, written as text, JSON or HTML.

Each IoC type is listed in groups (IP addresses by scope: public first, then private,
loopback, link-local, documentation and reserved ones; other types in one group).
Each group shows its ``top`` values and says how many more it holds; the report's
``truncated`` flag is true whenever anything was left out (by ``--top`` or by a
scanning budget). Among equally frequent values, those defanged in the source or
found only inside a decoded layer come first: an analyst marked or hid them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TextIO

from .triage import TEXT, URL_DECODED, Scan, Seen
from .triage_clean import SCOPES, address_scope

#: Notes on the types the cleaned view adds.
_NOTES = {"file_name": "file names the host-name pattern matched, not listed as domains"}


def _iso(when: datetime | None) -> str | None:
    return when.isoformat().replace("+00:00", "Z") if when is not None else None


def _item(kind: str, value: str, seen: Seen) -> dict[str, Any]:
    item: dict[str, Any] = {
        "value": value,
        "count": seen.count,
        "defanged": seen.defanged,
        "layers": dict(seen.layers),
        "in_decoded_payload": any(layer not in (TEXT, URL_DECODED) for layer in seen.layers),
        "only_in_decoded_layers": seen.hidden,
        "first_seen": _iso(seen.first),
        "last_seen": _iso(seen.last),
    }
    if kind in ("ipv4", "ipv6"):
        item["scope"] = address_scope(value)
    return item


def _rank(entry: tuple[str, Seen]) -> tuple[int, bool, int]:
    _, seen = entry
    return (-seen.count, not (seen.defanged or seen.hidden), seen.order)


def _group(name: str | None, values: list[tuple[str, Seen]], kind: str, top: int) -> dict:
    ranked = sorted(values, key=_rank)
    shown = ranked[:top]
    return {
        "group": name,
        "distinct": len(ranked),
        "occurrences": sum(seen.count for _, seen in ranked),
        "shown": len(shown),
        "more": len(ranked) - len(shown),
        "top": [_item(kind, value, seen) for value, seen in shown],
    }


def build_report(path: str, scan: Scan, top: int) -> dict[str, Any]:
    """
    The report as plain data (what ``--json`` prints).

    Parameters
    ----------
    path : str
        The input's path.
    scan : Scan
        The finished scan.
    top : int
        Values shown per group (and payloads shown).

    Returns
    -------
    dict
        ``input``, ``cells``, ``time_range``, ``iocs`` (per type: totals and groups),
        ``iocs_in_decoded_payloads``, ``payloads``, ``truncated`` and ``truncated_by``.

    """
    by_kind: dict[str, list[tuple[str, Seen]]] = {}
    for (kind, value), seen in scan.seen.items():
        by_kind.setdefault(kind, []).append((value, seen))
    iocs: dict[str, Any] = {}
    for kind, values in sorted(by_kind.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if kind in ("ipv4", "ipv6"):
            scoped: dict[str, list[tuple[str, Seen]]] = {}
            for value, seen in values:
                scoped.setdefault(address_scope(value), []).append((value, seen))
            groups = [_group(s, scoped[s], kind, top) for s in SCOPES if s in scoped]
        else:
            groups = [_group(None, values, kind, top)]
        iocs[kind] = {
            "note": _NOTES.get(kind),
            "distinct": len(values),
            "occurrences": sum(seen.count for _, seen in values),
            "groups": groups,
        }
    payload_order = sorted(scan.payload_counts.items(), key=lambda kv: -kv[1])
    payloads = [
        {**_payload_fields(scan.payloads[sha]), "count": count}
        for sha, count in payload_order[:top]
    ]
    cut_by_top = any(g["more"] for entry in iocs.values() for g in entry["groups"]) or len(
        payload_order
    ) > len(payloads)
    stamps = [s for seen in scan.seen.values() for s in (seen.first, seen.last) if s]
    return {
        "input": path,
        "cells": scan.cells,
        "cells_with_time": scan.timed,
        "time_range": [_iso(min(stamps)), _iso(max(stamps))] if stamps else None,
        "iocs": iocs,
        "iocs_in_decoded_payloads": [
            {"type": kind, "value": value, "layers": sorted(seen.layers)}
            for (kind, value), seen in sorted(scan.seen.items())
            if seen.hidden
        ],
        "payloads": {
            "distinct": len(payload_order),
            "occurrences": sum(scan.payload_counts.values()),
            "shown": len(payloads),
            "more": len(payload_order) - len(payloads),
            "top": payloads,
        },
        "truncated": cut_by_top or scan.budget_hit,
        "truncated_by": {"top": cut_by_top, "budget": scan.budget_hit},
    }


def _payload_fields(info: dict[str, Any]) -> dict[str, Any]:
    fields = {k: v for k, v in info.items() if k != "text"}
    fields["first_seen"] = _iso(info["first_seen"])
    return fields


def printable(text: str) -> str:
    """``text`` with control and other unprintable characters shown as escapes."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() else (f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")
        for ch in text
    )


def marks(item: dict[str, Any]) -> list[str]:
    """Short notes on where an observable came from (defanged, decoded layers)."""
    notes = ["defanged in source"] if item["defanged"] else []
    layers = [layer for layer in item["layers"] if layer != TEXT]
    where = " and ".join(
        "a percent-encoded URL" if layer == URL_DECODED else f"a decoded {layer} payload"
        for layer in layers
    )
    if where:
        notes.append(f"{'only' if item['only_in_decoded_layers'] else 'also'} inside {where}")
    return notes


def write_text(report: dict[str, Any], out: TextIO) -> None:
    """Write the human-readable report."""
    iocs = report["iocs"]
    total = sum(entry["distinct"] for entry in iocs.values())
    out.write(f"IoC triage of {printable(report['input'])}\n")
    span = ""
    if report["time_range"]:
        first, last = report["time_range"]
        span = f" ({report['cells_with_time']} with a time, {first} to {last})"
    out.write(f"{report['cells']} lines scanned{span}\n")
    out.write(f"{total} distinct IoCs in {len(iocs)} types (cleaned view: see docs/triage.md)\n\n")
    if not iocs:
        out.write("No IoCs found.\n")
    for kind, entry in iocs.items():
        out.write(
            f"{kind:<14} {entry['distinct']:>6} distinct {entry['occurrences']:>8} occurrences"
            + (f"  ({entry['note']})" if entry["note"] else "")
            + "\n"
        )
        for group in entry["groups"]:
            if group["group"] is not None:
                out.write(f"  {group['group']:<14} {group['distinct']:>4} distinct\n")
            for item in group["top"]:
                notes = "".join(f"  ({note})" for note in marks(item))
                out.write(f"    {item['count']:>6}  {printable(item['value'])}{notes}\n")
            if group["more"]:
                out.write(
                    f"            ... and {group['more']} more "
                    f"(--top {group['distinct']} shows all)\n"
                )
    hidden = report["iocs_in_decoded_payloads"]
    if hidden:
        out.write("\nIoCs found only inside decoded layers:\n")
        for item in hidden:
            where = ", ".join(item["layers"])
            out.write(f"    {item['type']:<14} {printable(item['value'])}  [{where}]\n")
    payloads = report["payloads"]
    if payloads["distinct"]:
        out.write(f"\nencoded payloads decoded: {payloads['distinct']} distinct\n")
        for info in payloads["top"]:
            preview = f"  {info['preview']!r}" if info["preview"] else ""
            out.write(
                f"    {info['count']:>6}  {info['layer']:<14} depth {info['depth']}"
                f"  {info['size']:>8} bytes  name={info['name']}"
                f"  sha256={info['sha256'][:16]}...{preview}\n"
            )
        if payloads["more"]:
            out.write(f"            ... and {payloads['more']} more\n")
    if report["truncated_by"]["budget"]:
        out.write("\nwarning: a per-cell budget truncated some results (see Limits)\n")

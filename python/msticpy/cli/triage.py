"""
``msticpy triage``: the first look at a log — IoCs by type, with counts.

Input is read in chunks of lines (or CSV cells) and scanned by the native engine in
``extract_matches`` mode with the extended types (CVE, ATT&CK, CIDR, ...), so defanged
indicators are counted with their re-fanged value. Encoded payloads (base64, hex,
base32, PowerShell UTF-16, nested archives) are decoded and scanned too, and so are
percent-encoded URL parameters; each observable remembers the layers it was found in.
The report shows the cleaned view of :mod:`msticpy.cli.triage_clean`. Memory stays
bounded by the chunk size plus the distinct observables.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from typing import Any, TextIO
from urllib.parse import unquote

from ..common.progress import Progress
from .triage_clean import clean_observable
from .triage_input import InputError, parse_time, read_chunks, text_encoding, time_column

#: Inputs at least this large show a progress bar (when stderr is a terminal).
PROGRESS_MIN_BYTES = 8 * 1024 * 1024
#: Largest CSV cell read (Python's csv default, 128 KiB, refuses encoded payload columns).
CSV_FIELD_MAX = 64 * 1024 * 1024
#: Occurrence times kept per observable for the HTML timeline.
_MAX_TIMES = 200
#: The layer of observables found in the input text itself.
TEXT = "text"
#: The layer of observables found in a percent-decoded URL.
URL_DECODED = "url-decoded"
_ESCAPED = re.compile(r"%[0-9A-Fa-f]{2}")
#: Types the cleaned view changes: by the value alone, or by the text around the match.
_CONTEXT_FREE = frozenset(("url", "email"))
_IN_CONTEXT = frozenset(("dns", "ipv4", "linux_path", "windows_path"))


def sample_path() -> str:
    """Path of the bundled sample log."""
    return str(resources.files("msticpy") / "resources" / "triage_sample.log")


@dataclass
class Seen:
    """What the report knows of one observable."""

    order: int
    count: int = 0
    defanged: bool = False
    layers: dict[str, int] = field(default_factory=dict)
    times: list[datetime] = field(default_factory=list)
    first: datetime | None = None
    last: datetime | None = None

    def add_many(self, layer: str, whens: list[datetime | None], defanged: bool) -> None:
        """Count the occurrences found in ``layer`` at times ``whens`` (one per occurrence)."""
        self.count += len(whens)
        if defanged:
            self.defanged = True
        self.layers[layer] = self.layers.get(layer, 0) + len(whens)
        timed = [when for when in whens if when is not None]
        if timed:
            room = _MAX_TIMES - len(self.times)
            if room > 0:
                self.times.extend(timed[:room])
            low, high = min(timed), max(timed)
            if self.first is None or low < self.first:
                self.first = low
            if self.last is None or high > self.last:
                self.last = high

    @property
    def hidden(self) -> bool:
        """Found only inside decoded layers, never in the input text."""
        return TEXT not in self.layers


def layer_name(record: tuple) -> str:
    """The layer a decoded item came from, e.g. ``base64 (gz)`` or ``hex``."""
    encoding = record[14] or "base64"
    kind = record[5]
    return f"{encoding} ({kind})" if kind else encoding


class LayerChains:
    """
    Names decoded items by their whole chain of layers (``base64 (gz) > hex``).

    The native records give each item's depth but not which item at the depth above
    holds it; when the items one level up (in the same cell) all have the same chain,
    that chain is the parent's. Otherwise the name says the depth instead.
    """

    def __init__(self) -> None:
        """No cell seen yet."""
        self._chains: dict[tuple[int, int], set[str]] = {}

    def name(self, row: int, record: tuple) -> str:
        """The chain name of ``record`` (found in cell ``row``), remembered for its children."""
        own = layer_name(record)
        depth_text = record[1].rstrip(".")
        depth = int(depth_text) if depth_text.isdigit() else 1
        parents = self._chains.get((row, depth - 1), set())
        if depth <= 1:
            chain = own
        elif len(parents) == 1:
            chain = f"{next(iter(parents))} > {own}"
        else:
            chain = f"{own} at depth {depth}"
        self._chains.setdefault((row, depth), set()).add(chain)
        return chain


def _payload_info(record: tuple, when: datetime | None, layer: str) -> dict[str, Any]:
    """What triage shows of one decoded item (a native base64 record tuple)."""
    depth = record[1].rstrip(".")
    text = record[7]
    return {
        "type": record[5] or record[8],
        "name": record[4],
        "layer": layer,
        "depth": int(depth) if depth.isdigit() else depth,
        "size": len(record[6]),
        "sha256": record[11],
        "encoding": record[14],
        "preview": text[:80] if text else None,
        "text": text[:4096] if text else None,
        "first_seen": when,
    }


class Scan:
    """The running state of one triage scan (observables, payloads, counters)."""

    def __init__(self, include_paths: bool) -> None:
        """Prepare the native pattern tables and empty tallies."""
        from ..transform.iocextract import IoCExtract, _extended_type_names, _registry

        IoCExtract()  # restores the built-in patterns, as every msticpy instance does
        self.registry = _registry()
        types = [name for name, *_ in self.registry.entries(False)]
        if not include_paths:
            types = [t for t in types if t not in ("windows_path", "linux_path")]
        self.types = types + list(_extended_type_names())
        self.seen: dict[tuple[str, str], Seen] = {}
        self.payloads: dict[str, dict[str, Any]] = {}
        self.payload_counts: dict[str, int] = {}
        self.cells = 0
        self.timed = 0
        self.budget_hit = False
        # Cleaned forms of URLs and e-mails (they do not depend on the text around them).
        self._clean_cache: dict[tuple[str, str], tuple[str, str] | None] = {}

    def _observe_all(
        self,
        found: list[tuple[int, str, str, bool]],
        layer: str,
        times: list[datetime | None],
        rows_of: list[int] | None = None,
    ) -> None:
        """
        Count every match of ``found`` (``(row, kind, value, defanged)``) as seen in ``layer``.

        ``rows_of`` maps a match's row to the input cell (for decoded texts); matches are
        grouped per observable first, so large inputs cost one update per distinct value.
        """
        groups: dict[tuple[str, str], list[datetime | None]] = {}
        flagged: set[tuple[str, str]] = set()
        for row, kind, value, flag in found:
            key = (kind, value)
            when = times[rows_of[row] if rows_of is not None else row]
            whens = groups.get(key)
            if whens is None:
                groups[key] = [when]
            else:
                whens.append(when)
            if flag:
                flagged.add(key)
        seen = self.seen
        for key, whens in groups.items():
            entry = seen.get(key)
            if entry is None:
                entry = seen[key] = Seen(order=len(seen))
            entry.add_many(layer, whens, key in flagged)

    def _matches(self, texts: list[str]) -> list[tuple[int, str, str, bool]]:
        """Cleaned ``(row, kind, value, defanged)`` of every match in ``texts``."""
        rows, kinds, values, _, starts, ends, flags, cut = self.registry.matches_column(
            texts, types=self.types
        )
        self.budget_hit |= cut
        found = []
        cache = self._clean_cache
        for row, kind, value, start, end, flag in zip(rows, kinds, values, starts, ends, flags):
            if kind in _CONTEXT_FREE:
                cleaned = cache.get((kind, value))
                if cleaned is None:
                    cleaned = cache[(kind, value)] = clean_observable(kind, value, "", 0, 0)
            elif kind in _IN_CONTEXT:
                cleaned = clean_observable(kind, value, texts[row], start, end)
            else:
                found.append((row, kind, value, flag))
                continue
            if cleaned is not None:
                found.append((row, cleaned[0], cleaned[1], flag))
        return found

    def add_chunk(self, cells: list[str], times: list[datetime | None]) -> None:
        """Scan one chunk: the text, its encoded payloads and its percent-encoded URLs."""
        from .. import _native
        from ..transform.base64unpack import _limit_args

        self.cells += len(cells)
        self.timed += sum(t is not None for t in times)
        decoded_urls: list[str] = []
        decoded_rows: list[int] = []
        found = self._matches(cells)
        self._observe_all(found, TEXT, times)
        for row, kind, value, _ in found:
            if kind == "url" and "%" in value and _ESCAPED.search(value):
                decoded_urls.append(_decoded_parameters(value))
                decoded_rows.append(row)
        if decoded_urls:
            wanted = set(decoded_rows)
            in_text = {(row, kind, value) for row, kind, value, _ in found if row in wanted}
            new: list[tuple[int, str, str, bool]] = []
            for idx, kind, value, _ in self._matches(decoded_urls):
                row = decoded_rows[idx]
                if (row, kind, value) in in_text:
                    continue  # the text showed it already (e.g. a cleaned "%2F" leftover)
                in_text.add((row, kind, value))
                new.append((idx, kind, value, False))
            self._observe_all(new, URL_DECODED, times, decoded_rows)
        # Every opt-in extra: PowerShell UTF-16, hex and base32 layers, nested archives.
        *_, record_rows, cols = _native.b64_unpack_column(
            cells, limits=_limit_args(None), extras=(True, True, True, True)
        )
        texts: list[str] = []
        sources: list[tuple[str, int]] = []
        chains = LayerChains()
        for row, record in zip(record_rows, zip(*cols)):
            layer = chains.name(row, record)
            if not record[5] and not record[7]:
                continue  # undecodable noise: hashes and tokens look like base64 too
            info = _payload_info(record, times[row], layer)
            sha = info["sha256"]
            self.payload_counts[sha] = self.payload_counts.get(sha, 0) + 1
            self.payloads.setdefault(sha, info)
            if record[7]:
                texts.append(record[7])
                sources.append((info["layer"], row))
        if texts:
            by_layer: dict[str, list[tuple[int, str, str, bool]]] = {}
            for idx, kind, value, _ in self._matches(texts):
                by_layer.setdefault(sources[idx][0], []).append((idx, kind, value, False))
            source_rows = [row for _, row in sources]
            for layer, found_in_layer in by_layer.items():
                self._observe_all(found_in_layer, layer, times, source_rows)


def _decoded_parameters(url: str) -> str:
    """The percent-decoded query (or path) of ``url``, one parameter value per word."""
    rest = url.split("?", 1)[1] if "?" in url else url.split("://", 1)[-1].partition("/")[2]
    # Separators become spaces so each value is scanned apart from its name.
    return unquote(rest.replace("&", " ").replace("=", " ").replace("+", " "))


def summarise(
    path: str, column: str | None, include_paths: bool, progress: Progress, encoding: str
) -> Scan:
    """Scan the whole input, chunk by chunk."""
    when = time_column(path, encoding) if column is not None else None
    scan = Scan(include_paths)
    with progress:
        for cells, stamps, done in read_chunks(path, column, encoding, when):
            if cells:
                times = [parse_time(s) if s else None for s in stamps]
                scan.add_chunk(cells, times)
            progress.advance_to(done)
    return scan


def _check_top(top: int) -> None:
    if top < 1:
        raise InputError(f"--top must be at least 1, not {top}")


def _no_html(html: str | None, what: str) -> None:
    if html:
        raise InputError(f"--html is available for the IoC report, not for {what}")


def run_triage(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Entry point of ``msticpy triage``: 0 on success, 2 with one line on bad input."""
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_MAX))
    try:
        _check_top(args.top)
        html = getattr(args, "html", None)
        if getattr(args, "cluster", False):
            from .triage_cluster import run_cluster

            _no_html(html, "--cluster")
            return run_cluster(args, out, err)
        path = args.path or sample_path()
        encoding = text_encoding(path)
        if args.column is None:
            from .triage_auditd import looks_like_audit_log, run_audit_triage

            if looks_like_audit_log(path):
                _no_html(html, "an audit log")
                return run_audit_triage(path, args, out, err)
        size = os.path.getsize(path)
        show = {"always": True, "never": False}.get(args.progress)
        bar = Progress(size, "triage", "B", show=show, min_total=PROGRESS_MIN_BYTES, file=err)
        scan = summarise(path, args.column, args.include_paths, bar, encoding)
    except InputError as problem:
        err.write(f"msticpy triage: {problem}\n")
        return 2
    except csv.Error as problem:
        err.write(f"msticpy triage: {args.path}: not a readable CSV file ({problem})\n")
        return 2
    except OSError as problem:
        err.write(f"msticpy triage: cannot read {problem.filename}: {problem.strerror}\n")
        return 2
    from .triage_report import build_report, write_text

    report = build_report(path, scan, args.top)
    if html:
        from .triage_html import write_html

        try:
            write_html(args.html, report, scan)
        except OSError as problem:
            err.write(f"msticpy triage: cannot write {args.html}: {problem.strerror}\n")
            return 2
        err.write(f"msticpy triage: HTML report written to {args.html}\n")
    if args.json:
        json.dump(report, out, indent=2)
        out.write("\n")
    else:
        write_text(report, out)
    return 0

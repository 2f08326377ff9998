"""
``msticpy triage --html FILE``: the report as one self-contained page.

The page holds the observables (as in the text report, with what was cut), the decoded
payloads (layer, hashes and the decoded text) and, when the input has timestamps, a
timeline of the observables shown: one row per observable, one dot per occurrence.
Everything is inline (CSS and an SVG drawing; no script, no external resource), so the
page opens offline, in a mail client's preview or an air-gapped analysis VM.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from html import escape
from typing import Any

from .._version import VERSION
from .triage import Scan
from .triage_report import marks, printable

#: Rows of the timeline at most (the observables shown first in the report).
MAX_ROWS = 60
_LABEL_W, _PLOT_W, _ROW_H, _TOP, _BOTTOM = 340, 600, 18, 16, 44
#: Distinct hues (after Kelly's colours of maximum contrast; no white, no near-black).
_PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#875692",
    "#f38400",
    "#a1caf1",
    "#be0032",
    "#c2b280",
    "#848482",
    "#008856",
    "#e68fac",
    "#2f4f4f",
    "#f99379",
    "#604e97",
    "#f6a600",
    "#b3446c",
    "#dcd300",
    "#882d17",
    "#8db600",
    "#654522",
)
#: Tick spacings, 1 s to a year (a month and a year counted as 30 and 365 days).
_STEPS = tuple(
    timedelta(seconds=s)
    for s in (
        1,
        5,
        10,
        30,
        60,
        300,
        600,
        1800,
        3600,
        10800,
        21600,
        43200,
        86400,
        604800,
        30 * 86400,
        365 * 86400,
    )
)
_CSS = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 0 auto; max-width: 1000px;
       padding: 16px; color: #1b1b1b; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 24px 0 8px; }
p.meta { color: #555; margin: 0 0 12px; }
table { border-collapse: collapse; width: 100%; margin-bottom: 10px; table-layout: fixed; }
th, td { text-align: left; padding: 2px 6px; border-bottom: 1px solid #e4e4e4;
         vertical-align: top; overflow-wrap: anywhere; }
th { background: #f3f3f3; }
td.n { text-align: right; width: 70px; font-variant-numeric: tabular-nums; }
td.v { font-family: ui-monospace, monospace; }
tr.group td { background: #fafafa; font-weight: 600; }
tr.more td { color: #8a4b00; font-style: italic; }
span.mark { color: #8a4b00; font-size: 12px; margin-left: 6px; }
div.payload { margin-bottom: 16px; }
pre { background: #f6f6f6; padding: 6px; white-space: pre-wrap; overflow-wrap: anywhere;
      max-height: 240px; overflow: auto; margin: 4px 0 0; }
svg text { font: 11px ui-monospace, monospace; fill: #1b1b1b; }
svg .axis { stroke: #777; } svg .grid { stroke: #e4e4e4; } svg .row { fill: #f7f7f7; }
"""


def write_html(path: str, report: dict[str, Any], scan: Scan) -> None:
    """
    Write the page to ``path``.

    Parameters
    ----------
    path : str
        Output file (overwritten).
    report : dict
        The report of :func:`msticpy.cli.triage_report.build_report`.
    scan : Scan
        The scan the report was built from (occurrence times, decoded text).

    Raises
    ------
    OSError
        If the file cannot be written.

    """
    page = render(report, scan)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(page)


def render(report: dict[str, Any], scan: Scan) -> str:
    """The page as a string (see :func:`write_html`)."""
    title = f"IoC triage of {printable(report['input'])}"
    total = sum(entry["distinct"] for entry in report["iocs"].values())
    span = ""
    if report["time_range"]:
        span = f"; events from {report['time_range'][0]} to {report['time_range'][1]}"
    cut = (
        " Lists were cut to the top values: each says how many more."
        if report["truncated_by"]["top"]
        else ""
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f'<h1 id="title">{escape(title)}</h1>',
        f'<p class="meta" id="summary">{report["cells"]} lines scanned, {total} distinct '
        f"IoCs in {len(report['iocs'])} types{escape(span)}. Cleaned view (see "
        f"docs/triage.md).{cut} msticpy {escape(VERSION)}.</p>",
        '<h2 id="timeline-heading">Timeline</h2>',
        _timeline(report, scan),
        '<h2 id="observables-heading">Observables</h2>',
        _observables(report),
        '<h2 id="payloads-heading">Decoded payloads</h2>',
        _payloads(report, scan),
    ]
    if report["truncated_by"]["budget"]:
        parts.append('<p class="meta">A per-cell budget truncated some results.</p>')
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _observables(report: dict[str, Any]) -> str:
    rows = []
    for kind, entry in report["iocs"].items():
        note = f" &mdash; {escape(entry['note'])}" if entry["note"] else ""
        rows.append(
            f'<tr class="type" id="type-{escape(kind)}"><th colspan="2">{escape(kind)}{note}'
            f'</th><th class="n">{entry["distinct"]} distinct</th></tr>'
        )
        for group in entry["groups"]:
            if group["group"] is not None:
                rows.append(
                    f'<tr class="group"><td colspan="2">{escape(group["group"])}</td>'
                    f'<td class="n">{group["distinct"]}</td></tr>'
                )
            for item in group["top"]:
                notes = "".join(f'<span class="mark">{escape(n)}</span>' for n in marks(item))
                rows.append(
                    f'<tr class="value"><td class="n">{item["count"]}</td>'
                    f'<td class="v" colspan="2">{escape(printable(item["value"]))}{notes}</td>'
                    "</tr>"
                )
            if group["more"]:
                rows.append(
                    f'<tr class="more"><td></td><td colspan="2">&hellip; and {group["more"]} '
                    f"more (--top {group['distinct']} shows all)</td></tr>"
                )
    if not rows:
        return '<p id="observables">No IoCs found.</p>'
    columns = '<colgroup><col style="width:70px"><col><col style="width:120px"></colgroup>'
    return f'<table id="observables">{columns}{"".join(rows)}</table>'


def _payloads(report: dict[str, Any], scan: Scan) -> str:
    payloads = report["payloads"]
    if not payloads["distinct"]:
        return '<p id="payloads">No encoded payloads decoded.</p>'
    items = []
    for info in payloads["top"]:
        text = scan.payloads[info["sha256"]].get("text")
        body = (
            f"<pre>{escape(printable(text))}</pre>"
            if text
            else "<p>(binary content: not shown)</p>"
        )
        items.append(
            f'<div class="payload"><table><tr><th>layer</th><th>type</th><th>depth</th>'
            f"<th>bytes</th><th>seen</th><th>first seen</th></tr>"
            f"<tr><td>{escape(info['layer'])}</td><td>{escape(str(info['type']))}</td>"
            f"<td>{escape(str(info['depth']))}</td><td>{info['size']}</td>"
            f"<td>{info['count']}</td><td>{escape(info['first_seen'] or '')}</td></tr>"
            f'<tr><td colspan="6" class="v">sha256 {escape(info["sha256"])}</td></tr>'
            f"</table>{body}</div>"
        )
    if payloads["more"]:
        items.append(f'<p class="more">&hellip; and {payloads["more"]} more</p>')
    return f'<div id="payloads">{"".join(items)}</div>'


def _timeline_rows(report: dict[str, Any], scan: Scan) -> list[tuple[str, str, list[datetime]]]:
    """``(kind, value, times)`` of the observables shown, in order of first appearance."""
    rows = []
    for kind, entry in report["iocs"].items():
        for group in entry["groups"]:
            for item in group["top"]:
                seen = scan.seen[(kind, item["value"])]
                if seen.times:
                    rows.append((kind, item["value"], sorted(seen.times)))
    rows.sort(key=lambda row: row[2][0])
    return rows[:MAX_ROWS]


def _ticks(start: datetime, end: datetime) -> tuple[list[datetime], str]:
    """Evenly spaced round times across ``[start, end]`` and their label format."""
    span = end - start
    step = next((s for s in _STEPS if span / s <= 8), _STEPS[-1])
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    first = epoch + step * -(-(start - epoch) // step)
    ticks: list[datetime] = []
    while first <= end and len(ticks) < 20:
        ticks.append(first)
        first += step
    fmt = "%H:%M:%S" if span < timedelta(days=1) else "%Y-%m-%d %H:%M"
    return ticks, fmt


def _timeline(report: dict[str, Any], scan: Scan) -> str:
    rows = _timeline_rows(report, scan)
    if not rows:
        return '<p id="timeline">No timestamps in the input: no timeline.</p>'
    start = min(times[0] for _, _, times in rows)
    end = max(times[-1] for _, _, times in rows)
    if end - start < timedelta(seconds=2):
        start, end = start - timedelta(seconds=1), end + timedelta(seconds=1)
    width = _LABEL_W + _PLOT_W + 20
    height = _TOP + len(rows) * _ROW_H + _BOTTOM
    span = (end - start).total_seconds()

    def x_of(when: datetime) -> float:
        return _LABEL_W + 10 + (when - start).total_seconds() / span * (_PLOT_W - 20)

    kinds = list(dict.fromkeys(kind for kind, _, _ in rows))
    colour = {kind: _PALETTE[i % len(_PALETTE)] for i, kind in enumerate(kinds)}
    bottom = _TOP + len(rows) * _ROW_H
    svg = [
        f'<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        'aria-label="Timeline of the observables">'
    ]
    ticks, fmt = _ticks(start, end)
    for tick in ticks:
        x = x_of(tick)
        svg.append(
            f'<line class="grid" x1="{x:.1f}" y1="{_TOP}" x2="{x:.1f}" y2="{bottom}"/>'
            f'<text class="tick" x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">'
            f"{tick.strftime(fmt)}</text>"
        )
    for index, (kind, value, times) in enumerate(rows):
        y = _TOP + index * _ROW_H
        label = printable(value)
        short = label if len(label) <= 44 else label[:43] + "\u2026"
        if index % 2 == 0:
            svg.append(f'<rect class="row" x="0" y="{y}" width="{width}" height="{_ROW_H}"/>')
        svg.append(
            f'<text class="label" x="{_LABEL_W}" y="{y + 13}" text-anchor="end">'
            f"<title>{escape(kind)}: {escape(label)}</title>{escape(short)}</text>"
        )
        for when in times:
            svg.append(
                f'<circle class="dot" cx="{x_of(when):.1f}" cy="{y + _ROW_H / 2}" r="4" '
                f'fill="{colour[kind]}"><title>{escape(label)} at '
                f"{when.isoformat().replace('+00:00', 'Z')}</title></circle>"
            )
    svg.append(
        f'<line class="axis" x1="{_LABEL_W + 4}" y1="{bottom}" x2="{width - 6}" y2="{bottom}"/>'
        f'<text class="axis-title" x="{_LABEL_W + _PLOT_W / 2:.0f}" y="{height - 6}" '
        f'text-anchor="middle">time (UTC), {start:%Y-%m-%d} to {end:%Y-%m-%d}</text>'
    )
    legend = " ".join(
        f'<span class="key"><span style="color:{colour[k]}">&#9679;</span> {escape(k)}</span>'
        for k in kinds
    )
    svg.append("</svg>")
    return f'<div id="timeline-box">{"".join(svg)}<p class="meta" id="legend">{legend}</p></div>'

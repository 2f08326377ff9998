"""
``OfflineFeed``: threat intelligence from downloaded feeds, with no account and no network.

Beyond msticpy: a ``TIProvider`` over the core's in-memory feed index
(``feed_index.FeedIndex``: plain lists, CSV, MISP events and STIX 2.1 indicator bundles).
It takes part in ``TILookup`` like any provider (config entry ``Provider: OfflineFeed``
with ``Args: {Paths: [...]}``, or ``TILookup().add_provider(OfflineFeed(...))``) and
answers every IoC of a ``lookup_iocs`` call with one batch look-up in the core.

Severity: the highest severity a matching feed entry states (``high``/``critical`` ->
high, ``medium``/``low``/``warning`` -> warning, ``info`` -> information; a score of
0-100 when no severity is given: >= 75 high, >= 25 warning); an entry that states
neither is a warning, and an indicator listed by more than one feed is high (as OTX
treats more than one pulse). ``Details`` names the feeds and entries that matched.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ..._version import VERSION
from ..lookup_result import LookupStatus
from ..provider_base import generate_items
from .feed_index import FeedIndex, sample_feeds_path
from .result_severity import ResultSeverity
from .ti_provider_base import TIProvider

if TYPE_CHECKING:
    import pandas as pd

__version__ = VERSION

__all__ = ["OfflineFeed"]

_SEVERITY_WORDS = {
    "critical": ResultSeverity.high,
    "high": ResultSeverity.high,
    "malicious": ResultSeverity.high,
    "medium": ResultSeverity.warning,
    "moderate": ResultSeverity.warning,
    "low": ResultSeverity.warning,
    "warning": ResultSeverity.warning,
    "suspicious": ResultSeverity.warning,
    "info": ResultSeverity.information,
    "informational": ResultSeverity.information,
    "information": ResultSeverity.information,
    "benign": ResultSeverity.information,
}


def _is_text(value: Any) -> bool:
    """A non-empty string (feed columns hold None or NaN where an entry has no value)."""
    return isinstance(value, str) and bool(value)


def _entry_severity(severity: Any, score: Any) -> ResultSeverity:
    if isinstance(severity, str) and severity.strip().lower() in _SEVERITY_WORDS:
        return _SEVERITY_WORDS[severity.strip().lower()]
    if isinstance(score, (int, float)) and score == score:  # not NaN
        if score >= 75:
            return ResultSeverity.high
        if score >= 25:
            return ResultSeverity.warning
        return ResultSeverity.information
    return ResultSeverity.warning


class OfflineFeed(TIProvider):
    """Indicators from downloaded threat feeds (plain lists, CSV, MISP, STIX 2.1), offline."""

    _QUERIES: ClassVar[dict[str, Any]] = {
        ioc_type: None
        for ioc_type in (
            "ipv4",
            "ipv6",
            "dns",
            "url",
            "md5_hash",
            "sha1_hash",
            "sha256_hash",
            "file_hash",
            "email",
        )
    }
    #: msticpyconfig ``Args`` this provider reads (``TILookup`` passes them through).
    _CONFIG_ARGS: ClassVar[tuple[str, ...]] = ("Paths", "Samples")

    def __init__(
        self,
        Paths: str | Path | Iterable[str | Path] | None = None,  # msticpyconfig Args key
        *,
        Samples: bool = False,  # msticpyconfig Args key
        index: FeedIndex | None = None,
        **kwargs: Any,
    ) -> None:
        """
        Load the feeds.

        Parameters
        ----------
        Paths : str | Path | Iterable, optional
            Feed files or folders to load (formats detected; see ``FeedIndex.load``).
            In msticpyconfig, where ``Args`` values are text, several paths are
            separated by ``os.pathsep`` (``:`` on Linux and macOS, ``;`` on Windows).
        Samples : bool, optional
            Also load the small sample feeds shipped with the package.
        index : FeedIndex, optional
            An index already loaded (shared between providers).
        **kwargs
            Other ``TILookup`` arguments (``timeout``...), ignored: no network is used.

        """
        del kwargs
        super().__init__()
        self.index = index if index is not None else FeedIndex()
        if isinstance(Paths, str):
            Paths = [part for part in Paths.split(os.pathsep) if part.strip()]
        elif isinstance(Paths, Path):
            Paths = [Paths]
        for path in Paths or []:
            self.index.load(Path(path).expanduser())
        if Samples:
            self.index.load(sample_feeds_path())

    def __repr__(self) -> str:
        """Name the feeds, not their contents."""
        return f"OfflineFeed(feeds={self.index.feeds!r}, indicators={len(self.index)})"

    def add_feed(self, source: str | Path | bytes, **kwargs: Any) -> Any:
        """Load one more feed (``FeedIndex.load`` arguments); returns its load report."""
        if isinstance(source, str):
            source = Path(source).expanduser()
        return self.index.load(source, **kwargs)

    def _check_ioc_type(
        self, ioc: str, ioc_type: str | None = None, query_subtype: str | None = None
    ) -> dict[str, Any]:
        """
        msticpy's checks, except that an IP address need not be global.

        Online providers refuse private and documentation addresses so they are never
        sent out; nothing leaves the machine here, and internal blocklists list exactly
        such addresses.
        """
        row = super()._check_ioc_type(ioc, ioc_type, query_subtype)
        if row["Status"] == LookupStatus.BAD_FORMAT.value and row["IocType"] in ("ipv4", "ipv6"):
            import ipaddress

            try:
                address = ipaddress.ip_address(str(ioc).strip())
            except ValueError:
                return row
            if address.version == (4 if row["IocType"] == "ipv4" else 6):
                row["SafeIoc"], row["Details"] = str(address), ""
                row["Status"] = LookupStatus.OK.value
        return row

    def lookup_ioc(
        self, ioc: str, ioc_type: str | None = None, query_type: str | None = None
    ) -> pd.DataFrame:
        """Look up one observable in the loaded feeds (one result row)."""
        return self.lookup_iocs({ioc: ioc_type} if ioc_type else [ioc], query_type=query_type)

    def lookup_iocs(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        ioc_col: str | None = None,
        ioc_type_col: str | None = None,
        query_type: str | None = None,
    ) -> pd.DataFrame:
        """
        Look up observables in the loaded feeds with one batch call to the core.

        Returns
        -------
        pd.DataFrame
            One row per observable (msticpy's TI result columns); ``Result`` True for
            a listed indicator, ``Status`` non-zero for unsupported or malformed values.

        """
        import pandas as pd

        rows = [
            self._check_ioc_type(item, item_type, query_type)
            for item, item_type in generate_items(data, ioc_col, ioc_type_col)
            if item
        ]
        ready = [row for row in rows if row["Status"] == LookupStatus.OK.value]
        hits = self.index.lookup([row["SafeIoc"] for row in ready]) if ready else None
        matches: dict[str, list[dict[str, Any]]] = {}
        if hits is not None and not hits.empty:
            for record in hits.to_dict("records"):
                matches.setdefault(record["Ioc"], []).append(record)
        for row in ready:
            found = matches.get(row["SafeIoc"], [])
            row["RawResult"] = found
            row["Result"], severity, row["Details"] = self.parse_results(row)
            row["Severity"] = severity.name
            row["Reference"] = next(
                (m["Reference"] for m in found if _is_text(m.get("Reference"))), None
            )
        for row in rows:
            row["Provider"] = self.name
        return pd.DataFrame(rows)

    def parse_results(self, response: dict[str, Any]) -> tuple[bool, ResultSeverity, Any]:
        """Return (listed, severity, details) from the matching feed entries."""
        found = response.get("RawResult") or []
        if not found:
            return False, ResultSeverity.information, "Not found in the loaded feeds."
        feeds = sorted({m["Feed"] for m in found})
        severity = max(
            (_entry_severity(m.get("Severity"), m.get("Score")) for m in found),
            key=lambda s: s.value,
        )
        if len(feeds) > 1:
            severity = ResultSeverity.high
        details = {
            "feeds": feeds,
            "names": sorted({m["Name"] for m in found if _is_text(m.get("Name"))}),
            "descriptions": sorted(
                {m["Description"] for m in found if _is_text(m.get("Description"))}
            ),
            "tags": sorted({t for m in found for t in (m.get("Tags") or []) if _is_text(t)}),
        }
        return True, severity, details

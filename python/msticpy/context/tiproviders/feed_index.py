"""
Offline threat-intelligence feeds: downloaded indicator lists in an in-memory index.

msticpy's TI providers all call web services. ``FeedIndex`` answers the same question
("is this IoC known bad?") from feeds already on disk, with no account and no network:
plain lists (one indicator per line), CSV files with a header, MISP events (including
the ``manifest.json`` + ``<uuid>.json`` feed-folder layout) and STIX 2.1 bundles. The
parsing, normalisation and look-ups run in the Rust core (``msticpy._native``) with the
GIL released. See ``docs/ti_feeds.md``.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...common.exceptions import MsticpyLimitWarning, MsticpyUserError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FEED_FORMATS", "FeedIndex", "FeedLoadReport", "sample_feeds_path"]

#: Formats accepted by ``FeedIndex.load`` (``auto`` detects from name and content).
FEED_FORMATS = ("auto", "plain", "csv", "misp", "stix")

#: Columns of the frame returned by ``FeedIndex.lookup``, in order.
LOOKUP_COLUMNS = [
    "Ioc",
    "IocType",
    "NormalizedIoc",
    "Result",
    "Feed",
    "FeedValue",
    "FeedIocType",
    "FeedType",
    "Severity",
    "Score",
    "Name",
    "Description",
    "Reference",
    "Tags",
    "FirstSeen",
    "LastSeen",
    "ValidUntil",
]

# Native hit column -> frame column.
_HIT_COLUMNS = {
    "feed": "Feed",
    "value": "FeedValue",
    "type": "FeedIocType",
    "feed_type": "FeedType",
    "severity": "Severity",
    "score": "Score",
    "name": "Name",
    "description": "Description",
    "reference": "Reference",
    "tags": "Tags",
    "first_seen": "FirstSeen",
    "last_seen": "LastSeen",
    "valid_until": "ValidUntil",
}

# File names a folder load reads (others, e.g. README or archives, are left alone).
_FEED_SUFFIXES = {".txt", ".csv", ".tsv", ".json", ".list", ".lst", ".ioc", ".iocs", ".stix"}


def sample_feeds_path() -> Path:
    """Return the folder of the small sample feeds shipped with the package."""
    return Path(__file__).resolve().parents[2] / "resources" / "ti_feeds"


@dataclass(frozen=True)
class FeedLoadReport:
    """
    What one feed load did.

    Attributes
    ----------
    feed : str
        The feed's name in the index.
    format : str
        The format it was read as (``plain``, ``csv``, ``misp``, ``stix``).
    entries : int
        Indicators added.
    skipped : dict[str, int]
        Malformed or unsupported entries skipped, by reason.
    examples : list[str]
        The first few skipped entries (``line 7: not a recognised indicator``).
    warnings : list[str]
        Load-level warnings (a budget reached, not valid JSON, no indicators found).
    truncated : bool
        True when a budget stopped the load before the end of the feed.
    source : str | None
        The file read, if any.

    """

    feed: str
    format: str
    entries: int
    skipped: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    truncated: bool = False
    source: str | None = None

    @property
    def skipped_total(self) -> int:
        """Return the number of skipped entries."""
        return sum(self.skipped.values())


def _native() -> Any:
    from ... import _native as native  # keeps importing this module cheap

    return native


class FeedIndex:
    """
    An in-memory index of downloaded threat-intelligence feeds.

    Parameters
    ----------
    max_file_bytes : int, optional
        Largest feed read (default 256 MiB); larger feeds are not read (a warning).
    max_entries : int, optional
        Most indicators held across all feeds (default 10 million); the load that
        reaches it stops with a warning.
    max_line_bytes : int, optional
        Longest line of a plain or CSV feed (default 64 KiB); longer lines are skipped.
    max_json_depth : int, optional
        Deepest JSON nesting read from MISP and STIX feeds (default 64).
    max_field_bytes : int, optional
        Longest indicator value kept and longest text field (longer text is cut);
        default 8 KiB.
    strict : bool, optional
        Raise ``LimitExceededError`` when a budget is reached instead of warning.

    Examples
    --------
    >>> index = FeedIndex()
    >>> index.load(sample_feeds_path())  # doctest: +SKIP
    >>> index.lookup(["203.0.113.7", "evil.example.com"])  # doctest: +SKIP

    """

    def __init__(
        self,
        *,
        max_file_bytes: int | None = None,
        max_entries: int | None = None,
        max_line_bytes: int | None = None,
        max_json_depth: int | None = None,
        max_field_bytes: int | None = None,
        strict: bool = False,
    ):
        """Create an empty index with the given budgets."""
        for name, value in (
            ("max_file_bytes", max_file_bytes),
            ("max_entries", max_entries),
            ("max_line_bytes", max_line_bytes),
            ("max_json_depth", max_json_depth),
            ("max_field_bytes", max_field_bytes),
        ):
            if value is not None and (isinstance(value, bool) or int(value) < 0):
                raise MsticpyUserError(f"{name} must be a non-negative integer, not {value!r}")
        self._index = _native().TiFeedIndex(
            max_file_bytes, max_entries, max_line_bytes, max_json_depth, max_field_bytes
        )
        self._strict = strict
        self._max_file_bytes = json.loads(self._index.stats())["limits"]["max_file_bytes"]
        self._reports: dict[str, FeedLoadReport] = {}

    # ----- loading -------------------------------------------------------------------
    def load(
        self,
        source: str | os.PathLike[str] | bytes,
        *,
        name: str | None = None,
        format: str = "auto",
        ioc_type: str | None = None,
        columns: Mapping[str, str] | None = None,
        indicator_column: str | None = None,
        delimiter: str | None = None,
        to_ids_only: bool = False,
    ) -> list[FeedLoadReport]:
        """
        Load a feed file, every feed file in a folder, or a feed's bytes.

        Parameters
        ----------
        source : str | os.PathLike | bytes
            A file, a folder (its ``.txt``/``.csv``/``.tsv``/``.json``/``.list``...
            files, recursively; a folder holding a MISP ``manifest.json`` loads the
            events it lists), or the feed's content as bytes.
        name : str, optional
            The feed's name (default: the file's name; for a folder, each file's path
            below it prefixed with ``name`` when given; required for bytes). Loading a
            name again replaces that feed.
        format : str, optional
            ``auto`` (default: from the file name and content), ``plain``, ``csv``,
            ``misp`` or ``stix``.
        ioc_type : str, optional
            The type of values the feed does not type itself (``ipv4``, ``dns``,
            ``url``, ``md5_hash``... or ``other`` to keep any text as is). By default
            each value's type is inferred.
        columns : Mapping[str, str], optional
            CSV columns by field: ``indicator``, ``type``, ``severity``, ``score``,
            ``description``, ``name``, ``first_seen``, ``last_seen``, ``tags``,
            ``reference``. Unnamed fields are found from common header names.
        indicator_column : str, optional
            Shorthand for ``columns={"indicator": ...}``.
        delimiter : str, optional
            CSV delimiter (default: sniffed from the header).
        to_ids_only : bool, optional
            MISP: keep only attributes flagged ``to_ids``.

        Returns
        -------
        list[FeedLoadReport]
            One report per feed loaded.

        Raises
        ------
        MsticpyUserError
            The source does not exist or an argument is invalid (also ``ValueError``
            for a bad format or column, ``KeyError`` for an unknown ``ioc_type``).
        LimitExceededError
            A budget was reached and the index is strict.

        """
        if format not in FEED_FORMATS:
            raise MsticpyUserError(
                f"unknown feed format {format!r}; expected one of {', '.join(FEED_FORMATS)}"
            )
        cols = dict(columns or {})
        if indicator_column is not None:
            cols["indicator"] = indicator_column
        kwargs: dict[str, Any] = {
            "format": format,
            "ioc_type": ioc_type,
            "columns": cols or None,
            "delimiter": delimiter,
            "to_ids_only": to_ids_only,
        }
        if isinstance(source, (bytes, bytearray, memoryview)):
            if not name:
                raise MsticpyUserError("a feed loaded from bytes needs a name")
            return [self._load_bytes(bytes(source), name, None, None, **kwargs)]
        path = Path(os.fspath(source))
        if path.is_dir():
            return self._load_folder(path, name, kwargs)
        if not path.is_file():
            raise MsticpyUserError(f"feed file or folder not found: {path}")
        return [self._load_file(path, name or path.name, kwargs)]

    def _load_bytes(
        self,
        data: bytes,
        name: str,
        file_name: str | None,
        source: str | None,
        *,
        format: str,
        ioc_type: str | None,
        columns: dict[str, str] | None,
        delimiter: str | None,
        to_ids_only: bool,
    ) -> FeedLoadReport:
        raw = self._index.load(
            data,
            name,
            format,
            file_name,
            ioc_type,
            columns,
            delimiter,
            to_ids_only,
            self._strict,
        )
        fields = json.loads(raw)
        fields.pop("skipped_total", None)
        report = FeedLoadReport(**fields, source=source)
        self._reports[name] = report
        if report.truncated:
            warnings.warn(
                f"feed {name!r}: " + "; ".join(report.warnings),
                MsticpyLimitWarning,
                stacklevel=3,
            )
        return report

    def _load_file(self, path: Path, name: str, kwargs: dict[str, Any]) -> FeedLoadReport:
        # Read at most one byte past the budget: the core then reports the budget
        # without a huge file ever being held in memory.
        with path.open("rb") as handle:
            data = handle.read(self._max_file_bytes + 1)
        return self._load_bytes(data, name, path.name, str(path), **kwargs)

    def _load_folder(
        self, folder: Path, name: str | None, kwargs: dict[str, Any]
    ) -> list[FeedLoadReport]:
        reports: list[FeedLoadReport] = []
        for manifest in sorted(folder.rglob("manifest.json")):
            reports.extend(self._load_misp_feed(manifest, folder, name, kwargs))
        misp_dirs = {m.parent for m in folder.rglob("manifest.json")}
        for path in sorted(folder.rglob("*")):
            if (
                not path.is_file()
                or path.name.startswith(".")
                or path.suffix.lower() not in _FEED_SUFFIXES
                or path.parent in misp_dirs
            ):
                continue
            feed_name = path.relative_to(folder).as_posix()
            if name:
                feed_name = f"{name}/{feed_name}"
            reports.append(self._load_file(path, feed_name, kwargs))
        return reports

    def _load_misp_feed(
        self, manifest: Path, root: Path, name: str | None, kwargs: dict[str, Any]
    ) -> list[FeedLoadReport]:
        """Load the events a MISP feed folder's ``manifest.json`` lists."""
        try:
            with manifest.open("rb") as handle:
                listing = json.loads(handle.read(self._max_file_bytes + 1))
        except (OSError, ValueError) as err:
            raise MsticpyUserError(f"cannot read MISP manifest {manifest}: {err}") from err
        if not isinstance(listing, dict):
            raise MsticpyUserError(f"MISP manifest {manifest} is not a JSON object")
        # Named from the folder that was loaded, so two MISP feeds never share names.
        prefix = manifest.parent.relative_to(root.parent).as_posix()
        misp_kwargs = kwargs | {"format": "misp"}
        reports = []
        for uuid in listing:
            event = manifest.parent / f"{uuid}.json"
            # A listed uuid is a file name: refuse anything that could leave the folder.
            if "/" in uuid or "\\" in uuid or uuid.startswith(".") or not event.is_file():
                continue
            feed_name = f"{prefix}/{uuid}"
            if name:
                feed_name = f"{name}/{feed_name}"
            reports.append(self._load_file(event, feed_name, misp_kwargs))
        return reports

    def remove(self, name: str) -> bool:
        """
        Remove a feed from the index.

        Parameters
        ----------
        name : str
            The feed's name.

        Returns
        -------
        bool
            True when the feed was loaded.

        """
        self._reports.pop(name, None)
        return bool(self._index.remove(name))

    # ----- look-ups ------------------------------------------------------------------
    def lookup(
        self,
        values: str | Iterable[str],
        ioc_type: str | None = None,
        *,
        include_misses: bool = False,
    ) -> pd.DataFrame:
        """
        Look up indicators in every loaded feed.

        Parameters
        ----------
        values : str | Iterable[str]
            One value or many (a list, a pandas Series...). Values are normalised as
            the feeds are (case of domains and hashes, IPv6 spelling, light URL
            normalisation, defanging); IP addresses also match the feeds' CIDR ranges.
        ioc_type : str, optional
            Treat every value as this type (``ipv4``, ``ipv6``, ``dns``, ``url``,
            ``md5_hash``, ``sha1_hash``, ``sha256_hash``, ``email``, ``other``). By
            default each value's type is inferred.
        include_misses : bool, optional
            Also return one row (``Result`` False) for each value with no match.

        Returns
        -------
        pd.DataFrame
            One row per (value, matching feed entry), in the order of ``values``, with
            the columns in ``LOOKUP_COLUMNS``.

        Raises
        ------
        KeyError
            ``ioc_type`` is not a known type.

        """
        import pandas as pd  # pandas stays out of import time

        if isinstance(values, str):
            values = [values]
        # Missing values (None, NaN in a pandas column) are empty queries, never "nan".
        queries = ["" if v is None or v != v else str(v) for v in values]
        kinds, normalized, hits = self._index.lookup(queries, ioc_type)
        positions: list[int] = list(hits["query"])
        data: dict[str, list[Any]] = {
            "Ioc": [queries[i] for i in positions],
            "IocType": [kinds[i] for i in positions],
            "NormalizedIoc": [normalized[i] for i in positions],
            "Result": [True] * len(positions),
        }
        for native_name, column in _HIT_COLUMNS.items():
            data[column] = list(hits[native_name])
        if include_misses:
            matched = set(positions)
            order = positions[:]
            for i, query in enumerate(queries):
                if i in matched:
                    continue
                order.append(i)
                data["Ioc"].append(query)
                data["IocType"].append(kinds[i])
                data["NormalizedIoc"].append(normalized[i])
                data["Result"].append(False)
                for column in _HIT_COLUMNS.values():
                    data[column].append([] if column == "Tags" else None)
            frame = pd.DataFrame(data, columns=LOOKUP_COLUMNS)
            frame["_order"] = order
            frame = frame.sort_values("_order", kind="stable").drop(columns="_order")
            frame = frame.reset_index(drop=True)
        else:
            frame = pd.DataFrame(data, columns=LOOKUP_COLUMNS)
        frame["Score"] = frame["Score"].astype("float64")
        frame["Result"] = frame["Result"].astype(bool)
        return frame

    # ----- inspection ----------------------------------------------------------------
    @property
    def stats(self) -> dict[str, Any]:
        """Return entry counts (total and by type), budgets and each feed's report."""
        return json.loads(self._index.stats())

    @property
    def reports(self) -> dict[str, FeedLoadReport]:
        """Return the load report of each loaded feed, by name."""
        return dict(self._reports)

    @property
    def warnings(self) -> list[str]:
        """Return the load warnings of all loaded feeds (prefixed by the feed name)."""
        return [f"{r.feed}: {w}" for r in self._reports.values() for w in r.warnings]

    @property
    def feeds(self) -> list[str]:
        """Return the names of the loaded feeds."""
        return [feed["feed"] for feed in self.stats["feeds"]]

    def __len__(self) -> int:
        """Return the number of indicators in the index."""
        return len(self._index)

    def __repr__(self) -> str:
        """Return a summary: feeds and entries."""
        return f"FeedIndex(feeds={len(self._reports)}, entries={len(self)})"

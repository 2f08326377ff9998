"""
IoC extraction: msticpy's ``IoCExtract`` on a linear-time Rust engine.

Looks for Indicator of Compromise patterns (IPv4/IPv6, DNS names, URLs, e-mail
addresses, MD5/SHA1/SHA256 hashes, Windows and Linux paths, plus user types added with
``add_ioc_type``) in a string or in DataFrame columns. Names, signatures, defaults,
priorities, output columns and exceptions are those of msticpy 3.0.2
(``msticpy.transform.iocextract``); the classic path ``msticpy.sectools.iocextract``
is this same module.

Deliberate differences (see ``docs/ioc_extraction.md``):

- Non-text cells (None, NaN, numbers, bytes) in a DataFrame column are skipped
  instead of failing the whole call with ``TypeError``.
- User patterns run on a linear-time engine: look-around and back-references raise
  ``InvalidPatternError`` (a subclass of ``re.error``) naming the pattern.
- Rows of one cell are ordered by type, then first occurrence (msticpy's order within a
  type follows ``set`` iteration and varies between runs).
- A per-cell budget (``Limits.ioc_max_matches_per_cell``) bounds memory on hostile input,
  and a per-cell deadline (``Limits.ioc_scan_deadline_s``) the time of ``add_ioc_type``
  patterns whose match iteration is quadratic.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .._post_import import when_imported
from .._version import VERSION
from ..common.exceptions import InvalidPatternError
from ..common.limits import Limits, default_limits, report_truncation
from ..common.utility import check_kwargs
from . import _columns

if TYPE_CHECKING:
    # pandas is imported on demand: ``extract(src=...)`` on a string never needs it.
    import pandas as pd

__version__ = VERSION
__all__ = ["IoCExtract", "IoCPattern", "IoCType"]

_RESULT_COLS: list[str] = ["IoCType", "Observable", "SourceIndex", "Input"]
_EXTRACT_KWARGS = ["ioc_types", "include_paths", "ignore_tlds", "defanged"]
_PY_FLAGS = re.IGNORECASE | re.VERBOSE | re.MULTILINE


class IoCType(Enum):
    """Enumeration of IoC Types."""

    unknown = "unknown"
    ipv4 = "ipv4"
    ipv6 = "ipv6"
    dns = "dns"
    url = "url"
    md5_hash = "md5_hash"
    sha1_hash = "sha1_hash"
    sha256_hash = "sha256_hash"
    file_hash = "file_hash"
    email = "email"
    windows_path = "windows_path"
    linux_path = "linux_path"
    hostname = "hostname"

    @classmethod
    def parse(cls, value: str) -> IoCType:
        """Return the member named ``value`` (case-insensitive), or ``unknown``."""
        try:
            return IoCType(value.lower())
        except ValueError:
            return IoCType.unknown


@dataclass
class IoCPattern:
    """One IoC type definition: ``comp_regex`` is for inspection; Rust does the matching."""

    ioc_type: str
    comp_regex: re.Pattern[str] | None
    priority: int
    group: str | None


#: What ``re.compile`` raises besides ``re.error`` on patterns it cannot build.
_RE_COMPILE_FAILURES = (OverflowError, RecursionError, MemoryError, ValueError)


@lru_cache(maxsize=256)
def _python_regex(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern, _PY_FLAGS)
    except (re.error, *_RE_COMPILE_FAILURES):
        return None


def _registry() -> Any:
    """The process-wide pattern tables, shared by every ``IoCExtract`` as in msticpy."""
    registry = _REGISTRY.get("tables")
    if registry is None:
        from .. import _native

        registry = _native.PatternRegistry()
        _REGISTRY["tables"] = registry
    return registry


_REGISTRY: dict[str, Any] = {}


class IoCExtract:
    """
    IoC Extractor - looks for common IoC patterns in input strings.

    ``extract()`` takes a string (returns ``{ioc_type: set(observables)}``) or a
    DataFrame plus column names (returns a DataFrame with columns ``IoCType``,
    ``Observable``, ``SourceIndex``, ``Input``). Built-in types are listed in
    ``ioc_types``; add your own with ``add_ioc_type``. When one substring matches
    several types it is assigned to the type with the lowest priority number.

    Parameters
    ----------
    defanged : bool, optional
        Match defanged forms (``hxxp://``, ``[.]``, ``[at]``); default True.
    extended : bool, optional
        Beyond msticpy (default False): also extract ``ipv4_cidr``, ``ipv6_cidr``,
        ``sha512_hash``, ``cve``, ``mitre_attack``, ``registry_key``, ``btc_address``,
        ``mac_address`` and whole internationalised domain names: ``idn_domain``
        (Unicode form), with the derived ``idn_punycode`` (ASCII form) and
        ``idn_confusable`` (mixed-script or look-alike names; see
        ``msticpy.transform.idn.idn_info``).

    Notes
    -----
    As in msticpy, the pattern tables are shared by all instances: a type added on one
    instance is seen by every other, and constructing an instance restores the
    built-in patterns.

    """

    def __init__(self, defanged: bool = True, *, extended: bool = False) -> None:
        """Initialize new instance of IoCExtract."""
        _registry().reset_builtins()
        self._ignore_tld = False
        self._defanged = defanged
        self._extended = extended
        self.limits: Limits | None = None

    # -- pattern table -------------------------------------------------------------
    def add_ioc_type(
        self,
        ioc_type: str,
        ioc_regex: str,
        priority: int = 0,
        group: str | None = None,
        defang_pattern: bool | None = None,
    ) -> None:
        """
        Add an IoC type and regular expression to use to the built-in set.

        Parameters
        ----------
        ioc_type : str
            A unique name for the IoC type.
        ioc_regex : str
            A Python regular expression (compiled with IGNORECASE, VERBOSE, MULTILINE).
        priority : int, optional
            Priority of the match vs. other types; 0 is the highest (default 0).
        group : str, optional
            Named group to return instead of the whole match.
        defang_pattern : bool, optional
            True: use only for defanged matching; False: only for plain matching;
            None (default): both.

        Raises
        ------
        ValueError
            If ``ioc_type`` or ``ioc_regex`` is None.
        InvalidPatternError
            (a ``re.error``) if the pattern is invalid or uses look-around or
            back-references, which the linear-time engine does not run.

        """
        if ioc_type is None:
            raise ValueError("No value supplied for ioc_type parameter")
        if ioc_regex is None:
            raise ValueError("No value supplied for ioc_regex parameter")
        _reject_surrogates(ioc_type, ioc_regex)
        try:
            re.compile(ioc_regex, _PY_FLAGS)
        except re.error as err:
            # ``re.error`` appends " at position N" itself: pass the bare message.
            raise InvalidPatternError(
                f"invalid pattern for IoC type '{ioc_type}': {err.msg}", ioc_regex, err.pos
            ) from err
        except _RE_COMPILE_FAILURES as err:
            # Python's own compiler gives up on some valid-looking patterns (huge
            # repeat counts, very deep nesting) with other exception types.
            raise InvalidPatternError(
                f"invalid pattern for IoC type '{ioc_type}': {type(err).__name__}: {err}",
                ioc_regex,
            ) from err
        _registry().add(ioc_type, ioc_regex, int(priority), group, defang_pattern)

    def _patterns(self, defanged: bool) -> dict[str, IoCPattern]:
        return {
            name: IoCPattern(name, _python_regex(pattern), priority, group)
            for name, pattern, priority, group in _registry().entries(defanged)
        }

    @property
    def ioc_types(self) -> dict[str, IoCPattern]:
        """Return the current IoC types and their patterns (plain matching)."""
        return self._patterns(False)

    @property
    def ioc_df_types(self) -> dict[str, IoCPattern]:
        """Return the current IoC types and their patterns (defanged matching)."""
        return self._patterns(True)

    # -- extraction ----------------------------------------------------------------
    def extract(
        self,
        src: str | None = None,
        data: Any = None,
        columns: list[str] | None = None,
        **kwargs: Any,
    ) -> dict[str, set[str]] | pd.DataFrame:
        """
        Extract IoCs from either a string or a DataFrame.

        Parameters
        ----------
        src : str, optional
            Source string in which to look for IoC patterns.
        data : pd.DataFrame, optional
            Input DataFrame (pandas; pyarrow and polars tables are also accepted).
        columns : list, optional
            The columns to use as source strings when ``data`` is used.

        Other Parameters
        ----------------
        ioc_types : list, optional
            Restrict matching to these types (default: all).
        include_paths : bool, optional
            DataFrame input only: include ``windows_path`` matches (default False);
            ``linux_path`` is only used when named in ``ioc_types``.
        ignore_tlds : bool, optional
            Do not require ``dns`` matches to end in a public suffix.
        defanged : bool, optional
            Match defanged forms (default: the value given to the constructor).

        Returns
        -------
        dict or pd.DataFrame
            ``{ioc_type: set(observables)}`` for a string; for a DataFrame, one row per
            observable with columns ``IoCType, Observable, SourceIndex, Input``.

        Raises
        ------
        ValueError
            If neither ``src`` nor ``data`` is given, ``columns`` is missing, or more
            columns are requested than the frame has.
        NameError
            For an unknown keyword argument.

        """
        check_kwargs(kwargs, _EXTRACT_KWARGS)
        ioc_types = kwargs.get("ioc_types")
        include_paths = kwargs.get("include_paths", False)
        self._ignore_tld = kwargs.get("ignore_tlds", False)
        defanged = kwargs.get("defanged", self._defanged)

        if src is not None and not isinstance(src, str) and src:
            raise TypeError(f"src must be a str, not {type(src).__name__}")
        if src and src.strip():
            return self._scan_for_iocs(src=src, ioc_types=ioc_types, defanged=defanged)
        if data is None:
            raise ValueError("No source data was supplied to extract")
        if columns is None:
            raise ValueError("No values were supplied for the columns parameter")
        return self._extract_frame(
            data, columns, ioc_types, include_paths, defanged, missing_error=ValueError
        )

    def extract_df(self, data: Any, columns: str | list[str], **kwargs: Any) -> pd.DataFrame:
        """
        Extract IoCs from DataFrame columns.

        Parameters
        ----------
        data : pd.DataFrame
            Input DataFrame (pandas; pyarrow and polars tables are also accepted).
        columns : str or list
            A column name or list of column names to use as source strings.

        Other Parameters
        ----------------
        ioc_types : list, optional
            Restrict matching to these types (default: all but paths).
        include_paths : bool, optional
            Include ``windows_path`` matches (default False).
        ignore_tlds : bool, optional
            Do not require ``dns`` matches to end in a public suffix.
        defanged : bool, optional
            Match defanged forms (default: the value given to the constructor).

        Returns
        -------
        pd.DataFrame
            One row per observable: ``IoCType, Observable, SourceIndex, Input``.

        Raises
        ------
        LookupError
            If more columns are requested than the frame has.
        ValueError
            If a requested column name occurs more than once in the frame (msticpy
            raises an unexplained ``TypeError`` there); the message names the column(s).

        """
        check_kwargs(kwargs, _EXTRACT_KWARGS)
        ioc_types = kwargs.get("ioc_types")
        include_paths = kwargs.get("include_paths", False)
        self._ignore_tld = kwargs.get("ignore_tlds", False)
        defanged = kwargs.get("defanged", self._defanged)
        if isinstance(columns, str):
            columns = [columns]
        return self._extract_frame(
            data, columns, ioc_types, include_paths, defanged, missing_error=LookupError
        )

    def _extract_frame(
        self,
        data: Any,
        columns: list[str],
        ioc_types: list[str] | None,
        include_paths: bool,
        defanged: bool,
        missing_error: type[Exception],
    ) -> pd.DataFrame:
        if isinstance(columns, str):
            columns = [columns]
        kind = _columns.frame_kind(data)
        types_to_use = self._get_ioc_types_to_use(ioc_types, include_paths)
        frame_cols = _columns.column_names(data, kind)
        col_set = set(columns)
        if col_set > set(frame_cols):
            missing = [col for col in col_set if col not in frame_cols]
            raise missing_error(
                f"Source column(s) {', '.join(missing)} not found", " in supplied DataFrame"
            )
        _check_unique_columns(col_set, frame_cols)
        n_rows = _columns.num_rows(data, kind)
        for col in columns:
            if col not in frame_cols and n_rows:
                raise KeyError(col)
        limits = self.limits or default_limits()
        parts = []
        for col_pos, col in enumerate(columns):
            if not n_rows:
                break
            native = _columns.native_column(data, kind, col)
            rows, names, codes, observables, cut = _registry().scan_column(
                native,
                types=types_to_use,
                defanged=defanged,
                ignore_tlds=self._ignore_tld,
                max_matches=limits.ioc_max_matches_per_cell,
                threads=limits.threads,
                extended=self._extended,
                deadline_s=limits.ioc_scan_deadline_s,
            )
            if cut:
                report_truncation(limits, cut, f"column {col!r}")
            if rows:
                parts.append((col_pos, col, native, rows, [names[c] for c in codes], observables))
        return _result_frame(data, kind, parts)

    def _get_ioc_types_to_use(self, ioc_types: list[str] | None, include_paths: bool) -> list[str]:
        if ioc_types:
            return list(dict.fromkeys(ioc_types))
        names = [name for name, *_ in _registry().entries(False)]
        names.remove(IoCType.linux_path.name)
        if not include_paths:
            names.remove(IoCType.windows_path.name)
        if self._extended:
            names.extend(_extended_type_names())
        return names

    # -- single values -------------------------------------------------------------
    def validate(
        self,
        input_str: str,
        ioc_type: str,
        ignore_tlds: bool = False,
        defanged: bool | None = None,
    ) -> bool:
        """
        Check that ``input_str`` fully matches the pattern of ``ioc_type``.

        Parameters
        ----------
        input_str : str
            The string to test.
        ioc_type : str
            The type to test against (``file_hash`` and ``hostname`` are accepted).
        ignore_tlds : bool, optional
            Do not require ``dns`` values to end in a public suffix.
        defanged : bool, optional
            Also accept defanged forms (default: the constructor's value).

        Returns
        -------
        bool
            True if it matches.

        Raises
        ------
        KeyError
            If ``ioc_type`` is not a known type.

        """
        if ioc_type == IoCType.file_hash.name:
            val_type = self.file_hash_type(input_str).name
        elif ioc_type == IoCType.hostname.name:
            val_type = "dns"
        else:
            val_type = ioc_type
        use_defanged = defanged if defanged is not None else self._defanged
        return bool(_registry().validate(input_str, val_type, use_defanged, ignore_tlds))

    @staticmethod
    def file_hash_type(file_hash: str) -> IoCType:
        """Return the hash type implied by the length of ``file_hash`` (or ``unknown``)."""
        sizes = {32: IoCType.md5_hash, 40: IoCType.sha1_hash, 64: IoCType.sha256_hash}
        return sizes.get(len(file_hash.strip()), IoCType.unknown)

    def get_ioc_type(self, observable: str) -> str:
        """
        Return the first type whose matches include the whole ``observable``.

        Parameters
        ----------
        observable : str
            The IoC observable to check.

        Returns
        -------
        str
            The IoC type name, or ``"unknown"``.

        """
        results = self._scan_for_iocs(src=observable) or self._scan_for_iocs(
            src=observable, ioc_types=[IoCType.linux_path.name]
        )
        return next(
            (ioc_type for ioc_type, found in results.items() if observable in found),
            IoCType.unknown.name,
        )

    def _scan_for_iocs(
        self, src: str, ioc_types: list[str] | None = None, defanged: bool = True
    ) -> dict[str, set[str]]:
        """Return IoCs found in the string."""
        limits = self.limits or default_limits()
        items, cut = _registry().scan(
            src,
            types=list(ioc_types) if ioc_types else None,
            defanged=defanged,
            ignore_tlds=self._ignore_tld,
            max_matches=limits.ioc_max_matches_per_cell,
            threads=limits.threads,
            extended=self._extended,
            deadline_s=limits.ioc_scan_deadline_s,
        )
        if cut:
            report_truncation(limits, cut, "the input string")
        results: dict[str, set[str]] = defaultdict(set)
        for ioc_type, observables in items:
            results[ioc_type] = observables
        return results

    # -- beyond msticpy -------------------------------------------------------------
    def extract_matches(
        self,
        src: str | None = None,
        data: Any = None,
        columns: str | list[str] | None = None,
        ioc_types: list[str] | None = None,
        include_paths: bool = False,
        ignore_tlds: bool = False,
        extended: bool = True,
    ) -> pd.DataFrame:
        """
        Return every IoC occurrence, re-fanged, with its offsets (beyond msticpy).

        The text is re-fanged before matching, so many defang styles are found
        (``[.]``, ``(.)``, ``[dot]``, ``[:]``, ``hxxps[:]//``, ``[@]``, ``[at]``, ...).
        A substring keeps the type msticpy's priority rule gives it.

        Parameters
        ----------
        src : str, optional
            The text to scan.
        data : DataFrame, optional
            A pandas, pyarrow or polars frame (with ``columns``) instead of ``src``.
        columns : str or list, optional
            The text columns of ``data``.
        ioc_types : list, optional
            Restrict to these types (default: all but paths, plus the extended types).
        include_paths : bool, optional
            Include ``windows_path`` and ``linux_path`` (default False).
        ignore_tlds : bool, optional
            Do not require ``dns`` values to end in a public suffix.
        extended : bool, optional
            Include the extended types (default True).

        Returns
        -------
        pd.DataFrame
            Columns ``IoCType, Observable, Raw, Start, End, Defanged`` (``Observable`` is
            re-fanged, ``Raw`` is the text as found, ``Start``/``End`` are character
            offsets in the cell); with ``data``, also ``SourceIndex`` and ``Column``.

        """
        if ioc_types:
            types: list[str] | None = list(dict.fromkeys(ioc_types))
        else:
            types = [name for name, *_ in _registry().entries(False)]
            if not include_paths:
                types = [t for t in types if t not in ("windows_path", "linux_path")]
            if extended:
                types.extend(_extended_type_names())
        import pandas as pd

        limits = self.limits or default_limits()
        if src is not None:
            if not isinstance(src, str):
                raise TypeError(f"src must be a str, not {type(src).__name__}")
            frame, kind, cols = None, "", [("", [src])]
        elif data is not None and columns is not None:
            kind = _columns.frame_kind(data)
            names = [columns] if isinstance(columns, str) else list(columns)
            frame_cols = _columns.column_names(data, kind)
            missing = [c for c in names if c not in frame_cols]
            if missing:
                raise ValueError(f"Source column(s) {', '.join(missing)} not found")
            frame = data
            cols = [(c, _columns.native_column(data, kind, c)) for c in names]
        else:
            raise ValueError("Supply src, or data and columns")
        pieces = []
        for col, native in cols:
            rows, t, value, raw, start, end, defanged, truncated = _registry().matches_column(
                native,
                types=types,
                ignore_tlds=ignore_tlds,
                max_matches=limits.ioc_max_matches_per_cell,
                threads=limits.threads,
                extended=extended,
                deadline_s=limits.ioc_scan_deadline_s,
            )
            if truncated:
                report_truncation(limits, "ioc_max_matches_per_cell", "the input")
            part = pd.DataFrame(
                {
                    "IoCType": t,
                    "Observable": value,
                    "Raw": raw,
                    "Start": pd.array(start, dtype="int64"),
                    "End": pd.array(end, dtype="int64"),
                    "Defanged": pd.array(defanged, dtype="bool"),
                }
            )
            if frame is None and src is not None:
                # Take the raw text from the caller's string itself, so text holding
                # lone surrogates (scanned as U+FFFD) is returned exactly.
                part["Raw"] = _text_series([src[s:e] for s, e in zip(start, end)])
            if frame is not None:
                part["SourceIndex"] = _columns.row_labels(frame, kind, rows)
                part["Column"] = col
                part["_row"] = rows
            pieces.append(part)
        result = pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0]
        if frame is not None and len(pieces) > 1:
            result = result.sort_values("_row", kind="stable", ignore_index=True)
        return result.drop(columns=["_row"], errors="ignore")


@lru_cache(maxsize=1)
def _extended_type_names() -> tuple[str, ...]:
    from .. import _native

    return tuple(_native.extended_types())


def _reject_surrogates(ioc_type: Any, pattern: Any) -> None:
    """Raise ``InvalidPatternError`` for a lone surrogate in a pattern or type name.

    Text holding a lone surrogate cannot be passed to the matching engine (it is not
    valid Unicode), so the pattern could never match anything.
    """
    for what, text in (("pattern", pattern), ("IoC type name", ioc_type)):
        if not isinstance(text, str):
            continue
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as err:
            # Only a lone surrogate fails to encode as UTF-8.
            pos, char = err.start, text[err.start]
            raise InvalidPatternError(
                f"invalid pattern for IoC type {ioc_type!r}: remove the lone surrogate "
                f"U+{ord(char):04X} from the {what} (it is not valid Unicode text, so it "
                "can never be matched)",
                pattern if what == "pattern" else None,
                pos if what == "pattern" else None,
            ) from None


def _text_series(values: list[Any]) -> pd.Series:
    """A column of text with pandas' default dtype, or ``object`` when the text holds
    lone surrogates that an Arrow-backed string column cannot store."""
    import pandas as pd

    try:
        return pd.Series(values)
    except UnicodeEncodeError:
        return pd.Series(values, dtype=object)


#: Above this many bytes of repeated input text, ``Input`` keeps one shared string per
#: cell (``object`` dtype) instead of one copy per observable row.
_SHARED_INPUT_BYTES = 64 * 1024 * 1024


def _input_series(native: Any, data: Any, kind: str, col: str, rows: list[int]) -> pd.Series:
    """
    The ``Input`` column: each output row's source cell.

    Each row repeats its cell's text, so a long cell with many observables (a 20 MB log
    with 20,000 matches) would need hundreds of GB as one copy per row; past
    ``_SHARED_INPUT_BYTES`` of repeated text the rows share the cell's one ``str`` object.
    """
    import pandas as pd

    if len(rows) > 1 and _columns.repeated_bytes(native, data, kind, col, rows) > (
        _SHARED_INPUT_BYTES
    ):
        unique = sorted(set(rows))
        cells = dict(zip(unique, _columns.cells_at(native, data, kind, col, unique)))
        return pd.Series([cells[r] for r in rows], dtype=object)
    series = _columns.arrow_cells_series(native, kind, rows)
    if series is not None:
        return series
    return _text_series(_columns.cells_at(native, data, kind, col, rows))


def _result_frame(data: Any, kind: str, parts: list[tuple]) -> pd.DataFrame:
    """Assemble msticpy's output frame: rows in (row, column, type) order."""
    import pandas as pd

    if not parts:
        return pd.DataFrame(columns=_RESULT_COLS)
    pieces = []
    for col_pos, col, native, rows, types, observables in parts:
        # Labels and cells are looked up per output row directly (a RangeIndex label is
        # arithmetic, an object column's cells are already a list): no per-call dicts.
        columns = {
            "IoCType": types,
            "Observable": _text_series(observables),
            "SourceIndex": _columns.row_labels(data, kind, rows),
            "Input": _input_series(native, data, kind, col, rows),
        }
        if len(parts) > 1:
            columns = {"_row": rows, "_col": [col_pos] * len(rows), **columns}
        pieces.append(pd.DataFrame(columns))
    if len(pieces) == 1:
        # Built in msticpy's column order: no reordering copy.
        return pieces[0]
    frame = pd.concat(pieces, ignore_index=True)
    frame = frame.sort_values(["_row", "_col"], kind="stable", ignore_index=True)
    return frame[_RESULT_COLS]


def _register_accessors(pandas: Any) -> None:
    """Register the classic ``df.mp_ioc`` accessor (msticpy 0.8.x) and ``df.mp``."""

    @pandas.api.extensions.register_dataframe_accessor("mp_ioc")
    class IoCExtractAccessor:
        """Pandas accessor ``df.mp_ioc`` for IoC extraction (classic API)."""

        def __init__(self, pandas_obj: pd.DataFrame) -> None:
            self._df = pandas_obj
            self._ioc = IoCExtract()

        def extract(self, columns: str | list[str], **kwargs: Any) -> pd.DataFrame:
            """Extract IoCs from ``columns``; see ``IoCExtract.extract_df``."""
            return self._ioc.extract_df(data=self._df, columns=columns, **kwargs)

    from ..init import mp_pandas_accessors  # noqa: F401 (registers ``df.mp``)


def _check_unique_columns(requested: set[Any], frame_cols: Any) -> None:
    """Raise ValueError naming each requested column whose name the frame repeats."""
    counts: dict[Any, int] = {}
    for name in frame_cols:
        if name in requested:
            counts[name] = counts.get(name, 0) + 1
    repeated = [f"{name!r} ({count} times)" for name, count in counts.items() if count > 1]
    if repeated:
        raise ValueError(
            f"extract_df: the DataFrame has more than one column named {', '.join(repeated)}; "
            "a column to scan must be unique: rename the duplicates first "
            "(for example data.columns = [...])"
        )


# msticpy registers the accessors at import; here that happens when pandas is (or gets)
# imported, so that importing this module and extracting from a string stay pandas-free.
when_imported("pandas", _register_accessors)
# Load the extension and compile the built-in patterns now, as msticpy compiles its
# regular expressions at import: the user's first call should not pay for set-up.
_registry()

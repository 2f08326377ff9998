"""
VirusTotal API v2 client (msticpy 3.x ``context.vtlookupv3.vtlookup``; 0.8.x ``sectools.vtlookup``).

``VTLookup`` looks up file hashes, URLs, domains and IPv4 addresses one observable or one
DataFrame at a time and keeps every answer in its cumulative ``results`` frame (columns
``_RESULT_COLUMNS``, "Resource" listed twice as msticpy does). File hashes go 25 to a
request; values already in ``results`` are not sent again (a copy of the earlier rows is
added with Status "Duplicate"); invalid values get a row saying why.

All the requests of one ``lookup_iocs`` call are sent in ONE
``msticpy.common.http_transport.fetch_many`` call (concurrent, rate-limited by the
"VirusTotal" group, key scrubbed from errors). msticpy sends them one after the other and
decides each row's duplicate status from the rows written so far; here the rows are first
planned (which values would be sent, in which batches), all planned requests are fetched,
then msticpy's row-by-row logic is replayed on the replies. If the replay needs a request
the plan did not foresee (a hash that matches another hash column of a reply from the same
call), that request is fetched when met, so the rows stay those msticpy would write.

Deliberate differences (docs/threat_intel.md, "VirusTotal clients"): ``sha256_hash`` is
accepted besides msticpy's ``sh256_hash`` spelling; invalid rows and failed requests give
rows (msticpy 3.0.2 raises ``AttributeError`` there with pandas 2: it calls the removed
``DataFrame.append``); a reply that is not JSON or not complete gives a failure row instead
of an exception or a silently missing row; missing or non-text observables give the
"Empty or missing" row; status messages go to the module logger as msticpy 3.0.2 does.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple
from urllib.parse import urlencode

from ..._version import VERSION
from ...common.utility.package import mp_ua_header
from ..lookup_result import SanitizedObservable
from ..preprocess_observable import preprocess_observable

if TYPE_CHECKING:
    import pandas as pd

    from ...common.http_transport import HttpReply

__version__ = VERSION
__author__ = "Ian Hellen"

logger: logging.Logger = logging.getLogger(__name__)

_NAN = math.nan
#: The rate-limit group shared with the VirusTotal TI provider (one account, one quota).
_GROUP = "VirusTotal"
#: IoC types whose answers are file reports (hash columns are filled and searched).
_HASH_TYPES = ("md5_hash", "sha1_hash", "sh256_hash", "sha256_hash")
_REPORT_TYPES = ("url", *_HASH_TYPES)


class VTParams(NamedTuple):
    """How one VirusTotal v2 report type is requested."""

    api_type: str
    batch_size: int
    batch_delimiter: str
    http_verb: str
    api_var_name: str
    headers: dict[str, Any] | None


class DuplicateStatus(NamedTuple):
    """Whether an observable already has results, and the status text if so."""

    is_dup: bool
    status: str


class VTLookup:
    """
    VTLookup: VirusTotal (API v2) look-up of IoC reports.

    Main members: ``lookup_iocs`` (a DataFrame of observables), ``lookup_ioc`` (one
    observable), ``supported_ioc_types``, ``supported_vt_types``, ``ioc_vt_type_mapping``
    and the cumulative ``results`` DataFrame.

    URLs are sent as given (after refanging and checks); file hashes may be MD5, SHA1 or
    SHA256; IP addresses must be dotted IPv4.
    """

    _SUPPORTED_INPUT_TYPES: ClassVar[list[str]] = [
        "ipv4",
        "dns",
        "url",
        "md5_hash",
        "sha1_hash",
        "sh256_hash",
    ]

    _VT_TYPE_MAP: ClassVar[dict[str, str]] = {
        "ipv4": "ip-address",
        "dns": "domain",
        "url": "url",
        "md5_hash": "file",
        "sha1_hash": "file",
        "sh256_hash": "file",
    }
    # The correct spelling is accepted too; it is kept out of the public lists above so
    # they stay msticpy's.
    _TYPE_ALIASES: ClassVar[dict[str, str]] = {"sha256_hash": "sh256_hash"}

    _HDR_GZIP: ClassVar[dict[str, str]] = {"Accept-Encoding": "gzip, deflate"}
    #: Report URL template; tests point it at a loopback server (msticpy's attribute name).
    _VT_API: ClassVar[str] = "https://www.virustotal.com/vtapi/v2/{type}/report"
    _VT_API_TYPES: ClassVar[dict[str, VTParams]] = {
        "url": VTParams("url", 1, "\n", "get", "resource", _HDR_GZIP),
        "file": VTParams("file", 25, ",", "get", "resource", _HDR_GZIP),
        "ip-address": VTParams("ip-address", 1, "", "get", "ip", None),
        "domain": VTParams("domain", 1, "", "get", "domain", None),
    }

    _RESULT_COLUMNS: ClassVar[list[str]] = [
        "Observable",
        "IoCType",
        "Status",
        "ResponseCode",
        "RawResponse",
        "Resource",
        "SourceIndex",
        "VerboseMsg",
        "Resource",
        "ScanId",
        "Permalink",
        "Positives",
        "MD5",
        "SHA1",
        "SHA256",
        "ResolvedDomains",
        "ResolvedIPs",
        "DetectedUrls",
    ]

    def __init__(self, vtkey: str, verbosity: int = 1) -> None:
        """
        Create a VTLookup.

        Parameters
        ----------
        vtkey : str
            VirusTotal API key (never shown in reprs, logs or results).
        verbosity : int, optional
            Detail of the status messages logged: 0 none, 1 minimal (default),
            2 verbose.

        """
        import pandas as pd

        self._vtkey: str = vtkey
        self._verbosity: int = verbosity
        self._ioc_custom_type_map: dict[str, str | None] = {}
        self.results: pd.DataFrame = pd.DataFrame(data=None, columns=self._RESULT_COLUMNS)
        # Rows being written by the current call (None between calls), see _rows_open.
        self._rows: list[list[Any]] | None = None
        # Row positions by Observable and by MD5/SHA1/SHA256 value, while rows are open.
        self._obs_index: dict[str, list[int]] = {}
        self._hash_index: dict[str, list[int]] = {}
        self._replies: dict[tuple[str, str], HttpReply] = {}
        # Requests sent outside the single planned ``fetch_many`` call in the last
        # ``lookup_iocs`` (0 unless the plan was overtaken by a hash-column duplicate).
        self._unplanned_requests: int = 0

    def __repr__(self) -> str:
        """Return the class name and result count (never the key)."""
        return f"VTLookup(verbosity={self._verbosity}, results={len(self.results)})"

    @property
    def supported_ioc_types(self) -> list[str]:
        """Return the IoC type names this class looks up (msticpy's, ``sh256_hash`` too)."""
        return self._SUPPORTED_INPUT_TYPES

    @property
    def supported_vt_types(self) -> list[str]:
        """Return the VirusTotal report type names."""
        return list(self._VT_API_TYPES.keys())

    @property
    def ioc_vt_type_mapping(self) -> dict[str, str]:
        """Return the mapping from IoC type names to VirusTotal report types."""
        return self._VT_TYPE_MAP

    # ------------------------------------------------------------------ public calls

    def lookup_iocs(
        self,
        data: pd.DataFrame,
        src_col: str = "Observable",
        type_col: str = "IoCType",
        src_index_col: str = "SourceIndex",
        **kwargs: str,
    ) -> pd.DataFrame:
        """
        Look up the observables of a DataFrame (e.g. ``IoCExtract`` output).

        Parameters
        ----------
        data : pd.DataFrame
            One observable per row.
        src_col : str, optional
            Column of the observables (default "Observable").
        type_col : str, optional
            Column of their IoC types (default "IoCType").
        src_index_col : str, optional
            Column copied to ``SourceIndex`` (default "SourceIndex"); if absent, the
            frame's index is used.
        **kwargs : str
            Names your data uses for the supported types, e.g. ``ipv4="ipaddress"``.

        Returns
        -------
        pd.DataFrame
            The cumulative ``results`` (earlier calls' rows first).

        Raises
        ------
        KeyError
            If ``src_col`` or ``type_col`` is not a column of ``data``.

        Notes
        -----
        Every request of the call goes through one ``fetch_many`` call; a failed request
        gives rows with Status "Failed submission: ...", never an exception.

        """
        for name in (type_col, src_col):
            if name not in data.columns:
                raise KeyError(f"Column {name!r} not found in the data.")
        for k in self._get_supported_vt_ioc_types():
            self._ioc_custom_type_map[k] = k
        for k, val in kwargs.items():
            if k in self._get_supported_vt_ioc_types():
                self._ioc_custom_type_map[k] = val
        src_idx_col = src_index_col if src_index_col in data else None
        work = self._work_list(data, src_col, type_col, src_idx_col)
        self._unplanned_requests = 0
        self._rows_open()
        try:
            self._prefetch(work)
            for ioc_type, rows in work:
                self._lookup_ioc_type(rows, ioc_type)
        finally:
            self._rows_close()
        self._print_status(
            f"Submission complete. {len(self.results)} responses from {len(data)} input rows",
            2,
        )
        return self.results

    def lookup_ioc(
        self, observable: str, ioc_type: str, output: str = "dict"
    ) -> pd.DataFrame | list[dict[str, Any]] | dict[str, Any]:
        """
        Look up one observable.

        Parameters
        ----------
        observable : str
            The value.
        ioc_type : str
            Its IoC type (see ``supported_ioc_types``; ``sha256_hash`` is accepted too).
        output : str, optional
            "dict" (default): the rows of ``results`` as a dict (one row) or a list of
            dicts; any other value: the ``results`` DataFrame.

        Returns
        -------
        dict, list[dict] or pd.DataFrame
            As ``output`` asks (the cumulative results, as msticpy).

        Raises
        ------
        SyntaxError
            If the observable or type is missing, or the value does not fit the type.
        LookupError
            If the type is not one of ``supported_ioc_types``.

        Notes
        -----
        A failed request is recorded as a row with Status "Failed submission: ...".

        """
        if not isinstance(observable, str) or not isinstance(ioc_type, str):
            raise SyntaxError("Invalid value for observable or ioc_type")
        pp_observable, status = preprocess_observable(observable, ioc_type)
        if pp_observable is None:
            raise SyntaxError(f"{status} for observable value {observable}")
        if self._canonical_type(ioc_type) not in self._VT_TYPE_MAP:
            raise LookupError(
                f"IoC Type {ioc_type} not recognized. "
                f"Valid types are [{', '.join(self.supported_ioc_types)}]"
            )
        vt_param = self._VT_API_TYPES[self._VT_TYPE_MAP[self._canonical_type(ioc_type)]]
        self._rows_open()
        try:
            reply = self._submit(pp_observable, vt_param)
            failure = self._failure_status(reply)
            if failure is None:
                self._parse_vt_results(reply.json(), pp_observable, ioc_type)
            else:
                self._add_invalid_input_result(pp_observable, ioc_type, failure, 0)
                self._print_status(f"Error in response submitting '{pp_observable}'.", 1)
        finally:
            self._rows_close()
        if output == "dict":
            records = [dict(zip(self.results.columns, row)) for row in self.results.to_numpy()]
            return records[0] if len(records) == 1 else records
        return self.results

    # ------------------------------------------------------------------ planning

    def _work_list(
        self, data: pd.DataFrame, src_col: str, type_col: str, src_idx_col: str | None
    ) -> list[tuple[str, list[tuple[Any, Hashable]]]]:
        """Return ``(ioc_type, [(observable, source index)])`` in msticpy's type order."""
        pairs: list[tuple[str, Any]] = list(self._ioc_custom_type_map.items())
        mapped = {val for _, val in pairs}
        for alias in self._TYPE_ALIASES:
            if alias not in mapped:
                pairs.append((alias, alias))
        work = []
        for ioc_type, mapped_type in pairs:
            frame = data[data[type_col] == mapped_type]
            values = frame[src_col].tolist()
            indexes = frame[src_idx_col].tolist() if src_idx_col else list(frame.index)
            work.append((ioc_type, list(zip(values, indexes))))
        return work

    def _prefetch(self, work: list[tuple[str, list[tuple[Any, Hashable]]]]) -> None:
        """
        Send, in one ``fetch_many`` call, the requests msticpy's loop would send.

        The plan follows msticpy's loop with what is known before any reply: which values
        are valid, and which are already in ``results`` or were sent earlier in the loop.

        """
        rows = self._rows if self._rows is not None else []
        known_obs = {row[0] for row in rows if isinstance(row[0], str)}
        known_hash = {row[col] for row in rows for col in (12, 13, 14) if isinstance(row[col], str)}
        planned: dict[tuple[str, str], VTParams] = {}
        for ioc_type, items in work:
            vt_param = self._VT_API_TYPES[self._VT_TYPE_MAP[self._canonical_type(ioc_type)]]
            batch: list[str] = []
            for row_num, (observable, _) in enumerate(items, start=1):
                if isinstance(observable, str) and observable:
                    clean = preprocess_observable(observable, ioc_type).observable
                    if clean is None:
                        known_obs.add(observable)
                    elif observable not in known_obs and not (
                        ioc_type in _HASH_TYPES and observable in known_hash
                    ):
                        batch.append(clean)
                if batch and (len(batch) == vt_param.batch_size or row_num == len(items)):
                    planned[(vt_param.api_type, vt_param.batch_delimiter.join(batch))] = vt_param
                    known_obs.update(batch)
                    batch = []
        if not planned:
            return
        from ...common.http_transport import fetch_many

        keys = list(planned)
        requests = [self._request(sub, planned[(api, sub)]) for api, sub in keys]
        replies = fetch_many(requests, secrets=self._secrets())
        self._replies = dict(zip(keys, replies))

    # ------------------------------------------------------------------ msticpy's loop

    def _lookup_ioc_type(self, items: list[tuple[Any, Hashable]], ioc_type: str) -> None:
        """Validate, batch and submit one type's observables (msticpy's row loop)."""
        canonical = self._canonical_type(ioc_type)
        if canonical not in self._VT_TYPE_MAP:
            raise KeyError(f'Unknown ioc_type "{ioc_type}"')
        vt_param = self._VT_API_TYPES[self._VT_TYPE_MAP[canonical]]
        source_row_index: dict[str, Any] = {}
        obs_batch: list[str] = []
        index: Hashable = 0
        for row_num, (observable, index) in enumerate(items, start=1):
            pp_observable = self._validate_observable(observable, ioc_type, index)
            if pp_observable.observable:
                obs_batch.append(pp_observable.observable)
                source_row_index[pp_observable.observable] = index
            if obs_batch and (len(obs_batch) == vt_param.batch_size or row_num == len(items)):
                obs_submit = vt_param.batch_delimiter.join(obs_batch)
                self._print_status(
                    f'Submitting observables: "{obs_submit}", type "{ioc_type}" '
                    f"to VT. (Source index {index})",
                    2,
                )
                reply = self._submit(obs_submit, vt_param)
                failure = self._failure_status(reply)
                if failure is not None:
                    for failed_obs in obs_batch:
                        self._add_invalid_input_result(
                            failed_obs, ioc_type, failure, source_row_index[failed_obs]
                        )
                        self._print_status(
                            f"Error in response submitting observables: '{obs_submit}', "
                            f"type '{ioc_type}': {failure} "
                            f"(Source index {source_row_index[failed_obs]})",
                            1,
                        )
                else:
                    self._parse_vt_results(
                        reply.json(), obs_submit, ioc_type, index, source_row_index, vt_param
                    )
                obs_batch = []

    def _parse_vt_results(
        self,
        vt_results: str | list[Any] | dict[str, Any] | None,
        observable: str,
        ioc_type: str,
        source_idx: Hashable = 0,
        source_row_index: dict[str, Any] | None = None,
        vt_param: VTParams | None = None,
    ) -> None:
        """
        Add the rows for one VirusTotal reply to ``results``.

        Parameters
        ----------
        vt_results : str, list, dict or None
            The reply (JSON text or parsed): one report, or a list for a file batch.
        observable : str
            The submitted value (a batch: the values joined by the batch delimiter).
        ioc_type : str
            The IoC type.
        source_idx : Hashable, optional
            The source row index (single submissions).
        source_row_index : dict, optional
            Batch only: observable -> source row index.
        vt_param : VTParams, optional
            Batch only: the request parameters.

        """
        if isinstance(vt_results, str):
            try:
                vt_results = json.loads(vt_results, strict=False)
            except (json.JSONDecodeError, TypeError):
                pass
        to_parse: list[Any]
        if isinstance(vt_results, list) and vt_param is not None and vt_param.batch_size > 1:
            to_parse = vt_results
        elif isinstance(vt_results, dict):
            to_parse = [vt_results]
        else:
            to_parse = []
            self._print_status(
                f'Error parsing response to JSON: "{observable}", type "{ioc_type}". '
                f"(Source index {source_idx})",
                1,
            )
        if vt_param and vt_param.batch_delimiter:
            observables = observable.split(vt_param.batch_delimiter)
        else:
            observables = [observable]
        opened = self._rows_open()
        assert self._rows is not None
        try:
            for result_idx, result in enumerate(to_parse):
                row = self._parse_single_result(result, ioc_type)
                row[1] = ioc_type
                row[2] = "Success"
                row[4] = json.dumps(result)
                if len(to_parse) == 1 or source_row_index is None or len(source_row_index) == 1:
                    row[0], row[6] = observable, source_idx
                elif isinstance(result, dict) and "resource" in result:
                    # A batch reply: VirusTotal echoes each resource, in request order.
                    resource = result["resource"]
                    row[0] = resource
                    if resource in source_row_index:
                        row[6] = source_row_index[resource]
                    else:
                        row[6] = source_row_index[observables[result_idx]]
                else:
                    row[0] = observables[result_idx]
                    row[6] = source_row_index[observables[result_idx]]
                self._append(row)
        finally:
            if opened:
                self._rows_close()

    def _parse_single_result(self, results_dict: Any, ioc_type: str) -> list[Any]:
        """Return a result row (``_RESULT_COLUMNS`` order) filled from one report."""
        row: list[Any] = [_NAN] * len(self._RESULT_COLUMNS)
        if not isinstance(results_dict, Mapping):
            return row

        def get(key: str) -> Any:
            value = results_dict.get(key)
            return _NAN if value is None else value

        if ioc_type in _REPORT_TYPES:
            row[3], row[7], row[9] = get("response_code"), get("verbose_msg"), get("scan_id")
            row[5] = row[8] = get("resource")
            row[10], row[11] = get("permalink"), get("positives")
            if ioc_type in _HASH_TYPES:
                row[12], row[13], row[14] = get("md5"), get("sha1"), get("sha256")
        if ioc_type in ("ipv4", "dns"):
            row[3], row[7] = get("response_code"), get("verbose_msg")
            resolutions = _dict_items(results_dict.get("resolutions"))
            if ioc_type == "ipv4" and "resolutions" in results_dict:
                row[15] = ", ".join(str(i["hostname"]) for i in resolutions if "hostname" in i)
            elif ioc_type == "dns" and "resolutions" in results_dict:
                row[16] = ", ".join(str(i["ip_address"]) for i in resolutions if "ip_address" in i)
            if "detected_urls" in results_dict:
                detected = _dict_items(results_dict.get("detected_urls"))
                row[17] = ", ".join(str(i["url"]) for i in detected if "url" in i)
                row[11] = sum(
                    i["positives"]
                    for i in detected
                    if isinstance(i.get("positives"), int | float)
                    and not isinstance(i.get("positives"), bool)
                )
        return row

    def _validate_observable(
        self, observable: Any, ioc_type: str, idx: Hashable
    ) -> SanitizedObservable:
        """Check format and duplicates; record a row for invalid or duplicate values."""
        if not isinstance(observable, str):
            status = "Failed: Empty or missing observable value"
            self._add_invalid_input_result(observable, ioc_type, status, idx)
            self._print_status(f"{status} (Source index {idx})", 1)
            return SanitizedObservable(None, status)
        pp_observable = preprocess_observable(observable, ioc_type)
        if pp_observable.observable is None:
            self._add_invalid_input_result(
                observable,
                ioc_type,
                pp_observable.status or "Unknown status from preprocess_observable",
                idx,
            )
            self._print_status(
                f'Invalid observable format: "{observable}", type "{ioc_type}", '
                f"status: {pp_observable.status} - skipping. (Source index {idx})",
                2,
            )
            return pp_observable
        dup_result = self._check_duplicate_submission(observable, ioc_type, idx)
        if dup_result.is_dup:
            self._print_status(
                f'Duplicate observable value detected: "{observable}", type "{ioc_type}" '
                f"status: {dup_result.status} - skipping. (Source index {idx})",
                2,
            )
            return SanitizedObservable(None, dup_result.status)
        return pp_observable

    def _check_duplicate_submission(
        self, observable: str, ioc_type: str, source_index: Hashable
    ) -> DuplicateStatus:
        """Copy earlier rows for the same value as "Duplicate" rows, if there are any."""
        opened = self._rows_open()
        assert self._rows is not None
        try:
            rows = self._rows
            matches = [rows[pos] for pos in self._obs_index.get(observable, ())]
            if not matches and ioc_type in _HASH_TYPES:
                positions = sorted(set(self._hash_index.get(observable, ())))
                matches = [[observable, *rows[pos][1:]] for pos in positions]
            if not matches:
                return DuplicateStatus(is_dup=False, status="ok")
            original_indices = [row[6] for row in matches]
            for row in matches:
                copy = list(row)
                copy[6], copy[2] = source_index, "Duplicate"
                self._append(copy)
            return DuplicateStatus(is_dup=True, status=f"Duplicates of {original_indices}")
        finally:
            if opened:
                self._rows_close()

    def _add_invalid_input_result(
        self, observable: Any, ioc_type: str, status: str, source_idx: Hashable
    ) -> None:
        """Add a row saying why an observable was not (successfully) looked up."""
        row: list[Any] = [_NAN] * len(self._RESULT_COLUMNS)
        row[0], row[1], row[2], row[6] = observable, ioc_type, status, source_idx
        opened = self._rows_open()
        self._append(row)
        if opened:
            self._rows_close()

    # ------------------------------------------------------------------ HTTP

    def _request(self, submission: str, vt_param: VTParams) -> Any:
        """Return the ``HttpRequest`` for one submission (key in the query string)."""
        from ...common.http_transport import HttpRequest

        params = {"apikey": self._vtkey, vt_param.api_var_name: submission}
        headers = {**mp_ua_header(), "Content-Type": "application/json"}
        if vt_param.headers is not None:
            headers.update(vt_param.headers)
        url = self._get_vt_api_url(vt_param.api_type)
        if vt_param.http_verb == "post":
            return HttpRequest(
                url=url,
                method="POST",
                headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
                body=urlencode(params).encode(),
                group=_GROUP,
            )
        return HttpRequest(url=f"{url}?{urlencode(params)}", headers=headers, group=_GROUP)

    def _submit(self, submission: str, vt_param: VTParams) -> HttpReply:
        """Return the reply to one submission: prefetched, else fetched now."""
        key = (vt_param.api_type, submission)
        reply = self._replies.get(key)
        if reply is not None:
            return reply
        from ...common.http_transport import fetch_many

        if self._rows is not None and self._replies:
            self._unplanned_requests += 1
        reply = fetch_many([self._request(submission, vt_param)], secrets=self._secrets())[0]
        self._replies[key] = reply
        return reply

    @staticmethod
    def _failure_status(reply: HttpReply) -> str | None:
        """Return the Status text of a failed reply, None for a complete 200 JSON reply."""
        if reply.status == 200 and reply.error is None:
            if reply.json() is None and reply.body.strip() not in (b"null", b""):
                return "Failed submission: reply is not JSON"
            return None
        if reply.status:
            text = f"Failed submission: http error {reply.status}"
            return f"{text} ({reply.error})" if reply.error else text
        return f"Failed submission: {reply.error or 'no reply'}"

    def _secrets(self) -> list[str]:
        return [self._vtkey] if self._vtkey else []

    @classmethod
    def _get_vt_api_url(cls, api_type: str) -> str:
        """Return the report URL for a VirusTotal type (LookupError if unknown)."""
        if api_type not in cls._VT_API_TYPES:
            raise LookupError(f"Unknown api type '{api_type}'")
        return cls._VT_API.format(type=api_type)

    @classmethod
    def _get_supported_vt_ioc_types(cls) -> list[str]:
        """Return the supported IoC types that map to a VirusTotal type."""
        return [t for t in cls._SUPPORTED_INPUT_TYPES if cls._VT_TYPE_MAP[t] is not None]

    @classmethod
    def _canonical_type(cls, ioc_type: str) -> str:
        return cls._TYPE_ALIASES.get(ioc_type, ioc_type)

    def _print_status(self, message: str, verbosity_level: int) -> None:
        """Log ``message`` (INFO) if ``verbosity_level`` is within the verbosity."""
        if verbosity_level <= self._verbosity:
            logger.info(message)

    # ------------------------------------------------------------------ row store

    def _rows_open(self) -> bool:
        """Start collecting rows from ``results``; return True if this call opened it."""
        if self._rows is not None:
            return False
        self._rows, self._obs_index, self._hash_index = [], {}, {}
        for row in self.results.to_numpy(dtype=object):
            self._append(list(row))
        self._replies = {}
        return True

    def _append(self, row: list[Any]) -> None:
        """Add a row and index its Observable and hash cells (the duplicate checks)."""
        assert self._rows is not None
        pos = len(self._rows)
        self._rows.append(row)
        if isinstance(row[0], str):
            self._obs_index.setdefault(row[0], []).append(pos)
        for col in (12, 13, 14):
            if isinstance(row[col], str):
                self._hash_index.setdefault(row[col], []).append(pos)

    def _rows_close(self) -> None:
        """Write the collected rows back to ``results`` (one frame, object columns)."""
        import pandas as pd

        rows, self._rows, self._replies = self._rows, None, {}
        self._obs_index, self._hash_index = {}, {}
        self.results = pd.DataFrame(rows or None, columns=self._RESULT_COLUMNS, dtype=object)


def _dict_items(value: Any) -> list[Mapping[str, Any]]:
    """Return the mapping items of a JSON list (anything else: none)."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]

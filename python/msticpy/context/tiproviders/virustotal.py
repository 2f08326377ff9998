"""
VirusTotal provider (msticpy 3.x ``tiproviders.virustotal``, VirusTotal API v2).

Files and URLs are rated by ``positives`` (engines that flagged them); IP addresses and
domains by the positives of detected URLs and samples seen in the last 30 days. One
positive -> warning, more -> high.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from ..._version import VERSION
from ..http_provider import APILookupParams
from .result_severity import ResultSeverity
from .ti_http_provider import HttpTIProvider

__version__ = VERSION

_DEF_HEADERS = {"User-Agent": "VirusTotal", "Content-Type": "application/json"}
_GZIP_HEADERS = {"Accept-Encoding": "gzip, deflate"}
_KEY_PARAM = {"apikey": "{AuthKey}"}
# IoC types whose answer is a scan report (with its own positives count).
_REPORT_TYPES = frozenset({"url", "md5_hash", "sha1_hash", "sha256_hash", "file_hash"})


class VirusTotal(HttpTIProvider):
    """VirusTotal Lookup."""

    _BASE_URL: ClassVar[str] = "https://www.virustotal.com/"
    _PARAMS: ClassVar[dict[str, str]] = _KEY_PARAM
    _QUERIES: ClassVar[dict[str, APILookupParams]] = {
        "ipv4": APILookupParams(
            path="vtapi/v2/ip-address/report",
            params={**_KEY_PARAM, "ip": "{observable}"},
            headers=_DEF_HEADERS,
        ),
        "dns": APILookupParams(
            path="vtapi/v2/domain/report",
            params={**_KEY_PARAM, "domain": "{observable}"},
            headers=_DEF_HEADERS,
        ),
        "file_hash": APILookupParams(
            path="vtapi/v2/file/report",
            params={**_KEY_PARAM, "resource": "{observable}"},
            headers={**_DEF_HEADERS, **_GZIP_HEADERS},
        ),
        "url": APILookupParams(
            path="vtapi/v2/url/report",
            params={**_KEY_PARAM, "resource": "{observable}"},
            headers={**_DEF_HEADERS, **_GZIP_HEADERS},
        ),
    }
    for _hash_type in ("md5_hash", "sha1_hash", "sha256_hash"):
        _QUERIES[_hash_type] = _QUERIES["file_hash"]
    del _hash_type

    _REQUIRED_PARAMS: ClassVar[list[str]] = ["AuthKey"]

    # Detection lists in IP/domain reports: list name -> (item field, date field).
    _VT_DETECT_RESULTS: ClassVar[dict[str, tuple[str, str]]] = {
        "detected_urls": ("url", "scan_date"),
        "detected_downloaded_samples": ("sha256", "date"),
        "detected_communicating_samples": ("sha256", "date"),
    }

    def parse_results(self, response: dict[str, Any]) -> tuple[bool, ResultSeverity, Any]:
        """
        Read a VirusTotal v2 report.

        Parameters
        ----------
        response : dict
            The result row, the decoded report in ``RawResult``.

        Returns
        -------
        tuple[bool, ResultSeverity, Any]
            Found, severity by positives, and ``verbose_msg``, ``response_code``,
            ``positives`` (+ ``resource``/``permalink`` for files and URLs, or the recent
            detected URLs/samples for addresses and domains).

        Raises
        ------
        ValueError, KeyError
            If a detection list entry has no date or an unreadable one (as msticpy; a
            batch look-up turns this into a row with ``Status`` 10).

        """
        raw = response["RawResult"]
        if self._failed_response(response) or not isinstance(raw, dict):
            return False, ResultSeverity.information, "Not found."
        result_dict: dict[str, Any] = {
            "verbose_msg": raw.get("verbose_msg"),
            "response_code": raw.get("response_code"),
            "positives": 0,
        }
        if response["IocType"] in _REPORT_TYPES:
            result_dict["resource"] = raw.get("resource")
            result_dict["permalink"] = raw.get("permalink")
            result_dict["positives"] = raw.get("positives", 0)
        else:
            for hit_type, (item_field, date_field) in self._VT_DETECT_RESULTS.items():
                if hit_type in raw:
                    self._extract_url_results(
                        response=response,
                        result_dict=result_dict,
                        hit_type=hit_type,
                        item_type=item_field,
                        date_name=date_field,
                    )
        positives = result_dict["positives"]
        # Only numbers count (a string or null count is read as 0, as in msticpy).
        if not isinstance(positives, int | float):
            positives = 0
        if positives > 1:
            severity = ResultSeverity.high
        elif positives > 0:
            severity = ResultSeverity.warning
        else:
            severity = ResultSeverity.information
        return True, severity, result_dict

    @staticmethod
    def _extract_url_results(
        response: dict[str, Any],
        result_dict: dict[str, Any],
        hit_type: str,
        item_type: str,
        date_name: str,
    ) -> None:
        """Add the recent (last 30 days) entries of one detection list and their positives."""
        raw = response["RawResult"]
        if not isinstance(raw, dict):
            return
        since = dt.datetime.now(tz=dt.timezone.utc) - dt.timedelta(days=30)

        def _recent(entry: dict[str, Any]) -> bool:
            seen = dt.datetime.strptime(entry[date_name], "%Y-%m-%d %H:%M:%S")
            return seen.replace(tzinfo=dt.timezone.utc) > since

        entries = raw[hit_type]
        result_dict[hit_type] = [e[item_type] for e in entries if item_type in e and _recent(e)]
        result_dict["positives"] += sum(
            e["positives"] for e in entries if "positives" in e and _recent(e)
        )

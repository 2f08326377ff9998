"""
IBM X-Force Exchange provider (msticpy 3.x ``tiproviders.ibm_xforce``).

Every query authenticates with HTTP Basic (``ApiID`` as user, ``AuthKey`` as password).
Default IP, URL and domain look-ups are rated by X-Force's risk ``score`` (0-10): below 2 ->
information, 2 to below 5 -> warning, 5 and above -> high. Hash look-ups and the
``malware`` sub-types are high when the answer names malware. ``whois`` and
``passivedns`` answers add the record count (or the registrant contact).

Deliberate difference: the IP and URL ``malware`` views answer with a *list* of samples
(``{"malware": [...]}``), on which msticpy's parser fails (``AttributeError``) whenever
there is one; here a non-empty list is high, with the sample count and the families named.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from ..._version import VERSION
from ..http_provider import APILookupParams
from .result_severity import ResultSeverity
from .ti_http_provider import HttpTIProvider

__version__ = VERSION

_HASH_TYPES = ("file_hash", "md5_hash", "sha1_hash", "sha256_hash")
# Types whose default (no sub-type) answer is a reputation report with a score.
_SCORED_TYPES = ("ipv4", "ipv6", "url", "dns")
# Types and sub-types whose answer is a record list (whois, passive DNS).
_RECORD_TYPES = ("dns", "ipv4", "ipv6", "hostname")
_RECORD_SUBTYPES = ("info", "passivedns", "whois")


@dataclass
class _XForceParams(APILookupParams):
    """Query definition that always authenticates with HTTP Basic (ApiID:AuthKey)."""

    def __post_init__(self) -> None:
        self.auth_type = "HTTPBasic"
        self.auth_str = ["{ApiID}", "{AuthKey}"]


class XForce(HttpTIProvider):
    """IBM XForce Lookup."""

    _BASE_URL: ClassVar[str] = "https://api.xforce.ibmcloud.com"

    _QUERIES: ClassVar[dict[str, Any]] = {
        "ipv4": _XForceParams(path="/ipr/{observable}"),
        "ipv4-rep": _XForceParams(path="/ipr/history/{observable}"),
        "ipv4-malware": _XForceParams(path="/ipr/malware/{observable}"),
        "ipv4-whois": _XForceParams(path="/whois/{observable}"),
        "dns-passivedns": _XForceParams(path="/resolve/{observable}"),
        "file_hash": _XForceParams(path="/malware/{observable}"),
        "url": _XForceParams(path="/url/{observable}"),
        "url-malware": _XForceParams(path="/url/malware/{observable}"),
    }
    # Types that share another type's query (msticpy's aliases).
    for _alias, _source in (
        ("ipv6", "ipv4"),
        ("ipv6-rep", "ipv4-rep"),
        ("ipv6-malware", "ipv4-malware"),
        ("ipv6-whois", "ipv4-whois"),
        ("md5_hash", "file_hash"),
        ("sha1_hash", "file_hash"),
        ("sha256_hash", "file_hash"),
        ("dns", "url"),
        ("dns-malware", "url-malware"),
        ("ipv4-passivedns", "dns-passivedns"),
        ("ipv6-passivedns", "dns-passivedns"),
        ("hostname-whois", "ipv4-whois"),
        ("dns-whois", "ipv4-whois"),
    ):
        _QUERIES[_alias] = _QUERIES[_source]
    del _alias, _source

    _REQUIRED_PARAMS: ClassVar[list[str]] = ["ApiID", "AuthKey"]

    HIGH_SEVERITY: ClassVar[int] = 5
    MEDIUM_SEVERITY: ClassVar[int] = 2

    def parse_results(self, response: dict[str, Any]) -> tuple[bool, ResultSeverity, Any]:
        """
        Read an X-Force answer.

        Parameters
        ----------
        response : dict
            The result row, the decoded answer in ``RawResult``.

        Returns
        -------
        tuple[bool, ResultSeverity, Any]
            Found, severity (by score, or high when malware is named), and the score,
            categories and reasons; the malware risk and family; or the record count.

        Raises
        ------
        TypeError, AttributeError
            If a field has an unexpected JSON type (a text score, a non-object report),
            as msticpy; a batch look-up turns this into a row with ``Status`` 10.

        """
        raw = response["RawResult"]
        severity = ResultSeverity.information
        if self._failed_response(response) or not isinstance(raw, dict):
            return False, severity, "Not found."
        ioc_type = response["IocType"]
        sub_type = response["QuerySubtype"]
        details: dict[str, Any] = {}
        if ioc_type in _SCORED_TYPES and not sub_type:
            # URL and domain reports wrap the fields in "result"; IP reports do not.
            report = raw.get("result", raw)
            score = report.get("score", 0)
            details.update(
                {
                    "score": score,
                    "cats": report.get("cats"),
                    "categoryDescriptions": report.get("categoryDescriptions"),
                    "reason": report.get("reason"),
                    "reasonDescription": report.get("reasonDescription", 0),
                    "tags": report.get("tags", 0),
                }
            )
            severity = self._score_severity(0 if score is None else score)
        if ioc_type in _HASH_TYPES or sub_type == "malware":
            malware = raw.get("malware")
            if malware and isinstance(malware, list):
                details.update(_sample_list_details(raw, malware))
                severity = ResultSeverity.high
            elif malware:
                details.update(
                    {
                        "risk": malware.get("risk"),
                        "family": malware.get("family"),
                        "reasonDescription": raw.get("reasonDescription", 0),
                    }
                )
                severity = ResultSeverity.high
        if ioc_type in _RECORD_TYPES and sub_type in _RECORD_SUBTYPES:
            records = raw.get("total_rows", 0)
            contact = raw.get("contact", 0)
            if records:
                details["records"] = records
            elif contact:
                details["contact"] = contact
        return True, severity, details

    def _score_severity(self, score: Any) -> ResultSeverity:
        """Return the severity of an X-Force risk score (comparisons as msticpy's)."""
        if score < self.MEDIUM_SEVERITY:
            return ResultSeverity.information
        if score < self.HIGH_SEVERITY:
            return ResultSeverity.warning
        return ResultSeverity.high


def _sample_list_details(raw: dict[str, Any], samples: list[Any]) -> dict[str, Any]:
    """Summarise a malware sample list: how many, and the families they name."""
    families: list[str] = []
    for sample in samples:
        family = sample.get("family") if isinstance(sample, dict) else None
        names = family if isinstance(family, list) else [family]
        for name in names:
            if name and str(name) not in families:
                families.append(str(name))
    return {
        "count": raw.get("count", len(samples)),
        "family": families,
        "reasonDescription": raw.get("reasonDescription", 0),
    }

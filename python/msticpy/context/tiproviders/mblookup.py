"""
MalwareBazaar look-ups (msticpy 3.x ``tiproviders.mblookup``).

``MBlookup`` wraps abuse.ch's MalwareBazaar API (one POST endpoint, ``_BASE_URL``, with a
form naming the query): look up a sample by hash or samples by tag, signature, file
type, ClamAV signature, imphash, icon dhash, YARA rule, TLSH, telfhash, gimphash or
code-signing certificate; list recent additions; read the code-signing certificate
blocklist; download a sample. Answers are DataFrames (``pd.json_normalize`` of the
answer's ``data`` list, as msticpy). It is not a ``TIProvider`` (as in msticpy), so it is
not in ``TI_PROVIDERS``.

Deliberate differences from msticpy:

- each call builds its own form (msticpy fills a shared template in place, so a second
  look-up of the same type sends the first observable again);
- the key, when given, is sent in the ``Auth-Key`` header (MalwareBazaar requires it;
  msticpy keeps it unused) and never appears in reprs or error texts;
- an answer whose ``query_status`` says nothing was found (``no_results``,
  ``*_not_found``) is an empty DataFrame (msticpy raises ``KeyError``); any other
  non-"ok" status raises ``MsticpyDataQueryError`` naming it; no reply or an HTTP error
  raises ``MsticpyConnectionError`` (msticpy: httpx's exceptions);
- requests have the transport's deadline (``msticpy.http_timeout``; msticpy: none);
- ``download_sample`` returns the sample archive (msticpy fails reading it as JSON).
"""

from __future__ import annotations

import json
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlencode

from ..._version import VERSION
from ...common.exceptions import MsticpyConnectionError, MsticpyDataQueryError

if TYPE_CHECKING:
    import pandas as pd

    from ...common.http_transport import HttpReply

__version__ = VERSION

_BASE_URL = "https://mb-api.abuse.ch/api/v1/"

# Per look-up type: the API's query name, the form field that carries the observable
# and whether the query takes a result limit.
_QUERY_FORMS: dict[str, tuple[str, str, bool]] = {
    "hash": ("get_info", "hash", False),
    "tag": ("get_taginfo", "tag", True),
    "signature": ("get_siginfo", "signature", True),
    "filetype": ("get_file_type", "file_type", True),
    "clamav": ("get_clamavinfo", "clamav", True),
    "imphash": ("get_imphash", "imphash", True),
    "dhash": ("get_dhash_icon", "dhash_icon", True),
    "yara": ("get_yarainfo", "yara_rule", True),
    "tlsh": ("get_tlsh", "tlsh", True),
    "telfhash": ("get_telfhash", "telfhash", True),
    "gimphash": ("get_gimphash", "gimphash", True),
    "issuerinfo": ("get_issuerinfo", "issuer_cn", False),
    "subjectinfo": ("get_subjectinfo", "subject_cn", False),
    "certificate": ("get_certificate", "serial_number", False),
}

#: msticpy's name for the same table, in its shape (read-only here: ``_build_query_string``
#: builds a new form per call from ``_QUERY_FORMS``).
_QUERY_OBJECTS_MAPPINGS: dict[str, dict[str, str]] = {
    mb_type: {"query": query, field: "observable", **({"limit": "limit"} if limit else {})}
    for mb_type, (query, field, limit) in _QUERY_FORMS.items()
}

# A sample archive is a zip protected with this password (MalwareBazaar's convention).
_SAMPLE_PASSWORD = "infected"


class MBEntityType(Enum):
    """MalwareBazaar look-up types."""

    HASH = "hash"
    TAG = "tag"
    SIGNATURE = "signature"
    FILETYPE = "filetype"
    CLAMAV = "clamav"
    IMPHASH = "imphash"
    DHASH = "dhash"
    YARA = "yara"
    TLSH = "tlsh"
    TELFHASH = "telfhash"
    CODESIGNISSUER = "issuerinfo"
    CODESIGNSUBJECT = "subjectinfo"
    CODESIGNSN = "certificate"
    GIMPHASH = "gimphash"


class MBlookup:
    """MBlookup Python Class wrapper for MalwareBazaar API."""

    _SUPPORTED_MB_TYPES: ClassVar[set[MBEntityType]] = set(MBEntityType)

    def __init__(self, mb_key: str | None = None) -> None:
        """
        Keep the API key.

        Parameters
        ----------
        mb_key : str, optional
            MalwareBazaar API key (sent as the ``Auth-Key`` header).

        """
        self.mb_key: str | None = mb_key

    def __repr__(self) -> str:
        """Return the class name and endpoint (never the key)."""
        return f"{type(self).__name__}(base_url={_BASE_URL!r})"

    def lookup_ioc(self, observable: str, mb_type: str, limit: int = 10) -> pd.DataFrame:
        """
        Look up an observable in MalwareBazaar.

        Parameters
        ----------
        observable : str
            The value: a hash, tag, signature name... (see ``MBEntityType``).
        mb_type : str
            Its type, an ``MBEntityType`` value ("hash", "tag", "signature"...).
        limit : int, optional
            Most results for the list queries, by default 10.

        Returns
        -------
        pd.DataFrame
            One row per sample (nested fields flattened with "."); empty if none.

        Raises
        ------
        ValueError
            If ``mb_type`` is not an ``MBEntityType`` value.
        MsticpyConnectionError, MsticpyDataQueryError
            See ``_make_mb_request``.

        """
        if MBEntityType(mb_type) not in self._SUPPORTED_MB_TYPES:
            names = ", ".join(member.value for member in self._SUPPORTED_MB_TYPES)
            raise ValueError(f"Property type {mb_type} not supported. Valid types are {names}")
        return self._make_mb_request(_build_query_string(observable, mb_type, limit))

    def download_sample(self, sha2: str) -> pd.DataFrame:
        """
        Download a sample.

        Parameters
        ----------
        sha2 : str
            The sample's SHA-256.

        Returns
        -------
        pd.DataFrame
            One row: ``sha256_hash``, ``file_name`` (``<sha256>.zip``), ``zip_password``
            and ``content`` (the archive's bytes, at most 32 MiB); empty if
            MalwareBazaar has no such file.

        """
        import pandas as pd

        reply = self._post({"query": "get_file", "sha256_hash": sha2})
        answer = _json_or_none(reply.body)
        if answer is not None:
            return self._frame(answer)
        return pd.DataFrame(
            [
                {
                    "sha256_hash": sha2,
                    "file_name": f"{sha2}.zip",
                    "zip_password": _SAMPLE_PASSWORD,
                    "content": reply.body,
                }
            ]
        )

    def get_recent(self, selector: str) -> pd.DataFrame:
        """
        Return the recent additions.

        Parameters
        ----------
        selector : str
            "time" (the last 60 minutes) or "100" (the latest 100 samples).

        Returns
        -------
        pd.DataFrame
            One row per sample.

        """
        return self._make_mb_request({"query": "get_recent", "selector": selector})

    def get_cscb(self) -> pd.DataFrame:
        """Return the Code Signing Certificate Blocklist (CSCB), one row per certificate."""
        return self._make_mb_request({"query": "get_cscb"})

    # -- transport ---------------------------------------------------------------------
    def _make_mb_request(self, data: dict[str, Any]) -> pd.DataFrame:
        """
        Post a query form and return the answer's ``data`` as a DataFrame.

        Raises
        ------
        MsticpyConnectionError
            If there is no reply, the reply is an HTTP error or it is not JSON.
        MsticpyDataQueryError
            If MalwareBazaar rejects the query (``query_status`` other than "ok" or a
            not-found status).

        """
        reply = self._post(data)
        answer = _json_or_none(reply.body)
        if answer is None:
            raise MsticpyConnectionError(
                "MalwareBazaar's answer is not JSON.", title="MalwareBazaar query failed"
            )
        return self._frame(answer)

    @staticmethod
    def _frame(answer: Any) -> pd.DataFrame:
        """Return the ``data`` records of a JSON answer (empty for a not-found status)."""
        import pandas as pd

        if isinstance(answer, dict) and "data" in answer:
            return pd.json_normalize(answer["data"])
        status = answer.get("query_status") if isinstance(answer, dict) else None
        if isinstance(status, str) and (status == "no_results" or status.endswith("_not_found")):
            return pd.DataFrame()
        raise MsticpyDataQueryError(
            f"MalwareBazaar did not answer the query: query_status={status!r}",
            title="MalwareBazaar query failed",
        )

    def _post(self, data: dict[str, Any]) -> HttpReply:
        """Send one form; raise ``MsticpyConnectionError`` unless the reply is a 2xx."""
        from ...common.utility.package import mp_ua_header

        headers = {**mp_ua_header(), "Content-Type": "application/x-www-form-urlencoded"}
        if self.mb_key:
            headers["Auth-Key"] = str(self.mb_key)
        form = urlencode({key: str(value) for key, value in data.items()}).encode("utf-8")
        reply = self._send(_BASE_URL, headers, form)
        if reply.status == 0 or reply.error or not 200 <= reply.status < 300:
            reason = reply.error or f"HTTP status {reply.status}"
            raise MsticpyConnectionError(
                f"MalwareBazaar request failed: {reason}", title="MalwareBazaar query failed"
            )
        return reply

    def _send(self, url: str, headers: dict[str, str], body: bytes) -> HttpReply:
        """Post ``body`` through the HTTP transport (the key is scrubbed from errors)."""
        try:
            from ...common.http_transport import HttpRequest, fetch
        except ImportError as err:
            raise MsticpyConnectionError(
                "The HTTP transport is not available in this build.",
                title="MalwareBazaar query failed",
            ) from err
        return fetch(
            HttpRequest(url=url, method="POST", headers=headers, body=body, group="MBlookup"),
            secrets=[str(self.mb_key)] if self.mb_key else [],
        )


def _json_or_none(body: bytes) -> Any:
    """Return the decoded JSON body, or None if it is not JSON."""
    try:
        return json.loads(body)
    except ValueError:
        return None


def _build_query_string(observable: str, mb_type: str, limit: int) -> dict[str, str]:
    """
    Return the query form for one look-up.

    Parameters
    ----------
    observable : str
        The value looked up.
    mb_type : str
        An ``MBEntityType`` value.
    limit : int
        Most results (only for the list queries).

    Returns
    -------
    dict[str, str]
        Form fields, in the API's order: ``query``, the observable's field, ``limit``.

    """
    query, field_name, has_limit = _QUERY_FORMS[MBEntityType(mb_type).value]
    form = {"query": query, field_name: str(observable)}
    if has_limit:
        form["limit"] = str(limit)
    return form

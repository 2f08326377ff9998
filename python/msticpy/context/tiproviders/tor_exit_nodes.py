"""
Tor exit-node provider (msticpy 3.x ``tiproviders.tor_exit_nodes``).

Checks IPv4/IPv6 addresses against the Tor Project's list of exit addresses
(``_BASE_URL``; ``_ALT_URL``, a plain address list, if that fails). The list is
downloaded on the first look-up (never when ``TILookup`` loads the provider), kept for
the process and refreshed after a day. An exit address is a warning.

If neither list can be downloaded (offline, HTTP error, deadline), look-ups give rows
with ``Status`` 3 (QUERY_FAILED) and the reason in ``Details``, and no new download is
tried for ``_RETRY_INTERVAL`` seconds, so a batch on a machine without network costs one
deadline, not one per address. msticpy raises the HTTP client's error out of the
look-up in that case (its handler catches only the built-in ``ConnectionError``).
Only 2xx answers count as lists, and only the lines of the plain list that are IP
addresses (msticpy keeps any text it gets, error pages included).
"""

from __future__ import annotations

import ipaddress
import os
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from threading import Lock
from typing import TYPE_CHECKING, Any, ClassVar

from ..._version import VERSION
from ..lookup_result import LookupStatus
from .result_severity import ResultSeverity
from .ti_provider_base import TIProvider

if TYPE_CHECKING:
    import pandas as pd

__version__ = VERSION

# The exit-address list is about 1 MB; a body past this cap is not a list.
_MAX_LIST_BYTES = 16 * 2**20


def _addresses(text: str) -> list[str]:
    """Return the lines of a plain list that are IP addresses (a junk page gives none)."""
    found = []
    for line in text.split("\n"):
        line = line.strip()
        try:
            ipaddress.ip_address(line)
        except ValueError:
            continue
        found.append(line)
    return found


class Tor(TIProvider):
    """Tor Exit Nodes Lookup."""

    _BASE_URL: ClassVar[str] = "https://check.torproject.org/exit-addresses"
    _ALT_URL: ClassVar[str] = (
        "https://raw.githubusercontent.com/SecOps-Institute/Tor-IP-Addresses"
        "/master/tor-exit-nodes.lst"
    )
    _QUERIES: ClassVar[dict[str, Any]] = {"ipv4": None, "ipv6": None}

    _nodelist: ClassVar[dict[str, dict[str, Any]]] = {}
    _last_cached: ClassVar[datetime] = datetime.min.replace(tzinfo=timezone.utc)
    _cache_lock: ClassVar[Lock] = Lock()
    #: Why the last download failed (None after a success).
    _last_error: ClassVar[str | None] = None
    _last_attempt: ClassVar[float] = float("-inf")
    #: Seconds before a failed download is tried again.
    _RETRY_INTERVAL: ClassVar[float] = 300.0

    # -- the exit-node list ----------------------------------------------------------
    @classmethod
    def _check_and_get_nodelist(cls, *, force: bool = False) -> None:
        """
        Download the exit-node list if it is missing or more than a day old.

        Parameters
        ----------
        force : bool, optional
            Try even if the last attempt failed less than ``_RETRY_INTERVAL`` ago.

        """
        with cls._cache_lock:
            now = datetime.now(timezone.utc)
            if cls._nodelist and (now - cls._last_cached).days <= 1:
                return
            if (
                not force
                and cls._last_error is not None
                and time.monotonic() - cls._last_attempt < cls._RETRY_INTERVAL
            ):
                return
            cls._last_attempt = time.monotonic()
            text, error = cls._download(cls._BASE_URL)
            nodes = dict(cls._tor_splitter(text)) if text is not None else {}
            if not nodes:
                # As msticpy, the plain address list is the fallback for an empty list too.
                error = error or "the exit-address list has no exit addresses"
                alt_text, alt_error = cls._download(cls._ALT_URL)
                if alt_text is not None:
                    node_dict: dict[str, Any] = {"ExitNode": True, "LastStatus": now}
                    nodes = dict.fromkeys(_addresses(alt_text), node_dict)
                error = f"{error}; alternative list: {alt_error or 'no addresses'}"
            if nodes:
                cls._nodelist = nodes
                cls._last_cached = datetime.now(timezone.utc)
                cls._last_error = None
            else:
                cls._last_error = error

    @classmethod
    def _download(cls, url: str) -> tuple[str | None, str | None]:
        """
        Fetch one list.

        Returns
        -------
        tuple[str | None, str | None]
            The text (None on failure) and why it failed (None on success).

        """
        try:
            from ...common.http_transport import HttpRequest, fetch
        except ImportError:
            return None, "the HTTP transport is not available in this build"
        from ...common.utility.package import mp_ua_header

        reply = fetch(
            HttpRequest(url=url, headers=mp_ua_header(), group=cls.__name__),
            max_bytes=_MAX_LIST_BYTES,
        )
        if reply.error or not 200 <= reply.status < 300:
            return None, reply.error or f"HTTP status {reply.status}"
        return reply.body.decode("utf-8", errors="replace"), None

    @staticmethod
    def _tor_splitter(node_list: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """
        Yield (address, record) from the exit-addresses format.

        Each record starts with an ``ExitNode <fingerprint>`` line; the following
        ``Keyword value ...`` lines add ``Keyword: value`` (first word only, so dates lose
        their time, as in msticpy) and every ``ExitAddress`` line yields the record.
        """
        node_dict: dict[str, str | None] = {}
        for line in node_list.split("\n"):
            if not line:
                continue
            fields = line.split(" ", 2)
            if fields[0] == "ExitNode":
                node_dict = {}
            node_dict[fields[0]] = fields[1] if len(fields) > 1 else None
            if fields[0] == "ExitAddress":
                yield fields[1], node_dict

    # -- look-ups --------------------------------------------------------------------
    def lookup_ioc(
        self,
        ioc: str,
        ioc_type: str | None = None,
        query_type: str | None = None,
        *,
        provider_name: str | None = None,
    ) -> pd.DataFrame:
        """
        Look up one address in the exit-node list.

        Parameters
        ----------
        ioc : str
            The address.
        ioc_type : str, optional
            Its type (inferred when None).
        query_type : str, optional
            Not used (one list answers every type).
        provider_name : str, optional
            Value of the ``Provider`` column (default: the class name).

        Returns
        -------
        pd.DataFrame
            One row: ``Result`` True when the list is loaded, ``Severity`` warning and
            ``Details`` ``{NodeID, LastStatus}`` for an exit address, ``Status`` 3 when the
            list could not be downloaded.

        """
        import pandas as pd

        if not self._nodelist or (datetime.now(timezone.utc) - self._last_cached).days > 1:
            self._check_and_get_nodelist()
        result = self._check_ioc_type(ioc=ioc, ioc_type=ioc_type, query_subtype=query_type)
        result["Provider"] = provider_name or self.__class__.__name__
        result["Result"] = bool(self._nodelist)
        result["Reference"] = self._BASE_URL
        if not self._nodelist:
            # msticpy marks every row failed when the list is missing; a row that was
            # otherwise fine also says why.
            if not result["Status"]:
                result["Details"] = f"Tor exit-node list not available: {self._last_error}"
            result["Status"] = LookupStatus.QUERY_FAILED.value
            return pd.DataFrame([result])
        if result["Status"]:
            return pd.DataFrame([result])
        tor_node = self._nodelist.get(ioc)
        if tor_node:
            result["Severity"] = ResultSeverity.warning.name
            result["Details"] = {
                "NodeID": tor_node.get("ExitNode"),
                "LastStatus": tor_node.get("LastStatus"),
            }
            result["RawResult"] = tor_node
        else:
            result["Details"] = "Not found."
        return pd.DataFrame([result])

    def parse_results(self, response: dict[str, Any]) -> tuple[bool, ResultSeverity, Any]:
        """Return ``(True, information, None)``: the list needs no parsing (as msticpy)."""
        del response
        return True, ResultSeverity.information, None


def _new_lock_after_fork() -> None:
    # A fork taken while another thread was downloading would copy a held lock that no
    # thread of the child can release (Spark and Jupyter fork workers).
    Tor._cache_lock = Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_lock_after_fork)

"""
VirusTotal API v3 client (msticpy 3.x ``context.vtlookupv3.vtlookupv3``) without vt-py.

``VTLookupV3`` keeps msticpy 3.0.2's object look-ups and their frames (``lookup_ioc``,
``lookup_iocs``, ``lookup_ioc_relationships``, ``lookup_ioc_related``,
``lookup_iocs_relationships``, ``get_object``, ``get_file_behavior``, ``search``,
``relationships_to_graph``, ``render_vt_graph``) but talks to the v3 REST API itself through
``msticpy.common.http_transport``: the requests of a bulk call go in one ``fetch_many``
call per round (relationship pages need one round per page), concurrently and within the
"VirusTotal" group's rate limits, with the key (header ``x-apikey``) scrubbed from errors.

``get_file_behavior`` returns a ``VTFileBehavior`` (module ``vtfile_behavior``). Not
provided (they need vt-py / vt-graph-api objects): ``create_vt_graph`` and ``iterator``.
Deliberate differences are listed in
docs/threat_intel.md ("VirusTotal clients"); in short: columns come in a fixed order
(msticpy's follow a Python set's per-process order), a bulk call turns a failed item into a
row with a ``status`` column instead of raising, and an observable VirusTotal does not know
gives the "Not found" frame also when the relationship limit is being counted.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote, urlencode

from ..._version import VERSION
from ...common.exceptions import MsticpyUserError
from ...common.utility.package import mp_ua_header

if TYPE_CHECKING:
    import pandas as pd

    from .vtfile_behavior import VTFileBehavior

__version__ = VERSION
__author__ = "Ian Hellen"

logger: logging.Logger = logging.getLogger(__name__)

VT_API_NOT_FOUND = "NotFoundError"
_GROUP = "VirusTotal"
#: Objects per relationship page (vt-py's batch size in msticpy's calls).
_PAGE_SIZE = 40
#: Safety bound on pages fetched for one relationship or search (limit / page size).
_MAX_PAGES = 10_000


class MsticpyVTNoDataError(MsticpyUserError):
    """No data returned from VT API."""


class MsticpyVTGraphSaveGraphError(MsticpyUserError):
    """Could not save VT Graph."""


class VTEntityType(Enum):
    """VirusTotal entity types."""

    FILE = "file"
    DOMAIN = "domain"
    IP_ADDRESS = "ip_address"
    URL = "url"


class ColumnNames(Enum):
    """Column names of the output frames."""

    ID = "id"
    TYPE = "type"
    DETECTIONS = "detections"
    SCANS = "scans"
    SOURCE = "source"
    TARGET = "target"
    RELATIONSHIP_TYPE = "relationship_type"
    SOURCE_TYPE = "source_type"
    TARGET_TYPE = "target_type"


class VTObjectProperties(Enum):
    """VirusTotal object property names."""

    ATTRIBUTES = "attributes"
    RELATIONSHIPS = "relationship"
    LAST_ANALYSIS_STATS = "last_analysis_stats"
    MALICIOUS = "malicious"


class _Outcome:
    """One object reply: the object (vt-py ``to_dict`` shape), not found, or an error."""

    __slots__ = ("error", "found", "obj", "page")

    def __init__(
        self,
        obj: dict[str, Any] | None = None,
        *,
        found: bool = True,
        error: str | None = None,
        page: dict[str, Any] | None = None,
    ) -> None:
        self.obj, self.found, self.error, self.page = obj, found, error, page


class VTLookupV3:
    """VTLookupV3: VirusTotal (API v3) look-up of IoC reports and relationships."""

    #: Root of the v3 REST API; tests point it at a loopback server.
    _BASE_URL: ClassVar[str] = "https://www.virustotal.com/api/v3"

    _SUPPORTED_VT_TYPES: ClassVar[set[VTEntityType]] = {
        VTEntityType.FILE,
        VTEntityType.URL,
        VTEntityType.IP_ADDRESS,
        VTEntityType.DOMAIN,
    }
    # Fixed order for supported_vt_types (a set's order changes between processes).
    _TYPE_ORDER: ClassVar[tuple[VTEntityType, ...]] = (
        VTEntityType.FILE,
        VTEntityType.URL,
        VTEntityType.IP_ADDRESS,
        VTEntityType.DOMAIN,
    )

    _MAPPING_TYPES_ENDPOINT: ClassVar[dict[VTEntityType, str]] = {
        VTEntityType.FILE: "files",
        VTEntityType.URL: "urls",
        VTEntityType.IP_ADDRESS: "ip_addresses",
        VTEntityType.DOMAIN: "domains",
    }

    _BASIC_PROPERTIES_PER_TYPE: ClassVar[dict[VTEntityType, set[str]]] = {
        VTEntityType.FILE: {
            "type_description",
            "size",
            "first_submission_date",
            "last_submission_date",
            "times_submitted",
            "meaningful_name",
        },
        VTEntityType.URL: {"first_submission_date", "last_submission_date", "times_submitted"},
        VTEntityType.IP_ADDRESS: {"date", "country", "asn", "as_owner"},
        VTEntityType.DOMAIN: {"id", "creation_date", "last_update_date", "country"},
    }

    _DEFAULT_SEARCH_LIMIT: ClassVar[int] = 1000
    _SEARCH_API_ENDPOINT: ClassVar[str] = "/intelligence/search"

    def __init__(self, vt_key: str | None = None, *, force_nestasyncio: bool = False) -> None:
        """
        Create a VTLookupV3.

        Parameters
        ----------
        vt_key : str, optional
            VirusTotal API key; by default the ``AuthKey`` of the VirusTotal entry in the
            ``TIProviders`` settings.
        force_nestasyncio : bool, optional
            Accepted for compatibility; no event loop is used here.

        """
        del force_nestasyncio
        self._vt_key: str | None = vt_key or _get_vt_api_key()

    def __repr__(self) -> str:
        """Return the class name and API root (never the key)."""
        return f"VTLookupV3(base_url={self._BASE_URL!r})"

    @property
    def supported_vt_types(self) -> list[str]:
        """Return the supported VirusTotal entity types (as ``str(VTEntityType.X)``)."""
        return [str(i_type) for i_type in self._TYPE_ORDER]

    @classmethod
    def _get_endpoint_name(cls, vt_type: str) -> str:
        if VTEntityType(vt_type) not in cls._SUPPORTED_VT_TYPES:
            raise KeyError(f"Property type {vt_type} not supported")
        return cls._MAPPING_TYPES_ENDPOINT[VTEntityType(vt_type)]

    # ------------------------------------------------------------------ HTTP

    def _url(self, path: str, params: Mapping[str, Any] | None = None) -> str:
        url = self._BASE_URL.rstrip("/") + path
        return f"{url}?{urlencode(params)}" if params else url

    def _fetch(self, urls: list[str]) -> list[_Outcome]:
        """GET ``urls`` in one ``fetch_many`` call and classify each reply."""
        if not urls:
            return []
        from ...common.http_transport import HttpRequest, fetch_many

        headers = {**mp_ua_header(), "x-apikey": self._vt_key or "", "Accept": "application/json"}
        requests = [HttpRequest(url=url, headers=headers, group=_GROUP) for url in urls]
        secrets = [self._vt_key] if self._vt_key else []
        return [_classify(reply) for reply in fetch_many(requests, secrets=secrets)]

    @staticmethod
    def _object_path(endpoint: str, observable: str) -> str:
        # An observable is one path segment (a URL's v3 id is its unpadded base64 or
        # its SHA-256; both are path-safe, anything else is escaped).
        return f"/{endpoint}/{quote(str(observable), safe='')}"

    # ------------------------------------------------------------------ parsing

    @classmethod
    def _parse_vt_object(cls, vt_object: Any, *, all_props: bool = False) -> pd.DataFrame:
        """
        Return a one-row frame for a VirusTotal object.

        Parameters
        ----------
        vt_object : dict or object with ``to_dict()``
            The object (``{"type", "id", "attributes", ...}``).
        all_props : bool, optional
            All attributes (True) or the type's basic ones (default).

        Returns
        -------
        pd.DataFrame
            Attribute columns, then ``detections``/``scans`` (from
            ``last_analysis_stats``), then ``id`` and ``type`` if not already there.

        """
        import pandas as pd

        obj_dict: dict[str, Any] = (
            vt_object.to_dict() if hasattr(vt_object, "to_dict") else dict(vt_object)
        )
        obj_id, obj_type = obj_dict.get("id"), obj_dict.get("type")
        add_columns_df = pd.DataFrame()
        attributes = obj_dict.get(VTObjectProperties.ATTRIBUTES.value)
        if isinstance(attributes, Mapping):
            vt_type = _entity_type(obj_type)
            if all_props or vt_type is None:
                obj = dict(attributes) if all_props else {}
            else:
                basic = cls._BASIC_PROPERTIES_PER_TYPE[vt_type]
                obj = {key: val for key, val in attributes.items() if key in basic}
            vt_df = pd.json_normalize(data=[obj], max_level=0)
            stats = attributes.get(VTObjectProperties.LAST_ANALYSIS_STATS.value)
            if isinstance(stats, Mapping) and stats:
                add_columns_df = pd.DataFrame(
                    {
                        ColumnNames.DETECTIONS.value: [
                            stats.get(VTObjectProperties.MALICIOUS.value)
                        ],
                        ColumnNames.SCANS.value: [
                            sum(v for v in stats.values() if isinstance(v, int | float))
                        ],
                    }
                )
            vt_df = timestamps_to_utcdate(vt_df)
        elif obj_dict:
            vt_df = pd.json_normalize([obj_dict], max_level=0)
        else:
            vt_df = cls._item_not_found_df(vt_type=str(obj_type), observable=str(obj_id))
        if ColumnNames.ID.value not in vt_df.columns:
            add_columns_df[ColumnNames.ID.value] = [obj_id]
        if ColumnNames.TYPE.value not in vt_df.columns:
            add_columns_df[ColumnNames.TYPE.value] = [obj_type]
        return pd.concat([vt_df, add_columns_df], axis="columns")

    @classmethod
    def _item_not_found_df(cls, vt_type: str, observable: str) -> pd.DataFrame:
        """Return the one-row frame for an object VirusTotal does not have."""
        import pandas as pd

        not_found: dict[str, str] = {
            ColumnNames.ID.value: observable,
            ColumnNames.TYPE.value: vt_type,
        }
        vte_type = VTEntityType(vt_type)
        if vte_type not in cls._SUPPORTED_VT_TYPES:
            not_found["status"] = "Unsupported type"
        else:
            not_found.update(
                dict.fromkeys(sorted(cls._BASIC_PROPERTIES_PER_TYPE[vte_type]), "Not found")
            )
        return pd.DataFrame([not_found])

    @classmethod
    def _relation_not_found_df(
        cls, vt_type: str, observable: str, relationship: str
    ) -> pd.DataFrame:
        """Return the one-row frame for a relationship with no objects."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    ColumnNames.SOURCE.value: observable,
                    ColumnNames.SOURCE_TYPE.value: vt_type,
                    ColumnNames.RELATIONSHIP_TYPE.value: relationship,
                    ColumnNames.TARGET.value: "Not found",
                    ColumnNames.TARGET_TYPE.value: "Not found",
                }
            ]
        )

    @staticmethod
    def _status_df(columns: dict[str, Any], status: str) -> pd.DataFrame:
        """Return a one-row frame for a failed item of a bulk call."""
        import pandas as pd

        return pd.DataFrame([{**columns, "status": status}])

    # ------------------------------------------------------------------ objects

    def lookup_ioc(self, observable: str, vt_type: str, *, all_props: bool = False) -> pd.DataFrame:
        """
        Look up one observable.

        Parameters
        ----------
        observable : str
            The value (file hash, URL id, domain or IP address).
        vt_type : str
            Its VirusTotal entity type ("file", "url", "domain", "ip_address").
        all_props : bool, optional
            All attributes (True) or the basic ones (default).

        Returns
        -------
        pd.DataFrame
            One row; the "Not found" row if VirusTotal has no such object.

        Raises
        ------
        ValueError
            If ``vt_type`` is not a VirusTotal entity type.
        MsticpyVTNoDataError
            If the request fails (status, key, quota, network).

        """
        endpoint = self._get_endpoint_name(vt_type)
        outcome = self._fetch([self._url(self._object_path(endpoint, observable))])[0]
        return self._object_df(outcome, observable, vt_type, all_props=all_props, bulk=False)

    def _object_df(
        self, outcome: _Outcome, observable: str, vt_type: str, *, all_props: bool, bulk: bool
    ) -> pd.DataFrame:
        if outcome.obj is not None:
            return self._parse_vt_object(outcome.obj, all_props=all_props)
        if not outcome.found:
            return self._item_not_found_df(vt_type, observable)
        if bulk:
            return self._status_df({"id": observable, "type": vt_type}, str(outcome.error))
        raise MsticpyVTNoDataError(
            f"An error occurred requesting data from VirusTotal: {outcome.error}"
        )

    def lookup_iocs(
        self,
        observables_df: pd.DataFrame,
        observable_column: str = ColumnNames.TARGET.value,
        observable_type_column: str = ColumnNames.TARGET_TYPE.value,
        *,
        all_props: bool = False,
    ) -> pd.DataFrame:
        """
        Look up the observables of a DataFrame (one ``fetch_many`` call).

        Parameters
        ----------
        observables_df : pd.DataFrame
            One observable per row.
        observable_column : str, optional
            Column of the values (default "target").
        observable_type_column : str, optional
            Column of their VirusTotal types (default "target_type").
        all_props : bool, optional
            All attributes (True) or the basic ones (default).

        Returns
        -------
        pd.DataFrame
            The rows of each observable, concatenated (each keeps index 0, as msticpy).
            A failed item gives a row with ``id``, ``type`` and ``status``.

        Raises
        ------
        KeyError
            If a column is not in ``observables_df``.

        """
        import pandas as pd

        pairs = self._pairs(observables_df, observable_column, observable_type_column)
        dfs: list[pd.DataFrame | None] = [None] * len(pairs)
        urls, slots = [], []
        for pos, (observable, vt_type) in enumerate(pairs):
            if _entity_type(vt_type) is None:
                dfs[pos] = self._status_df({"id": observable, "type": vt_type}, "Unsupported type")
                continue
            endpoint = self._get_endpoint_name(vt_type)
            urls.append(self._url(self._object_path(endpoint, observable)))
            slots.append(pos)
        for pos, outcome in zip(slots, self._fetch(urls)):
            observable, vt_type = pairs[pos]
            dfs[pos] = self._object_df(outcome, observable, vt_type, all_props=all_props, bulk=True)
        frames = [df for df in dfs if df is not None]
        return pd.concat(frames) if frames else pd.DataFrame(columns=["id", "type"])

    def get_object(self, vt_id: str, vt_type: str) -> pd.DataFrame:
        """
        Return all the attributes of one object as a one-row (wide) frame.

        Parameters
        ----------
        vt_id : str
            The object's id.
        vt_type : str
            Its VirusTotal entity type.

        Returns
        -------
        pd.DataFrame
            ``id``, ``type``, every attribute (dates as UTC timestamps) and
            ``context_attributes``; the "Not found" row if VirusTotal has no such object.

        Raises
        ------
        ValueError
            If ``vt_type`` is not a VirusTotal entity type.
        MsticpyVTNoDataError
            If the request fails.

        """
        import pandas as pd

        endpoint = self._get_endpoint_name(vt_type)
        outcome = self._fetch([self._url(self._object_path(endpoint, vt_id))])[0]
        if outcome.obj is None:
            if not outcome.found:
                return self._item_not_found_df(vt_type, vt_id)
            raise MsticpyVTNoDataError(
                f"An error occurred requesting data from VirusTotal: {outcome.error}"
            )
        obj = outcome.obj
        result_df = pd.DataFrame({"id": [obj.get("id")], "type": [obj.get("type")]})
        attribs = pd.json_normalize(obj.get("attributes") or {}, max_level=0)
        result_df = pd.concat([result_df, attribs], axis=1)
        result_df["context_attributes"] = [obj.get("context_attributes")]
        return timestamps_to_utcdate(result_df)

    # ------------------------------------------------------------------ relationships

    def lookup_ioc_relationships(
        self,
        observable: str,
        vt_type: str,
        relationship: str,
        *,
        limit: int | None = None,
        all_props: bool = False,
    ) -> pd.DataFrame:
        """
        Return the ids of the objects related to one observable.

        Parameters
        ----------
        observable : str
            The value.
        vt_type : str
            Its VirusTotal entity type.
        relationship : str
            The relationship name (e.g. "contacted_ips", "resolutions").
        limit : int, optional
            Most objects to return; by default the relationship's count (asked first).
        all_props : bool, optional
            Passed to the object parser (descriptors carry no attributes).

        Returns
        -------
        pd.DataFrame
            ``index, target, target_type, source, source_type, relationship_type``; the
            relationship "Not found" row if it has no objects.

        Raises
        ------
        ValueError
            If ``vt_type`` is not a VirusTotal entity type.
        MsticpyVTNoDataError
            If a request fails.

        """
        return self._relationships(
            [(observable, vt_type)], relationship, limit, all_props=all_props, bulk=False
        )[0]

    def lookup_ioc_related(
        self, observable: str, vt_type: str, relationship: str, *, limit: int | None = None
    ) -> pd.DataFrame:
        """
        Return the full objects related to one observable (all their attributes).

        Parameters and errors as ``lookup_ioc_relationships``; the frame has the objects'
        attribute columns, ``detections``/``scans``, then the relationship columns.
        """
        return self._relationships(
            [(observable, vt_type)],
            relationship,
            limit,
            all_props=True,
            full_objects=True,
            bulk=False,
        )[0]

    def lookup_iocs_relationships(
        self,
        observables_df: pd.DataFrame,
        relationship: str,
        observable_column: str = ColumnNames.TARGET.value,
        observable_type_column: str = ColumnNames.TARGET_TYPE.value,
        *,
        limit: int | None = None,
        all_props: bool = False,
    ) -> pd.DataFrame:
        """
        Return the related object ids of each observable of a DataFrame.

        Parameters
        ----------
        observables_df : pd.DataFrame
            One observable per row.
        relationship : str
            The relationship name.
        observable_column, observable_type_column : str, optional
            Columns of the values and their types (default "target", "target_type").
        limit : int, optional
            Most objects per observable; by default each relationship's count.
        all_props : bool, optional
            Passed to the object parser.

        Returns
        -------
        pd.DataFrame
            The frames of ``lookup_ioc_relationships`` concatenated; a failed item gives
            a row with ``status``. Each round of requests (counts, then each page) is one
            ``fetch_many`` call.

        Raises
        ------
        KeyError
            If a column is not in ``observables_df``.

        """
        import pandas as pd

        pairs = self._pairs(observables_df, observable_column, observable_type_column)
        dfs = self._relationships(pairs, relationship, limit, all_props=all_props, bulk=True)
        if not dfs:
            return self._relation_not_found_df("", "", relationship).iloc[0:0]
        return pd.concat(dfs)

    def _relationships(
        self,
        pairs: list[tuple[str, str]],
        relationship: str,
        limit: int | None,
        *,
        all_props: bool,
        full_objects: bool = False,
        bulk: bool,
    ) -> list[pd.DataFrame]:
        """Fetch counts (if no limit), then pages, round by round, for every pair."""
        results: list[pd.DataFrame | None] = [None] * len(pairs)
        limits: dict[int, int] = {}
        endpoints: dict[int, str] = {}
        for pos, (observable, vt_type) in enumerate(pairs):
            if _entity_type(vt_type) is None:
                if not bulk:
                    VTEntityType(vt_type)  # raises msticpy's ValueError
                frame = self._relation_not_found_df(str(vt_type), observable, relationship)
                frame["status"] = "Unsupported type"
                results[pos] = frame
                continue
            endpoints[pos] = self._get_endpoint_name(vt_type)
        # Round 0: the relationship counts, when no limit is given.
        if limit is None:
            order = list(endpoints)
            urls = [
                self._url(
                    self._object_path(endpoints[p], pairs[p][0]), {"relationship_counters": "true"}
                )
                for p in order
            ]
            for pos, outcome in zip(order, self._fetch(urls)):
                observable, vt_type = pairs[pos]
                if outcome.obj is None and outcome.found:
                    results[pos] = self._failed_relation(
                        observable, vt_type, relationship, outcome, bulk
                    )
                    continue
                count = _relationship_count(outcome.obj, relationship)
                if count is None:
                    results[pos] = self._item_not_found_df(vt_type, observable)
                else:
                    limits[pos] = count
        else:
            limits = dict.fromkeys(endpoints, limit)
        for pos, count in list(limits.items()):
            if not count:
                results[pos] = self._item_not_found_df(pairs[pos][1], pairs[pos][0])
                del limits[pos]
        objects = self._pages(pairs, endpoints, limits, relationship, full_objects, results, bulk)
        for pos, items in objects.items():
            observable, vt_type = pairs[pos]
            results[pos] = self._relation_frame(items, observable, vt_type, relationship, all_props)
        return [df for df in results if df is not None]

    def _pages(
        self,
        pairs: list[tuple[str, str]],
        endpoints: dict[int, str],
        limits: dict[int, int],
        relationship: str,
        full_objects: bool,
        results: list[pd.DataFrame | None],
        bulk: bool,
    ) -> dict[int, list[dict[str, Any]]]:
        """Fetch relationship pages, one ``fetch_many`` round per page depth."""
        sub_path = relationship if full_objects else f"relationships/{relationship}"
        objects: dict[int, list[dict[str, Any]]] = {pos: [] for pos in limits}
        cursors: dict[int, str | None] = dict.fromkeys(limits)
        active = list(limits)
        for _ in range(_MAX_PAGES):
            if not active:
                break
            urls = []
            for pos in active:
                params: dict[str, Any] = {"limit": min(_PAGE_SIZE, limits[pos] - len(objects[pos]))}
                if cursors[pos]:
                    params["cursor"] = cursors[pos]
                path = f"{self._object_path(endpoints[pos], pairs[pos][0])}/{sub_path}"
                urls.append(self._url(path, params))
            next_active = []
            for pos, outcome in zip(active, self._fetch(urls)):
                page = outcome.page
                if page is None:
                    observable, vt_type = pairs[pos]
                    if not outcome.found:
                        results[pos] = self._relation_not_found_df(
                            vt_type, observable, relationship
                        )
                    else:
                        results[pos] = self._failed_relation(
                            observable, vt_type, relationship, outcome, bulk
                        )
                    del objects[pos]
                    continue
                data = [item for item in _list(page.get("data")) if isinstance(item, Mapping)]
                objects[pos].extend(_object_dict(item) for item in data)
                del objects[pos][limits[pos] :]
                cursor = _mapping(page.get("meta")).get("cursor")
                cursors[pos] = cursor if isinstance(cursor, str) else None
                if data and cursors[pos] and len(objects[pos]) < limits[pos]:
                    next_active.append(pos)
            active = next_active
        return objects

    def _failed_relation(
        self, observable: str, vt_type: str, relationship: str, outcome: _Outcome, bulk: bool
    ) -> pd.DataFrame:
        if not bulk:
            raise MsticpyVTNoDataError(
                f"An error occurred requesting data from VirusTotal: {outcome.error}"
            )
        frame = self._relation_not_found_df(vt_type, observable, relationship)
        frame["status"] = str(outcome.error)
        return frame

    def _relation_frame(
        self,
        items: list[dict[str, Any]],
        observable: str,
        vt_type: str,
        relationship: str,
        all_props: bool,
    ) -> pd.DataFrame:
        import pandas as pd

        if not items:
            return self._relation_not_found_df(vt_type, observable, relationship)
        result_df = pd.concat(
            [self._parse_vt_object(item, all_props=all_props) for item in items],
            ignore_index=True,
        )
        rows = len(result_df)
        add_columns = pd.DataFrame(
            {
                ColumnNames.SOURCE.value: [observable] * rows,
                ColumnNames.SOURCE_TYPE.value: [VTEntityType(vt_type).value] * rows,
                ColumnNames.RELATIONSHIP_TYPE.value: [relationship] * rows,
            }
        )
        return (
            pd.concat([result_df, add_columns], axis="columns")
            .rename(
                columns={
                    ColumnNames.ID.value: ColumnNames.TARGET.value,
                    ColumnNames.TYPE.value: ColumnNames.TARGET_TYPE.value,
                }
            )
            .reset_index()
        )

    # ------------------------------------------------------------------ behaviour

    def get_file_behavior(
        self,
        file_id: str | None = None,
        file_summary: dict[str, Any] | None = None,
        sandbox: str | None = None,
    ) -> VTFileBehavior:
        """
        Return a VTFileBehavior holding a file's sandbox (detonation) results.

        Parameters
        ----------
        file_id : str, optional
            The file's id (hash).
        file_summary : dict, optional
            A VirusTotal file object (its ``id`` is used if ``file_id`` is None).
        sandbox : str, optional
            One sandbox's report; by default the behaviour summary.

        Returns
        -------
        VTFileBehavior
            With ``categories`` loaded (empty if VirusTotal has none).

        Raises
        ------
        ValueError
            If there is no API key.
        MsticpyUserError
            If neither ``file_id`` nor ``file_summary`` is given.
        MsticpyVTNoDataError
            If the request fails.

        """
        from .vtfile_behavior import VTFileBehavior

        if not self._vt_key:
            raise ValueError("VT key is required to retrieve file behavior")
        vt_behavior = VTFileBehavior(self._vt_key, file_id=file_id, file_summary=file_summary)
        vt_behavior.get_file_behavior(sandbox=sandbox)
        return vt_behavior

    # ------------------------------------------------------------------ search

    def search(self, query: str, limit: int = _DEFAULT_SEARCH_LIMIT) -> pd.DataFrame:
        """
        Return the objects a VirusTotal Intelligence search finds.

        Parameters
        ----------
        query : str
            The search (needs a premium key).
        limit : int, optional
            Most objects to return (default 1,000).

        Returns
        -------
        pd.DataFrame
            One row per object: attributes, ``id``, ``type``; dates as UTC timestamps.

        Raises
        ------
        MsticpyVTNoDataError
            If a request fails or the search finds nothing.

        """
        found: list[dict[str, Any]] = []
        cursor: str | None = None
        for _ in range(_MAX_PAGES):
            params: dict[str, Any] = {"query": query, "limit": min(_PAGE_SIZE, limit - len(found))}
            if cursor:
                params["cursor"] = cursor
            outcome = self._fetch([self._url(self._SEARCH_API_ENDPOINT, params)])[0]
            if outcome.page is None:
                raise MsticpyVTNoDataError(
                    "The provided query returned 0 results because of an APIError: "
                    f"{outcome.error or VT_API_NOT_FOUND}"
                )
            data = [i for i in _list(outcome.page.get("data")) if isinstance(i, Mapping)]
            found.extend(_object_dict(item) for item in data)
            next_cursor = _mapping(outcome.page.get("meta")).get("cursor")
            cursor = next_cursor if isinstance(next_cursor, str) else None
            if not data or not cursor or len(found) >= limit:
                break
        if not found:
            raise MsticpyVTNoDataError("The provided query returned 0 results")
        return self._extract_response(found[:limit])

    def _extract_response(self, response_list: list[dict[str, Any]]) -> pd.DataFrame:
        """Return one row per object of a search (attributes, ``id``, ``type``)."""
        import pandas as pd

        rows = []
        for item in response_list:
            item_df = pd.json_normalize(item.get("attributes") or {}, max_level=0)
            item_df["id"] = item.get("id")
            item_df["type"] = item.get("type")
            rows.append(item_df)
        return timestamps_to_utcdate(pd.concat(rows, axis=0, ignore_index=True))

    # ------------------------------------------------------------------ graphs

    @staticmethod
    def relationships_to_graph(
        relationship_dfs: list[pd.DataFrame],
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """
        Return graph nodes and edges from relationship frames.

        Parameters
        ----------
        relationship_dfs : list[pd.DataFrame]
            Frames from the relationship look-ups.

        Returns
        -------
        tuple[list[dict], list[dict]]
            Nodes ``{node_id, node_type}`` (sources, then targets) and edges
            ``{source_node, target_node, connection_type}``.

        Raises
        ------
        ValueError
            If the list is empty.

        """
        import pandas as pd

        if not relationship_dfs:
            raise ValueError("There are no relationship DataFrames")
        src, tgt = ColumnNames.SOURCE.value, ColumnNames.TARGET.value
        combined = pd.concat([df.set_index([src, tgt]) for df in relationship_dfs]).reset_index()

        def nodes_of(id_col: str, type_col: str) -> pd.DataFrame:
            return (
                combined.groupby(id_col)[type_col]
                .first()
                .reset_index()
                .rename(columns={id_col: "id", type_col: "type"})
            )

        nodes_df = pd.concat(
            [
                nodes_of(src, ColumnNames.SOURCE_TYPE.value),
                nodes_of(tgt, ColumnNames.TARGET_TYPE.value),
            ]
        )
        nodes = [
            {"node_id": node_id, "node_type": node_type}
            for node_id, node_type in zip(nodes_df["id"], nodes_df["type"])
        ]
        edges = [
            {"source_node": s, "target_node": t, "connection_type": c}
            for s, t, c in zip(
                combined[src], combined[tgt], combined[ColumnNames.RELATIONSHIP_TYPE.value]
            )
        ]
        return nodes, edges

    @staticmethod
    def render_vt_graph(graph_id: str, width: int = 800, height: int = 600) -> None:
        """Display a VirusTotal graph (an embedded frame) in a notebook."""
        from html import escape

        from IPython.display import HTML, display

        src = f"https://www.virustotal.com/graph/embed/{quote(str(graph_id), safe='')}"
        display(
            HTML(
                f'<iframe src="{escape(src)}" width="{int(width)}" height="{int(height)}"></iframe>'
            )
        )

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _pairs(df: pd.DataFrame, obs_col: str, type_col: str) -> list[tuple[str, str]]:
        frame = df.reset_index()
        for column in (obs_col, type_col):
            if column not in frame.columns:
                raise KeyError(f"Column {column} not found in observables_df")
        return list(zip(frame[obs_col].tolist(), frame[type_col].tolist()))


def _entity_type(value: Any) -> VTEntityType | None:
    try:
        return VTEntityType(value)
    except ValueError:
        return None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _object_dict(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return an object in vt-py's ``Object.to_dict()`` shape."""
    attributes = data.get("attributes")
    result: dict[str, Any] = {
        "type": data.get("type"),
        "attributes": dict(attributes) if isinstance(attributes, Mapping) else {},
    }
    if data.get("id"):
        result["id"] = data["id"]
    for extra in ("relationships", "context_attributes"):
        if data.get(extra):
            result[extra] = data[extra]
    return result


def _classify(reply: Any) -> _Outcome:
    """Turn a transport reply into an object, a page, "not found" or an error text."""
    body = reply.json() if reply.error is None else None
    if reply.status == 200 and isinstance(body, Mapping):
        data = body.get("data")
        obj = _object_dict(data) if isinstance(data, Mapping) else None
        return _Outcome(obj, page=dict(body))
    error = _mapping(_mapping(body).get("error"))
    code = error.get("code")
    if code == VT_API_NOT_FOUND:
        return _Outcome(found=False)
    if code:
        message = str(error.get("message") or "")
        return _Outcome(error=f"{code}: {message} (HTTP {reply.status})")
    if reply.status == 200:
        return _Outcome(error=f"reply is not a JSON object ({reply.error or 'no data'})")
    if reply.status:
        return _Outcome(error=f"HTTP {reply.status}" + (f": {reply.error}" if reply.error else ""))
    return _Outcome(error=reply.error or "no reply")


def _relationship_count(obj: Mapping[str, Any] | None, relationship: str) -> int | None:
    """Return the relationship's count from a counters reply (None if malformed)."""
    if obj is None:
        return None
    relationships = _mapping(obj.get("relationships"))
    if relationship not in relationships:
        return 0
    count = _mapping(_mapping(relationships[relationship]).get("meta")).get("count")
    if isinstance(count, bool) or not isinstance(count, int):
        return None
    return max(count, 0)


def _get_vt_api_key() -> str | None:
    """Return the VirusTotal key from the TIProviders settings (None if not set)."""
    from ...common.provider_settings import get_provider_settings

    vt_settings = get_provider_settings("TIProviders").get("VirusTotal")
    return vt_settings.args.get("AuthKey") if vt_settings else None


def timestamps_to_utcdate(data: pd.DataFrame) -> pd.DataFrame:
    """Replace the Unix timestamps of ``*_date`` columns with UTC pandas Timestamps."""
    import pandas as pd

    columns = data.columns
    for date_col in [col for col in columns if isinstance(col, str) and col.endswith("_date")]:
        data = (
            data.assign(pd_data=pd.to_datetime(data[date_col], unit="s", utc=True))
            .drop(columns=date_col)
            .rename(columns={"pd_data": date_col})
        )
    return data[columns]


__all__ = [
    "VT_API_NOT_FOUND",
    "ColumnNames",
    "MsticpyVTGraphSaveGraphError",
    "MsticpyVTNoDataError",
    "VTEntityType",
    "VTLookupV3",
    "VTObjectProperties",
    "timestamps_to_utcdate",
]

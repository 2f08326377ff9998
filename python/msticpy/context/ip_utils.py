"""
IP address utilities (msticpy's ``msticpy.context.ip_utils``).

Classify addresses (``get_ip_type``), turn them into ``IpAddress`` entities
(``convert_to_ip_entities``) and look up their owners: the ASN from Team Cymru's whois
service, then the network record from the Regional Internet Registry's RDAP service
(``ip_whois``, ``get_whois_info``, ``get_whois_df``), and ASN details from RADb
(``get_asn_details``, ``get_asn_from_name``).

RDAP and the ASN list travel through ``msticpy.common.http_transport`` (the Rust
transport: deadline, retries on 429/5xx, size cap); the whois queries use a TCP socket
with a deadline. Server addresses are module attributes (``WHOIS_SERVERS``,
``_REGISTRIES``) so that they can be pointed elsewhere. Differences from msticpy are
listed in ``docs/ip_domain_utils.md``.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import socket
import time
import warnings
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .._version import VERSION
from ..common.exceptions import MsticpyConnectionError, MsticpyException
from ..common.utility import arg_to_list, export
from ..datamodel.entities import GeoLocation, IpAddress

if TYPE_CHECKING:
    import pandas as pd

    from ..common.http_transport import HttpReply

__version__ = VERSION
logger = logging.getLogger(__name__)

# RDAP base URLs of the five Regional Internet Registries, keyed by the registry name
# Team Cymru reports.
_REGISTRIES: dict[str, dict[str, str]] = {
    "arin": {"url": "http://rdap.arin.net/registry/ip/"},
    "ripencc": {"url": "http://rdap.db.ripe.net/ip/"},
    "apnic": {"url": "http://rdap.apnic.net/ip/"},
    "lacnic": {"url": "http://rdap.lacnic.net/rdap/ip/"},
    "afrinic": {"url": "http://rdap.afrinic.net/rdap/ip/"},
}
_POTAROO_ASNS_URL = "https://bgp.potaroo.net/cidr/autnums.html"

#: ``(host, port)`` of the whois services queried for ASN data.
WHOIS_SERVERS: dict[str, tuple[str, int]] = {
    "cymru": ("whois.cymru.com", 43),
    "radb": ("whois.radb.net", 43),
}
#: Seconds allowed for one whois exchange (connect, send, read to the end).
WHOIS_TIMEOUT = 30.0
_WHOIS_MAX_BYTES = 1 << 20

RATE_LIMIT_THRESHOLD: int = 50
# Concurrent whois look-ups for lists up to RATE_LIMIT_THRESHOLD addresses.
_WHOIS_WORKERS = 8
_NO_MATCH = "Error: no ASN or IP match on line 1."
_EMAIL_RE = re.compile(r"[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*")
_IP_TYPES: tuple[tuple[str, str], ...] = (
    ("is_multicast", "Multicast"),
    ("is_global", "Public"),
    ("is_loopback", "Loopback"),
    ("is_link_local", "Link Local"),
    ("is_unspecified", "Unspecified"),
    ("is_private", "Private"),
    ("is_reserved", "Reserved"),
)


@dataclass
class _IpWhoIsResult:
    """A whois result: the ASN name and a dictionary of properties."""

    name: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Any]:
        """Iterate over ``(name, properties)`` as the older named tuple did."""
        return iter(asdict(self).values())

    def __getitem__(self, item: int) -> Any:
        """Index as the older named tuple did (0 = name, 1 = properties)."""
        return list(asdict(self).values())[item]


@export
def convert_to_ip_entities(
    ip_str: str | None = None,
    data: pd.DataFrame | None = None,
    ip_col: str | None = None,
    *,
    geo_lookup: bool = True,
) -> list[IpAddress]:
    """
    Convert IP address strings into ``IpAddress`` entities.

    Parameters
    ----------
    ip_str : str
        One address, or several separated by commas (msticpy's ``arg_to_list``).
    data : pd.DataFrame
        A DataFrame to take addresses from (with `ip_col`).
    ip_col : str
        The column of `data` holding addresses (a cell may hold a comma-separated
        string or a list).
    geo_lookup : bool
        If True (the default), add the geolocation of each address with
        ``GeoLiteLookup``.

    Returns
    -------
    list[IpAddress]
        One entity per distinct address, in order of first appearance within each
        input item.

    Raises
    ------
    ValueError
        If neither `ip_str` nor `data` with `ip_col` is given.

    """
    if ip_str:
        addrs: list[Any] = arg_to_list(ip_str)
    elif data is not None and ip_col:
        addrs = data[ip_col].to_numpy().tolist()
    else:
        raise ValueError("Must specify either ip_str or data + ip_col parameters.")
    geo_lite_lookup = None
    if geo_lookup:
        geo_lite_lookup = _geo_lookup()
    ip_entities: list[IpAddress] = []
    seen: set[Any] = set()
    for addr in addrs:
        if isinstance(addr, list):
            item_ips: set[Any] = set(addr)
        elif isinstance(addr, str) and "," in addr:
            item_ips = {ip.strip() for ip in addr.split(",")}
        else:
            item_ips = {addr}
        new_ips = item_ips - seen
        new_entities = [IpAddress(Address=ip) for ip in new_ips]
        seen |= new_ips
        if geo_lite_lookup is not None:
            for ip_ent in new_entities:
                geo_lite_lookup.lookup_ip(ip_entity=ip_ent)
        ip_entities.extend(new_entities)
    return ip_entities


def _geo_lookup() -> Any:
    """A ``GeoLiteLookup``, or None (with a warning) if this build has no geoip module."""
    try:
        from .geoip import GeoLiteLookup
    except ImportError:
        logger.warning("msticpy.context.geoip is not available: no geolocation added.")
        return None
    return GeoLiteLookup()


@export
def create_ip_record(
    heartbeat_df: pd.DataFrame,
    az_net_df: pd.DataFrame | None = None,
) -> IpAddress:
    """
    Build an ``IpAddress`` entity from a host's Heartbeat row (deprecated in msticpy).

    Parameters
    ----------
    heartbeat_df : pd.DataFrame
        Heartbeat data for the host (the first row is used).
    az_net_df : pd.DataFrame, optional
        Azure network data for the host.

    Returns
    -------
    IpAddress
        The entity with host, OS and location properties.

    """
    warnings.warn(
        "create_ip_record is deprecated (msticpy 1.4.0) and will be removed.",
        DeprecationWarning,
        stacklevel=2,
    )
    row = heartbeat_df.iloc[0]
    ip_entity = IpAddress()
    ip_entity.Address = row["ComputerIP"]
    for attr, column in (
        ("hostname", "Computer"),
        ("SourceComputerId", "SourceComputerId"),
        ("OSType", "OSType"),
        ("OSName", "OSName"),
        ("OSVMajorVersion", "OSMajorVersion"),
        ("OSVMinorVersion", "OSMinorVersion"),
        ("ComputerEnvironment", "ComputerEnvironment"),
        ("VMUUID", "VMUUID"),
        ("SubscriptionId", "SubscriptionId"),
    ):
        setattr(ip_entity, attr, row[column])
    ip_entity.OmsSolutions = [sol.strip() for sol in str(row["Solutions"]).split(",")]
    location = GeoLocation()
    location.CountryOrRegionName = row["RemoteIPCountry"]
    try:
        location.Longitude = float(row["RemoteIPLongitude"])
        location.Latitude = float(row["RemoteIPLatitude"])
    except (TypeError, ValueError):
        pass
    ip_entity.Location = location
    if az_net_df is not None and not az_net_df.empty:
        if len(az_net_df) == 1:
            ip_entity["private_ips"] = convert_to_ip_entities(
                az_net_df["PrivateIPAddresses"].iloc[0]
            )
            ip_entity["public_ips"] = convert_to_ip_entities(az_net_df["PublicIPAddresses"].iloc[0])
        else:
            for key in ("private_ips", "public_ips"):
                if key not in ip_entity:
                    ip_entity[key] = []
    return ip_entity


@export
def get_ip_type(ip: str | None = None, ip_str: str | None = None) -> str:
    """
    Classify an IP address (Public, Private, Multicast, Loopback, ...).

    Parameters
    ----------
    ip : str
        The IP address.
    ip_str : str
        Alias of `ip`.

    Returns
    -------
    str
        The first category that applies, in the order Multicast, Public, Loopback,
        Link Local, Unspecified, Private, Reserved; "Unspecified" for text that is not
        an IP address (which is logged).

    Raises
    ------
    ValueError
        If neither `ip` nor `ip_str` is given.

    """
    ip_str = ip or ip_str
    if not ip_str:
        raise ValueError("'ip' or 'ip_str' value must be specified")
    try:
        ip_obj = ipaddress.ip_address(ip_str)
    except ValueError:
        logger.error("%s does not appear to be an IPv4 or IPv6 address", ip_str)
        return "Unspecified"
    for attr, label in _IP_TYPES:
        if getattr(ip_obj, attr):
            return label
    return "Unspecified"


@export
@lru_cache(maxsize=1024)
def get_whois_info(
    ip: str | None = None,
    *,
    show_progress: bool = False,
    ip_str: str | None = None,
) -> pd.DataFrame | _IpWhoIsResult:
    """
    Return whois (ASN and RDAP) data for one public IP address (deprecated: ip_whois).

    Parameters
    ----------
    ip : str
        The IP address.
    show_progress : bool, optional
        Log a dot per query, by default False.
    ip_str : str
        Alias of `ip`.

    Returns
    -------
    _IpWhoIsResult
        ``(name, properties)``; for a non-public address the name says so and the
        properties are empty; a failed look-up names the error.

    Raises
    ------
    ValueError
        If neither `ip` nor `ip_str` is given.

    Notes
    -----
    Results are cached (``functools.lru_cache``) per address.

    """
    warnings.warn(
        "get_whois_info is deprecated (msticpy 2.1.0): use ip_whois.",
        DeprecationWarning,
        stacklevel=2,
    )
    ip_str = ip or ip_str
    if not ip_str:
        raise ValueError("'ip' or 'ip_str' value must be specified")
    ip_type = get_ip_type(ip_str)
    if ip_type != "Public":
        return _IpWhoIsResult(name=f"No ASN Information for IP type: {ip_type}")
    try:
        result = ip_whois(ip_str)
    except MsticpyException as err:
        return _IpWhoIsResult(name=f"Error during lookup of {ip_str} {type(err)}")
    if show_progress:
        logger.info(".")
    return result


@export
def get_whois_df(
    data: pd.DataFrame,
    ip_column: str,
    *,
    all_columns: bool = True,
    asn_col: str = "AsnDescription",
    whois_col: str = "WhoIsData",
    show_progress: bool = False,
) -> pd.DataFrame:
    """
    Add whois data to a DataFrame of IP addresses.

    Parameters
    ----------
    data : pd.DataFrame
        Input DataFrame.
    ip_column : str
        Column of IP addresses to look up.
    all_columns : bool
        Keep every whois column (the default); if False only `asn_col` and `whois_col`
        are added.
    asn_col : str, optional
        Output column for the ASN description, by default "AsnDescription".
    whois_col : str, optional
        Output column for the whole whois record (a dict), by default "WhoIsData".
    show_progress : bool, optional
        Ignored (kept for msticpy compatibility).

    Returns
    -------
    pd.DataFrame
        `data` with the whois columns merged on the address.

    """
    del show_progress
    import pandas as pd

    whois_data = ip_whois(data[ip_column].drop_duplicates())
    if (
        isinstance(whois_data, pd.DataFrame)
        and not whois_data.empty
        and ("query" in whois_data.columns)
    ):
        whois_data = whois_data.drop_duplicates(subset=["query"], keep="first")
        data = data.merge(
            whois_data, how="left", left_on=ip_column, right_on="query", suffixes=("", "_whois")
        )
        data[whois_col] = data[whois_data.columns].apply(lambda row: row.to_dict(), axis=1)
        data[asn_col] = data["asn_description"] if "asn_description" in data else None
        if not all_columns:
            return data.drop(columns=whois_data.columns)
        return data
    return data.assign(ASNDescription="No data returned")


def ip_whois(
    ip: IpAddress | str | list | pd.Series | None = None,
    ip_address: IpAddress | str | list[str] | pd.Series | None = None,
    *,
    raw: bool = False,
    query_rate: float = 0.5,
    retry_count: int = 5,
) -> pd.DataFrame | _IpWhoIsResult:
    """
    Look up whois data (ASN from Team Cymru, network from the registry's RDAP).

    Parameters
    ----------
    ip : IpAddress | str | list | pd.Series
        One address (or entity), or several.
    ip_address : IpAddress | str | list | pd.Series
        Alias of `ip`.
    raw : bool, optional
        If True, keep the RDAP reply (an ``HttpReply``) under the ``raw`` property.
    query_rate : float, optional
        Seconds between queries when more than ``RATE_LIMIT_THRESHOLD`` addresses are
        looked up, by default 0.5.
    retry_count : int, optional
        Attempts for an RDAP query answered 429 or 5xx, by default 5.

    Returns
    -------
    pd.DataFrame | _IpWhoIsResult
        For one address a ``_IpWhoIsResult``; for several a DataFrame with one row per
        address (just ``query`` for an address with no data).

    Raises
    ------
    ValueError
        If neither `ip` nor `ip_address` is given.
    MsticpyConnectionError
        If a whois server cannot be reached or RDAP answers with an error status.

    """
    import pandas as pd

    target = ip if ip is not None else ip_address
    if target is None:
        raise ValueError("One of ip or ip_address parameters must be supplied.")
    if isinstance(target, (list, pd.Series)):
        rate_limit = len(target) > RATE_LIMIT_THRESHOLD
        if rate_limit:
            logger.info("Large number of lookups, this may take some time.")
        results: dict[str, Any] = {}
        if rate_limit:
            for ip_addr in target:
                time.sleep(query_rate)
                results[ip_addr] = _whois_lookup(
                    ip_addr, raw=raw, retry_count=retry_count
                ).properties
        else:
            # Up to RATE_LIMIT_THRESHOLD addresses are looked up a few at a time: each
            # look-up mostly waits on whois and RDAP sockets (the GIL is free meanwhile).
            from concurrent.futures import ThreadPoolExecutor

            addrs = list(dict.fromkeys(target))
            with ThreadPoolExecutor(max_workers=_WHOIS_WORKERS) as pool:
                found = pool.map(
                    lambda addr: _whois_lookup(addr, raw=raw, retry_count=retry_count), addrs
                )
                results = {addr: res.properties for addr, res in zip(addrs, found)}
        return pd.DataFrame([result or {"query": key} for key, result in results.items()])
    if isinstance(target, (str, IpAddress)):
        return _whois_lookup(target, raw=raw, retry_count=retry_count)
    return pd.DataFrame()


def get_asn_details(asns: str | list[str]) -> pd.DataFrame | dict[str, Any]:
    """
    Return RADb details (name, description, contact, routes) of one or more ASNs.

    Parameters
    ----------
    asns : str | list[str]
        An ASN ("AS8075" or "8075") or a list of them.

    Returns
    -------
    pd.DataFrame | dict[str, Any]
        A dict for one ASN, a DataFrame (one row each) for a list.

    Raises
    ------
    MsticpyConnectionError
        If RADb cannot be reached.

    """
    if isinstance(asns, list):
        import pandas as pd

        return pd.DataFrame([_asn_results(str(asn)) for asn in asns])
    return _asn_results(str(asns))


def get_asn_from_name(name: str) -> dict[str, Any]:
    """
    Find ASNs whose name contains `name` (case-insensitive), from potaroo.net's list.

    Parameters
    ----------
    name : str
        Text to search for.

    Returns
    -------
    dict[str, Any]
        ``{asn: name}`` of the matches (a single match is returned as its ASN string,
        as msticpy does).

    Raises
    ------
    MsticpyConnectionError
        If the list cannot be fetched.
    MsticpyException
        If nothing matches.

    """
    wanted = name.casefold()
    matches = {key: value for key, value in _asns_dict().items() if wanted in value.casefold()}
    if len(matches) == 1:
        return next(iter(matches))  # type: ignore[arg-type]
    if matches:
        return matches
    raise MsticpyException(f"No ASNs found matching {wanted}")


def get_asn_from_ip(
    ip: str | IpAddress | None = None,
    ip_address: str | IpAddress | None = None,
) -> dict[str, Any]:
    """
    Return Team Cymru's ASN record of an IP address.

    Parameters
    ----------
    ip : str | IpAddress
        The address.
    ip_address : str | IpAddress
        Alias of `ip`.

    Returns
    -------
    dict[str, Any]
        Keys ``AS``, ``IP``, ``BGP Prefix``, ``CC``, ``Registry``, ``Allocated``,
        ``AS Name``; empty if no address is given or the reply has no record.

    Raises
    ------
    MsticpyConnectionError
        If the whois server cannot be reached or reports an error.

    """
    value = ip or ip_address
    if not value:
        return {}
    if isinstance(value, IpAddress):
        value = value.Address
    reply = _whois_query(f" -v {str(value).strip()}\r\n", "cymru")
    lines = [line for line in reply.split("\n") if line.strip()]
    if len(lines) < 2:
        return {}
    keys = lines[0].split("|")
    values = lines[1].split("|")
    return {key.strip(): val.strip() for key, val in zip(keys, values)}


# --- whois over TCP ------------------------------------------------------------------


def _whois_query(query: str, service: str) -> str:
    """Send `query` to a whois service and read its reply to the end (or the cap)."""
    host, port = WHOIS_SERVERS[service]
    chunks: list[bytes] = []
    size = 0
    try:
        with socket.create_connection((host, port), timeout=WHOIS_TIMEOUT) as conn:
            conn.settimeout(WHOIS_TIMEOUT)
            conn.sendall(query.encode("utf-8"))
            while size < _WHOIS_MAX_BYTES:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except OSError as err:
        raise MsticpyConnectionError(
            f"Unable to query the {service} whois service ({host}:{port}): {err}",
            title="whois query failed",
        ) from err
    reply = b"".join(chunks).decode("utf-8", errors="replace")
    lowered = reply.casefold()
    if "rate limit exceeded" in lowered:
        raise MsticpyConnectionError("Rate limit exceeded please wait and try again.")
    return reply


def _parse_whois_fields(reply: str) -> dict[str, Any]:
    """``key: value`` lines to a dict; a repeated key collects a list of values."""
    fields: dict[str, Any] = {}
    for line in reply.split("\n"):
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or not key:
            continue
        value = value.strip()
        if key not in fields:
            fields[key] = value
        elif isinstance(fields[key], list):
            fields[key].append(value)
        else:
            fields[key] = [fields[key], value]
    return fields


def _asn_results(asn: str) -> dict[str, Any]:
    """RADb's record of an ASN and the routes it originates."""
    if not asn.startswith("AS"):
        asn = f"AS{asn}"
    record = _parse_whois_fields(_whois_query(f" {asn}\r\n", "radb"))
    details: dict[str, Any] = {
        "Autonomous Number": record.get("aut-num"),
        "AS Name": record.get("as-name"),
        "Description": record.get("descr"),
        "Contact": record.get("notify"),
        "Last Updated": record.get("changed"),
    }
    routes = _whois_query(f" -i origin {asn}\r\n", "radb")
    details["ranges"] = [
        line.partition(":")[2].strip()
        for line in routes.split("\n")
        if line.partition(":")[0].strip() == "route"
    ]
    return details


_ASNS_CACHE: dict[str, str] = {}
_ASN_LINK_RE = re.compile(r"<a [^>]*>\s*(AS\d+)\s*</a>\s*([^\n<]*)", re.IGNORECASE)


def _asns_dict() -> dict[str, str]:
    """potaroo.net's ASN-to-name list, fetched once per process."""
    if not _ASNS_CACHE:
        from ..common.http_transport import HttpRequest, fetch

        reply = fetch(HttpRequest(_POTAROO_ASNS_URL, group="potaroo"))
        if reply.status != 200:
            raise MsticpyConnectionError(
                "Unable to get ASN details from potaroo.net "
                f"(status {reply.status}{', ' + reply.error if reply.error else ''})"
            )
        text = reply.body.decode("utf-8", errors="replace")
        _ASNS_CACHE.update({asn: desc.strip() for asn, desc in _ASN_LINK_RE.findall(text)})
    return _ASNS_CACHE


# --- RDAP ----------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _whois_lookup(
    ip_addr: str | IpAddress, *, raw: bool = False, retry_count: int = 5
) -> _IpWhoIsResult:
    """ASN record from Team Cymru, then the network records from the RIR's RDAP."""
    if isinstance(ip_addr, IpAddress):
        ip_addr = ip_addr.Address
    ip_text = str(ip_addr).strip()
    asn_items = get_asn_from_ip(ip_text)
    if not asn_items or _NO_MATCH in asn_items or "AS Name" not in asn_items:
        return _IpWhoIsResult(None)
    registry_url = _REGISTRIES.get(asn_items.get("Registry", ""), {}).get("url")
    result = _IpWhoIsResult(
        asn_items["AS Name"],
        {
            "asn": asn_items.get("AS"),
            "query": asn_items.get("IP"),
            "asn_cidr": asn_items.get("BGP Prefix"),
            "asn_country_code": asn_items.get("CC"),
            "asn_registry": asn_items.get("Registry"),
            "asn_date": asn_items.get("Allocated"),
            "asn_description": asn_items.get("AS Name"),
        },
    )
    if not registry_url:
        return _IpWhoIsResult(None)
    return _add_rdap_data(result, f"{registry_url}{ip_text}", retry_count, raw=raw)


def _rdap_get(url: str, retry_count: int) -> HttpReply:
    """One RDAP GET through the transport (429 and 5xx retried, with a deadline)."""
    from ..common.http_transport import HttpRequest, fetch

    return fetch(
        HttpRequest(url, headers={"Accept": "application/rdap+json"}, group="RDAP"),
        retries=max(0, min(int(retry_count), 100)),
        max_bytes=4 << 20,
    )


def _add_rdap_data(
    result: _IpWhoIsResult, rdap_url: str, retry_count: int, *, raw: bool
) -> _IpWhoIsResult:
    """Add the network record (and its parent, the ``up`` link) to `result`."""
    reply = _rdap_get(rdap_url, retry_count)
    content = reply.json() if reply.status == 200 and not reply.error else None
    if not isinstance(content, dict):
        detail = reply.error or f"Error code: {reply.status}"
        if reply.status == 200:
            detail = "RDAP reply is not a JSON object"
        raise MsticpyConnectionError(detail, title="RDAP query failed")
    nets = [_create_net(content)]
    for link in content.get("links") or []:
        if isinstance(link, dict) and link.get("rel") == "up" and link.get("href"):
            up_reply = _rdap_get(str(link["href"]), retry_count)
            up_content = up_reply.json() if up_reply.status == 200 else None
            if isinstance(up_content, dict):
                nets.append(_create_net(up_content))
    result.properties["nets"] = nets
    if raw:
        result.properties["raw"] = reply
    return result


def _find_address(entity: dict[str, Any]) -> str | None:
    """The postal address label in an RDAP entity's jCard (RFC 7095), if any."""
    vcard = entity.get("vcardArray")
    if not isinstance(vcard, list):
        return None
    for props in vcard:
        if not isinstance(props, list):
            continue
        for prop in props:
            if (
                isinstance(prop, list)
                and len(prop) > 1
                and prop[0] == "adr"
                and isinstance(prop[1], dict)
                and "label" in prop[1]
            ):
                return prop[1]["label"]
    return None


def _create_net(data: dict[str, Any]) -> dict[str, Any]:
    """Summarise an RDAP IP network object (RFC 9083 section 5.4)."""
    cidrs = data.get("cidr0_cidrs") or [None]
    net_data = cidrs[0] if isinstance(cidrs, list) and isinstance(cidrs[0], dict) else {}
    prefixes = [key for key in ("v4prefix", "v6prefix") if key in net_data]
    if prefixes:
        net_cidr = " ".join(f"{net_data[key]}/{net_data.get('length', '')}" for key in prefixes)
    else:
        net_cidr = "No network data retrieved."
    created = updated = None
    for event in data.get("events") or []:
        if not isinstance(event, dict):
            continue
        if event.get("eventAction") == "registration":
            created = event.get("eventDate")
        elif event.get("eventAction") == "last changed":
            updated = event.get("eventDate")
    address = None
    for entity in data.get("entities") or []:
        if isinstance(entity, dict):
            address = _find_address(entity) or address
    emails = list(dict.fromkeys(_EMAIL_RE.findall(json.dumps(data))))
    return {
        "cidr": net_cidr,
        "handle": data.get("handle"),
        "name": data.get("name"),
        "startAddress": data.get("startAddress"),
        "endAddress": data.get("endAddress"),
        "created": created,
        "updated": updated,
        "address": address,
        "emails": emails,
    }

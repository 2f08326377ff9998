"""
``IPStackLookup``: msticpy's ipstack.com geolocation client on the Rust HTTP transport.

Requests, results and errors are msticpy 3.0.2's (one request per address, or one bulk
request with ``bulk_lookup=True``); the access key travels in the query string as the
service requires, and is redacted from every error and never appears in a repr.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

from ..common.exceptions import MsticpyUserConfigError
from ..common.provider_settings import ProviderSettings
from .geoip import GeoIpLookup, _get_geoip_provider_settings

if TYPE_CHECKING:
    from ..datamodel.entities import IpAddress

__all__ = ["IPStackLookup"]


class IPStackLookup(GeoIpLookup):
    """
    IPStack GeoIP implementation.

    See Also
    --------
    GeoIpLookup : Abstract base class
    GeoLiteLookup : MaxMind GeoIP implementation

    """

    _LICENSE_HTML: ClassVar[str] = (
        "This library uses services provided by ipstack. "
        '<a href="https://ipstack.com">https://ipstack.com</a>'
    )
    _LICENSE_TXT: ClassVar[str] = (
        "This library uses services provided by ipstack (https://ipstack.com)"
    )
    _IPSTACK_API: ClassVar[str] = (
        "http://api.ipstack.com/{iplist}?access_key={access_key}&output=json"
    )
    _NO_API_KEY_MSSG: ClassVar[str] = (
        "No API key was found for the IPStack service (https://ipstack.com). Add it to "
        "msticpyconfig.yaml (OtherProviders.IPStack.Args.AuthKey), run "
        "msticpy.settings.refresh_config(), or pass it: IPStackLookup(api_key=...)."
    )

    def __init__(self, api_key: str | None = None, *, bulk_lookup: bool = False) -> None:
        """
        Create the lookup.

        Parameters
        ----------
        api_key : str, optional
            ipstack access key; by default ``OtherProviders.IPStack.Args.AuthKey``.
        bulk_lookup : bool, optional
            Send all addresses in one request (paid plans; default False).

        """
        self.settings: ProviderSettings | None = None
        self._api_key: str | None = api_key
        self.bulk_lookup: bool = bulk_lookup

    def __repr__(self) -> str:
        """Show the mode, never the key."""
        return f"IPStackLookup(bulk_lookup={self.bulk_lookup})"

    def _check_initialized(self) -> bool:
        if self._api_key:
            return True
        self.settings = _get_geoip_provider_settings("IPStack")
        self._api_key = self.settings.args.get("AuthKey") if self.settings else None
        if self._api_key:
            return True
        raise MsticpyUserConfigError(
            self._NO_API_KEY_MSSG,
            help_uri=(
                "https://msticpy.readthedocs.io/en/latest/data_acquisition/"
                "GeoIPLookups.html#ipstack-geo-lookup-class"
            ),
            title="IPStack API key not found",
        )

    def lookup_ip(
        self,
        ip_address: str | None = None,
        ip_addr_list: Iterable | None = None,
        ip_entity: IpAddress | None = None,
    ) -> tuple[list[Any], list[IpAddress]]:
        """
        Look up IP locations with the ipstack web service.

        Parameters
        ----------
        ip_address : str, optional
            A single address to look up (the default is None).
        ip_addr_list : Iterable, optional
            A collection of addresses to look up (the default is None).
        ip_entity : IpAddress, optional
            An IpAddress entity (the default is None); its Location is replaced.

        Returns
        -------
        tuple[list[Any], list[IpAddress]]
            ``(reply JSON, HTTP status)`` pairs, and the located IpAddress entities.

        Raises
        ------
        PermissionError
            If the service refuses a bulk request (plan without bulk look-ups).

        """
        self._check_initialized()
        ip_list = self._ip_params_to_list(ip_address, ip_addr_list, ip_entity)
        results = self._submit_request(ip_list)
        output_raw: list[tuple[Any, int]] = []
        output_entities: list[IpAddress] = []
        for ip_loc, status in results:
            if status == 200 and ip_loc and "error" not in ip_loc:
                output_entities.append(self._create_ip_entity(ip_loc, ip_entity))
            output_raw.append((ip_loc, status))
        return output_raw, output_entities

    @staticmethod
    def _create_ip_entity(ip_loc: dict, ip_entity: IpAddress | None) -> IpAddress:
        from ..datamodel.entities import GeoLocation, IpAddress

        if not ip_entity:
            ip_entity = IpAddress()
            ip_entity.Address = ip_loc["ip"]
        geo = GeoLocation()
        geo.CountryCode = ip_loc["country_code"]
        geo.CountryOrRegionName = ip_loc["country_name"]
        geo.State = ip_loc["region_name"]
        geo.City = ip_loc["city"]
        geo.Longitude = ip_loc["longitude"]
        geo.Latitude = ip_loc["latitude"]
        if "connection" in ip_loc:
            geo.Asn = ip_loc["connection"]["asn"]
        ip_entity.Location = geo
        return ip_entity

    def _url(self, ip_text: str) -> str:
        return self._IPSTACK_API.format(
            iplist=quote(ip_text, safe=",:"), access_key=quote(str(self._api_key), safe="")
        )

    def _submit_request(self, ip_list: list[str]) -> list[tuple[Any, int]]:
        """Send the requests; return ``(JSON or None, status)`` per reply."""
        from ..common.http_transport import HttpRequest, fetch_many
        from ..common.utility import mp_ua_header

        secrets = [str(self._api_key)]
        if self.bulk_lookup:
            request = HttpRequest(
                url=self._url(",".join(ip_list)), headers=mp_ua_header(), group="IPStack"
            )
            reply = fetch_many([request], secrets=secrets)[0]
            body = _json(reply.body)
            if 200 <= reply.status < 300 and body is not None:
                if isinstance(body, dict) and "success" in body and not body["success"]:
                    raise PermissionError(
                        f"Service unable to complete request. Error: {body.get('error')}"
                    )
                items = body.values() if isinstance(body, dict) else body
                return [(item, reply.status) for item in items]
            return [(body if body is not None else {}, reply.status)]
        requests = [
            HttpRequest(url=self._url(ip), headers=mp_ua_header(), group="IPStack")
            for ip in ip_list
        ]
        results: list[tuple[Any, int]] = []
        for reply in fetch_many(requests, secrets=secrets):
            if reply.status == 0:
                results.append((None, -1))
            else:
                results.append((_json(reply.body), reply.status))
        return results


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None

"""
IP geolocation: msticpy's ``GeoLiteLookup`` and ``IPStackLookup`` on a Rust reader.

``GeoLiteLookup`` reads MaxMind GeoLite2/GeoIP2 databases (City or Country) through the
Rust ``maxminddb`` crate: one reader per database file per process, batch look-ups with
the GIL released, and a corrupt or wrong-format file refused when it is opened. The
configuration (``OtherProviders.GeoIPLite``: ``DBFolder``, ``AuthKey``, ``AccountID``),
the 30-day auto-update and the download from MaxMind are msticpy 3.0.2's; the download
runs over :mod:`msticpy.common.http_transport`. ``IPStackLookup`` queries ipstack.com
over the same transport. The classic path ``msticpy.sectools.geoip`` is this module.

Deliberate differences (``docs/geoip.md``): with no database and no way to download one,
``GeoLiteLookup`` answers country level from RIR delegation data embedded in the
package (with a one-time notice; coordinates are one representative point per country,
marked ``location.resolution == "country"`` in the raw results) where msticpy raises
``MsticpyUserConfigError``;
``df_lookup_ip`` returns the input unchanged when no address could be located (msticpy
raises ``KeyError``); ``GeoIPDatabaseError`` is also a ``MsticpyUserConfigError`` and a
``ValueError``.
"""

from __future__ import annotations

import logging
import math
import os
import warnings
from abc import ABCMeta, abstractmethod
from collections import abc
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from .._version import VERSION
from ..common.exceptions import MsticpyUserConfigError
from ..common.provider_settings import ProviderSettings, get_provider_settings

if TYPE_CHECKING:
    import pandas as pd

    from ..datamodel.entities import IpAddress

__version__ = VERSION
__author__ = "msticpy-rs"
__all__ = [
    "GeoIPDatabaseError",
    "GeoIpDefaultDataNotice",
    "GeoIpLookup",
    "GeoLiteLookup",
    "IPStackLookup",
    "entity_distance",
    "geo_distance",
]

logger = logging.getLogger(__name__)

_EARTH_RADIUS_KM = 6371
_LOCATION_FIELDS = ("CountryCode", "CountryOrRegionName", "State", "City", "Longitude", "Latitude")


class GeoIPDatabaseError(MsticpyUserConfigError, ValueError):
    """A GeoIP database file cannot be found, read or used."""


class GeoIpDefaultDataNotice(UserWarning):
    """Shown once per process when the embedded country-level data answers."""


def _as_text(address: Any) -> Any:
    """
    ``address`` as it can cross to the extension.

    A str with a lone surrogate is not an address and cannot be encoded: it is escaped
    (so it is reported as not found, as msticpy does for any invalid address).
    """
    if isinstance(address, str):
        try:
            address.encode("utf-8")
        except UnicodeEncodeError:
            return address.encode("utf-8", "backslashreplace").decode("utf-8")
    return address


def _native() -> Any:
    from .. import _native as native

    return native


class GeoIpLookup(metaclass=ABCMeta):
    """
    Abstract base class for GeoIP lookup classes.

    See Also
    --------
    IPStackLookup : IPStack GeoIP implementation
    GeoLiteLookup : MaxMind GeoIP implementation

    """

    _LICENSE_TXT: ClassVar[str]
    _LICENSE_HTML: ClassVar[str]

    @abstractmethod
    def lookup_ip(
        self,
        ip_address: str | None = None,
        ip_addr_list: Iterable | None = None,
        ip_entity: IpAddress | None = None,
    ) -> tuple[list[Any], list[IpAddress]]:
        """
        Look up the location of one or more IP addresses.

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
            Raw geolocation results, and the same results as IpAddress entities with
            their Location set.

        """

    def df_lookup_ip(self, data: pd.DataFrame, column: str) -> pd.DataFrame:
        """
        Add location columns to a DataFrame of IP addresses.

        Parameters
        ----------
        data : pd.DataFrame
            DataFrame with an IP address column.
        column : str
            The name of that column.

        Returns
        -------
        pd.DataFrame
            A copy of ``data`` left-merged with :meth:`lookup_ips` on ``column``
            (location columns filled where a location was found).

        """
        found = self.lookup_ips(data, column)
        if "IpAddress" not in found.columns:
            # msticpy raises KeyError here when no address could be located.
            return data.copy()
        return data.merge(found, how="left", left_on=column, right_on="IpAddress")

    def lookup_ips(self, data: pd.DataFrame, column: str) -> pd.DataFrame:
        """
        Look up the addresses of a DataFrame column.

        Parameters
        ----------
        data : pd.DataFrame
            DataFrame with an IP address column.
        column : str
            The name of that column.

        Returns
        -------
        pd.DataFrame
            One row per located address (input order, duplicates kept): the location
            properties and ``IpAddress``.

        """
        import pandas as pd

        _, entities = self.lookup_ip(ip_addr_list=list(data[column].values))
        return pd.DataFrame(
            data=[
                {**ent.Location.properties, "IpAddress": ent.Address}
                for ent in entities
                if ent.Location is not None
            ]
        )

    @staticmethod
    def _ip_params_to_list(
        ip_address: str | Iterable | IpAddress | None = None,
        ip_addr_list: Iterable | None = None,
        ip_entity: IpAddress | None = None,
    ) -> list[str]:
        """Return the addresses given by any of the three parameters, stripped."""
        from ..datamodel.entities import IpAddress

        if ip_address is not None:
            if isinstance(ip_address, str):
                return [ip_address.strip()]
            if isinstance(ip_address, abc.Iterable):
                return [str(ip).strip() for ip in ip_address]
            if isinstance(ip_address, IpAddress):
                return [ip_address.Address]
        if ip_addr_list is not None and isinstance(ip_addr_list, abc.Iterable):
            return [str(ip).strip() for ip in ip_addr_list]
        if ip_entity:
            return [ip_entity.Address]
        raise ValueError("No valid ip addresses were passed as arguments.")

    def print_license(self) -> None:
        """Show the licence text of the data provider."""
        from ..common.utility import is_ipython

        if self._LICENSE_HTML and is_ipython(notebook=True):
            from IPython.display import HTML, display

            display(HTML(self._LICENSE_HTML))
        elif self._LICENSE_TXT:
            logger.info(self._LICENSE_TXT)


def _location_entity(
    ip_address: str, geo_match: Mapping[str, Any], ip_entity: IpAddress | None = None
) -> IpAddress:
    """Set the Location of ``ip_entity`` (or a new entity) from a raw GeoIP record."""
    from ..datamodel.entities import GeoLocation, IpAddress

    if not ip_entity:
        ip_entity = IpAddress()
        ip_entity.Address = ip_address
    geo = GeoLocation()
    geo.CountryCode = geo_match.get("country", {}).get("iso_code", None)
    geo.CountryOrRegionName = geo_match.get("country", {}).get("names", {}).get("en", None)
    subdivisions = geo_match.get("subdivisions", [])
    if subdivisions:
        geo.State = subdivisions[0].get("names", {}).get("en", None)
    geo.City = geo_match.get("city", {}).get("names", {}).get("en", None)
    geo.Longitude = geo_match.get("location", {}).get("longitude", None)
    geo.Latitude = geo_match.get("location", {}).get("latitude", None)
    ip_entity.Location = geo
    return ip_entity


def _get_geoip_provider_settings(provider_name: str) -> ProviderSettings:
    """Return the ``OtherProviders`` settings of a provider (empty when not configured)."""
    settings = get_provider_settings(config_section="OtherProviders")
    if provider_name in settings:
        return settings[provider_name]
    return ProviderSettings(name=provider_name, description="Not found.")


_NOTICE_SHOWN = False


def _default_data_notice() -> None:
    """Say once per process that the embedded country-level data is answering."""
    global _NOTICE_SHOWN
    if _NOTICE_SHOWN:
        return
    _NOTICE_SHOWN = True
    source, snapshot = _native().geoip_embedded_source()
    warnings.warn(
        "GeoLiteLookup: no MaxMind GeoLite2 City database is available, so locations "
        f"are country level only, from {source} (a snapshot of about {snapshot}); "
        "Latitude/Longitude are one representative point per country (Natural Earth), "
        "not the address's location. Configure OtherProviders.GeoIPLite in "
        "msticpyconfig.yaml (or pass db_folder=) for city-level results.",
        GeoIpDefaultDataNotice,
        stacklevel=3,
    )


class GeoLiteLookup(GeoIpLookup):
    """
    GeoIP lookup using a MaxMind DB (GeoLite2 or GeoIP2 City), or embedded data.

    See Also
    --------
    GeoIpLookup : Abstract base class
    IPStackLookup : IPStack GeoIP implementation

    """

    _MAXMIND_DOWNLOAD: ClassVar[str] = (
        "https://download.maxmind.com/geoip/databases/GeoLite2-City/download?suffix=tar.gz"
    )
    _DB_HOME: ClassVar[str] = str(Path("~").expanduser().joinpath(".msticpy", "GeoLite2"))
    _DB_ARCHIVE: ClassVar[str] = "GeoLite2-City.mmdb.{rand}.tar.gz"
    _DB_FILE: ClassVar[str] = "GeoLite2-City.mmdb"
    _LICENSE_HTML: ClassVar[str] = (
        "This product includes GeoLite2 data created by MaxMind, available from "
        '<a href="https://www.maxmind.com">https://www.maxmind.com</a>.'
    )
    _LICENSE_TXT: ClassVar[str] = (
        "This product includes GeoLite2 data created by MaxMind, available from "
        "https://www.maxmind.com."
    )
    _NO_API_KEY_MSSG: ClassVar[str] = (
        "Downloading the MaxMind GeoLite2 database needs an account ID and a licence key "
        "(https://www.maxmind.com/en/geolite2/signup). Add them to msticpyconfig.yaml "
        "(OtherProviders.GeoIPLite: AccountID, AuthKey) or pass them: "
        'GeoLiteLookup(account_id="your_id", api_key="your_key").'
    )
    _UNSET_PATH: ClassVar[str] = "~~UNSET~~"
    _MAX_DB_AGE: ClassVar[timedelta] = timedelta(days=30)

    def __init__(
        self,
        api_key: str | None = None,
        account_id: str | None = None,
        db_folder: str | None = None,
        *,
        force_update: bool = False,
        auto_update: bool = True,
        debug: bool = False,
        memory_map: bool | None = None,
    ) -> None:
        """
        Create the lookup; the database is found (or downloaded) on first use.

        Parameters
        ----------
        api_key : str, optional
            MaxMind licence key; by default ``OtherProviders.GeoIPLite.Args.AuthKey``.
        account_id : str, optional
            MaxMind account ID; by default ``...Args.AccountID``.
        db_folder : str, optional
            Folder holding ``GeoLite2-City.mmdb``; by default ``...Args.DBFolder``,
            else ``~/.msticpy/GeoLite2``.
        force_update : bool, optional
            Download a new database even if the local one is recent (default False).
        auto_update : bool, optional
            Download a new database when the local one is over 30 days old (default True).
        debug : bool, optional
            Log debugging information (default False).
        memory_map : bool, optional
            Memory-map the database instead of reading it into memory (beyond msticpy;
            default ``...Args.MemoryMap``, else False). Processes then share its pages,
            but the file must never be truncated or rewritten in place while open: that
            kills the process (SIGBUS). Replacing it by rename, as the download and
            MaxMind's ``geoipupdate`` do, is safe.

        """
        self._debug = debug
        self._memory_map = memory_map
        self.settings: ProviderSettings | None = None
        self._api_key: str | None = api_key or None
        self._account_id: str | None = account_id or None
        self._db_folder: str = db_folder or self._UNSET_PATH
        self._force_update = force_update
        self._auto_update = auto_update
        self._db_path: str | None = None
        self._reader: Any = None
        self._use_default = False

    def __repr__(self) -> str:
        """Show the database in use, never the licence key."""
        return (
            f"{self.__class__.__name__}(db_folder={self._db_folder!r}, "
            f"db_path={self._db_path!r}, embedded_default={self._use_default})"
        )

    def close(self) -> None:
        """Release this object's reference to the database (others may share it)."""
        self._reader = None

    def lookup_ip(
        self,
        ip_address: str | None = None,
        ip_addr_list: Iterable | None = None,
        ip_entity: IpAddress | None = None,
    ) -> tuple[list[dict[str, Any]], list[IpAddress]]:
        """
        Look up IP locations in the GeoLite2 database (or the embedded default).

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
        tuple[list[dict[str, Any]], list[IpAddress]]
            Raw records (as geoip2's ``City.to_dict()``) and IpAddress entities, for
            the public addresses that were found; others are left out, as msticpy does.

        """
        self._check_initialized()
        ip_list = [
            _as_text(ip) for ip in self._ip_params_to_list(ip_address, ip_addr_list, ip_entity)
        ]
        # The records arrive as fresh dicts built by the extension (no JSON text).
        if self._use_default:
            raw, indexes, errors = _native().geoip_embedded_raw(ip_list)
        else:
            raw, indexes, errors = self._reader.lookup_raw(ip_list)
        for index, reason in errors:
            logger.warning("Error looking up IP %s - %s", ip_list[index], reason)
        entities = [
            _location_entity(ip_list[index], match, ip_entity)
            for index, match in zip(indexes, raw, strict=True)
        ]
        return raw, entities

    def lookup_ips(self, data: pd.DataFrame, column: str) -> pd.DataFrame:
        """
        Look up the addresses of a DataFrame column.

        Parameters
        ----------
        data : pd.DataFrame
            DataFrame with an IP address column.
        column : str
            The name of that column.

        Returns
        -------
        pd.DataFrame
            One row per located address (input order, duplicates kept): the location
            properties and ``IpAddress``, as msticpy builds them from the entities.

        """
        from ._geoip_frame import location_frame

        self._check_initialized()
        ip_list = [_as_text(str(ip).strip()) for ip in data[column].values]
        if self._use_default:
            rows, columns, errors = _native().geoip_embedded_batch(ip_list)
        else:
            rows, columns, errors = self._reader.lookup_batch(ip_list)
        for index, reason in errors:
            logger.warning("Error looking up IP %s - %s", ip_list[index], reason)
        return location_frame(ip_list, rows, columns)

    def _check_initialized(self) -> None:
        """Find (download if needed and allowed) and open the database."""
        if self._reader is not None and self._reader.pid != os.getpid():
            # Forked since the reader was opened: use this process's own reader.
            self._reader = self._open(self._reader.path, self._memory_map is True)
        if (self._reader is not None or self._use_default) and self.settings:
            return
        self.settings = _get_geoip_provider_settings("GeoIPLite")
        self._api_key = self._api_key or self.settings.args.get("AuthKey")
        self._account_id = self._account_id or self.settings.args.get("AccountID")
        if self._memory_map is None:
            self._memory_map = str(self.settings.args.get("MemoryMap", "")).lower() == "true"
        if self._db_folder == self._UNSET_PATH:
            self._db_folder = self.settings.args.get("DBFolder", self._DB_HOME)
        self._db_folder = str(Path(self._db_folder).expanduser())
        self._check_and_update_db()
        self._db_path = self._get_geoip_db_path()
        if self._db_path is None:
            self._use_default = True
            _default_data_notice()
            return
        self._reader = self._open(self._db_path, self._memory_map is True)

    @staticmethod
    def _open(db_path: str, memory_map: bool = False) -> Any:
        try:
            return _native().GeoIpDb(db_path, memory_map)
        except ValueError as err:
            raise GeoIPDatabaseError(str(err)) from err

    def _check_and_update_db(self) -> None:
        """Download the database when missing, older than 30 days, or forced."""
        from ._geoip_download import download_database

        db_path = self._get_geoip_db_path()
        if db_path is None:
            logger.info("No local MaxMind City database in %s", self._db_folder)
            if self._api_key or self._account_id:
                self._download(download_database)
            return
        build = datetime.fromtimestamp(self._open(db_path).build_epoch, tz=timezone.utc)
        stale = datetime.now(timezone.utc) - build > self._MAX_DB_AGE
        if (stale and self._auto_update) or self._force_update:
            if not self._download(download_database):
                self._geolite_warn("DB download failed")
                self._geolite_warn("Continuing with cached database. Results may inaccurate.")

    def _download(self, download: Any) -> bool:
        if not self._api_key or not self._account_id:
            logger.error(self._NO_API_KEY_MSSG)
            return False
        error = download(
            url=self._MAXMIND_DOWNLOAD,
            folder=Path(self._db_folder),
            archive_pattern=self._DB_ARCHIVE,
            account_id=self._account_id,
            api_key=self._api_key,
        )
        if error:
            self._geolite_warn(error)
            return False
        return True

    def _get_geoip_db_path(self) -> str | None:
        """Return the path of the City database in the folder, if there is one."""
        path = Path(self._db_folder or ".").joinpath(self._DB_FILE)
        return str(path) if path.is_file() else None

    def _geolite_warn(self, msg: str) -> None:
        warnings.warn(f"GeoIpLookup: {msg}", UserWarning, stacklevel=3)


def entity_distance(ip_src: IpAddress, ip_dest: IpAddress) -> float:
    """
    Return the distance in kilometres between two located IpAddress entities.

    Parameters
    ----------
    ip_src : IpAddress
        Source entity.
    ip_dest : IpAddress
        Destination entity.

    Returns
    -------
    float
        Distance in kilometres.

    Raises
    ------
    AttributeError
        If either entity has no Location.

    """
    if not ip_src.Location or not ip_dest.Location:
        raise AttributeError(
            "Source and destination entities must have defined Location properties."
        )
    return geo_distance(
        origin=(ip_src.Location.Latitude, ip_src.Location.Longitude),
        destination=(ip_dest.Location.Latitude, ip_dest.Location.Longitude),
    )


def geo_distance(origin: tuple[float, float], destination: tuple[float, float]) -> float:
    """
    Return the great-circle (haversine) distance between two points.

    Parameters
    ----------
    origin : tuple[float, float]
        Latitude, longitude of the origin.
    destination : tuple[float, float]
        Latitude, longitude of the destination.

    Returns
    -------
    float
        Distance in kilometres (Earth radius 6371 km).

    Examples
    --------
    >>> round(geo_distance((48.1372, 11.5756), (52.5186, 13.4083)), 1)
    504.2

    """
    orig_lat, orig_lon = origin
    dest_lat, dest_lon = destination
    d_lat = math.radians(dest_lat - orig_lat)
    d_lon = math.radians(dest_lon - orig_lon)
    # Products, not powers: the same rounding as msticpy's formula, to the last bit.
    hav = (math.sin(d_lat / 2) * math.sin(d_lat / 2)) + (
        math.cos(math.radians(orig_lat))
        * math.cos(math.radians(dest_lat))
        * math.sin(d_lon / 2)
        * math.sin(d_lon / 2)
    )
    return _EARTH_RADIUS_KM * 2 * math.atan2(math.sqrt(hav), math.sqrt(1 - hav))


# Defined beside the base class it extends; imported last because it subclasses it.
from ._ipstack import IPStackLookup  # noqa: E402

"""
Threat-intelligence look-ups (msticpy 3.x ``context.tilookup``).

``TILookup()`` loads the providers of the ``TIProviders`` section of msticpyconfig.yaml
(keys resolved through ``msticpy.common.provider_settings``) and looks observables up in
them. A provider that cannot load is reported in ``provider_status``; the rest load.
Results of successful look-ups are kept in a shared cache with a time-to-live
(``msticpy.context.lookup_cache``; beyond msticpy).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, ClassVar

from .._version import VERSION
from .lookup import Lookup
from .provider_base import Provider, _make_sync
from .tiproviders import TI_PROVIDERS

if TYPE_CHECKING:
    import datetime

    import pandas as pd

__version__ = VERSION


class TILookup(Lookup):
    """Threat Intel observable lookup from providers."""

    _NO_PROVIDERS_MSG: ClassVar[str] = (
        "No TI Providers are loaded - please check that you have correctly configured "
        "your msticpyconfig.yaml settings."
    )
    _HELP_URI: ClassVar[str] = (
        "https://msticpy.readthedocs.io/en/latest/data_acquisition/"
        "TIProviders.html#configuration-file"
    )
    PROVIDERS: ClassVar[dict[str, tuple[str, str]]] = TI_PROVIDERS
    PACKAGE: ClassVar[str] = "tiproviders"
    CUSTOM_PROVIDERS: ClassVar[dict[str, type[Provider]]] = {}
    _CONFIG_SECTION: ClassVar[str] = "TIProviders"

    def lookup_ioc(
        self,
        ioc: str | None = None,
        ioc_type: str | None = None,
        ioc_query_type: str | None = None,
        providers: list[str] | None = None,
        default_providers: list[str] | None = None,
        prov_scope: str = "primary",
        *,
        observable: str | None = None,
        show_not_supported: bool = False,
        start: datetime.datetime | None = None,
        end: datetime.datetime | None = None,
    ) -> pd.DataFrame:
        """
        Look up one observable in the selected providers.

        Parameters
        ----------
        ioc : str
            The observable (``observable`` is an alias).
        ioc_type : str, optional
            Its IoC type (ipv4, ipv6, dns, url, file_hash...); inferred when None.
        ioc_query_type : str, optional
            The query sub-type (e.g. "geo", "passivedns").
        providers : list[str], optional
            Providers to use.
        default_providers : list[str], optional
            Fallback for ``providers``.
        prov_scope : str, optional
            "primary" (default), "secondary" or "all".
        observable : str, optional
            Alias of ``ioc``.
        show_not_supported : bool, optional
            Keep rows of providers that do not support the type.
        start, end : datetime, optional
            Accepted for compatibility.

        Returns
        -------
        pd.DataFrame
            One row per provider.

        Raises
        ------
        ValueError
            If no observable is given.
        MsticpyUserConfigError
            If no provider is selected.

        """
        ioc = ioc or observable
        if ioc is None:
            raise ValueError("No value supplied for 'ioc' parameter")
        return self.lookup_item(
            item=ioc,
            item_type=ioc_type,
            query_type=ioc_query_type,
            providers=providers,
            default_providers=default_providers,
            prov_scope=prov_scope,
            show_not_supported=show_not_supported,
            start=start,
            end=end,
        )

    def lookup_iocs(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        ioc_col: str | None = None,
        ioc_type_col: str | None = None,
        ioc_query_type: str | None = None,
        providers: list[str] | None = None,
        default_providers: list[str] | None = None,
        prov_scope: str = "primary",
        *,
        progress: bool = True,
        start: datetime.datetime | None = None,
        end: datetime.datetime | None = None,
        col: str | None = None,
        column: str | None = None,
    ) -> pd.DataFrame:
        """
        Look up a collection of observables in the selected providers.

        Providers run concurrently; each HTTP provider sends all its requests in one
        transport batch. Every failure is a row with a ``Status``.

        Parameters
        ----------
        data : pd.DataFrame | Mapping[str, str] | Iterable[str]
            A DataFrame (with ``ioc_col``), a mapping of observable -> type, or observables.
        ioc_col : str, optional
            DataFrame column of the observables (``col``/``column`` are aliases).
        ioc_type_col : str, optional
            DataFrame column of the types (inferred when None).
        ioc_query_type : str, optional
            The query sub-type.
        providers, default_providers, prov_scope
            Provider selection, as ``lookup_ioc``.
        progress : bool, optional
            Accepted for compatibility.
        start, end : datetime, optional
            Accepted for compatibility.
        col, column : str, optional
            Aliases of ``ioc_col``.

        Returns
        -------
        pd.DataFrame
            The rows of every provider.

        """
        return _make_sync(
            self._lookup_iocs_async(
                data=data,
                ioc_col=ioc_col or column or col,
                ioc_type_col=ioc_type_col,
                ioc_query_type=ioc_query_type,
                providers=providers,
                default_providers=default_providers,
                prov_scope=prov_scope,
                start=start,
                end=end,
                progress=progress,
            )
        )

    async def _lookup_iocs_async(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        ioc_col: str | None = None,
        ioc_type_col: str | None = None,
        ioc_query_type: str | None = None,
        providers: list[str] | None = None,
        default_providers: list[str] | None = None,
        *,
        progress: bool = True,
        start: datetime.datetime | None = None,
        end: datetime.datetime | None = None,
        prov_scope: str = "primary",
    ) -> pd.DataFrame:
        """Look up observables without blocking the event loop (see ``lookup_iocs``)."""
        return await self._lookup_items_async(
            data,
            item_col=ioc_col,
            item_type_col=ioc_type_col,
            query_type=ioc_query_type,
            providers=providers,
            default_providers=default_providers,
            prov_scope=prov_scope,
            start=start,
            end=end,
            progress=progress,
        )

    def lookup_iocs_sync(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        ioc_col: str | None = None,
        ioc_type_col: str | None = None,
        ioc_query_type: str | None = None,
        providers: list[str] | None = None,
        default_providers: list[str] | None = None,
        prov_scope: str = "primary",
    ) -> pd.DataFrame:
        """Look up observables one provider after another (see ``lookup_iocs``)."""
        return self.lookup_items_sync(
            data,
            item_col=ioc_col,
            item_type_col=ioc_type_col,
            query_type=ioc_query_type,
            providers=providers,
            default_providers=default_providers,
            prov_scope=prov_scope,
        )

"""
Look-up across providers (msticpy 3.x ``context.lookup``).

``Lookup`` holds primary providers (used by default) and secondary ones, loads them from
a msticpyconfig.yaml section, and combines their answers into one DataFrame with a
``Provider`` column.

Deliberate differences from msticpy:

- a provider that cannot be imported or initialised does not stop the others: it is
  left out with a warning and its reason shows in ``provider_status`` (msticpy raises
  ``MsticpyUserConfigError`` for the whole ``TILookup``);
- each selected provider runs on its own thread and sends its whole batch to the Rust
  transport in one call (the GIL is released while requests run), so providers overlap
  as under msticpy's ``asyncio.gather``. No ``nest_asyncio``: the sync methods also work
  inside a running event loop.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import warnings
from collections import ChainMap
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from .._version import VERSION
from ..common.exceptions import MsticpyUserConfigError
from ..common.provider_settings import get_provider_settings, reload_settings
from .lookup_result import LookupStatus
from .provider_base import Provider, _make_sync

if TYPE_CHECKING:
    import datetime

    import pandas as pd

__version__ = VERSION

logger = logging.getLogger(__name__)

# Config arguments passed to a provider's constructor (others are ignored, as msticpy).
_HTTP_PROVIDER_LEGAL_KWARGS: list[str] = ["timeout", "ApiID", "AuthKey", "Instance"]


class ProgressCounter:
    """Count of look-ups still to do, shared by concurrent tasks."""

    def __init__(self, total: int) -> None:
        """Start at ``total``."""
        self.total = total
        self._lock = asyncio.Lock()
        self._remaining = total

    async def decrement(self, increment: int = 1) -> None:
        """Count ``increment`` look-ups as done."""
        async with self._lock:
            self._remaining = max(0, self._remaining - increment)

    async def get_remaining(self) -> int:
        """Return the number of look-ups still to do."""
        async with self._lock:
            return self._remaining


class Lookup:
    """Look-ups of items across a set of providers."""

    _NO_PROVIDERS_MSG: ClassVar[str] = (
        "No Providers are loaded - please check that you have correctly configured "
        "your msticpyconfig.yaml settings."
    )
    _HELP_URI: ClassVar[str] = "https://msticpy.readthedocs.io/en/latest/DataEnrichment.html"
    PROVIDERS: ClassVar[dict[str, tuple[str, str]]] = {}
    CUSTOM_PROVIDERS: ClassVar[dict[str, type[Provider]]] = {}
    PACKAGE: ClassVar[str] = ""
    _CONFIG_SECTION: ClassVar[str] = "Providers"

    def __init__(
        self,
        providers: list[str] | None = None,
        *,
        primary_providers: list[Provider] | None = None,
        secondary_providers: list[Provider] | None = None,
    ) -> None:
        """
        Load providers from configuration, or use the ones given.

        Parameters
        ----------
        providers : list[str], optional
            Names of the configured providers to load (default: all configured).
        primary_providers : list[Provider], optional
            Provider instances to use by default (configuration is then not read).
        secondary_providers : list[Provider], optional
            Provider instances used only when asked for.

        """
        self._providers: dict[str, Provider] = {}
        self._secondary_providers: dict[str, Provider] = {}
        self._failed_providers: dict[str, str] = {}
        self._providers_to_load = providers
        for prov in primary_providers or []:
            self.add_provider(prov, primary=True)
        for prov in secondary_providers or []:
            self.add_provider(prov, primary=False)
        if not (primary_providers or secondary_providers):
            self._load_providers()
        self._all_providers = ChainMap(self._secondary_providers, self._providers)

    # -- provider sets -----------------------------------------------------------------
    @property
    def loaded_providers(self) -> dict[str, Provider]:
        """Return the loaded providers (primary and secondary) by name."""
        return dict(self._all_providers)

    @property
    def provider_status(self) -> Iterable[str]:
        """Return one line per provider: loaded (primary/secondary) or why it did not load."""
        prim = [f"{n} - {p.description} (primary)" for n, p in self._providers.items()]
        sec = [f"{n} - {p.description} (secondary)" for n, p in self._secondary_providers.items()]
        failed = [f"{n} - not loaded: {why}" for n, why in self._failed_providers.items()]
        return prim + sec + failed

    @property
    def configured_providers(self) -> list[str]:
        """Return the names of the loaded providers."""
        return list(self._providers) + list(self._secondary_providers)

    @property
    def available_providers(self) -> list[str]:
        """Return the names of the built-in and registered custom providers."""
        return list(self.PROVIDERS) + list(self.CUSTOM_PROVIDERS)

    def enable_provider(self, providers: str | Iterable[str]) -> None:
        """
        Make provider(s) primary (used by default).

        Raises
        ------
        ValueError
            If a name is not a loaded provider.

        """
        for provider in [providers] if isinstance(providers, str) else providers:
            if provider in self._secondary_providers:
                self._providers[provider] = self._secondary_providers.pop(provider)
            elif provider not in self._providers:
                raise ValueError(self._unknown_provider_msg(provider))

    def disable_provider(self, providers: str | Iterable[str]) -> None:
        """
        Make provider(s) secondary (not used by default).

        Raises
        ------
        ValueError
            If a name is not a loaded provider.

        """
        for provider in [providers] if isinstance(providers, str) else providers:
            if provider in self._providers:
                self._secondary_providers[provider] = self._providers.pop(provider)
            elif provider not in self._secondary_providers:
                raise ValueError(self._unknown_provider_msg(provider))

    def set_provider_state(self, prov_dict: dict[str, bool]) -> None:
        """Make each named provider primary (True) or secondary (False)."""
        for prov, state in prov_dict.items():
            if state:
                self.enable_provider(prov)
            else:
                self.disable_provider(prov)

    def _unknown_provider_msg(self, provider: str) -> str:
        loaded = self.configured_providers
        names = ", ".join(loaded) if loaded else "none"
        return f"Unknown provider '{provider}'. Loaded providers: {names}"

    def add_provider(
        self, provider: Provider, name: str | None = None, *, primary: bool = True
    ) -> None:
        """
        Add a provider instance.

        Parameters
        ----------
        provider : Provider
            The provider.
        name : str, optional
            Name to use (default: the class name).
        primary : bool, optional
            Primary (default) or secondary.

        """
        name = name or provider.__class__.__name__
        (self._providers if primary else self._secondary_providers)[name] = provider
        self._failed_providers.pop(name, None)

    def provider_usage(self) -> None:
        """Print the query types of the loaded providers."""
        for title, provs in (
            ("Primary", self._providers),
            ("Secondary", self._secondary_providers),
        ):
            print(f"{title} providers\n{'-' * (len(title) + 10)}")
            if not provs:
                print("none")
            for prov_name, prov in provs.items():
                print(f"\nProvider class: {prov_name}")
                prov.usage()

    @classmethod
    def reload_provider_settings(cls) -> None:
        """Re-read the configuration (use ``reload_providers`` to apply it)."""
        reload_settings()
        logger.info("Settings reloaded. Use reload_providers to update loaded providers.")

    def reload_providers(self) -> None:
        """Re-read the configuration and load the providers again."""
        reload_settings()
        self._load_providers()

    @classmethod
    def list_available_providers(
        cls, *, show_query_types: bool = False, as_list: bool = False
    ) -> list[str] | None:
        """
        Print (or return) the names of the built-in providers.

        Parameters
        ----------
        show_query_types : bool, optional
            Also print each provider's query types.
        as_list : bool, optional
            Return the names instead of printing them.

        Returns
        -------
        list[str] or None
            The names if ``as_list``.

        """
        providers = list(cls.PROVIDERS)
        for name in providers:
            if not as_list:
                print(name)
            if show_query_types:
                try:
                    cls.import_provider(name).usage()
                except ImportError as err:
                    print(f"\t(not available: {err})")
        return providers if as_list else None

    @classmethod
    def import_provider(cls, provider: str) -> type[Provider]:
        """
        Return the provider class registered as ``provider``.

        Raises
        ------
        LookupError
            If no provider has that name.
        ImportError
            If the provider's module is not in this build.

        """
        mod_name, cls_name = cls.PROVIDERS.get(provider, (None, None))
        if not (mod_name and cls_name):
            if provider in cls.CUSTOM_PROVIDERS:
                return cls.CUSTOM_PROVIDERS[provider]
            names = ", ".join(list(cls.PROVIDERS) + list(cls.CUSTOM_PROVIDERS))
            raise LookupError(f"No provider named '{provider}'. Possible values are: {names}")
        module = importlib.import_module(f"msticpy.context.{cls.PACKAGE}.{mod_name}")
        return getattr(module, cls_name)

    def _load_providers(self, *, providers: str | None = None) -> None:
        """Instantiate the providers of the configuration section; failures get a status."""
        section = providers or self._CONFIG_SECTION
        for provider_name, settings in get_provider_settings(section).items():
            if (
                self._providers_to_load is not None and provider_name not in self._providers_to_load
            ) or settings.provider == "--no-load--":
                continue
            try:
                provider_class = self.import_provider(settings.provider or provider_name)
            except LookupError:
                self._provider_failed(
                    provider_name, f"no provider class named '{settings.provider}'"
                )
                continue
            except ImportError as err:
                self._provider_failed(provider_name, f"provider not available ({err.name})")
                continue
            legal = [*_HTTP_PROVIDER_LEGAL_KWARGS, *getattr(provider_class, "_CONFIG_ARGS", ())]
            args = {k: v for k, v in settings.args.items() if k in legal}
            try:
                instance = provider_class(**args)
            except Exception as err:
                # The message names the error type only: its text may quote a key.
                self._provider_failed(
                    provider_name, f"initialisation failed ({type(err).__name__})"
                )
                continue
            try:
                limits = _rate_limits(settings.args)
                if limits and hasattr(instance, "set_rate_limits"):
                    instance.set_rate_limits(**limits)
            except ValueError as err:
                self._provider_failed(provider_name, f"bad rate limit ({err})")
                continue
            instance.description = settings.description or instance.__doc__
            self.add_provider(instance, name=provider_name, primary=settings.primary)

    def _provider_failed(self, name: str, reason: str) -> None:
        self._failed_providers[name] = reason
        warnings.warn(f"Provider {name} not loaded: {reason}", stacklevel=3)

    def _select_providers(
        self, providers: list[str] | None = None, prov_scope: str = "primary"
    ) -> dict[str, Provider]:
        """Return the named providers, or those of ``prov_scope`` (primary/secondary/all)."""
        if providers:
            return {n: p for n, p in self._all_providers.items() if n in providers}
        if prov_scope == "all":
            return dict(self._all_providers)
        if prov_scope == "primary":
            return dict(self._providers)
        return dict(self._secondary_providers)

    # -- look-ups ----------------------------------------------------------------------
    def lookup_item(
        self,
        item: str,
        item_type: str | None = None,
        query_type: str | None = None,
        providers: list[str] | None = None,
        default_providers: list[str] | None = None,
        prov_scope: str = "primary",
        *,
        progress: bool = True,
        show_not_supported: bool = False,
        start: datetime.datetime | None = None,
        end: datetime.datetime | None = None,
    ) -> pd.DataFrame:
        """Look up one item in the selected providers (see ``lookup_items``)."""
        return self.lookup_items(
            data={item: item_type},
            query_type=query_type,
            providers=providers,
            default_providers=default_providers,
            prov_scope=prov_scope,
            show_not_supported=show_not_supported,
            start=start,
            end=end,
            progress=progress,
        )

    def lookup_items(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        item_col: str | None = None,
        item_type_col: str | None = None,
        query_type: str | None = None,
        providers: list[str] | None = None,
        default_providers: list[str] | None = None,
        prov_scope: str = "primary",
        *,
        progress: bool = True,
        show_not_supported: bool = False,
        start: datetime.datetime | None = None,
        end: datetime.datetime | None = None,
    ) -> pd.DataFrame:
        """
        Look up a collection of items in the selected providers, concurrently.

        Parameters
        ----------
        data : pd.DataFrame | Mapping[str, str] | Iterable[str]
            A DataFrame (with ``item_col``), a mapping of item -> type, or items.
        item_col, item_type_col : str, optional
            DataFrame columns of the items and their types.
        query_type : str, optional
            The query sub-type.
        providers : list[str], optional
            Providers to use (overrides ``prov_scope``).
        default_providers : list[str], optional
            Fallback for ``providers`` (used by pivots).
        prov_scope : str, optional
            "primary" (default), "secondary" or "all".
        progress : bool, optional
            Accepted for compatibility.
        show_not_supported : bool, optional
            Keep rows of unsupported types.
        start, end : datetime, optional
            Accepted for compatibility (no built-in provider uses them).

        Returns
        -------
        pd.DataFrame
            The rows of every provider, with a ``Provider`` column.

        Raises
        ------
        MsticpyUserConfigError
            If no provider is selected.

        """
        del start, end
        selected = self._selected_or_raise(providers or default_providers, prov_scope)
        data = _materialise(data)

        results = _run_providers(
            selected, data, item_col, item_type_col, query_type, progress=progress
        )
        return self._combine_results(results, list(selected), show_not_supported=show_not_supported)

    def lookup_items_sync(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        item_col: str | None = None,
        item_type_col: str | None = None,
        query_type: str | None = None,
        providers: list[str] | None = None,
        default_providers: list[str] | None = None,
        prov_scope: str = "primary",
        *,
        col: str | None = None,
        column: str | None = None,
        show_not_supported: bool = False,
        show_bad_item: bool = False,
    ) -> pd.DataFrame:
        """Look up a collection of items, one provider after another (see ``lookup_items``)."""
        selected = self._selected_or_raise(providers or default_providers, prov_scope)
        item_col = item_col or col or column
        data = _materialise(data)
        results = [
            prov.lookup_items(
                data=data, item_col=item_col, item_type_col=item_type_col, query_type=query_type
            )
            for prov in selected.values()
        ]
        return self._combine_results(
            results,
            list(selected),
            show_not_supported=show_not_supported,
            show_bad_item=show_bad_item,
        )

    async def _lookup_items_async(
        self,
        data: pd.DataFrame | Mapping[str, str] | Iterable[str],
        item_col: str | None = None,
        item_type_col: str | None = None,
        query_type: str | None = None,
        providers: list[str] | None = None,
        default_providers: list[str] | None = None,
        prov_scope: str = "primary",
        *,
        show_not_supported: bool = False,
        show_bad_item: bool = False,
        progress: bool = True,
        col: str | None = None,
        column: str | None = None,
        start: datetime.datetime | None = None,
        end: datetime.datetime | None = None,
    ) -> pd.DataFrame:
        """Look up items (the coroutine form of ``lookup_items``; see the module notes)."""
        del start, end
        item_col = item_col or col or column
        selected = self._selected_or_raise(providers or default_providers, prov_scope)
        data = _materialise(data)
        results = _run_providers(
            selected, data, item_col, item_type_col, query_type, progress=progress
        )
        return self._combine_results(
            results,
            list(selected),
            show_not_supported=show_not_supported,
            show_bad_item=show_bad_item,
        )

    def _selected_or_raise(
        self, providers: list[str] | None, prov_scope: str
    ) -> dict[str, Provider]:
        selected = self._select_providers(providers, prov_scope)
        if not selected:
            raise MsticpyUserConfigError(
                self._NO_PROVIDERS_MSG,
                title="No provider configuration found.",
                help_uri=self._HELP_URI,
            )
        return selected

    @staticmethod
    def result_to_df(item_lookup: pd.DataFrame) -> pd.DataFrame:
        """
        Return the look-up result frame (kept for msticpy compatibility).

        Raises
        ------
        TypeError
            If ``item_lookup`` is not a DataFrame.

        """
        import pandas as pd

        if not isinstance(item_lookup, pd.DataFrame):
            raise TypeError(f"DataFrame was expected, but {type(item_lookup)} received.")
        return item_lookup

    @classmethod
    def browse_results(
        cls, data: pd.DataFrame, severities: list[str] | None = None, *, height: str = "300px"
    ) -> Any:
        """
        Return a browser widget over TI results (see ``msticpy.vis.ti_browser``).

        Returns None (and logs) if ``data`` is not a DataFrame.
        """
        import pandas as pd

        if not isinstance(data, pd.DataFrame):
            logger.info("Input data is in an unexpected format.")
            return None
        from ..vis.ti_browser import browse_results

        return browse_results(data=data, severities=severities, height=height)

    browse = browse_results

    @staticmethod
    def _combine_results(
        results: Iterable[pd.DataFrame],
        provider_names: list[str],
        *,
        show_not_supported: bool = False,
        show_bad_item: bool = False,
    ) -> pd.DataFrame:
        """Concatenate the providers' frames, dropping unsupported/bad rows unless asked."""
        import pandas as pd

        frames = []
        for name, frame in zip(provider_names, results, strict=False):
            if frame is None or frame.empty:
                continue
            frame = frame.copy()
            if not show_not_supported:
                frame = frame[frame["Status"] != LookupStatus.NOT_SUPPORTED.value]
            if not show_bad_item:
                frame = frame[frame["Status"] != LookupStatus.BAD_FORMAT.value]
            frame["Provider"] = name
            frames.append(frame)
        return pd.concat(frames, sort=False) if frames else pd.DataFrame()


def _materialise(data: Any) -> Any:
    """Turn a one-shot iterator into a list, so every provider sees all the items."""
    import pandas as pd

    if isinstance(data, pd.DataFrame | Mapping | str | list | tuple):
        return data
    return list(data)


__all__ = ["Lookup", "ProgressCounter", "_make_sync"]


#: msticpyconfig ``Args`` keys of an HTTP provider's request limits (beyond msticpy).
_RATE_LIMIT_ARGS = {
    "RequestsPerMinute": "per_minute",
    "RequestsPerDay": "per_day",
    "MaxConcurrentRequests": "concurrency",
}


def _rate_limits(args: Mapping[str, Any]) -> dict[str, Any]:
    """
    Read a provider's request limits from its config ``Args`` (values are text).

    Raises
    ------
    ValueError
        A limit that is not a positive number.

    """
    limits: dict[str, Any] = {}
    for key, name in _RATE_LIMIT_ARGS.items():
        value = args.get(key)
        if value in (None, ""):
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{key} must be a number") from None
        if number <= 0:
            raise ValueError(f"{key} must be positive")
        limits[name] = int(number) if name == "concurrency" else number
    return limits


def _run_providers(
    selected: Mapping[str, Provider],
    data: Any,
    item_col: str | None,
    item_type_col: str | None,
    query_type: str | None,
    progress: bool = False,
) -> list[pd.DataFrame]:
    """
    Run every selected provider's ``lookup_items``, in provider order.

    With several providers each runs on its own thread: each sends its whole batch
    through the Rust client, which releases the GIL, so the providers' requests overlap
    (as msticpy's ``asyncio.gather`` over providers does).
    """

    def run(provider: Provider) -> pd.DataFrame:
        # HTTP providers show a progress bar of their batch (tqdm, when installed).
        provider._show_progress = progress  # type: ignore[attr-defined]
        try:
            return provider.lookup_items(
                data, item_col=item_col, item_type_col=item_type_col, query_type=query_type
            )
        finally:
            provider._show_progress = False  # type: ignore[attr-defined]

    if len(selected) <= 1:
        return [run(provider) for provider in selected.values()]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(selected)) as pool:
        return list(pool.map(run, selected.values()))

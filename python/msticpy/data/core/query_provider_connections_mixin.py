"""
``QueryProviderConnectionsMixin``: running query text on one or more connections.

``add_connection`` adds more connections of the provider's driver (another workspace,
another tenant); a query then runs on every connection and the results are concatenated
(msticpy 3.x's ``query_provider_connections_mixin``). ``split_query_by`` runs one query
as time chunks the same way. Drivers that declare ``supports_threading`` run the pieces on
a thread pool of ``max_parallel`` workers; others run them one after the other.

Deliberate differences from msticpy 3.0.2: results are concatenated in connection (or
time-chunk) order, where msticpy's threaded path orders them by task name; a thread pool
is used directly instead of an asyncio loop, so no ``nest_asyncio`` patch is applied to a
running Jupyter loop; the progress bar (``msticpy.common.progress``, on tqdm) is drawn for
two or more sub-queries in a notebook or on a terminal, not in non-interactive runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from itertools import tee
from typing import TYPE_CHECKING, Any

from ...common.exceptions import MsticpyDataQueryError
from ..drivers.driver_base import DriverProps

if TYPE_CHECKING:
    import pandas as pd

    from .query_source import QuerySource

__all__ = ["QueryProviderConnectionsMixin"]

logger = logging.getLogger(__name__)

_Task = Callable[[], Any]


class QueryProviderConnectionsMixin:
    """Query execution on the default and any additional connections."""

    _query_provider: Any
    driver_class: type
    _driver_kwargs: dict[str, Any]

    @property
    def _additional_connections(self) -> dict[str, Any]:
        # Created on first use so a provider built by a subclass that skips our
        # __init__ still works (msticpy sets it in QueryProvider.__init__).
        connections = self.__dict__.get("_extra_connections")
        if connections is None:
            connections = self.__dict__["_extra_connections"] = {}
        return connections

    @staticmethod
    def _get_query_options(params: dict[str, Any], kwargs: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError  # provided by QueryProvider

    def exec_query(self, query: str, **kwargs: Any) -> Any:
        """
        Run query text on the driver (on every connection if more were added).

        Parameters
        ----------
        query : str
            The query text.
        **kwargs
            ``query_options=`` dict, or options passed to the driver; ``progress`` and
            ``retry_on_error`` apply when several connections are used.

        Returns
        -------
        pd.DataFrame | Any
            The driver's result; with several connections, the results concatenated.

        """
        query_options = kwargs.pop("query_options", {}) or kwargs
        query_source = query_options.pop("query_source", None)
        if not self._additional_connections:
            return self._query_provider.query(query, query_source=query_source, **query_options)
        return self._exec_additional_connections(query, **query_options)

    def add_connection(
        self,
        connection_str: str | None = None,
        alias: str | None = None,
        **kwargs: Any,
    ) -> None:
        """
        Connect one more instance of the provider's driver; queries then run on all.

        Parameters
        ----------
        connection_str : str, optional
            Driver-specific connection string.
        alias : str, optional
            Name of the connection (default: its number, "0", "1"...).
        **kwargs
            Driver-specific connection arguments (e.g. ``workspace=``).

        """
        driver = self.driver_class(**self._driver_kwargs)
        driver.connect(connection_str=connection_str, **kwargs)
        self._additional_connections[alias or str(len(self._additional_connections))] = driver

    def list_connections(self) -> list[str]:
        """
        Return ``"<alias>: <connection>"`` for each connection, the default one first.

        Returns
        -------
        list[str]
            The connections (no secrets: drivers report a connection without them).

        """
        extra = [
            f"{alias}: {driver.current_connection}"
            for alias, driver in self._additional_connections.items()
        ]
        return [f"Default: {self._query_provider.current_connection}", *extra]

    def _exec_additional_connections(
        self,
        query: str,
        *,
        progress: bool = True,
        retry_on_error: bool = False,
        **kwargs: Any,
    ) -> pd.DataFrame:
        tasks: dict[str, _Task] = {
            self._query_provider.current_connection or "0": partial(
                self._query_provider.query, query, **kwargs
            )
        }
        for name, driver in self._additional_connections.items():
            tasks[name] = partial(driver.query, query, **kwargs)
        logger.info("Running the query on %d connections.", len(tasks))
        return self._run_query_tasks(tasks, progress=progress, retry=retry_on_error)

    def _exec_split_query(
        self,
        split_by: str,
        query_source: QuerySource,
        query_params: dict[str, Any],
        *,
        progress: bool = True,
        retry_on_error: bool = False,
        debug: bool = False,
        **kwargs: Any,
    ) -> Any:
        import pandas as pd

        params = dict(query_params)
        start, end = params.pop("start", None), params.pop("end", None)
        if not (start and end):
            logger.warning("Cannot split a query with no 'start' and 'end' parameters")
            return None
        try:
            delta = pd.Timedelta(
                split_by.replace("H", "h") if split_by.strip().endswith("H") else split_by
            )
        except ValueError:
            delta = pd.Timedelta("1D")
        start = query_source._convert_datetime(start)
        end = query_source._convert_datetime(end)
        queries = {
            (q_start, q_end): query_source.create_query(
                formatters=self._query_provider.formatters, start=q_start, end=q_end, **params
            )
            for q_start, q_end in _calc_split_ranges(start, end, delta)
        }
        if debug:
            return "\n\n".join(f"{s}-{e}\n{text}" for (s, e), text in queries.items())
        options = self._get_query_options(params, dict(kwargs))
        options.pop("time_span", None)
        tasks: dict[str, _Task] = {
            f"{q_start}-{q_end}": partial(
                self.exec_query,
                text,
                query_source=query_source,
                time_span={"start": q_start, "end": q_end},
                **options,
            )
            for (q_start, q_end), text in queries.items()
        }
        return self._run_query_tasks(tasks, progress=progress, retry=retry_on_error)

    def _run_query_tasks(
        self, tasks: dict[str, _Task], *, progress: bool, retry: bool
    ) -> pd.DataFrame:
        """Run the tasks (threaded if the driver supports it) and concatenate results."""
        import pandas as pd

        threaded = bool(self._query_provider.get_driver_property(DriverProps.SUPPORTS_THREADING))
        workers = int(self._query_provider.get_driver_property(DriverProps.MAX_PARALLEL) or 4)
        results, failed = _run_tasks(tasks, threaded=threaded, workers=workers, progress=progress)
        if retry and failed:
            logger.info("Retrying %d failed queries.", len(failed))
            retried, _ = _run_tasks(
                {name: tasks[name] for name in failed},
                threaded=threaded,
                workers=workers,
                progress=progress,
            )
            results.update(retried)
        frames = [results[name] for name in tasks if name in results]
        if frames:
            return pd.concat(frames, ignore_index=threaded)
        logger.warning("All queries failed.")
        return pd.DataFrame()


def _progress(items: Any, total: int, enabled: bool) -> Any:
    if not enabled:
        return items
    from ...common.progress import Progress

    return Progress(total, "Running", "sub-queries", min_total=2).track(items)


def _run_tasks(
    tasks: dict[str, _Task], *, threaded: bool, workers: int, progress: bool
) -> tuple[dict[str, Any], list[str]]:
    """
    Return ``({name: result}, [failed names])``.

    Sequentially, only ``MsticpyDataQueryError`` counts as a failed piece (other errors
    propagate, as in msticpy); on threads any exception does, and is logged.
    """
    results: dict[str, Any] = {}
    failed: list[str] = []
    if not threaded:
        for name, task in _progress(tasks.items(), len(tasks), progress):
            try:
                results[name] = task()
            except MsticpyDataQueryError:
                logger.info("Query %s failed.", name)
                failed.append(name)
        return results, failed
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {name: pool.submit(task) for name, task in tasks.items()}
        for name, future in _progress(futures.items(), len(futures), progress):
            try:
                results[name] = future.result()
            except Exception as err:  # msticpy logs any failed piece and carries on
                logger.warning("Query task '%s' failed: %s", name, type(err).__name__)
                failed.append(name)
    return results, failed


def _calc_split_ranges(start: Any, end: Any, delta: Any) -> list[tuple[Any, Any]]:
    """Split ``start..end`` into ``delta`` chunks (each end 1 ns before the next start)."""
    import pandas as pd

    starts, ends = tee(pd.date_range(start, end, freq=delta))
    next(ends, None)
    ranges = [(s, e - pd.Timedelta("1ns")) for s, e in zip(starts, ends)]
    if not ranges:
        return [(pd.Timestamp(start), pd.Timestamp(end))]
    if (pd.Timestamp(end) - ranges[-1][1]) < (delta / 1000):
        ranges[-1] = (ranges[-1][0], pd.Timestamp(end))
    else:
        ranges.append((ranges[-1][1] + pd.Timedelta("1ns"), pd.Timestamp(end)))
    return ranges

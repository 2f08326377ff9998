"""
Plotting accessors for pandas (msticpy 3.x ``msticpy.vis.mp_pandas_plot``).

- ``df.mp_plot``: ``timeline``, ``timeline_values``, ``timeline_duration``,
  ``process_tree``, ``folium_map`` (msticpy 3.x).
- ``df.mp_timeline``: ``plot``, ``plot_values``, ``plot_duration`` and
  ``df.mp_process_tree``: ``plot``, ``build`` (msticpy 1.x names, removed from 3.x;
  kept here without deprecation warnings so old notebooks stay quiet).

Importing this module needs only pandas; Bokeh (or folium) loads when a plot is made. It is
imported by ``msticpy.vis``'s plotting modules and by ``df.mp``'s module, so the
accessors exist as soon as either is used. Methods of msticpy's ``mp_plot`` that belong
to capabilities not built yet (``matrix``, ``network``, ``incident_graph``) are absent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from .._version import VERSION

__version__ = VERSION
__all__ = ["MsticpyPlotAccessor", "ProcessTreeAccessor", "TimeLineAccessor"]


@pd.api.extensions.register_dataframe_accessor("mp_plot")
class MsticpyPlotAccessor:
    """Pandas accessor for msticpy's plots (``df.mp_plot``)."""

    def __init__(self, pandas_obj: pd.DataFrame) -> None:
        """Keep the frame."""
        self._df = pandas_obj

    def timeline(self, **kwargs: Any) -> Any:
        """
        Display a timeline of the frame's events; see ``display_timeline``.

        Parameters
        ----------
        **kwargs
            ``time_column``, ``source_columns`` and the options of ``display_timeline``.

        Returns
        -------
        LayoutDOM
            The Bokeh layout.

        """
        from .timeline import display_timeline

        return display_timeline(data=self._df, **kwargs)

    def timeline_values(self, value_column: str | None = None, **kwargs: Any) -> Any:
        """
        Display a timeline of values; see ``display_timeline_values``.

        Parameters
        ----------
        value_column : str, optional
            The numeric column (also ``y=``/``value_col=``).
        **kwargs
            The options of ``display_timeline_values``.

        Returns
        -------
        LayoutDOM
            The Bokeh layout.

        """
        from .timeline_values import display_timeline_values

        return display_timeline_values(data=self._df, value_column=value_column, **kwargs)

    def timeline_duration(
        self,
        group_by: Iterable[str] | str,
        time_column: str = "TimeGenerated",
        end_time_column: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """
        Display event durations per group; see ``display_timeline_duration``.

        Parameters
        ----------
        group_by : Iterable[str] | str
            Grouping column(s).
        time_column : str, optional
            Start time column, by default ``"TimeGenerated"``.
        end_time_column : str, optional
            End time column (default: ``time_column``).
        **kwargs
            The options of ``display_timeline_duration``.

        Returns
        -------
        LayoutDOM
            The Bokeh layout.

        """
        from .timeline_duration import display_timeline_duration

        return display_timeline_duration(
            data=self._df,
            group_by=group_by,
            time_column=time_column,
            end_time_column=end_time_column,
            **kwargs,
        )

    def process_tree(self, **kwargs: Any) -> tuple[Any, Any]:
        """
        Build (if needed) and plot a process tree; see ``build_and_show_process_tree``.

        Parameters
        ----------
        **kwargs
            ``schema``, ``output_var``, ``legend_col``, ``show_table`` and the options of
            ``plot_process_tree``.

        Returns
        -------
        tuple
            The main Bokeh figure and the layout.

        """
        from .process_tree import build_and_show_process_tree

        return build_and_show_process_tree(data=self._df, **kwargs)

    def folium_map(self, **kwargs: Any) -> Any:
        """
        Plot a folium map of the frame's rows; see ``msticpy.vis.foliummap.plot_map``.

        Parameters
        ----------
        **kwargs
            ``ip_column`` or ``lat_column`` and ``long_column``, and the other options of
            ``plot_map`` (``layer_column``, ``icon_column``, ``icon_map``,
            ``popup_columns``, ``tooltip_columns``, ``marker_cluster``...).

        Returns
        -------
        FoliumMap
            The map (it displays itself in a notebook).

        """
        from .foliummap import plot_map

        return plot_map(data=self._df, **kwargs)


@pd.api.extensions.register_dataframe_accessor("mp_timeline")
class TimeLineAccessor:
    """msticpy 1.x timeline accessor (``df.mp_timeline``)."""

    def __init__(self, pandas_obj: pd.DataFrame) -> None:
        """Keep the frame."""
        self._df = pandas_obj

    def plot(self, **kwargs: Any) -> Any:
        """
        Display a timeline of events; see ``display_timeline``.

        Parameters
        ----------
        **kwargs
            The arguments of ``display_timeline`` except ``data``.

        Returns
        -------
        LayoutDOM
            The Bokeh layout.

        """
        return MsticpyPlotAccessor(self._df).timeline(**kwargs)

    def plot_values(self, value_col: str | None = None, **kwargs: Any) -> Any:
        """
        Display a timeline of values; see ``display_timeline_values``.

        Parameters
        ----------
        value_col : str, optional
            The numeric column (``value_column=``/``y=`` also work).
        **kwargs
            The arguments of ``display_timeline_values`` except ``data``.

        Returns
        -------
        LayoutDOM
            The Bokeh layout.

        """
        value_column = value_col or kwargs.pop("value_column", None)
        return MsticpyPlotAccessor(self._df).timeline_values(value_column, **kwargs)

    def plot_duration(
        self,
        group_by: Iterable[str] | str,
        time_column: str = "TimeGenerated",
        end_time_column: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """
        Display event durations per group; see ``display_timeline_duration``.

        Parameters
        ----------
        group_by : Iterable[str] | str
            Grouping column(s).
        time_column : str, optional
            Start time column, by default ``"TimeGenerated"``.
        end_time_column : str, optional
            End time column (default: ``time_column``).
        **kwargs
            The options of ``display_timeline_duration``.

        Returns
        -------
        LayoutDOM
            The Bokeh layout.

        """
        return MsticpyPlotAccessor(self._df).timeline_duration(
            group_by, time_column, end_time_column, **kwargs
        )


@pd.api.extensions.register_dataframe_accessor("mp_process_tree")
class ProcessTreeAccessor:
    """msticpy 1.x process-tree accessor (``df.mp_process_tree``)."""

    def __init__(self, pandas_obj: pd.DataFrame) -> None:
        """Keep the frame."""
        self._df = pandas_obj

    def plot(self, **kwargs: Any) -> tuple[Any, Any]:
        """
        Build (if needed) and plot a process tree; see ``build_and_show_process_tree``.

        Parameters
        ----------
        **kwargs
            ``schema``, ``output_var``, ``legend_col``, ``show_table`` and the options of
            ``plot_process_tree``.

        Returns
        -------
        tuple
            The main Bokeh figure and the layout.

        """
        from .process_tree import build_and_show_process_tree

        return build_and_show_process_tree(data=self._df, **kwargs)

    def build(self, schema: Any = None, **kwargs: Any) -> pd.DataFrame:
        """
        Build process trees from the frame's process events.

        Parameters
        ----------
        schema : ProcSchema | dict, optional
            Column schema; inferred when None.
        **kwargs
            ``show_summary`` (or the 0.8 name ``show_progress``) and ``debug``.

        Returns
        -------
        pd.DataFrame
            The process tree frame.

        """
        from ..transform.proc_tree_builder import build_process_tree

        return build_process_tree(
            procs=self._df,
            schema=schema,
            show_summary=kwargs.get("show_summary", kwargs.get("show_progress", False)),
            debug=kwargs.get("debug", False),
        )

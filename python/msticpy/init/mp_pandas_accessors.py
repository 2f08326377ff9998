"""
The ``df.mp`` pandas accessor (msticpy 3.x ``msticpy.init.mp_pandas_accessors``).

Methods land here as their capabilities do; this build provides ``ioc_extract``,
``b64extract`` and ``build_process_tree``. Methods of msticpy's accessor that belong to
capabilities not yet built are absent and raise ``AttributeError``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .._version import VERSION

__version__ = VERSION


@pd.api.extensions.register_dataframe_accessor("mp")
class MsticpyCoreAccessor:
    """Msticpy pandas accessor for core functions."""

    def __init__(self, pandas_obj: pd.DataFrame) -> None:
        """Initialize the extension."""
        self._df = pandas_obj

    def ioc_extract(self, columns: list[str], **kwargs: Any) -> pd.DataFrame:
        """
        Extract IoCs from the DataFrame's ``columns``.

        Parameters
        ----------
        columns : list
            The columns to use as source strings.
        **kwargs
            ``ioc_types``, ``include_paths``, ``ignore_tlds``, ``defanged``, as for
            ``IoCExtract.extract_df``.

        Returns
        -------
        pd.DataFrame
            One row per observable: ``IoCType, Observable, SourceIndex, Input``.

        """
        from ..transform.iocextract import IoCExtract

        return IoCExtract().extract_df(data=self._df, columns=columns, **kwargs)

    def b64extract(self, column: str, **kwargs: Any) -> pd.DataFrame:
        """
        Base64-decode the strings of ``column``; see ``base64unpack.unpack_df``.

        Parameters
        ----------
        column : str
            Name of the text column.
        **kwargs
            ``trace``, ``utf16``.

        Returns
        -------
        pd.DataFrame
            Decoded items with their metadata.

        """
        from ..transform.base64unpack import unpack_df

        return unpack_df(data=self._df, column=column, **kwargs)

    def build_process_tree(
        self,
        schema: Any = None,
        show_summary: bool = False,
        debug: bool = False,
    ) -> pd.DataFrame:
        """
        Build process trees from the frame's process events.

        Parameters
        ----------
        schema : ProcSchema | dict | None, optional
            Column schema; inferred when None.
        show_summary : bool, optional
            Print the tree summary, by default False.
        debug : bool, optional
            Log row counts, by default False.

        Returns
        -------
        pd.DataFrame
            The process tree frame (see ``proc_tree_builder.build_process_tree``).

        """
        from ..transform.proc_tree_builder import build_process_tree

        return build_process_tree(self._df, schema=schema, show_summary=show_summary, debug=debug)


# df.mp_plot (and the 1.x df.mp_timeline / df.mp_process_tree) come with df.mp.
from ..vis import mp_pandas_plot as _mp_plot  # noqa: E402, F401

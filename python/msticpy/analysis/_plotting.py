"""Lazy matplotlib import for the clustering and outlier plots."""

from __future__ import annotations

from typing import Any

from ..common.exceptions import MsticpyImportExtraError


def pyplot() -> Any:
    """
    Import ``matplotlib.pyplot`` on first use.

    Raises
    ------
    MsticpyImportExtraError
        (an ``ImportError``) naming the package when matplotlib is not installed.

    """
    try:
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise MsticpyImportExtraError(
            "This plot needs the 'matplotlib' package: pip install matplotlib "
            "(or pip install msticpy[ml])",
            title="matplotlib is not installed",
            extra="ml",
        ) from err
    return plt

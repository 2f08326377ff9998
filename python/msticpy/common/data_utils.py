"""
DataFrame helpers: timestamp and KQL timespan columns, emptiness checks.

pandas is imported when a function runs, so importing this module stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._version import VERSION

if TYPE_CHECKING:
    import pandas as pd

__version__ = VERSION

__all__ = ["df_has_data", "ensure_df_datetimes", "ensure_df_timedeltas", "parse_timespan"]


def parse_timespan(raw_value: Any) -> Any:
    """
    Return a KQL timespan value as a ``pd.Timedelta``.

    Parameters
    ----------
    raw_value : int, float or str
        A number of ticks (100 ns units, as Kusto stores them) or text in Kusto's
        ``d.hh:mm:ss.fffffff`` / ``hh:mm:ss[.fffffff]`` forms.

    Returns
    -------
    pd.Timedelta
        The duration (None for None; ``NaT`` for empty text).

    Raises
    ------
    ValueError
        If the text is not a timespan.

    """
    import pandas as pd

    if isinstance(raw_value, int | float) and not isinstance(raw_value, bool):
        return pd.to_timedelta(raw_value * 100, unit="ns")
    if isinstance(raw_value, str):
        head = raw_value.split(":", 1)[0]
        # Kusto writes days as "d." before the hours; pandas wants "d days ".
        text = raw_value.replace(".", " days ", 1) if "." in head else raw_value
        return pd.to_timedelta(text)
    return None


def ensure_df_datetimes(
    data: pd.DataFrame,
    columns: str | list[str] | None = None,
    add_utc_tz: bool = True,
) -> pd.DataFrame:
    """
    Return ``data`` with timestamp columns converted to timezone-aware UTC datetimes.

    Parameters
    ----------
    data : pd.DataFrame
        Input frame.
    columns : str or list[str], optional
        Columns to convert; by default every column whose name contains "time"/"Time".
    add_utc_tz : bool, optional
        Mark timezone-naive datetime columns as UTC (default True).

    Returns
    -------
    pd.DataFrame
        The converted frame (a new frame; ``data`` is not changed).

    """
    import pandas as pd

    if not columns:
        columns = list(data.filter(regex=".*[Tt]ime.*").columns)
    if isinstance(columns, str):
        columns = [columns]
    to_convert = {
        col: "datetime64[ns, UTC]"
        for col in set(columns)
        if col in data.columns and not pd.api.types.is_datetime64_any_dtype(data[col])
    }
    converted = data.astype(to_convert, errors="ignore")
    if add_utc_tz:
        naive = {col for col in columns if col in data.select_dtypes("datetime")}
        for col in naive:
            converted[col] = converted[col].dt.tz_localize(
                "UTC", ambiguous="infer", nonexistent="shift_forward"
            )
    return converted


def df_has_data(data: Any) -> bool:
    """Return True if ``data`` is a non-empty DataFrame."""
    import pandas as pd

    return isinstance(data, pd.DataFrame) and not data.empty


def ensure_df_timedeltas(data: pd.DataFrame, columns: str | list[str]) -> pd.DataFrame:
    """
    Return ``data`` with KQL timespan text columns converted to ``timedelta64[ns]``.

    Parameters
    ----------
    data : pd.DataFrame
        Input frame.
    columns : str or list[str]
        Columns to convert (missing ones and ones already timedelta are skipped).

    Returns
    -------
    pd.DataFrame
        A converted copy.

    Raises
    ------
    ValueError
        If a value is not a timespan.

    """
    import pandas as pd

    converted = data.copy()
    for col in [columns] if isinstance(columns, str) else columns:
        if col not in data.columns or pd.api.types.is_timedelta64_dtype(data[col]):
            continue
        converted[col] = data[col].apply(parse_timespan)
    return converted

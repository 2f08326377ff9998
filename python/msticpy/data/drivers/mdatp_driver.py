"""
Microsoft Defender advanced hunting (msticpy's ``MDATPDriver``).

Environment ``MDE`` (alias ``MDATP``) posts ``{"Query": kql}`` to the Defender for
Endpoint ``api/advancedqueries/run`` API; ``M365D`` posts it to the Microsoft 365
Defender ``api/advancedhunting/run`` API. Both reply with ``Schema`` (``Name``,
``Type``) and ``Results`` (one object per row); the frame has the schema's columns in
order, typed from the schema (``DateTime`` as UTC datetimes, integers as ``Int64``,
``Double`` as float, ``Boolean`` as ``boolean``). Credentials come from the
msticpyconfig ``DataProviders.MicrosoftDefender`` section (legacy ``MDATPApp``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..core.query_defns import DataEnvironment
from .odata_driver import OData

__all__ = ["MDATPDriver"]

_MDE_ROOT = "https://api.securitycenter.microsoft.com"
_M365D_ROOT = "https://api.security.microsoft.com"
_INT_TYPES = {"int", "int32", "int64", "long"}
_FLOAT_TYPES = {"double", "real", "decimal", "float"}


class MDATPDriver(OData):
    """
    Run KQL advanced hunting queries on Microsoft Defender (MDE or M365D).

    Parameters
    ----------
    connection_str : str, optional
        Connect immediately with this (see ``OData.connect``).
    instance : str, optional
        msticpyconfig instance suffix (``MicrosoftDefender-<instance>``).
    **kwargs
        ``data_environment`` (``MDE``/``MDATP`` or ``M365D``) and the ``OData``
        settings (``api_root``, ``login_uri``, ``timeout``, ``max_response_bytes``).

    """

    CONFIG_NAME: ClassVar[str] = "MicrosoftDefender"
    _ALT_CONFIG_NAMES: ClassVar[tuple[str, ...]] = ("MDATPApp",)

    def __init__(self, connection_str: str | None = None, instance: str = "Default", **kwargs: Any):
        """Create the driver; connect when ``connection_str`` is given."""
        kwargs.setdefault("data_environment", DataEnvironment.MDE)
        super().__init__(**kwargs)
        self._m365d = self.data_environment == DataEnvironment.M365D
        if not kwargs.get("api_root"):
            self._settings["api_root"] = _M365D_ROOT if self._m365d else _MDE_ROOT
        self.api_suffix = "/advancedhunting/run" if self._m365d else "/advancedqueries/run"
        if not kwargs.get("api_version"):
            self._settings["api_version"] = "api"
        self.add_query_filter("data_environments", ("MDE", "M365D", "MDATP"))
        self._instance = instance
        if connection_str:
            self.connect(connection_str, instance=instance)

    def query(self, query: str, query_source: Any = None, **kwargs: Any) -> Any:
        """
        Run an advanced hunting query; return a DataFrame.

        Raises
        ------
        MsticpyNotConnectedError
            Before ``connect``.
        MsticpyDataQueryError
            HTTP errors, throttling past the deadline, invalid or oversize replies.

        """
        del query_source
        frame, _ = self.query_with_results(query, **kwargs)
        return frame

    def query_with_results(self, query: str, **kwargs: Any) -> tuple[Any, Any]:
        """Run an advanced hunting query; return ``(DataFrame, reply JSON)``."""
        del kwargs
        reply = self._api_request(f"{self._api_base()}{self.api_suffix}", {"Query": query})
        return _to_frame(reply), reply


def _to_frame(reply: dict[str, Any]) -> Any:
    import pandas as pd

    schema = reply.get("Schema") or reply.get("schema") or []
    rows = reply.get("Results") or reply.get("results") or []
    names = [str(col.get("Name", col.get("name"))) for col in schema if isinstance(col, dict)]
    frame = pd.DataFrame.from_records(rows, columns=names or None)
    if frame.empty and not names:
        return pd.DataFrame()
    for col in schema:
        name = col.get("Name", col.get("name"))
        kind = str(col.get("Type", col.get("type", ""))).lower()
        if name not in frame.columns:
            continue
        if kind == "datetime":
            frame[name] = pd.to_datetime(frame[name], utc=True, errors="coerce", format="ISO8601")
        elif kind in _INT_TYPES:
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("Int64")
        elif kind in _FLOAT_TYPES:
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
        elif kind == "boolean":
            frame[name] = frame[name].astype("boolean")
    return frame

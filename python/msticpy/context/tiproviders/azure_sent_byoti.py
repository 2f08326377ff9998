"""
Microsoft Sentinel threat-intelligence provider (msticpy 3.x ``tiproviders.azure_sent_byoti``).

Looks observables up in the workspace's own indicators with the ``ThreatIntelligence``
queries of the built-in query library (table ``ThreatIntelIndicators``): one query per IoC
type. Rows are read in either indicator schema: the classic one (``ThreatType``,
``Description``, ``ConfidenceScore``, ``Active``, ``Action``, ``ThreatSeverity``) or the
STIX one (``Data`` with ``labels`` and ``description``, ``Confidence``, ``IsActive``).
Severity, as msticpy: high when the action is "alert" or "block" (the STIX schema has no
action, so it counts as "alert") or the confidence is at least 80, else warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from ..._version import VERSION
from .kql_base import KqlTIProvider
from .result_severity import ResultSeverity

if TYPE_CHECKING:
    import pandas as pd

__version__ = VERSION

_ALERT_ACTIONS = ("alert", "block")


def _stix_label(data: Any) -> Any:
    """Return the first STIX label of a ``Data`` value ("unknown" if none)."""
    if isinstance(data, dict) and data.get("labels"):
        return data.get("labels", ["unknown"])[0]
    return "unknown"


def _stix_description(data: Any) -> Any:
    """Return the STIX description of a ``Data`` value ("" if none)."""
    return data.get("description", "") if isinstance(data, dict) else ""


def _with_summary_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """
    Return a copy of ``frame`` with the six summary columns in the classic schema.

    Missing columns come from their STIX counterparts, else from defaults: ThreatType
    "unknown", Description "", ConfidenceScore 0, Active False, Action "alert",
    ThreatSeverity "unknown".
    """
    frame = frame.copy()
    columns = set(frame.columns)
    if "ThreatType" not in columns:
        frame["ThreatType"] = frame["Data"].apply(_stix_label) if "Data" in columns else "unknown"
    if "Description" not in columns:
        frame["Description"] = frame["Data"].apply(_stix_description) if "Data" in columns else ""
    if "ConfidenceScore" not in columns:
        frame["ConfidenceScore"] = frame["Confidence"] if "Confidence" in columns else 0
    if "Active" not in columns:
        frame["Active"] = frame["IsActive"] if "IsActive" in columns else False
    if "Action" not in columns:
        frame["Action"] = "alert"
    if "ThreatSeverity" not in columns:
        frame["ThreatSeverity"] = "unknown"
    return frame


class AzSTI(KqlTIProvider):
    """Microsoft Sentinel TI provider class."""

    _QUERIES: ClassVar[dict[str, tuple[str, dict[str, str]]]] = {
        "ipv4": ("ThreatIntelligence.list_indicators_by_ip", {"ioc": "observables"}),
        "file_hash": ("ThreatIntelligence.list_indicators_by_hash", {"ioc": "observables"}),
        "windows_path": (
            "ThreatIntelligence.list_indicators_by_filepath",
            {"ioc": "observables"},
        ),
        "dns": ("ThreatIntelligence.list_indicators_by_domain", {"ioc": "observables"}),
        "url": ("ThreatIntelligence.list_indicators_by_url", {"ioc": "observables"}),
    }
    # Types answered by the same queries.
    for _alias, _target in (
        ("ipv6", "ipv4"),
        ("md5_hash", "file_hash"),
        ("sha1_hash", "file_hash"),
        ("sha256_hash", "file_hash"),
        ("linux_path", "windows_path"),
        ("hostname", "dns"),
    ):
        _QUERIES[_alias] = _QUERIES[_target]
    del _alias, _target

    _REQUIRED_TABLES: ClassVar[list[str]] = ["ThreatIntelIndicators"]
    #: Confidence from which an indicator is high severity.
    _HIGH_CONFIDENCE_THRESHOLD: ClassVar[int] = 80

    def parse_results(self, response: dict[str, Any]) -> tuple[bool, ResultSeverity, Any]:
        """
        Summarise the indicator row(s) of one observable.

        Parameters
        ----------
        response : dict
            A result row whose ``RawResult`` is one answer row (a Series) or several
            (a DataFrame).

        Returns
        -------
        tuple[bool, ResultSeverity, Any]
            Found, the severity, and ``Action, ThreatType, ThreatSeverity, Active,
            Description, ConfidenceScore``: values for a Series, lists of the distinct
            values for a DataFrame; ``(False, information, "No data")`` for anything else.

        """
        import pandas as pd

        raw = response["RawResult"]
        if raw is None:
            return False, ResultSeverity.information, "No data"
        if isinstance(raw, pd.Series):
            return self._parse_series(raw)
        if isinstance(raw, pd.DataFrame):
            frame = _with_summary_columns(raw)
            severity = ResultSeverity.warning
            if frame["Action"].str.lower().isin(_ALERT_ACTIONS).any():
                severity = ResultSeverity.high
            elif (frame["ConfidenceScore"] >= self._HIGH_CONFIDENCE_THRESHOLD).any():
                severity = ResultSeverity.high
            fields = (
                "Action",
                "ThreatType",
                "ThreatSeverity",
                "Active",
                "Description",
                "ConfidenceScore",
            )
            return True, severity, {name: self._series_to_list(frame[name]) for name in fields}
        return False, ResultSeverity.information, "No data"

    def _parse_series(self, row: pd.Series) -> tuple[bool, ResultSeverity, Any]:
        """Summarise one answer row (either schema)."""
        import pandas as pd

        fields = row.index

        def stix() -> Any:
            # Read only when a classic field is missing (pd.notna raises on lists).
            return row["Data"] if "Data" in fields and pd.notna(row["Data"]) else None

        details: dict[str, Any] = {}
        if "ThreatType" in fields:
            details["ThreatType"] = row["ThreatType"]
        else:
            details["ThreatType"] = _stix_label(stix())
        if "Description" in fields:
            details["Description"] = row["Description"]
        else:
            details["Description"] = _stix_description(stix())
        if "ConfidenceScore" in fields:
            details["ConfidenceScore"] = row["ConfidenceScore"]
        else:
            details["ConfidenceScore"] = row["Confidence"] if "Confidence" in fields else 0
        if "Active" in fields:
            details["Active"] = row["Active"]
        else:
            details["Active"] = row["IsActive"] if "IsActive" in fields else False
        details["Action"] = row["Action"] if "Action" in fields else "alert"
        details["ThreatSeverity"] = (
            row["ThreatSeverity"] if "ThreatSeverity" in fields else "unknown"
        )
        severity = ResultSeverity.warning
        if details["Action"].lower() in _ALERT_ACTIONS:
            severity = ResultSeverity.high
        elif details["ConfidenceScore"] >= self._HIGH_CONFIDENCE_THRESHOLD:
            severity = ResultSeverity.high
        return True, severity, details

    @staticmethod
    def _get_detail_summary(data_result: pd.DataFrame) -> pd.Series:
        """Return each answer row's details as a dict of the six summary fields."""
        frame = _with_summary_columns(data_result)
        return frame.apply(
            lambda row: {
                "Action": row.Action,
                "ThreatType": row.ThreatType,
                "ThreatSeverity": row.ThreatSeverity,
                "Active": row.Active,
                "Description": row.Description,
                "ConfidenceScore": row.ConfidenceScore,
            },
            axis=1,
        )

    @staticmethod
    def _get_severity(data_result: pd.DataFrame) -> pd.Series:
        """Return each answer row's severity name (high or warning)."""
        frame = _with_summary_columns(data_result)
        threshold = AzSTI._HIGH_CONFIDENCE_THRESHOLD
        return frame.apply(
            lambda row: (
                ResultSeverity.high.name
                if row.Action.lower() in _ALERT_ACTIONS or row.ConfidenceScore >= threshold
                else ResultSeverity.warning.name
            ),
            axis=1,
        )

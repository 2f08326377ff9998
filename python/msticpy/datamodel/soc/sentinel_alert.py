"""
``SentinelAlert``: an ``Alert`` from a Microsoft Sentinel ``SecurityAlert`` row.

Adds the Sentinel columns an ``Alert`` does not keep, the decoded
``ExtendedProperties`` (and ``AdditionalData``) items as attributes, and views of them:
the identity columns (``ids``), the alert links, the incident name and the analytic
rule's query settings.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..entities.alert import Alert

__all__ = ["SentinelAlert"]

#: SecurityAlert columns kept on the alert ("" when the row lacks them).
_SENTINEL_COLUMNS = (
    "AdditionalData AlertLink AlertName AlertSeverity ProcessingEndTime ResourceId "
    "SourceComputerId SourceSystem Status Tactics TenantId VendorOriginalId"
).split()
#: Identity properties collected into ``ids``, in this order.
_ID_COLUMNS = (
    "AzSubscriptionId AzResourceId WorkspaceId AgentId TenantId SourceComputerId "
    "ResourceId WorkspaceSubscriptionId WorkspaceResourceGroup ProviderAlertId "
    "SystemAlertId ResourceIdentifiers"
).split()
#: Analytic-rule properties (from a scheduled rule's ExtendedProperties) for ``analytic``.
_RULE_PROPERTIES = (
    "Query Period",
    "Trigger Operator",
    "Trigger Threshold",
    "Search Query Results Overall Count",
    "Data Sources",
    "Query",
    "Query Start Time UTC",
    "Query End Time UTC",
    "Analytic Rule Ids",
    "Event Grouping",
    "Analytic Rule Name",
)


class SentinelAlert(Alert):
    """
    A Microsoft Sentinel security alert.

    Parameters
    ----------
    src_event : pd.Series, optional
        A ``SecurityAlert`` row (note: the first positional parameter, unlike ``Alert``).
    src_entity : Mapping[str, Any], optional
        Alert properties, as for ``Alert``.
    **kwargs
        Properties to set.

    """

    def __init__(
        self,
        src_event: Any = None,
        src_entity: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ):
        """Create the alert; a non-empty row also sets the Sentinel columns and extras."""
        self._custom_query_params: dict[str, Any] = {}
        super().__init__(src_entity, src_event, **kwargs)
        if src_event is not None:
            import pandas as pd

            if isinstance(src_event, pd.Series) and not src_event.empty:
                for column in _SENTINEL_COLUMNS:
                    if column not in self.__dict__:
                        self.__dict__[column] = src_event.get(column, "")
                self._add_extended_items()
        props = self.properties
        self._ids: dict[str, Any] = {name: props[name] for name in _ID_COLUMNS if name in props}

    def _add_extended_items(self) -> None:
        """ExtendedProperties items become attributes; AdditionalData fills the rest."""
        extended = self.__dict__.get("ExtendedProperties")
        if extended:
            try:
                decoded = json.loads(extended)
            except (TypeError, json.JSONDecodeError):
                decoded = None  # not JSON text: left as it is
            if isinstance(decoded, dict):
                self.__dict__.update(decoded)
        additional = self.__dict__.get("AdditionalData")
        if isinstance(additional, Mapping):
            for name, value in additional.items():
                self.__dict__.setdefault(name, value)

    @property
    def ids(self) -> dict[str, Any]:
        """The identity properties the alert has (workspace, agent, tenant, resource ...)."""
        return self._ids

    @property
    def is_in_workspace(self) -> bool:
        """True if the alert has both a workspace id and an agent id."""
        return "WorkspaceId" in self._ids and "AgentId" in self._ids

    @property
    def is_in_log_analytics(self) -> bool:
        """True if the alert has a tenant id (it came from a Log Analytics workspace)."""
        return "TenantId" in self._ids

    @property
    def links(self) -> dict[str, str]:
        """Label -> URL of the alert's ``ExtendedLinks`` (none if absent or not JSON)."""
        raw = self.__dict__.get("ExtendedLinks")
        if raw is None:
            return {}
        try:
            links = json.loads(raw)
        except json.JSONDecodeError:
            return {}
        return {link["Label"]: link["Href"] for link in links}

    @property
    def incident(self) -> Any:
        """The incident (``InvestigationName``) the alert belongs to, or None."""
        self.__dict__.setdefault("InvestigationName", None)
        return self.__dict__["InvestigationName"]

    @property
    def analytic(self) -> dict[str, Any]:
        """The analytic rule's settings found on the alert (query, period, threshold ...)."""
        return {name: self.__dict__[name] for name in _RULE_PROPERTIES if name in self.__dict__}

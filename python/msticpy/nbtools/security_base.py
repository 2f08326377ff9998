"""
``SecurityBase``: shared behaviour of ``SecurityAlert`` and ``SecurityEvent``.

Wraps one row (``pd.Series``) of an alert or event table: dict/attribute access to the
columns, the entities found in it, the primary host/process/account, and
``query_params`` (parameter values for the query library: ``qp.Family.query(alert)``).
Location and behaviour follow msticpy 3.0.2 (``msticpy.nbtools.security_base``).

Deliberate differences (``docs/entities.md``): ``query_params`` holds raw values
(msticpy pre-escapes Windows paths for KQL; here the query renderer escapes every value
for the literal it lands in, so pre-escaping would double the backslashes); msticpy's
``is_in_azure_sub`` typo (``self._id``), which made ``query_params`` return ``{}`` for
rows with only a ``ResourceId``, is fixed; an entity with ``OSFamily.Linux`` makes the
row Linux (msticpy compared the enum with a string and always answered Windows); no
``DeprecationWarning`` is raised.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import datetime
from typing import Any

import pandas as pd

from ..data.core.query_defns import DataEnvironment, QueryParamProvider
from ..datamodel.entities import Account, Entity
from ..datamodel.entities.entity_enums import OSFamily

__all__ = ["SecurityBase"]

_ID_PROPERTIES = [
    "AzSubscriptionId",
    "AzResourceId",
    "WorkspaceId",
    "AgentId",
    "TenantId",
    "SourceComputerId",
    "ResourceId",
    "WorkspaceSubscriptionId",
    "WorkspaceResourceGroup",
    "ProviderAlertId",
    "SystemAlertId",
]


class SecurityBase(QueryParamProvider):
    """
    A security alert or event row with its entities.

    Parameters
    ----------
    src_row : pd.Series, optional
        The alert or event row.

    """

    def __init__(self, src_row: pd.Series | None = None):
        """Wrap ``src_row`` and collect its identifying columns."""
        self._source_data: pd.Series = src_row if src_row is not None else pd.Series(dtype="object")
        self._custom_query_params: dict[str, Any] = {}
        self._entities: list[Entity] = []
        self._ids: dict[str, Any] = {
            name: self._source_data[name] for name in _ID_PROPERTIES if name in self._source_data
        }
        self.path_separator = "\\"
        self.os_family = "Windows"

    def __getitem__(self, key: str) -> Any:
        """Attributes, then row columns; ``KeyError`` otherwise."""
        if key in self.__dict__:
            return self.__dict__[key]
        if key in self._source_data:
            return self._source_data[key]
        raise KeyError(key)

    def __setitem__(self, key: str, value: Any) -> None:
        """Set an attribute."""
        self.__dict__[key] = value

    def __contains__(self, key: object) -> bool:
        """True for attributes and row columns."""
        return key in self.__dict__ or key in self._source_data

    def __getattr__(self, name: str) -> Any:
        """Row columns read as attributes."""
        source = self.__dict__.get("_source_data")
        if source is not None and name in source:
            return source[name]
        raise AttributeError(f"{name} is not a valid attribute.")

    def __str__(self) -> str:
        """Each column as ``name: value``, then each entity on one line."""
        lines = [f"{name}: {value}" for name, value in self._source_data.items()]
        lines += [str(entity).replace("\n", ", ") for entity in self.entities]
        return "\n".join(lines)

    def __repr__(self) -> str:
        """``Class(col=value, ...)``, cut at 80 characters."""
        if self.properties:
            params = ", ".join(f"{name}={val}" for name, val in self.properties.items())
            if len(params) > 80:
                params = params[:80] + "..."
            return f"{self.__class__.__name__}({params})"
        return f"{self.__class__.__name__}()"

    def _repr_html_(self) -> str:
        """Notebook display."""
        return self.to_html()

    @property
    def entities(self) -> list[Entity]:
        """The entities of the alert or event."""
        return self._entities

    @property
    def properties(self) -> dict[str, Any]:
        """The row as a dictionary."""
        return {str(key): value for key, value in self._source_data.items()}

    @property
    def hostname(self) -> str | None:
        """Host name (not FQDN) of the primary host."""
        host = self.primary_host
        return host.HostName if host is not None else None

    @property
    def computer(self) -> str | None:
        """Computer name (FQDN if known) of the primary host."""
        host = self.primary_host
        return host.computer if host is not None else None

    @property
    def ids(self) -> dict[str, Any]:
        """Identifying columns found in the row."""
        return self._ids

    @property
    def is_in_workspace(self) -> bool:
        """True if the row has a Log Analytics ``WorkspaceId`` and ``AgentId``."""
        return "WorkspaceId" in self._ids and "AgentId" in self._ids

    @property
    def is_in_log_analytics(self) -> bool:
        """True if the row comes from a Log Analytics workspace (``TenantId``)."""
        return "TenantId" in self._ids

    @property
    def is_in_azure_sub(self) -> bool:
        """True if the row identifies an Azure subscription and resource."""
        resource = self._ids.get("ResourceId")
        if "AzSubscriptionId" not in self._ids and "AzResourceId" not in self._ids and resource:
            self._ids["AzResourceId"] = resource
            subscription = self._get_subscription_from_resource(resource)
            if subscription:
                self._ids["AzSubscriptionId"] = subscription
        return "AzSubscriptionId" in self._ids and "AzResourceId" in self._ids

    @property
    def primary_host(self) -> Any:
        """The first host entity, or None."""
        hosts = self.get_entities_of_type("host")
        return hosts[0] if hosts else None

    @property
    def primary_process(self) -> Any:
        """The process whose parent is also listed (else the first process), or None."""
        procs = self.get_entities_of_type("process")
        if not procs:
            return None
        if len(procs) == 1:
            return procs[0]
        ids = {proc.ProcessId for proc in procs}
        with_parent = [
            proc
            for proc in procs
            if "ParentProcess" in proc
            and proc["ParentProcess"]
            and getattr(proc.ParentProcess, "ProcessId", None) in ids
        ]
        return with_parent[0] if with_parent else procs[0]

    @property
    def primary_account(self) -> Any:
        """The first account entity, or None."""
        accounts = self.get_entities_of_type("account")
        return accounts[0] if accounts else None

    @property
    def query_params(self) -> dict[str, Any]:
        """
        Parameter values for the query library (msticpy's names).

        Returns
        -------
        dict[str, Any]
            ``subscription_filter``, ``host_filter_eq``, ``host_filter_neq``,
            ``host_name``, ``account_name``, ``process_name``, ``logon_session_id``,
            ``process_id``, ``path_separator``, ``data_family``, ``data_environment``;
            ``{}`` if the entities are not as expected.

        """
        try:
            host = self.primary_host
            process = self.primary_process
            account = self.primary_account
            image = process.ImageFile if process else None
            params = {
                "subscription_filter": self.subscription_filter(),
                "host_filter_eq": self.host_filter(operator="=="),
                "host_filter_neq": self.host_filter(operator="!="),
                "host_name": host.fqdn if host else None,
                "account_name": account.Name if account else None,
                "process_name": image.FullPath if image else None,
                "logon_session_id": self.get_logon_id(),
                "process_id": process.ProcessId if process else None,
                "path_separator": self.path_separator,
                "data_family": self.data_family,
                "data_environment": self.data_environment,
            }
        except AttributeError:
            return {}
        params.update(self._custom_query_params)
        return params

    @property
    def data_family(self) -> OSFamily:
        """``OSFamily`` of the alert or event (from its entities)."""
        if self.os_family == "Linux":
            return OSFamily.Linux
        if self.os_family == "Windows":
            return OSFamily.Windows
        raise ValueError("Unknown Data family.")

    @property
    def data_environment(self) -> DataEnvironment:
        """``LogAnalytics`` for workspace rows, else ``Kusto``."""
        if self.is_in_log_analytics:
            return DataEnvironment.LogAnalytics
        return DataEnvironment.Kusto

    @property
    def origin_time(self) -> datetime:
        """The row's ``TimeGenerated``."""
        return self.TimeGenerated

    def get_logon_id(self, account: Account | None = None) -> Any:
        """
        Return the logon id of the first logon session (for ``account``) or account.

        Parameters
        ----------
        account : Account, optional
            Restrict to sessions of this account.

        """
        for session in self.entities:
            if _etype(session) in ("host-logon-session", "hostlogonsession") and (
                account is None or session["Account"] == account
            ):
                return session["SessionId"]
        if account is None:
            for item in self.entities:
                if _etype(item) == "account" and "LogonId" in item:
                    return item["LogonId"]
        elif "LogonId" in account:
            return account["LogonId"]
        return None

    def subscription_filter(self, operator: str = "==") -> str:
        """Return a KQL subscription filter for the row's origin (``"true"`` if none)."""
        if self.is_in_log_analytics:
            return "true"
        if self.is_in_azure_sub:
            return f"AzureResourceSubscriptionId {operator} '{self._ids['AzSubscriptionId']}'"
        if self.is_in_workspace:
            return f"WorkspaceId {operator} '{self._ids['WorkspaceId']}'"
        return "true"

    def host_filter(self, operator: str = "==") -> str | None:
        """Return a KQL host filter clause for the primary host (or the row's ids)."""
        host = self.primary_host
        if host:
            insensitive = "=~" if operator == "==" else "!~"
            return f"Computer {insensitive} '{host.computer}'"
        if self.is_in_log_analytics and self._ids.get("SourceComputerId"):
            return f"SourceComputerId {operator} '{self._ids['SourceComputerId']}'"
        if self.is_in_azure_sub and self._ids.get("AzResourceId"):
            return f"AzureResourceId {operator} '{self._ids['AzResourceId']}'"
        if self.is_in_workspace and self._ids.get("AgentId"):
            return f"AgentId {operator} '{self._ids['AgentId']}'"
        return None

    def get_entities_of_type(self, entity_type: str) -> list[Entity]:
        """Return the entities whose ``Type`` (or class) matches ``entity_type``."""
        class_type = Entity.ENTITY_NAME_MAP.get(entity_type)
        return [
            item
            for item in self.entities
            if _etype(item) == entity_type or (class_type and isinstance(item, class_type))
        ]

    def get_all_entities(self) -> pd.DataFrame:
        """Return a DataFrame of ``Entity`` (address, URL, host or account name) and ``Type``."""
        names, types = [], []
        for item in self.entities:
            for key in ("Address", "Url", "HostName", "Entity"):
                if key in item:
                    names.append(item[key])
                    types.append(_etype(item))
                    break
            else:
                if _etype(item) == "account":
                    names.append(item["Name"])
                    types.append(_etype(item))
        # object columns, as msticpy's frames have (pandas 3 would infer strings).
        return pd.DataFrame({"Entity": names, "Type": types}, dtype=object)

    def to_html(self, show_entities: bool = False) -> str:
        """Return the row (and its entities or their counts) as HTML (escaped)."""
        html_doc = pd.DataFrame(self._source_data).to_html()
        if "ExtendedProperties" in self._source_data:
            ext = pd.DataFrame(pd.Series(self._source_data["ExtendedProperties"])).to_html()
            html_doc += "<br/><h3>ExtendedProperties:</h3>" + ext
        if show_entities and self.entities:
            html_doc += "<br/><h3>Entities:</h3><br/>" + "<br/>".join(
                self._format_entity(entity) for entity in self.entities
            )
        else:
            counts = Counter(_etype(entity) for entity in self.entities)
            text = ", ".join(f"{html.escape(str(k))}: {v}" for k, v in counts.items())
            html_doc += f"<h3>Entity counts: </h3>{text}"
        return html_doc

    @staticmethod
    def _format_entity(entity: Any) -> str:
        return html.escape(str(entity).replace("\n", ", "))

    def _find_os_family(self) -> None:
        """Linux if an entity says so, else if a file (or process image) path has ``/``."""
        self.path_separator = "\\"
        self.os_family = "Windows"
        with_family = [e for e in self.entities if "OSFamily" in e]
        if with_family:
            # msticpy compares with the string only, so an OSFamily.Linux entity never
            # counted (every alert was Windows); both forms count here.
            linux = any(e["OSFamily"] in ("Linux", OSFamily.Linux) for e in with_family)
        else:
            files = [e for e in self.entities if _etype(e) == "file"]
            if not files:
                files = [
                    e["ImageFile"]
                    for e in self.entities
                    if _etype(e) == "process" and "ImageFile" in e
                ]
            linux = any(
                f is not None and "Directory" in f and _has_slash(f["Directory"]) for f in files
            )
        if linux:
            self.os_family = "Linux"
            self.path_separator = "/"

    @staticmethod
    def _get_subscription_from_resource(resource_id: str) -> str | None:
        found = re.findall(r"^/subscriptions/([^/]+)/", resource_id, re.IGNORECASE)
        return found[0] if found else None


def _etype(item: Any) -> Any:
    """An entity's ``Type`` (raw mappings without one, as alerts may hold: None)."""
    try:
        return item["Type"]
    except (KeyError, TypeError):
        return None


def _has_slash(directory: Any) -> bool:
    try:
        return "/" in directory
    except TypeError:
        return False

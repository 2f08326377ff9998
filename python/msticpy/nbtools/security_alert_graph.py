"""
Entity graph of a security alert (msticpy's ``nbtools.security_alert_graph``).

:func:`create_alert_graph` turns a :class:`~msticpy.nbtools.security_alert.SecurityAlert`
into a ``networkx.Graph``: one red node for the alert (keyed by its ``AlertType``), one green
node per entity (keyed ``"<type>: <name>"``) linked to the alert, and dashed edges from an
entity to the entities its properties refer to (the alert's own edge to such an entity is
then dropped, so nested entities hang off their parents). :func:`add_related_alerts` adds
other alerts (``"<AlertType>(R)"`` nodes) linked to the account, process or host they share.
Node keys and attributes match msticpy 3.0.2.

networkx is imported when a function runs, not with this module; without it the functions
raise :class:`~msticpy.common.exceptions.MsticpyImportExtraError`.

Deliberate difference: for entity types without a dedicated label (URLs, registry keys...),
the ``key:value`` lines of the description are sorted; msticpy builds them from a set, so
their order changes between interpreter runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..common.exceptions import MsticpyImportExtraError
from ..datamodel.entities import Entity

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from .security_alert import SecurityAlert

__all__ = ["add_related_alerts", "create_alert_graph"]


def _networkx() -> Any:
    """Import networkx, or say which package to install."""
    try:
        import networkx
    except ImportError as err:
        raise MsticpyImportExtraError(
            "The alert graph functions need the 'networkx' package: pip install networkx",
            title="networkx is not installed",
            extra="networkx",
        ) from err
    return networkx


def create_alert_graph(alert: SecurityAlert) -> nx.Graph:
    """
    Create a networkx graph of the alert and the entities it contains.

    Parameters
    ----------
    alert : SecurityAlert
        The alert.

    Returns
    -------
    nx.Graph
        Graph with ``id="AlertGraph"``: the alert node (``node_type="alert"``, red) and one
        node per entity (``node_type="entity"``, green, with ``entitytype``, ``name``,
        ``description`` and ``source`` attributes).

    Raises
    ------
    MsticpyImportExtraError
        If networkx is not installed.

    """
    nx_mod = _networkx()
    graph = nx_mod.Graph(id="AlertGraph")
    alert_node = alert["AlertType"]
    graph.add_node(
        alert_node,
        name=alert_node,
        time=str(alert["StartTimeUtc"]),
        description="Alert: " + alert["AlertDisplayName"],
        color="red",
        node_type="alert",
    )
    os_family = alert.os_family
    for entity in alert.entities:
        node, description = _label(entity, os_family)
        graph.add_node(
            node,
            entitytype=entity["Type"],
            name=node,
            description=description,
            color="green",
            node_type="entity",
            source=str(entity),
        )
        graph.add_edge(alert_node, node)
        for prop_name, related in _entity_properties(entity):
            # Hosts are left linked to the alert: nearly every entity names one.
            if related["Type"] == "host":
                continue
            related_node, _ = _label(related)
            if not graph.has_edge(related_node, node):
                graph.add_edge(
                    node,
                    related_node,
                    description=prop_name,
                    color="green",
                    weight=1,
                    line_type="SHORT_DASH",
                )
            if graph.has_edge(alert_node, related_node):
                graph.remove_edge(alert_node, related_node)
    return graph


def add_related_alerts(related_alerts: pd.DataFrame, alertgraph: nx.Graph) -> nx.Graph:
    """
    Return a copy of an alert graph with related alerts added.

    Each related alert becomes a node ``"<AlertType>(R)"`` linked to the graph's account,
    process or host node that it shares, or to the first host node if it shares none.

    Parameters
    ----------
    related_alerts : pd.DataFrame
        Rows of the ``SecurityAlert`` table.
    alertgraph : nx.Graph
        A graph from :func:`create_alert_graph` (not modified).

    Returns
    -------
    nx.Graph
        The new graph.

    Raises
    ------
    MsticpyImportExtraError
        If networkx is not installed.

    """
    _networkx()
    from .security_alert import SecurityAlert

    graph = alertgraph.copy()
    default_node = _find_node(graph, "host", "")
    rows = [row for _, row in related_alerts.iterrows()]
    for row in rows:
        graph.add_node(
            row["AlertType"] + "(R)",
            name=row["AlertType"],
            time=str(row["StartTimeUtc"]),
            displayname=row["AlertDisplayName"],
            color="red",
            count=0,
            node_type="alert",
        )
    if default_node:
        for row in rows:
            _link_related(graph, SecurityAlert(row), default_node)
    return graph


def _link_related(graph: nx.Graph, related: SecurityAlert, default_node: str) -> None:
    """Link one related alert to the shared entities (or to the default host node)."""
    candidates = []
    if related.primary_account is not None:
        candidates.append(("account", related.primary_account.qualified_name))
    if related.primary_process is not None:
        candidates.append(("process", related.primary_process.ProcessFilePath))
    if related.primary_host is not None:
        candidates.append(("host", related.primary_host["HostName"]))
    for node_type, name in candidates:
        node = _find_node(graph, node_type, name)
        if node is not None:
            _add_related_edge(graph, node, related)
    if not graph[related["AlertType"] + "(R)"]:
        _add_related_edge(graph, default_node, related)


def _find_node(graph: nx.Graph, node_type: str, name: Any) -> str | None:
    """Return the first entity node of ``node_type`` whose key starts with its label."""
    prefix = f"{node_type}: {name}"
    for node, entity_type in graph.nodes(data="entitytype"):
        if entity_type == node_type and node.startswith(prefix):
            return str(node)
    return None


def _add_related_edge(graph: nx.Graph, source: str, related: SecurityAlert) -> None:
    """Link a related alert node to ``source`` and bump its count and description."""
    target = related["AlertType"] + "(R)"
    count = graph.nodes[target].get("count", 0) + 1 if target in graph else 1
    graph.add_node(
        target,
        count=count,
        description=f"Related alert: {related['AlertType']}  Count:{count}",
    )
    graph.add_edge(source, target, weight=0.7, description="Related Alert")


def _entity_properties(entity: Any) -> list[tuple[str, Entity]]:
    """Return ``(property, entity)`` for the properties of ``entity`` holding an entity."""
    if isinstance(entity, Entity):
        props = entity.properties
    elif isinstance(entity, dict):
        props = entity
    else:
        return []
    return [(name, value) for name, value in props.items() if isinstance(value, Entity)]


def _label(entity: Any, os_family: Any = "Windows") -> tuple[str, str]:
    """Return the node key and description of an entity."""
    entity_type = entity["Type"]
    labeller = _LABELLERS.get(entity_type)
    if entity_type == "host":
        return _host_label(entity, os_family)
    if labeller is not None:
        return labeller(entity)
    return _other_label(entity)


def _host_label(entity: Any, os_family: Any) -> tuple[str, str]:
    if "DnsDomain" in entity and _has_text(entity["DnsDomain"]):
        name = f"{entity.HostName}.{entity.DnsDomain}"
    elif "NTDomain" in entity and _has_text(entity["NTDomain"]):
        name = f"{entity.NTDomain}/{entity.HostName}"
    else:
        name = entity["HostName"]
    node = f"{entity.Type}: {name}"
    joined = entity["IsDomainJoined"] if "IsDomainJoined" in entity else "false"
    if "OSFamily" in entity:
        os_family = entity["OSFamily"]
    return node, f"{node}\n({os_family}, Domain-joined: {joined})"


def _account_label(entity: Any) -> tuple[str, str]:
    domain = entity["NTDomain"]
    prefix = domain + "\\" if domain else ""
    user = entity["Name"] or entity["AadUserId"] or entity["DisplayName"] or "unknown"
    node = f"{entity.Type}: {prefix}{user}"
    joined = entity["IsDomainJoined"] if "IsDomainJoined" in entity else "false"
    if "LogonId" in entity:
        return node, f"{node}\n(LogonId: {entity.LogonId}, Domain-joined: {joined})"
    return node, f"{node}\n(Domain-joined: {joined})"


def _logon_session_label(entity: Any) -> tuple[str, str]:
    description = f"Logon session {entity['SessionId']}\n(Start time: {entity['StartTimeUtc']}"
    return "host-logon-session", description


def _process_label(entity: Any) -> tuple[str, str]:
    image = entity["ImageFile"] if "ImageFile" in entity else None
    if "ProcessFilePath" in entity:
        path = entity.ProcessFilePath
    elif image and "FullPath" in image:
        path = image["FullPath"]
    else:
        path = "unknown"
    # String concatenation on purpose: msticpy raises TypeError for a non-text id too.
    node = f"{entity['Type']}: " + path + " [" + (entity.ProcessId or "PID unknown") + "]"
    return node, f"{node}\n(cmdline: '{entity.CommandLine}')"


def _file_label(entity: Any) -> tuple[str, str]:
    node = f"{entity.Type}: {entity['FullPath']}"
    return node, node


def _ip_label(entity: Any) -> tuple[str, str]:
    node = f"{entity['Type']}: {entity['Address']}"
    location = entity["Location"] if "Location" in entity else None
    if not location:
        return node, node
    where = f"c={location['CountryCode']}, st={location['State']}, city={location['City']}"
    return node, f"{node}\n{where}"


def _dns_label(entity: Any) -> tuple[str, str]:
    node = f"{entity['Type']}: {entity['DomainName']}"
    return node, node


def _other_label(entity: Any) -> tuple[str, str]:
    node = f"{entity['Type']}: {entity['Name']}" if "Name" in entity else entity["Type"]
    if isinstance(entity, Entity):
        props = entity.properties
    elif isinstance(entity, dict):
        props = entity
    else:
        props = {}
    lines = sorted(
        {
            f"{key}:{value}"
            for key, value in props.items()
            if key not in ("Type", "Name") and isinstance(value, str)
        }
    )
    # The unmatched ")" is msticpy's: descriptions are compared as text.
    return node, node + "\n" + "\n".join(lines) + ")"


def _has_text(value: Any) -> bool:
    """Return True for a non-blank string or any other truthy value."""
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


_LABELLERS = {
    "account": _account_label,
    "host-logon-session": _logon_session_label,
    "process": _process_label,
    "file": _file_label,
    "ip": _ip_label,
    "ipaddress": _ip_label,
    "dns": _dns_label,
}

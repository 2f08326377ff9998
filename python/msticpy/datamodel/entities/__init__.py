"""
Entities (msticpy's ``msticpy.datamodel.entities``; classic ``msticpy.nbtools.entityschema``).

Security entities (``Account``, ``Host``, ``Process``, ``IpAddress`` ...) built from
alert JSON, event rows or keyword arguments, with msticpy 3.0.2's class names,
properties and type names. ``Entity.instantiate_entity`` picks the class from a
raw mapping's ``Type`` through ``Entity.ENTITY_NAME_MAP``.

Not built yet (``docs/entities.md``): the mail entity types (``MailMessage``,
``MailCluster``, ``MailboxConfiguration``, ``SubmissionMail``); raw entities of those
types become ``UnknownEntity`` inside alerts. ``Incident`` (``msticpy.datamodel.soc``) is
registered as the ``incident`` type. Pivot functions are out of scope.
"""

from __future__ import annotations

import difflib

from .account import Account
from .alert import Alert
from .azure_resource import AzureResource
from .cloud_application import CloudApplication
from .cloud_logon_session import CloudLogonSession
from .dns import Dns, DnsResolve
from .entity import ContextObject, Entity, camelcase_property_names
from .entity_enums import Algorithm, ElevationToken, OSFamily, RegistryHive
from .file import File
from .file_hash import FileHash
from .geo_location import GeoLocation
from .host import Host
from .host_logon_session import HostLogonSession
from .iot_device import IoTDevice
from .ip_address import IpAddress
from .mailbox import Mailbox
from .malware import Malware
from .network_connection import NetworkConnection
from .oauth_application import OAuthApplication
from .process import Process
from .registry_key import RegistryKey
from .registry_value import RegistryValue
from .security_group import SecurityGroup
from .service_principal import ServicePrincipal
from .threat_intelligence import Threatintelligence
from .unknown_entity import UnknownEntity
from .url import Url

__all__ = [
    "Account",
    "Alert",
    "Algorithm",
    "AzureResource",
    "CloudApplication",
    "CloudLogonSession",
    "ContextObject",
    "Dns",
    "DnsResolve",
    "ElevationToken",
    "Entity",
    "File",
    "FileHash",
    "GeoLocation",
    "Host",
    "HostLogonSession",
    "Incident",
    "IoTDevice",
    "Ip",
    "IpAddress",
    "Machine",
    "Mailbox",
    "Malware",
    "NetworkConnection",
    "OAuthApplication",
    "OSFamily",
    "Process",
    "RegistryHive",
    "RegistryKey",
    "RegistryValue",
    "SecurityGroup",
    "ServicePrincipal",
    "Threatintelligence",
    "UnknownEntity",
    "Url",
    "User",
    "camelcase_property_names",
    "entity_classes",
    "find_entity",
    "list_entities",
]


class User(Account):
    """Another name for ``Account`` (type name ``user``)."""


class Ip(IpAddress):
    """Another name for ``IpAddress``."""


class Machine(Host):
    """Another name for ``Host`` (type name ``machine``)."""


# Key order matters: an entity's ``Type`` is the first key naming its class.
Entity.ENTITY_NAME_MAP.update(
    {
        "account": Account,
        "alert": Alert,
        "alerts": Alert,
        "azure-resource": AzureResource,
        "azureresource": AzureResource,
        "cloud-application": CloudApplication,
        "cloudapplication": CloudApplication,
        "dns": Dns,
        "dnsresolve": Dns,
        "file": File,
        "filehash": FileHash,
        "geolocation": GeoLocation,
        "host-logon-session": HostLogonSession,
        "host": Host,
        "hostlogonsession": HostLogonSession,
        "ip": IpAddress,
        "ipaddress": IpAddress,
        "location": GeoLocation,
        "machine": Machine,
        "malware": Malware,
        "network-connection": NetworkConnection,
        "networkconnection": NetworkConnection,
        "process": Process,
        "registry-key": RegistryKey,
        "registry-value": RegistryValue,
        "registrykey": RegistryKey,
        "registryvalue": RegistryValue,
        "security-group": SecurityGroup,
        "securitygroup": SecurityGroup,
        "threatintelligence": Threatintelligence,
        "unknown": UnknownEntity,
        "url": Url,
        "user": User,
        "cloud-logon-session": CloudLogonSession,
        "cloudlogonsession": CloudLogonSession,
        "iotdevice": IoTDevice,
        "mailbox": Mailbox,
        "oauthapplication": OAuthApplication,
        "ServicePrincipal": ServicePrincipal,
    }
)


def find_entity(entity: str) -> type | None:
    """
    Find an entity class by type or class name (case-insensitive).

    Parameters
    ----------
    entity : str
        A type name (``"ipaddress"``) or class name (``"IpAddress"``).

    Returns
    -------
    type | None
        The class, or None (the closest names are logged, not printed).

    """
    import logging

    folded = entity.casefold()
    by_class = {cls.__name__.casefold(): cls for cls in Entity.ENTITY_NAME_MAP.values()}
    if folded in Entity.ENTITY_NAME_MAP:
        return Entity.ENTITY_NAME_MAP[folded]
    if folded in by_class:
        return by_class[folded]
    close = difflib.get_close_matches(folded, by_class, cutoff=0.4)
    logging.getLogger(__name__).info(
        "No entity named %r; closest: %s", entity, [by_class[c].__name__ for c in close]
    )
    return None


def list_entities() -> list[str]:
    """Return the sorted names of the entity classes."""
    return sorted({cls.__name__ for cls in Entity.ENTITY_NAME_MAP.values()})


def entity_classes() -> list[type]:
    """Return the entity classes."""
    return list(set(Entity.ENTITY_NAME_MAP.values()))


# Incident (msticpy.datamodel.soc) builds on Alert and registers itself as the
# "incident" type when its module loads; loading it here keeps the entity map complete
# (as msticpy's). Imported as a module: when soc.incident is imported first, it is
# still initialising here, so its class is reached through __getattr__ below.
from ..soc import incident as _incident  # noqa: E402


def __getattr__(name: str) -> type:
    """``Incident`` lives in ``msticpy.datamodel.soc``; msticpy exports it here too."""
    if name == "Incident":
        return _incident.Incident
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

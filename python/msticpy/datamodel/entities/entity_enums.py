"""Enumerations used by entity properties (msticpy's ``entity_enums``)."""

from __future__ import annotations

from enum import Enum


class Algorithm(Enum):
    """Hash algorithm of a ``FileHash``."""

    Unknown = 0
    MD5 = 1
    SHA1 = 2
    SHA256 = 3
    SHA256AC = 4


class ElevationToken(Enum):
    """Token elevation type of a ``Process``."""

    Default = 0
    Full = 1
    Limited = 2


class OSFamily(Enum):
    """Operating-system family of a ``Host`` or ``File``."""

    Linux = 0
    Windows = 1


class RegistryHive(Enum):
    """Registry hive of a ``RegistryKey``."""

    HKEY_LOCAL_MACHINE = 0
    HKEY_CLASSES_ROOT = 1
    HKEY_CURRENT_CONFIG = 2
    HKEY_USERS = 3
    HKEY_CURRENT_USER_LOCAL_SETTINGS = 4
    HKEY_PERFORMANCE_DATA = 5
    HKEY_PERFORMANCE_NLSTEXT = 6
    HKEY_PERFORMANCE_TEXT = 7
    HKEY_A = 8
    HKEY_CURRENT_USER = 9

    @property
    def short_name(self) -> str:
        """Abbreviation such as ``HKLM``: "HK" plus the initials after ``HKEY``."""
        return "HK" + "".join(word[0] for word in self.name.split("_")[1:])


#: Enumerations by name, as entity schemas refer to them.
ENTITY_ENUMS: dict[str, type[Enum]] = {
    cls.__name__: cls for cls in (Algorithm, ElevationToken, OSFamily, RegistryHive)
}

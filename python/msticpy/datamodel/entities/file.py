"""The ``File`` entity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...common.data_types import SharedProperty
from .entity import Entity
from .entity_enums import Algorithm, OSFamily
from .file_hash import FileHash
from .host import Host

__all__ = ["File"]

_HASH_PREFERENCE = {Algorithm.SHA256: 0, Algorithm.SHA1: 1, Algorithm.MD5: 2, Algorithm.SHA256AC: 3}


class File(Entity):
    """
    A file.

    Attributes
    ----------
    FullPath, Directory, Name : str
        Note: built from an event path, ``Directory`` is the list of path
        components, as in msticpy 3.0.2.
    Md5, Sha1, Sha256, Sha256Ac : str
    Host : Host
    FileHashes : list[FileHash]
    PathSeparator : str
    OSFamily : OSFamily

    """

    ID_PROPERTIES = ["FullPath", "Sha1", "Sha256", "Sha256ac", "Md5"]
    FolderPath = SharedProperty("Directory")

    def __init__(
        self,
        src_entity: Mapping[str, Any] | None = None,
        src_event: Mapping[str, Any] | None = None,
        role: str = "new",
        **kwargs: Any,
    ):
        """
        Create a file from an entity mapping, an event row or kwargs.

        Parameters
        ----------
        src_entity : Mapping[str, Any], optional
            Entity properties.
        src_event : Mapping[str, Any], optional
            An event row: ``NewProcessName`` (role "new"), ``ParentProcessName``
            (role "parent") or ``Directory`` and ``FileName``.
        role : str, optional
            ``"new"`` (default) or ``"parent"``.
        **kwargs
            Properties to set.

        """
        self.FullPath: str | None = None
        self.Directory: Any = None
        self.Name: str | None = None
        self.Md5: str | None = None
        self.Host: Host | None = None
        self.Sha1: str | None = None
        self.Sha256: str | None = None
        self.Sha256Ac: str | None = None
        self.FileHashes: list[FileHash] = []
        self.PathSeparator: str | None = "\\"
        self.OSFamily: Any = OSFamily.Windows
        super().__init__(src_entity=src_entity, **kwargs)
        if src_event is not None:
            self._create_from_event(src_event, role)
        if not self.FullPath:
            directory = self.Directory or ""
            separator = self.path_separator if directory else ""
            self.FullPath = f"{directory}{separator}{self.Name}"

    @property
    def path_separator(self) -> str:
        """``/`` for Linux paths, else ``\\``."""
        if (self.Directory and "/" in self.Directory) or self.OSFamily != OSFamily.Windows:
            return "/"
        return "\\"

    @property
    def description_str(self) -> str:
        """Return the full path."""
        return self.FullPath or self.__class__.__name__

    @property
    def name_str(self) -> str:
        """Return the file name."""
        return self.Name or self.FullPath or self.__class__.__name__

    @property
    def file_hash(self) -> str | None:
        """The first hash in SHA256, SHA1, MD5, SHA256AC order."""
        if self.FileHashes:
            best = sorted(self.FileHashes, key=lambda h: _HASH_PREFERENCE.get(h.Algorithm, 10))
            return best[0].Value
        return self.Sha256 or self.Sha1 or self.Md5 or self.Sha256Ac

    def _create_from_event(self, src_event: Mapping[str, Any], role: str) -> None:
        if role == "new" and "NewProcessName" in src_event:
            self._add_paths(src_event["NewProcessName"])
        elif role == "parent" and "ParentProcessName" in src_event:
            self._add_paths(src_event["ParentProcessName"])
        elif "Directory" in src_event and "FileName" in src_event:
            self._add_paths(src_event["Directory"], file_name=src_event["FileName"])

    def _add_paths(self, full_path: str, file_name: str | None = None) -> None:
        linux = "/" in full_path
        self.PathSeparator = "/" if linux else "\\"
        self.OSFamily = OSFamily.Linux if linux else OSFamily.Windows
        if file_name:
            self.Name = file_name
            self.Directory = full_path
            self.FullPath = f"{full_path}{self.PathSeparator}{file_name}"
        else:
            parts = full_path.split(self.PathSeparator)
            self.FullPath = full_path
            self.Name = parts[-1]
            self.Directory = parts[:-1]

    _entity_schema = {
        "FullPath": None,
        "Directory": None,
        "Name": None,
        "Md5": None,
        "Host": "Host",
        "Sha1": None,
        "Sha256": None,
        "Sha256Ac": None,
        "FileHashes": (list, "FileHash"),
        "TimeGenerated": None,
        "StartTime": None,
        "EndTime": None,
    }

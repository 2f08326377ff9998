"""
``SecurityEvent``: a row of the Windows ``SecurityEvent`` table with its entities.

Always a ``Host`` (from ``Computer``); event 4688 adds the new ``Process`` with its
``ImageFile``, ``Account``, parent process and ``HostLogonSession``; 4624/4625 add the
subject and target ``Account`` and the ``IpAddress``. Unknown columns read as None.
Location and behaviour follow msticpy 3.0.2 (``msticpy.nbtools.security_event``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..datamodel.entities import Account, Entity, Host, HostLogonSession, IpAddress, Process
from .security_base import SecurityBase

__all__ = ["SecurityEvent"]


class SecurityEvent(SecurityBase):
    """
    A security event.

    Parameters
    ----------
    src_row : pd.Series, optional
        A row of the ``SecurityEvent`` table (with ``EventID``).

    """

    def __init__(self, src_row: pd.Series | None = None):
        """Extract the event's entities."""
        super().__init__(src_row=src_row)
        self._extract_entities(self._source_data)
        self._find_os_family()

    @property
    def entities(self) -> list[Entity]:
        """The event's entities."""
        return list(self._entities)

    def __getattr__(self, name: str) -> Any:
        """Row columns read as attributes; unknown names read as None."""
        source = self.__dict__.get("_source_data")
        if name is not None and source is not None and name in source:
            return source[name]
        return None

    def _extract_entities(self, src_row: Any) -> None:
        if "EventID" not in src_row:
            return
        host = Host(src_event=src_row)
        self._entities.append(host)
        event_id = str(src_row["EventID"])
        if event_id == "4688":
            process = Process(src_event=src_row, role="new")
            self._entities.append(process)
            process["Host"] = host
            if "ParentProcess" in process:
                self._entities.append(process.ParentProcess)
                if "ImageFile" in process.ParentProcess:
                    self._entities.append(process.ParentProcess.ImageFile)
            session = HostLogonSession(src_event=src_row)
            session.Host = host
            if "Account" in process:
                session.Account = process.Account
                process.Account.Host = host
                self._entities.append(process.Account)
            self._entities.append(session)
            if "ImageFile" in process:
                self._entities.append(process.ImageFile)
        if event_id in ("4624", "4625"):
            for role in ("subject", "target"):
                account = Account(src_event=src_row, role=role)
                account.Host = host
                self._entities.append(account)
            self._entities.append(IpAddress(src_event=src_row))

"""Type stubs for the ``msticpy._native`` extension (hand-written, checked by stubtest)."""

from typing import Any, final

__all__ = [
    "AuditFileReader",
    "PatternRegistry",
    "__version__",
    "audit_parse_lines",
    "audit_parse_records",
    "audit_unpack",
    "b64_archive_items",
    "b64_hashes",
    "b64_unpack",
    "b64_unpack_column",
    "extended_types",
    "validate_tld",
]
__version__: str

@final
class PatternRegistry:
    def __init__(self) -> None: ...
    def reset_builtins(self) -> None: ...
    def add(
        self,
        ioc_type: str,
        pattern: str,
        priority: int = 0,
        group: str | None = None,
        defang_pattern: bool | None = None,
    ) -> None: ...
    def entries(self, defanged: bool) -> list[tuple[str, str, int, str | None]]: ...
    def scan(
        self,
        text: str,
        types: list[str] | None = None,
        defanged: bool = True,
        ignore_tlds: bool = False,
        max_matches: int = 1_000_000,
        threads: int = 0,
        extended: bool = False,
    ) -> tuple[list[tuple[str, set[str]]], bool]: ...
    def scan_column(
        self,
        column: Any,
        types: list[str] | None = None,
        defanged: bool = True,
        ignore_tlds: bool = False,
        max_matches: int = 1_000_000,
        threads: int = 0,
        extended: bool = False,
    ) -> tuple[list[int], list[str], list[int], list[str], bool]: ...
    def matches_column(
        self,
        column: Any,
        types: list[str] | None = None,
        ignore_tlds: bool = False,
        max_matches: int = 1_000_000,
        threads: int = 0,
        extended: bool = True,
    ) -> tuple[
        list[int], list[str], list[str], list[str], list[int], list[int], list[bool], bool
    ]: ...
    def validate(self, text: str, ioc_type: str, defanged: bool, ignore_tlds: bool) -> bool: ...

def validate_tld(domain: str) -> bool: ...
def extended_types() -> list[str]: ...
def b64_unpack(
    text: str,
    utf16: bool = False,
    pad: bool = False,
    limits: tuple[int, int, int, int, int] | None = None,
    powershell: bool = False,
) -> tuple[str, list[tuple[Any, ...]], str]: ...
def b64_unpack_column(
    column: Any,
    utf16: bool = False,
    threads: int = 0,
    limits: tuple[int, int, int, int, int] | None = None,
    powershell: bool = False,
) -> list[tuple[int, tuple[str, list[tuple[Any, ...]], str]]]: ...
def b64_archive_items(
    kind: str, binary: bytes, limits: tuple[int, int, int, int, int] | None = None
) -> tuple[list[tuple[str, bytes, str]], str]: ...
def b64_hashes(binary: bytes) -> tuple[str, str, str]: ...

# auditd (src/py/src/auditd.rs). Tables are
# (labels, keys, event_types, time_ns, [(name, kind, data)], counters).
_AuditTable = tuple[bytes, list[str], list[str], bytes, list[tuple[str, str, Any]], dict[str, int]]

@final
class AuditFileReader:
    def __new__(
        cls,
        path: str,
        limits: tuple[int, int] | None = None,
        full_cmdline: bool = False,
        event_type: str | None = None,
    ) -> AuditFileReader: ...
    def step(self, budget: int) -> bool: ...
    def bytes_read(self) -> int: ...
    def finish(self) -> _AuditTable: ...

def audit_parse_lines(
    column: Any,
    limits: tuple[int, int] | None = None,
    full_cmdline: bool = False,
    event_type: str | None = None,
) -> _AuditTable: ...
def audit_parse_records(
    rows: list[Any],
    mssg_ids: Any,
    limits: tuple[int, int] | None = None,
    full_cmdline: bool = False,
    event_type: str | None = None,
) -> _AuditTable: ...
def audit_unpack(
    records: list[Any],
) -> tuple[list[tuple[str, list[tuple[str, str | None]]]], dict[str, int]]: ...

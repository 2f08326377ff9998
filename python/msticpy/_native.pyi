"""Type stubs for the ``msticpy._native`` extension (hand-written, checked by stubtest)."""

from typing import Any, final

__all__ = [
    "PatternRegistry",
    "__version__",
    "b64_archive_items",
    "b64_hashes",
    "b64_unpack",
    "b64_unpack_column",
    "cmd_rules_first_match",
    "extended_types",
    "proctree_keys",
    "proctree_match",
    "proctree_repeated_keys",
    "proctree_shape",
    "proctree_shape_keys",
    "syslog_pair_sessions",
    "timeline_buckets",
    "validate_tld",
]
__version__: str

# A text column as Arrow large_string buffers: (data, int64 offsets, validity 0/1 bytes).
_TextBuffers = tuple[bytes, bytes, bytes]

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
    limits: tuple[int, int, int, int, int, bool] | None = None,
    extras: tuple[bool, bool, bool, bool] | None = None,
) -> tuple[str, list[tuple[Any, ...]], str]: ...
def b64_unpack_column(
    column: Any,
    utf16: bool = False,
    threads: int = 0,
    limits: tuple[int, int, int, int, int, bool] | None = None,
    extras: tuple[bool, bool, bool, bool] | None = None,
) -> tuple[list[int], list[str], list[str], list[int], tuple[list[Any], ...]]: ...
def b64_archive_items(
    kind: str, binary: bytes, limits: tuple[int, int, int, int, int, bool] | None = None
) -> tuple[list[tuple[str, bytes, str]], str]: ...
def b64_hashes(binary: bytes) -> tuple[str, str, str]: ...
def cmd_rules_first_match(
    patterns: list[str], column: Any, threads: int = 0
) -> list[int | None]: ...
def syslog_pair_sessions(
    opened: list[int], closed: list[int], latest: int
) -> list[tuple[int, int]]: ...
def proctree_match(
    time: bytes,
    process_name: Any,
    process_id: Any,
    parent_id: Any,
    parent_name: Any | None = None,
) -> tuple[_TextBuffers, _TextBuffers | None, bytes]: ...
def proctree_repeated_keys(ints: list[bytes], texts: list[Any]) -> bytes: ...
def proctree_shape(
    process_name_lc: Any,
    process_id: Any,
    time: bytes,
    parent_name_lc: Any,
    parent_id: Any,
    parent_time: bytes,
    max_path_bytes: int = 536870912,
) -> tuple[
    _TextBuffers,
    _TextBuffers,
    bytes,
    bytes,
    bytes,
    _TextBuffers,
    bytes,
    bytes,
    _TextBuffers,
]: ...
def proctree_keys(names: Any, ids: Any, time: bytes) -> list[str | None]: ...
def proctree_shape_keys(
    proc_key: Any, parent_key: Any, max_path_bytes: int = 536870912
) -> tuple[bytes, bytes, bytes, list[str], bytes, bytes]: ...
def timeline_buckets(
    time: bytes,
    group: bytes,
    n_buckets: int,
    value: bytes | None = None,
) -> tuple[bytes, bytes, bytes, bytes]: ...

"""Type stubs for the ``msticpy._native`` extension (hand-written, checked by stubtest)."""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, final

__all__ = [
    "AuditFileReader",
    "GeoIpDb",
    "NativeIsolationForest",
    "PatternRegistry",
    "TiFeedIndex",
    "__version__",
    "audit_parse_lines",
    "audit_parse_records",
    "audit_unpack",
    "b64_archive_items",
    "b64_hashes",
    "b64_unpack",
    "b64_unpack_column",
    "cluster_commandline_features",
    "cluster_dbscan",
    "cluster_normalize",
    "cluster_path_features",
    "cluster_score",
    "cluster_score_column",
    "cluster_templates",
    "cmd_rules_first_match",
    "config_parse",
    "config_validate",
    "dns_resolve_many",
    "dns_reverse_name",
    "dns_split_domain",
    "extended_types",
    "geoip_embedded_batch",
    "geoip_embedded_raw",
    "geoip_embedded_source",
    "http_fetch_many",
    "http_group_limits",
    "http_set_group_limits",
    "idn_brands",
    "idn_info",
    "proctree_int_text",
    "proctree_keys",
    "proctree_match",
    "proctree_repeated_keys",
    "proctree_shape",
    "proctree_shape_keys",
    "query_code_skeleton",
    "query_load_files",
    "query_load_text",
    "query_placeholders",
    "query_render",
    "query_time_offset",
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
        deadline_s: float = 0.0,
    ) -> tuple[list[tuple[str, set[str]]], str]: ...
    def scan_column(
        self,
        column: Any,
        types: list[str] | None = None,
        defanged: bool = True,
        ignore_tlds: bool = False,
        max_matches: int = 1_000_000,
        threads: int = 0,
        extended: bool = False,
        deadline_s: float = 0.0,
    ) -> tuple[list[int], list[str], list[int], list[str], str]: ...
    def matches_column(
        self,
        column: Any,
        types: list[str] | None = None,
        ignore_tlds: bool = False,
        max_matches: int = 1_000_000,
        threads: int = 0,
        extended: bool = True,
        deadline_s: float = 0.0,
    ) -> tuple[
        list[int], list[str], list[str], list[str], list[int], list[int], list[bool], bool
    ]: ...
    def validate(self, text: str, ioc_type: str, defanged: bool, ignore_tlds: bool) -> bool: ...

def validate_tld(domain: str) -> bool: ...
def extended_types() -> list[str]: ...
def idn_info(
    name: str,
) -> tuple[str, str, list[str], bool, bool, str, str | None] | None: ...
def idn_brands() -> list[str]: ...
def b64_unpack(
    text: str,
    utf16: bool = False,
    pad: bool = False,
    limits: tuple[int, int, int, int, int, bool, int] | None = None,
    extras: tuple[bool, bool, bool, bool] | None = None,
) -> tuple[str, list[tuple[Any, ...]], str]: ...
def b64_unpack_column(
    column: Any,
    utf16: bool = False,
    threads: int = 0,
    limits: tuple[int, int, int, int, int, bool, int] | None = None,
    extras: tuple[bool, bool, bool, bool] | None = None,
) -> tuple[list[int], list[str], list[str], list[int], tuple[list[Any], ...]]: ...
def b64_archive_items(
    kind: str, binary: bytes, limits: tuple[int, int, int, int, int, bool, int] | None = None
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
    arrow: bool = False,
) -> tuple[Any, Any | None, bytes]: ...
def proctree_int_text(values: bytes, arrow: bool = False) -> Any: ...
def proctree_repeated_keys(ints: list[bytes], texts: list[Any]) -> bytes: ...
def proctree_shape(
    process_name_lc: Any,
    process_id: Any,
    time: bytes,
    parent_name_lc: Any,
    parent_id: Any,
    parent_time: bytes,
    max_path_bytes: int = 536870912,
    arrow: bool = False,
) -> tuple[
    bytes,
    Any,
    Any,
    bytes,
    bytes,
    bytes,
    Any,
    Any,
    Any,
]: ...
def cluster_score(kind: str, value: str, delimiter: str = " ") -> int: ...
def cluster_score_column(
    column: Any, kind: str, delimiter: str = " ", threads: int = 0
) -> bytes: ...
def cluster_path_features(
    column: Any, separator: str, threads: int = 0
) -> tuple[list[str], bytes, bytes, bytes]: ...
def cluster_commandline_features(column: Any, threads: int = 0) -> list[bytes]: ...
def cluster_normalize(data: bytes, dims: int) -> bytes: ...
def cluster_dbscan(
    data: bytes, dims: int, eps: float, min_samples: int, threads: int = 0
) -> tuple[bytes, bytes]: ...
def cluster_templates(
    column: Any,
    similarity: float = 0.4,
    max_examples: int = 3,
    max_templates_per_group: int = 256,
) -> list[tuple[str, int, list[int]]]: ...

@final
class NativeIsolationForest:
    def __new__(
        cls,
        data: bytes,
        dims: int,
        n_estimators: int,
        max_samples: int,
        max_features: int,
        contamination: float | None,
        seed: int,
        threads: int = 0,
    ) -> NativeIsolationForest: ...
    def score_samples(self, data: bytes, dims: int, threads: int = 0) -> bytes: ...
    @property
    def offset(self) -> float: ...
    @property
    def n_features(self) -> int: ...
    @property
    def max_samples(self) -> int: ...

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

# Query library (msticpy.data.core.query_source / data_query_reader).
def query_load_files(
    paths: list[str], threads: int = 0
) -> list[tuple[str | None, tuple[str, str | None, str, str] | None]]: ...
def query_load_text(name: str, text: str) -> str: ...
def query_render(
    template: str, values: dict[str, str | list[tuple[bool, str]]], language_name: str
) -> str: ...
def query_placeholders(template: str) -> list[str]: ...
def query_time_offset(spec: str, now_micros: int) -> tuple[int, bool]: ...
def query_code_skeleton(text: str, language_name: str) -> str: ...
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

# Configuration (msticpyconfig.yaml)
def config_parse(file: str, data: bytes) -> str: ...
def config_validate(settings_json: str, schema_json: str, env: dict[str, bool]) -> str: ...

# HTTP transport (msticpy.common.http_transport)
def http_fetch_many(
    requests: list[tuple[str, str, list[tuple[str, str]], bytes | None, str]],
    timeout: float,
    max_bytes: int,
    retries: int,
    secrets: list[str],
    progress: Callable[[int], object] | None = None,
) -> list[tuple[int, bytes, list[tuple[str, str]], str | None, float]]: ...
def http_set_group_limits(
    group: str,
    per_minute: float | None = None,
    per_day: float | None = None,
    concurrency: int | None = None,
) -> None: ...
def http_group_limits(group: str) -> tuple[float | None, float | None, int]: ...

# Offline threat-intelligence feeds
@final
class TiFeedIndex:
    def __new__(
        cls,
        max_file_bytes: int | None = None,
        max_entries: int | None = None,
        max_line_bytes: int | None = None,
        max_json_depth: int | None = None,
        max_field_bytes: int | None = None,
    ) -> TiFeedIndex: ...
    def load(
        self,
        data: bytes,
        name: str,
        format: str | None = None,
        file_name: str | None = None,
        ioc_type: str | None = None,
        columns: dict[str, str] | None = None,
        delimiter: str | None = None,
        to_ids_only: bool = False,
        strict: bool = False,
    ) -> str: ...
    def remove(self, name: str) -> bool: ...
    def lookup(
        self, values: list[str], ioc_type: str | None = None
    ) -> tuple[list[str | None], list[str], dict[str, list[Any]]]: ...
    def stats(self) -> str: ...
    def __len__(self) -> int: ...

def dns_resolve_many(
    names: list[str],
    rdtype: str,
    nameservers: list[str],
    timeout: float,
    concurrency: int,
) -> list[
    tuple[
        str,
        str,
        str,
        list[str],
        str,
        int,
        str,
        str | None,
        int | None,
        str,
        str,
    ]
]: ...
def dns_reverse_name(ip: str) -> str | None: ...
def dns_split_domain(name: str) -> tuple[str, str, str]: ...

# GeoIP (msticpy.context.geoip)
_GeoColumns = tuple[
    list[str | None],
    list[str | None],
    list[str | None],
    list[str | None],
    list[float | None],
    list[float | None],
]

@final
class GeoIpDb:
    def __new__(cls, path: str | os.PathLike[str], memory_map: bool = False) -> GeoIpDb: ...
    @property
    def path(self) -> Path: ...
    @property
    def database_type(self) -> str: ...
    @property
    def build_epoch(self) -> int: ...
    def lookup_batch(
        self, addresses: list[str]
    ) -> tuple[list[int], _GeoColumns, list[tuple[int, str]]]: ...
    @property
    def source(self) -> str: ...
    @property
    def pid(self) -> int: ...
    def shares_reader(self, other: GeoIpDb) -> bool: ...
    def lookup_raw(
        self, addresses: list[str]
    ) -> tuple[list[dict[str, Any]], list[int], list[tuple[int, str]]]: ...

def geoip_embedded_batch(
    addresses: list[str],
) -> tuple[list[int], _GeoColumns, list[tuple[int, str]]]: ...
def geoip_embedded_raw(
    addresses: list[str],
) -> tuple[list[dict[str, Any]], list[int], list[tuple[int, str]]]: ...
def geoip_embedded_source() -> tuple[str, str]: ...

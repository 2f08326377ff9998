"""
Seeded generator of msticpy query definition files (YAML) and parameter sets.

Shared by the query parity test and ``benchmarks/bench_query.py``. The files use the
features msticpy's shipped files use: file defaults with anchors and aliases, per-query
parameters overriding defaults, ``$<macro>$`` macros, ``{{``/``}}`` braces, aliases,
list/datetime/int/str parameters with and without defaults, dotted data families.
"""

from __future__ import annotations

import random
from typing import Any

ENVIRONMENTS = ["LogAnalytics", "MSSentinel", "LocalData", "Splunk"]
FAMILIES = ["WindowsSecurity", "LinuxSyslog", "SecurityAlert", "Network", "Alerts.type3"]
TABLES = ["SecurityEvent", "Syslog", "SecurityAlert", "AzureNetworkAnalytics_CL"]
# No quotes or backslashes: msticpy leaves those unescaped (docs/data_queries.md).
SAFE_WORDS = ["alpha", "web01", "contoso.com", "c:/windows/system32", "svc_1", "x y", "münchen"]


def _yaml_str(text: str) -> str:
    """A YAML single-quoted scalar."""
    return "'" + text.replace("'", "''") + "'"


def make_file(rng: random.Random, index: int, queries: int = 6) -> str:
    """One query file's YAML text."""
    env = rng.choice(ENVIRONMENTS)
    families = rng.sample(FAMILIES, rng.randint(1, 2))
    lines = [
        "metadata:",
        "  version: 1",
        f"  description: Generated file {index}",
        f"  data_environments: [{env}]",
        f"  data_families: [{', '.join(families)}]",
        "  tags: ['generated']",
        "defaults:",
        "  metadata:",
        f"    data_source: {_yaml_str('source' + str(index))}",
        "  parameters:",
        "    table: &table",
        "      description: Table name",
        "      type: str",
        f"      default: {rng.choice(TABLES)}",
        "    start:",
        "      description: Query start time",
        "      type: datetime",
        "    end:",
        "      description: Query end time",
        "      type: datetime",
        "    add_query_items:",
        "      description: Additional query clauses",
        "      type: str",
        "      default: ''",
        "sources:",
    ]
    for q in range(queries):
        name = f"query_{index}_{q}"
        lines += [
            f"  {name}:",
            f"    description: {_yaml_str(f'Query {q} of {index}: {rng.choice(SAFE_WORDS)}')}",
            "    metadata:",
            "      pivot:",
            "        short_name: q",
        ]
        if rng.random() < 0.3:
            lines += [f"      data_families: [{rng.choice(FAMILIES)}]"]
        lines += [
            "    args:",
            "      query: '",
            "        {table}",
            "        | where TimeGenerated >= datetime({start})",
            "        | where TimeGenerated <= datetime({end})",
            '        | where Computer {host_op} "{host_name}"',
            "        | where Account in ({accounts})",
            "        | where EventID == {event_id}",
            "        $<extra>$",
            '        | extend Bag = dynamic({{"k": 1}})',
            "        {add_query_items}'",
            "    query_macros:",
            "      extra:",
            "        description: extra filter",
            "        value: \"| where Process has '{process}'\"",
            "    parameters:",
            "      host_name:",
            "        description: Host to look for",
            "        type: str",
            "        aliases: [host, computer]",
            "      host_op:",
            "        description: operator",
            "        type: str",
            "        default: has",
            "      accounts:",
            "        description: Account list",
            "        type: list",
            f"        default: [{_yaml_str(rng.choice(SAFE_WORDS))}, {_yaml_str('adm')}]",
            "      event_id:",
            "        description: Event id",
            "        type: int",
            f"        default: {rng.choice([4624, 4688, 1])}",
            "      process:",
            "        description: process name",
            "        type: str",
            f"        default: {_yaml_str(rng.choice(SAFE_WORDS))}",
        ]
        if rng.random() < 0.5:
            lines += ["      table: *table"]
    return "\n".join(lines) + "\n"


def make_library(seed: int, files: int, queries: int = 6) -> dict[str, str]:
    """File name -> YAML text for a generated library."""
    rng = random.Random(seed)
    return {f"gen_{i:04d}.yaml": make_file(rng, i, queries) for i in range(files)}


def make_param_sets(seed: int, count: int) -> list[dict[str, Any]]:
    """Benign parameter sets (no quotes or backslashes that msticpy would not escape)."""
    rng = random.Random(seed)
    sets = []
    for _ in range(count):
        params: dict[str, Any] = {
            "start": rng.choice(
                ["2024-01-02T03:04:05", "2024-02-29 10:00", "-3d@d", "-1w@d", "2023-12-31"]
            ),
            "end": rng.choice(
                ["2024-01-03T00:00:00", "2024-03-01", "0@d", "2024-05-05T05:05:05.123456"]
            ),
            rng.choice(["host_name", "host", "computer"]): rng.choice(
                ["web01", "db-02.contoso.com", "x y"]
            ),
        }
        if rng.random() < 0.5:
            params["accounts"] = rng.choice(["alice, bob ,carol", "single", "a,b"])
        if rng.random() < 0.3:
            params["event_id"] = rng.choice([4625, 7045])
        if rng.random() < 0.3:
            params["add_query_items"] = rng.choice(
                ["| take 10", "| where A == 'b'", "| summarize count() by Computer"]
            )
        if rng.random() < 0.3:
            params["host_op"] = rng.choice(["==", "=~", "contains"])
        sets.append(params)
    return sets

"""
Generated msticpyconfig.yaml files for the configuration parity tests.

Each case is ``{"name", "yaml", "env", "paths", "workspaces"}``: the file text, the
environment variables to set, dotted paths to ask ``get_config`` for and workspace
names to build ``WorkspaceConfig`` with. Values stay inside what both YAML readers
agree on (no dates with times, no exponents without a dot, no ``y``/``n`` booleans).
"""

from __future__ import annotations

import random
import uuid
from typing import Any

_TI = [
    "OTX",
    "VirusTotal",
    "XForce",
    "OpenPageRank",
    "GreyNoise",
    "Pulsedive",
    "AbuseIPDB",
    "RiskIQ",
    "IntSights",
]
_WORDS = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa"]


def _guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _secret_value(rng: random.Random, env: dict[str, str], canary: str) -> str:
    """A YAML value for a secret: inline text, a set variable or an unset variable."""
    choice = rng.randrange(3)
    if choice == 0:
        return f'"{canary}-{rng.randrange(1000)}"'
    name = f"MPCFG_TEST_{rng.randrange(10**6)}"
    if choice == 1:
        env[name] = f"{canary}-env-{rng.randrange(1000)}"
    return "\n" + " " * 8 + f"EnvironmentVar: {name}"


def make_config(seed: int, canary: str = "CANARY-value") -> dict[str, Any]:
    """Return one valid generated configuration case."""
    rng = random.Random(seed)
    env: dict[str, str] = {}
    lines: list[str] = [f"# generated config {seed}"]
    ws_names: list[str] = []
    if rng.random() < 0.85:
        lines += ["AzureSentinel:", "  Workspaces:"]
        count = rng.randint(1, 3)
        names = (["Default"] if rng.random() < 0.7 else []) + rng.sample(_WORDS, count)
        for name in names[:count]:
            ws_names.append(name)
            lines.append(f"    {name}:")
            ws_id = _guid(rng) if rng.random() < 0.9 else "not-a-guid"
            lines.append(f"      WorkspaceId: {ws_id}")
            lines.append(f'      TenantId: "{_guid(rng)}"')
            if rng.random() < 0.5:
                lines.append(f"      WorkspaceName: {name}-ws")
            if rng.random() < 0.3:
                lines.append(f"      SubscriptionId: {_guid(rng)}")
                lines.append(f"      ResourceGroup: rg-{name}")
    lines.append("TIProviders:")
    for name in rng.sample(_TI, rng.randint(1, len(_TI))):
        lines.append(f"  {name}:")
        if rng.random() < 0.9:
            lines.append("    Args:")
            lines.append(f"      AuthKey: {_secret_value(rng, env, canary)}")
            if name == "XForce" and rng.random() < 0.8:
                lines.append(f"      ApiID: {_secret_value(rng, env, canary)}")
            if rng.random() < 0.2:
                lines.append(f"      Port: {rng.randrange(1, 65535)}")
        if rng.random() < 0.8:
            lines.append(f"    Primary: {rng.choice(['True', 'false', 'yes', 'Off'])}")
        if rng.random() < 0.8:
            lines.append(f"    Provider: {name}")
        if rng.random() < 0.3:
            lines.append(f"    Description: '{rng.choice(_WORDS)} lookups'")
        if lines[-1] == f"  {name}:":
            # An entry with no settings at all is a documented difference (msticpy
            # raises AttributeError in get_provider_settings): keep one setting.
            lines.append(f"    Provider: {name}")
    if rng.random() < 0.6:
        lines += [
            "OtherProviders:",
            "  GeoIPLite:",
            "    Args:",
            f"      AuthKey: {_secret_value(rng, env, canary)}",
            "      DBFolder: ~/.msticpy",
            "    Provider: GeoLiteLookup",
        ]
    if rng.random() < 0.5:
        lines += ["msticpy:", f"  http_timeout: {rng.choice([30, 5, '[10, 3]'])}"]
        if rng.random() < 0.5:
            lines.append("  FriendlyExceptions: false")
    if rng.random() < 0.4:
        lines += [
            "DataProviders:",
            "  LocalData:",
            "    data_paths: [./data, '/tmp/x']",
            "  Splunk:",
            "    Args:",
            "      host: splunk.example.com",
            f"      password: {_secret_value(rng, env, canary)}",
            f"      port: {rng.choice([8089, '8089'])}",
        ]
    if rng.random() < 0.3:
        lines += ["base: &base", "  Primary: true", "Custom:", "  Item:", "    <<: *base"]
    if rng.random() < 0.3:
        lines += ["AzureCLI:", "  Args:", "    auth_methods: [cli, msi]"]
        if rng.random() < 0.6:
            lines.append(f"    clientId: {_guid(rng)}")
            if rng.random() < 0.5:
                lines.append(f"    tenantId: {_guid(rng)}")
                lines.append(f"    clientSecret: {_secret_value(rng, env, canary)}")
    paths = [
        "AzureSentinel.Workspaces.Default.WorkspaceId",
        "TIProviders",
        "msticpy.http_timeout",
        "msticpy.FriendlyExceptions",
        "QueryDefinitions.Default",
        "DataProviders",
        "MSSentinel.Workspaces",
        "TIProviders.OTX.Args.AuthKey",
        "No.Such.Path",
        "Custom.Item.Primary",
    ]
    return {
        "name": f"generated-{seed}",
        "yaml": "\n".join(lines) + "\n",
        "env": env,
        "paths": paths,
        "workspaces": [None, *ws_names, "missing-ws"],
    }


def malformed_cases() -> list[dict[str, Any]]:
    """Files both readers must refuse (or accept as empty) the same way."""
    texts = {
        "unclosed-quote": 'TIProviders:\n  OTX:\n    Args:\n      AuthKey: "abc\n',
        "bad-indent": "TIProviders:\n  OTX:\n    Primary: true\n   Provider: OTX\n",
        "tab-indent": "TIProviders:\n\tOTX: {}\n",
        "list-top-level": "- a\n- b\n",
        "unclosed-flow": "msticpy: {a: [1, 2}\n",
        "empty": "",
        "comment-only": "# nothing\n",
        "unknown-alias": "a: *nope\n",
    }
    return [
        {"name": name, "yaml": text, "env": {}, "paths": ["TIProviders"], "workspaces": [None]}
        for name, text in texts.items()
    ]


def timespan_specs() -> list[dict[str, Any]]:
    """TimeSpan constructions: keyword and positional, valid and invalid."""
    return [
        {"kwargs": {"start": "2024-01-01 00:00:00", "end": "2024-01-05 12:00:00"}},
        {"kwargs": {"start": "2024-03-01", "period": "2D"}},
        {"kwargs": {"end": "2024-03-01T10:00:00", "period": "6h"}},
        {"args": ["2024-01-01", "2024-01-02"]},
        {"args": [["2024-01-01", "2024-02-01"]]},
        {"kwargs": {"timespan": ["2023-12-31 23:00", "2024-01-01 01:00"]}},
        {"kwargs": {"start": "not a date", "period": "1D"}},
        {"kwargs": {"start": "2024-01-01", "period": "forever"}},
        {"kwargs": {"end": "2024-01-01"}},
        {"kwargs": {}},
    ]

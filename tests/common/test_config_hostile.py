"""
Hostile configuration files: each is loaded in a child process, which must exit 0 with
either a clean ``ConfigFileError`` naming the file and a key, or loaded settings, within
seconds and a bounded amount of memory.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import child_env

CHILD = Path(__file__).resolve().with_name("hostile_child.py")


def _laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    return "\n".join(lines) + "\n"


HOSTILE: dict[str, bytes] = {
    "billion-laughs": _laughs().encode(),
    "alias-flood": (b"x: &x [1, 2, 3]\nitems:\n" + b"  - *x\n" * 60_000),
    "deep-block": b"a:\n  " + b"- " * 50_000 + b"x\n",
    "deep-flow": b"a: " + b"[" * 50_000 + b"]" * 50_000 + b"\n",
    "deep-flow-maps": b"a: " + b"{b: " * 50_000 + b"\n",
    "deep-indent": b"".join(b" " * d + b"k:\n" for d in range(2_000)),
    "huge": b"TIProviders:\n" + b"  # padding padding padding padding padding\n" * 300_000,
    "non-utf8": b"TIProviders:\n  OTX:\n    Args:\n      AuthKey: \xff\xfe\xfd\n",
    "tabs": b"TIProviders:\n\tOTX:\n\t\tPrimary: true\n",
    "top-level-list": b"- TIProviders\n- OTX\n",
    "top-level-scalar": b"just some text\n",
    "two-documents": b"a: 1\n---\nb: 2\n",
    "long-key": b"k" * 2_000_000 + b": 1\n",
    "nul-bytes": b"a: \x00\x00\n",
}

LOADS = {
    "duplicate-keys": b"TIProviders:\n  OTX: {Primary: true}\nTIProviders:\n  VT: {}\n",
    "wrong-types": (
        b"TIProviders: 5\nAzureSentinel: [1, 2]\nmsticpy: text\nOtherProviders: {X: 1}\n"
    ),
}


def _run(path: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, str(CHILD), str(path)],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_gives_clean_error(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(HOSTILE[name])
    outcome = _run(path)
    assert outcome["result"] == "ConfigFileError", outcome
    message = outcome["message"]
    assert message.startswith(f"{path}: "), message
    assert "key '" in message, message
    assert outcome["seconds"] < 10, outcome
    assert outcome["peak_mib"] < 400, outcome


@pytest.mark.parametrize("name", sorted(LOADS))
def test_odd_but_valid_yaml_loads(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(LOADS[name])
    outcome = _run(path)
    assert outcome["result"] == "loaded", outcome
    assert "TIProviders" in outcome["settings"]


def test_huge_file_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.write(b"a: b\n")
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MiB of NUL bytes
    outcome = _run(path)
    assert outcome["result"] == "ConfigFileError"
    assert "larger than" in outcome["message"]
    assert outcome["peak_mib"] < 200, outcome

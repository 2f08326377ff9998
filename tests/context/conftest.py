"""Fixtures for the TI tests: isolated settings, an empty result cache, canned replies."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from msticpy.common import pkg_config
from msticpy.context import lookup_cache

CANARY = "CANARY-KEY-7f3a9c"


@dataclass(frozen=True)
class FakeReply:
    """Stands in for ``http_transport.HttpReply`` (same fields and ``json()``)."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    elapsed: float = 0.0

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return None


def reply(status: int, payload: Any = None, *, error: str | None = None) -> FakeReply:
    """A reply with ``payload`` JSON-encoded (bytes are sent as they are)."""
    if isinstance(payload, bytes):
        body = payload
    else:
        body = b"" if payload is None else json.dumps(payload).encode()
    return FakeReply(status=status, body=body, error=error)


class Recorder:
    """Replaces a provider's ``_send``: records each batch, answers from a function."""

    def __init__(self, answer: Callable[[dict[str, Any]], FakeReply]) -> None:
        self.answer = answer
        self.batches: list[list[dict[str, Any]]] = []

    def __call__(self, requests: list[dict[str, Any]], timeout: Any) -> list[FakeReply]:
        self.batches.append(list(requests))
        return [self.answer(fields) for fields in requests]


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    """Each test starts with an empty, enabled cache and default settings."""
    lookup_cache.configure(
        enabled=True, ttl=lookup_cache.DEFAULT_TTL, max_entries=lookup_cache.DEFAULT_MAX_ENTRIES
    )
    lookup_cache.clear()
    yield
    lookup_cache.configure(
        enabled=True, ttl=lookup_cache.DEFAULT_TTL, max_entries=lookup_cache.DEFAULT_MAX_ENTRIES
    )
    lookup_cache.clear()


@pytest.fixture
def use_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Path]]:
    """Write a msticpyconfig.yaml, point MSTICPYCONFIG at it and reload the settings."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)

    def write(text: str) -> Path:
        path = tmp_path / "msticpyconfig.yaml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("MSTICPYCONFIG", str(path))
        pkg_config.refresh_config()
        return path

    yield write
    monkeypatch.undo()
    pkg_config.refresh_config()

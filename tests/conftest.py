"""Shared pytest configuration."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture(autouse=True)
def _quiet_logging() -> None:
    logging.getLogger("msticpy").setLevel(logging.WARNING)

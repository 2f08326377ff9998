"""Per-provider request limits from msticpyconfig hold against a service's quota."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from msticpy.context.tilookup import TILookup
from msticpy.context.tiproviders.alienvault_otx import OTX

from .ti_loopback import Reply, ti_service

PULSES = {"pulse_info": {"count": 1, "pulses": [{"name": "p", "tags": [], "references": []}]}}
IPS = [f"8.8.4.{n}" for n in range(1, 5)]


def _config(limits: str) -> str:
    return (
        "TIProviders:\n"
        "  OTX:\n"
        "    Provider: OTX\n"
        "    Primary: true\n"
        "    Args:\n"
        "      AuthKey: not-a-real-key\n" + limits
    )


def test_requests_per_minute_keeps_within_the_quota(
    use_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_config(_config("      RequestsPerMinute: 60\n      MaxConcurrentRequests: 2\n"))
    with ti_service({r"/api/v1/indicators/.*": Reply(json=PULSES)}, quota=(2, 1.0)) as svc:
        monkeypatch.setattr(OTX, "_BASE_URL", svc.base)
        ti = TILookup()
        started = time.monotonic()
        frame = ti.lookup_iocs(IPS)
        elapsed = time.monotonic() - started
    assert svc.over_quota == 0
    assert list(frame["Status"]) == [0] * len(IPS) and frame["Result"].all()
    assert elapsed >= 2.5  # four requests spaced 1 s apart


def test_without_limits_the_quota_is_hit_and_reported(
    use_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_config(_config(""))
    from msticpy.common.http_transport import set_group_limits

    # The limit set by the previous test persists in the process: lift it.
    set_group_limits("OTX", per_minute=1e9, concurrency=16)
    with ti_service({r"/api/v1/indicators/.*": Reply(json=PULSES)}, quota=(2, 30.0)) as svc:
        monkeypatch.setattr(OTX, "_BASE_URL", svc.base)
        frame = TILookup().lookup_iocs(IPS, ioc_type_col=None)
    assert svc.over_quota > 0  # each refused request was retried after Retry-After
    failed = frame[frame["Status"] != 0]
    assert 0 < len(failed) <= svc.over_quota
    assert set(failed["Details"]) == {"Too Many Requests"}


def test_a_bad_limit_leaves_the_provider_out(use_config: Callable[[str], Path]) -> None:
    use_config(_config("      RequestsPerDay: lots\n"))
    with pytest.warns(UserWarning, match="bad rate limit"):
        ti = TILookup()
    assert "OTX" not in ti.loaded_providers


def test_timeout_from_config_text_is_a_number(
    use_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """msticpyconfig Args are text: ``timeout: 20`` arrives as "20" and must still load."""
    use_config(_config("      timeout: 20\n"))
    ti = TILookup()
    assert "OTX" in ti.loaded_providers
    assert ti.loaded_providers["OTX"]._timeout == 20.0


def test_progress_bar_per_provider(
    use_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    pytest.importorskip("tqdm")
    from msticpy.common import progress

    use_config(_config(""))
    many = [f"8.8.5.{n}" for n in range(1, 13)]
    with ti_service({r"/api/v1/indicators/.*": Reply(json=PULSES)}) as svc:
        monkeypatch.setattr(OTX, "_BASE_URL", svc.base)
        # A small batch is silent, even on a terminal; a larger one shows the provider's bar.
        monkeypatch.setattr(progress, "_is_terminal", lambda stream: True)
        TILookup().lookup_iocs(IPS[:2], progress=True)
        assert "OTX" not in capsys.readouterr().err
        TILookup().lookup_iocs(many, progress=True)
    assert "OTX" in capsys.readouterr().err

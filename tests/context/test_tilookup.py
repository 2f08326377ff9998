"""TILookup end to end with a user-defined TIProvider, and loading from msticpyconfig."""

from __future__ import annotations

import asyncio
import importlib
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd
import pytest

from msticpy.common.exceptions import MsticpyUserConfigError
from msticpy.context.lookup_result import LookupStatus
from msticpy.context.tilookup import TILookup
from msticpy.context.tiproviders import TI_PROVIDERS
from msticpy.context.tiproviders.result_severity import ResultSeverity
from msticpy.context.tiproviders.ti_provider_base import TIProvider

from .conftest import CANARY


class BlockList(TIProvider):
    """A user's provider: a fixed list of bad observables."""

    _QUERIES: ClassVar[dict[str, Any]] = {"ipv4": None, "dns": None}

    def __init__(self, bad: set[str]) -> None:
        super().__init__()
        self.bad = bad
        self.calls = 0

    def lookup_ioc(
        self, ioc: str, ioc_type: str | None = None, query_type: str | None = None
    ) -> pd.DataFrame:
        self.calls += 1
        row = self._check_ioc_type(ioc, ioc_type, query_type)
        row["Provider"] = self.name
        if row["Status"] == LookupStatus.OK.value:
            row["RawResult"] = {"listed": ioc in self.bad}
            row["Result"], sev, row["Details"] = self.parse_results(row)
            row["Severity"] = ResultSeverity.parse(sev).name
        return pd.DataFrame([row])

    def parse_results(self, response: dict[str, Any]) -> tuple[bool, ResultSeverity, Any]:
        listed = response["RawResult"]["listed"]
        return listed, ResultSeverity.high if listed else ResultSeverity.information, {}


@pytest.fixture
def ti() -> TILookup:
    return TILookup(
        primary_providers=[BlockList({"52.1.1.1"})],
        secondary_providers=[],
    )


def test_lookup_ioc_and_iocs(ti: TILookup) -> None:
    one = ti.lookup_ioc("52.1.1.1")
    assert list(one["Provider"]) == ["BlockList"] and one.iloc[0]["Severity"] == "high"
    many = ti.lookup_iocs(["52.1.1.1", "52.1.1.2", "contoso.com"])
    assert list(many["Severity"]) == ["high", "information", "information"]
    assert list(many["IocType"]) == ["ipv4", "ipv4", "dns"]


def test_observable_alias_and_missing_ioc(ti: TILookup) -> None:
    assert ti.lookup_ioc(observable="52.1.1.1").iloc[0]["Result"]
    with pytest.raises(ValueError, match="No value supplied"):
        ti.lookup_ioc()


def test_not_supported_rows_hidden_unless_asked(ti: TILookup) -> None:
    assert ti.lookup_ioc("d41d8cd98f00b204e9800998ecf8427e").empty
    shown = ti.lookup_ioc("d41d8cd98f00b204e9800998ecf8427e", show_not_supported=True)
    assert shown.iloc[0]["Status"] == LookupStatus.NOT_SUPPORTED.value


def test_dataframe_input_and_sync_and_async_forms(ti: TILookup) -> None:
    data = pd.DataFrame({"ip": ["52.1.1.1", "52.1.1.3"], "t": ["ipv4", "ipv4"]})
    expected = ti.lookup_iocs(data, ioc_col="ip", ioc_type_col="t")
    pd.testing.assert_frame_equal(expected, ti.lookup_iocs(data, col="ip", ioc_type_col="t"))
    pd.testing.assert_frame_equal(expected, ti.lookup_iocs_sync(data, "ip", "t"))
    got = asyncio.run(ti._lookup_iocs_async(data, ioc_col="ip", ioc_type_col="t"))
    pd.testing.assert_frame_equal(expected, got)


def test_sync_call_inside_running_loop(ti: TILookup) -> None:
    async def inside() -> pd.DataFrame:
        return ti.lookup_iocs(["52.1.1.1"])

    assert asyncio.run(inside()).iloc[0]["Result"]


def test_generator_input_reaches_every_provider() -> None:
    first, second = BlockList({"52.1.1.1"}), BlockList(set())
    ti = TILookup(primary_providers=[first])
    ti.add_provider(second, name="Other")
    frame = ti.lookup_iocs(ip for ip in ["52.1.1.1", "52.1.1.2"])
    assert sorted(frame["Provider"]) == ["BlockList", "BlockList", "Other", "Other"]


def test_enable_disable_and_selection(ti: TILookup) -> None:
    ti.add_provider(BlockList(set()), name="Spare", primary=False)
    assert ti.configured_providers == ["BlockList", "Spare"]
    assert set(ti.lookup_ioc("52.1.1.1")["Provider"]) == {"BlockList"}
    assert set(ti.lookup_ioc("52.1.1.1", prov_scope="all")["Provider"]) == {"BlockList", "Spare"}
    ti.set_provider_state({"Spare": True, "BlockList": False})
    assert set(ti.lookup_ioc("52.1.1.1")["Provider"]) == {"Spare"}
    assert set(ti.lookup_ioc("52.1.1.1", providers=["BlockList"])["Provider"]) == {"BlockList"}
    assert any("(secondary)" in line for line in ti.provider_status)
    with pytest.raises(ValueError, match="Unknown provider 'Nope'"):
        ti.enable_provider("Nope")
    with pytest.raises(ValueError, match="Unknown provider 'Nope'"):
        ti.disable_provider(["Nope"])


def test_no_providers_is_config_error(use_config: Callable[[str], Path]) -> None:
    use_config("TIProviders: {}\n")
    with pytest.raises(MsticpyUserConfigError):
        TILookup().lookup_ioc("52.1.1.1")


def test_result_to_df_and_registry(ti: TILookup) -> None:
    frame = ti.lookup_ioc("52.1.1.1")
    assert ti.result_to_df(frame) is frame
    with pytest.raises(TypeError):
        ti.result_to_df([1])  # type: ignore[arg-type]
    assert ti.available_providers == list(TI_PROVIDERS)
    assert TILookup.list_available_providers(as_list=True) == list(TI_PROVIDERS)
    assert TILookup.import_provider("OTX").__name__ == "OTX"
    with pytest.raises(LookupError):
        TILookup.import_provider("NoSuchProvider")


CONFIG = f"""
TIProviders:
  OTX:
    Args:
      AuthKey: {CANARY}
    Primary: True
    Provider: "OTX"
  VirusTotal:
    Args:
      AuthKey:
        EnvironmentVar: "TI_TEST_VT_KEY"
      timeout: -5
    Primary: True
    Provider: "VirusTotal"
  Ghost:
    Args:
      AuthKey: x
    Primary: True
    Provider: "Ghost"
  Mystery:
    Primary: False
    Provider: "NoSuchClass"
  Skipped:
    Provider: "--no-load--"
"""


def test_config_loading_survives_bad_providers(
    use_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TI_TEST_VT_KEY", CANARY)
    # A registered provider whose module is not in this build.
    monkeypatch.setitem(TI_PROVIDERS, "Ghost", ("ghost_feed", "Ghost"))
    use_config(CONFIG)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ti = TILookup()
    assert ti.configured_providers == ["OTX"]
    status = "\n".join(ti.provider_status)
    assert "OTX - AlientVault OTX Lookup. (primary)" in status
    assert "VirusTotal - not loaded: initialisation failed (MsticpyConfigError)" in status
    assert "Ghost - not loaded: provider not available" in status
    assert "Mystery - not loaded: no provider class named 'NoSuchClass'" in status
    assert "Skipped" not in status
    assert len(caught) == 3
    assert CANARY not in status and all(CANARY not in str(w.message) for w in caught)
    assert vars(ti.loaded_providers["OTX"])["_request_params"]["AuthKey"] == CANARY
    with pytest.warns(UserWarning, match="VirusTotal not loaded"):
        assert TILookup(providers=["VirusTotal"]).configured_providers == []


def test_env_key_reaches_provider(
    use_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TI_TEST_VT_KEY", CANARY)
    use_config(CONFIG.replace("      timeout: -5\n", ""))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ti = TILookup(providers=["VirusTotal"])
    assert vars(ti.loaded_providers["VirusTotal"])["_request_params"]["AuthKey"] == CANARY


def test_classic_paths_are_the_same_objects() -> None:
    from msticpy.context.tiproviders.virustotal import VirusTotal
    from msticpy.sectools import TILookup as ClassicTILookup
    from msticpy.sectools.tiproviders import TILookupStatus, TISeverity
    from msticpy.sectools.tiproviders import TIProvider as ClassicProvider

    # Alias modules replace themselves in sys.modules; import them by name.
    classic_module = importlib.import_module("msticpy.sectools.tilookup")
    classic_vt = importlib.import_module("msticpy.sectools.tiproviders.virustotal")
    assert classic_module is importlib.import_module("msticpy.context.tilookup")
    assert ClassicTILookup is TILookup and classic_module.TILookup is TILookup
    assert ClassicProvider is TIProvider and classic_vt.VirusTotal is VirusTotal
    assert TISeverity is ResultSeverity and TILookupStatus is LookupStatus
    import msticpy

    assert msticpy.TILookup is TILookup


def test_importing_packages_stays_cheap() -> None:
    code = (
        "import sys, msticpy.context, msticpy.sectools, msticpy.sectools.tiproviders,"
        " msticpy.context.tiproviders;"
        "print(sorted(m for m in ('pandas', 'msticpy._native', 'bokeh') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_make_sync_inside_loop_refuses_waiting_coroutine() -> None:
    from msticpy.context.provider_base import _make_sync

    async def waits() -> int:
        await asyncio.sleep(0)
        return 1

    async def plain() -> int:
        return 2

    async def inside() -> None:
        assert _make_sync(plain()) == 2
        with pytest.raises(RuntimeError, match="await its async form"):
            _make_sync(waits())

    asyncio.run(inside())
    assert _make_sync(waits()) == 1

"""
Canary secret: a unique value placed in ApiKey/AuthKey/Password/client secret settings
must never appear in any error text, repr, str, log record, warning or printed report.
"""

from __future__ import annotations

import io
import logging
import warnings
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from msticpy.common import pkg_config
from msticpy.common.exceptions import MsticpyException
from msticpy.common.provider_settings import get_protected_setting, get_provider_settings
from msticpy.common.wsconfig import WorkspaceConfig

from .conftest import TENANT_ID, WS_ID

CANARY = "CANARY-7c1e0b9a-d4f2-4b11-9e55-secretvalue"

BROKEN = [
    f'TIProviders:\n  OTX:\n    Args:\n      AuthKey: "{CANARY}\n',
    f"TIProviders:\n  OTX:\n    Args:\n      AuthKey: '{CANARY}\n",
    f"TIProviders:\n  OTX:\n    Args:\n      ApiKey: {CANARY}\n     Password: x\n",
    f"TIProviders:\n  OTX:\n    Args:\n\tPassword: {CANARY}\n",
    f"TIProviders: [{CANARY}\n",
    f"TIProviders: {{AuthKey: {CANARY}\n",
    f"TIProviders:\n  OTX:\n    Args:\n      AuthKey: {CANARY}: {CANARY}\n",
    f"- {CANARY}\n",
    f"{CANARY}\n",
    f"a: *{CANARY}\n",
    f'Password: "{CANARY}\\q {CANARY}"\n',
    f"Password: {CANARY}\n---\nx: 1\n",
]

GOOD = f"""
AzureSentinel:
  Workspaces:
    Default:
      WorkspaceId: {WS_ID}
      TenantId: {TENANT_ID}
      Args:
        ClientSecret: {CANARY}
TIProviders:
  OTX:
    Args:
      AuthKey: {CANARY}
    Primary: true
  VirusTotal:
    Args:
      ApiKey:
        EnvironmentVar: MP_CANARY_VAR
  XForce:
    Args:
      AuthKey: {CANARY}
  Weird:
    Args:
      Password: [{CANARY}]
      Token: {{Nested: {CANARY}}}
  Vault:
    Args:
      AuthKey:
        KeyVault: {CANARY}
Azure:
  cloud: {CANARY}
DataProviders:
  Splunk:
    Args:
      password: {CANARY}
      clientSecret: {CANARY}
msticpy:
  Proxies:
    https:
      Url: https://proxy
      Password: {CANARY}
"""


@pytest.fixture
def captured_logs() -> list[logging.LogRecord]:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(level=logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield records
    root.removeHandler(handler)
    root.setLevel(old_level)


def _texts(err: BaseException) -> str:
    return " ".join([str(err), repr(err), *map(str, err.args)])


@pytest.mark.parametrize("text", BROKEN, ids=range(len(BROKEN)))
def test_broken_files_never_echo_the_secret(use_config, text: str, captured_logs) -> None:
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(MsticpyException) as info:
        use_config(text)
    seen = _texts(info.value) + out.getvalue()
    seen += " ".join(record.getMessage() for record in captured_logs)
    assert CANARY not in seen
    assert "msticpyconfig.yaml" in str(info.value)


def test_loaded_secrets_never_shown(use_config, captured_logs, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MP_CANARY_VAR", CANARY)
    use_config(GOOD.replace("  Vault:\n    Args:\n      AuthKey:\n        KeyVault: " + CANARY, ""))
    seen: list[str] = []
    out = io.StringIO()
    with redirect_stdout(out), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        providers = get_provider_settings()
        seen += [repr(providers), str(providers)]
        for prov in providers.values():
            seen += [repr(prov), str(prov), repr(prov.args), str(prov.args)]
        seen.append(repr(get_provider_settings("DataProviders")))
        seen.append(repr(WorkspaceConfig()))
        errors, warns = pkg_config.validate_config()
        seen += errors + warns
        # Reading the value explicitly is allowed: that is what the settings are for.
        assert providers["VirusTotal"].args["ApiKey"] == CANARY
        assert get_protected_setting("msticpy.Proxies.https", "Password") == CANARY
    seen.append(out.getvalue())
    seen += [str(w.message) for w in caught]
    seen += [record.getMessage() for record in captured_logs]
    assert CANARY not in "\n".join(seen)


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_key_vault_error_does_not_echo(use_config) -> None:
    use_config(GOOD)
    with pytest.raises(MsticpyException) as info:
        get_provider_settings()
    assert CANARY not in _texts(info.value)

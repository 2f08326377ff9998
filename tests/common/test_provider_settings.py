"""provider_settings: indirection, masking, Key Vault, protected settings, proxies."""

from __future__ import annotations

import warnings

import pytest

from msticpy.common import provider_settings, settings
from msticpy.common.exceptions import MsticpyImportExtraError
from msticpy.common.provider_settings import ProviderArgs, get_provider_settings

from .conftest import SAMPLE, TENANT_ID, WS_ID


def test_providers_with_env_var(use_config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MP_TEST_OTX_KEY", "otx-secret-value")
    use_config(SAMPLE)
    providers = get_provider_settings("TIProviders")
    assert list(providers) == ["OTX", "XForce", "AzureSentinel"]
    otx = providers["OTX"]
    assert (otx.name, otx.provider, otx.primary, otx.description) == ("OTX", "OTX", True, None)
    assert otx.args["AuthKey"] == "otx-secret-value"
    assert providers["XForce"].args["ApiID"] == "some-id"
    # Names in msticpy's name map get a snake_case copy with the resolved value.
    sentinel = providers["AzureSentinel"].args
    assert sentinel["workspace_id"] == WS_ID and sentinel["tenant_id"] == TENANT_ID
    assert sentinel["WorkspaceID"] == WS_ID


def test_missing_env_var_warns_without_value(use_config) -> None:
    use_config(SAMPLE)
    with pytest.warns(UserWarning, match="MP_TEST_OTX_KEY"):
        providers = get_provider_settings()
    assert providers["OTX"].args["AuthKey"] is None


def test_repr_masks_secrets(use_config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MP_TEST_OTX_KEY", "otx-secret-value")
    use_config(SAMPLE)
    providers = get_provider_settings()
    text = repr(providers) + str(providers["XForce"].args) + repr(providers["OTX"])
    assert "otx-secret-value" not in text
    assert "inline-key" not in text
    assert "some-id" in text  # not a secret name
    args = ProviderArgs({"Password": "p", "UserName": "u", "token": None})
    assert repr(args) == "{'Password': '********', 'UserName': 'u', 'token': None}"


def test_key_vault_needs_extra(use_config) -> None:
    use_config("TIProviders:\n  OTX:\n    Args:\n      AuthKey:\n        KeyVault: otx-key\n")
    with pytest.raises(MsticpyImportExtraError) as info:
        get_provider_settings()
    assert info.value.kwargs.get("extra") == "keyvault"
    assert "TIProviders.OTX.Args.AuthKey" in str(info.value)


def test_unrecognised_value_warns(use_config) -> None:
    use_config("TIProviders:\n  OTX:\n    Args:\n      AuthKey: [a, b]\n      Other: {x: 1}\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        args = get_provider_settings()["OTX"].args
    assert len(caught) == 2
    assert args["AuthKey"] == ["a", "b"]


def test_empty_and_odd_sections(use_config) -> None:
    use_config("TIProviders:\n  Tor:\n  OTX: 3\nOtherProviders: text\n")
    providers = get_provider_settings()
    assert providers["Tor"].provider == "Tor" and not providers["Tor"].args
    assert get_provider_settings("OtherProviders") == {}
    assert get_provider_settings("Missing") == {}


def test_protected_setting_and_proxies(use_config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MP_PROXY_PW", "pw")
    use_config(
        "msticpy:\n  Proxies:\n    https:\n      Url: https://proxy:8080\n"
        "      UserName: me\n      Password:\n        EnvironmentVar: MP_PROXY_PW\n"
        "    http:\n      Url: proxy2:3128\n"
    )
    assert provider_settings.get_protected_setting("msticpy.Proxies.https", "Password") == "pw"
    assert settings.get_http_proxies() == {
        "https": "https://me:pw@proxy:8080",
        "http": "http//proxy2:3128",
    }


def test_settings_facade_names() -> None:
    for name in settings.__all__:
        assert callable(getattr(settings, name)), name
    provider_settings.refresh_keyring()
    provider_settings.clear_keyring()
    provider_settings.reload_settings()


def test_secrets_client_func_without_key_vault() -> None:
    get_client = provider_settings.get_secrets_client_func()
    assert get_client() is None
    assert provider_settings._SET_SECRETS_CLIENT(secrets_client=object()) is None

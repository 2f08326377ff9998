"""
Reliability catalogue, configuration (``reference/reliability.md`` section 5): a
missing, malformed, mistyped or hostile ``msticpyconfig.yaml``, each read in a child
process. A broken file is a ``ConfigFileError`` naming the file, the line and the key;
odd but valid files load; a secret from the file never appears in any message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from robustness.catalogue import assert_raised, run_case

CANARY = "CANARY-9d41e7-config-secret"

_LOAD = """
import warnings
def case():
    from msticpy.common import pkg_config
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pkg_config.refresh_config()
        errors, _ = pkg_config.validate_config()
    return {"settings": sorted(pkg_config.get_settings()), "errors": errors,
            "warnings": [str(w.message) for w in caught]}
"""

# case -> (file text, expected line, key and reason fragment)
BROKEN = {
    "malformed": (f"TIProviders:\n  OTX:\n    Args: [AuthKey: {CANARY}\n", 3, "TIProviders"),
    "python-tag": (
        f'Azure:\n  cloud: !!python/object/apply:os.system ["{CANARY}"]\n',
        2,
        "Azure.cloud",
    ),
    "local-tag": (f"TIProviders:\n  OTX:\n    Args:\n      AuthKey: !vault {CANARY}\n", 4, ""),
    "tab-indent": (f"TIProviders:\n\tOTX: {CANARY}\n", 2, ""),
    "two-documents": ("TIProviders: {}\n---\nAzure: {}\n", 2, ""),
    "top-level-list": ("- TIProviders\n- Azure\n", 1, "(document)"),
}

REASONS = {
    # A tag is not quoted in configuration messages (it may sit next to a secret).
    "python-tag": "an application tag ('!…' other than YAML's standard tags) is not allowed",
    "local-tag": "an application tag ('!…' other than YAML's standard tags) is not allowed",
    "two-documents": "more than one YAML document",
    "top-level-list": "the top level must be a mapping of sections",
}


def _assert_no_canary(outcome: dict) -> None:
    for field in ("message", "stdout", "stderr", "value"):
        assert CANARY not in str(outcome.get(field, "")), (field, outcome)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_names_file_line_and_key(name: str, tmp_path: Path) -> None:
    text, line, key = BROKEN[name]
    config = tmp_path / "msticpyconfig.yaml"
    config.write_text(text, encoding="utf-8")
    outcome = run_case(_LOAD, tmp_path, config=config)
    message = assert_raised(outcome, "ConfigFileError", f"{config}: ")
    assert "ValueError" in outcome["classes"]
    assert f"line {line}" in message, message
    assert f"key '{key}" in message, message
    if name in REASONS:
        assert REASONS[name] in message, message
    _assert_no_canary(outcome)


# What msticpy fills in when no file is read.
DEFAULT_SECTIONS = ["DataProviders", "QueryDefinitions", "msticpy"]


def test_missing_file_gives_default_settings_and_a_report(tmp_path: Path) -> None:
    outcome = run_case(_LOAD, tmp_path, config=tmp_path / "no-such-file.yaml")
    assert outcome["value"]["settings"] == DEFAULT_SECTIONS, outcome
    assert "AzureSentinel: the section is missing or empty" in outcome["value"]["errors"]


def test_directory_instead_of_a_file_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "config-dir"
    folder.mkdir()
    outcome = run_case(_LOAD, tmp_path, config=folder)
    if "raised" in outcome:
        assert_raised(outcome, "ConfigFileError", str(folder))
    else:
        assert outcome["value"]["settings"] == DEFAULT_SECTIONS, outcome


def test_wrong_types_load_and_are_reported(tmp_path: Path) -> None:
    config = tmp_path / "msticpyconfig.yaml"
    config.write_text(
        f"TIProviders: 5\nAzureSentinel: [1, 2]\nmsticpy: {CANARY}\n", encoding="utf-8"
    )
    outcome = run_case(_LOAD, tmp_path, config=config)
    value = outcome["value"]
    assert {"MSSentinel", "TIProviders", "msticpy"} <= set(value["settings"]), value
    assert "TIProviders: must be a mapping of providers (found a number)" in value["errors"]
    _assert_no_canary(outcome)


def test_missing_environment_variable_for_a_key_is_reported(tmp_path: Path) -> None:
    config = tmp_path / "msticpyconfig.yaml"
    config.write_text(
        "TIProviders:\n  OTX:\n    Args:\n      AuthKey:\n        EnvironmentVar: "
        "ERRMSG_NO_SUCH_VARIABLE\n    Primary: true\n    Provider: OTX\n",
        encoding="utf-8",
    )
    outcome = run_case(_LOAD, tmp_path, config=config)
    assert (
        "TIProviders.OTX.Args.AuthKey: environment variable ERRMSG_NO_SUCH_VARIABLE is not set"
        in outcome["value"]["errors"]
    ), outcome


def test_duplicate_keys_keep_the_last_value_as_pyyaml_does(tmp_path: Path) -> None:
    config = tmp_path / "msticpyconfig.yaml"
    config.write_text("TIProviders: {}\nAzure: {cloud: global}\nAzure: {cloud: usgov}\n")
    body = """
def case():
    from msticpy.common import pkg_config
    pkg_config.refresh_config()
    return pkg_config.get_config("Azure.cloud")
"""
    assert run_case(body, tmp_path, config=config)["value"] == "usgov"

"""Property tests at the boundary: any bytes read as a config end in settings or a clean error."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from msticpy import _native
from msticpy.common.config_validation import run_validation
from msticpy.common.exceptions import ConfigFileError
from msticpy.common.pkg_config import _schema_document

YAML_BITS = st.sampled_from(
    [
        ": ",
        "\n",
        "  ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "'",
        '"',
        "#",
        "\t",
        "key",
        "Args",
        "<<: ",
        "---",
        "? ",
        "|",
        ">",
        "!!str ",
        "1",
        "true",
        "~",
        ",",
        "\\",
        "\x00",
        "é",
    ]
)
FILES = st.one_of(
    st.binary(max_size=300),
    st.lists(YAML_BITS, max_size=60).map(lambda parts: "".join(parts).encode()),
)


@settings(max_examples=300, deadline=None)
@given(FILES)
def test_any_bytes_give_settings_or_clean_error(data: bytes) -> None:
    try:
        settings_json = _native.config_parse("cfg.yaml", data)
    except ConfigFileError as err:
        assert str(err).startswith("cfg.yaml: ")
        assert "key '" in str(err)
        return
    assert isinstance(json.loads(settings_json), dict)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["Args", "AuthKey", "Workspaces", "Default", "x", "EnvironmentVar"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=30,
)
SECTIONS = st.dictionaries(
    st.sampled_from(
        ["AzureSentinel", "TIProviders", "OtherProviders", "DataProviders", "msticpy", "Other"]
    ),
    JSON_VALUES,
    max_size=5,
)


@settings(max_examples=200, deadline=None)
@given(SECTIONS)
def test_validation_never_fails(config: dict) -> None:
    errors, warnings = run_validation(config, _schema_document())
    assert all(isinstance(item, str) for item in errors + warnings)

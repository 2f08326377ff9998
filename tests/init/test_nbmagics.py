"""The ``%%ioc`` and ``%%b64`` magics in a real IPython shell (msticpy 3.0.2 behaviour)."""

from __future__ import annotations

import base64
import sys
from typing import Any

import pytest

pytest.importorskip("IPython")

from IPython.core.error import UsageError


@pytest.fixture(scope="module")
def shell() -> Any:
    from IPython.testing.globalipapp import get_ipython

    ipython = get_ipython()
    from msticpy.init.nbmagics import register_magics_if_ipython

    assert register_magics_if_ipython()
    return ipython


TEXT = "beacon to 10.1.2.3 and evil.com\nthen https://evil.com/a.php from 10.1.2.3"


def test_ioc_cell_returns_type_tuples_and_out_is_the_extract_dict(shell: Any) -> None:
    shell.user_ns.pop("ioc_capture", None)
    result = shell.run_cell_magic("ioc", "--out ioc_capture", TEXT)
    assert isinstance(result, list)
    assert all(isinstance(item, tuple) and isinstance(item[1], list) for item in result)
    found = dict(result)
    assert found["ipv4"] == ["10.1.2.3"]
    assert found["url"] == ["https://evil.com/a.php"]
    stored = shell.user_ns["ioc_capture"]
    assert isinstance(stored, dict)
    assert {key: set(values) for key, values in stored.items()} == {
        key: set(values) for key, values in result
    }
    assert all(isinstance(values, set) for values in stored.values())


def test_ioc_types_option_limits_the_types(shell: Any) -> None:
    assert shell.run_cell_magic("ioc", "-i ipv4", TEXT) == [("ipv4", ["10.1.2.3"])]
    result = shell.run_cell_magic("ioc", "--ioc_types dns,ipv4", TEXT)
    assert sorted(ioc_type for ioc_type, _ in result) == ["dns", "ipv4"]
    # Quotes are kept by IPython's splitter: '"ipv4' is not a type, so nothing is found.
    assert shell.run_cell_magic("ioc", '-i "ipv4, dns"', TEXT) == []


def test_ioc_line_magic_scans_the_whole_line(shell: Any) -> None:
    # As in msticpy, the line is both the options and the text scanned.
    assert shell.run_line_magic("ioc", "--ioc_types ipv4") == []
    with pytest.raises(UsageError):
        shell.run_line_magic("ioc", "8.8.8.8")


def test_unknown_option_is_a_usage_error(shell: Any) -> None:
    with pytest.raises(UsageError):
        shell.run_cell_magic("ioc", "--bogus", TEXT)
    with pytest.raises(UsageError):
        shell.run_cell_magic("b64", "--out", "text")


BLOB = base64.b64encode(b"net user hacker P@ssw0rd /add && whoami /all").decode()


def test_b64_returns_markup_and_out_stores_text_and_frame(shell: Any) -> None:
    shell.user_ns.pop("b64_out", None)
    text = shell.run_cell_magic("b64", "-o b64_out", f"cmd /c {BLOB}")
    assert text.startswith("cmd /c <decoded type='string'")
    assert "net user hacker" in text
    stored_text, frame = shell.user_ns["b64_out"]
    assert stored_text == text
    assert frame["decoded_string"].tolist() == ["net user hacker P@ssw0rd /add && whoami /all"]


def test_b64_clean_wins_over_pretty_and_line_magic_decodes(shell: Any) -> None:
    clean = shell.run_cell_magic("b64", "--clean --pretty", f"cmd /c {BLOB}")
    assert clean == "cmd /c net user hacker P@ssw0rd /add && whoami /all"
    line = shell.run_line_magic("b64", BLOB)
    assert "<decoded" in line and "whoami" in line


def test_b64_utf16(shell: Any) -> None:
    blob = base64.b64encode("Invoke-Expression payload".encode("utf-16-le")).decode()
    assert "Invoke-Expression payload" in shell.run_cell_magic("b64", "-u -c", f"ps {blob}")


def test_magic_classes_are_ipython_magics() -> None:
    from IPython.core.magic import Magics

    from msticpy.init import nbmagics

    assert issubclass(nbmagics.Base64Magic, Magics)
    assert issubclass(nbmagics.IoCExtractMagic, Magics)
    with pytest.raises(AttributeError):
        _ = nbmagics.NoSuchMagic


def test_functions_work_without_a_shell() -> None:
    from msticpy.init.nbmagics import b64_magic, ioc_magic

    namespace: dict[str, Any] = {}
    result = ioc_magic("--out found", "ping 192.168.7.7", user_ns=namespace)
    assert result == [("ipv4", ["192.168.7.7"])]
    assert namespace["found"] == {"ipv4": {"192.168.7.7"}}
    assert "whoami" in b64_magic("-c", f"x {BLOB}")


def test_importing_the_module_does_not_import_ipython() -> None:
    import subprocess

    code = "import sys, msticpy.init.nbmagics; print('IPython' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

"""The library never imports the command line, and the version scheme is PEP 440 valid."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "python" / "msticpy"
CLI_IMPORT = re.compile(
    r"^\s*(from\s+(\.+cli\b|msticpy\.cli\b|\.+\s+import\s+[^#\n]*\bcli\b)|import\s+msticpy\.cli\b)",
    re.MULTILINE,
)


def test_library_modules_never_import_the_cli() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "cli" or relative.name == "__main__.py":
            continue
        if CLI_IMPORT.search(path.read_text(encoding="utf-8")):
            offenders.append(str(relative))
    assert offenders == []


def test_the_grep_catches_a_cli_import() -> None:
    assert CLI_IMPORT.search("    from ..cli.triage import Progress\n")
    assert CLI_IMPORT.search("from msticpy.cli import main\n")
    assert CLI_IMPORT.search("from .. import cli\n")
    assert not CLI_IMPORT.search("from ..common.progress import Progress\n")


def test_reading_an_audit_log_loads_no_cli_module(tmp_path: Path) -> None:
    log = tmp_path / "audit.log"
    log.write_text('type=EXECVE msg=audit(1700000000.000:1): argc=1 a0="ls"\n')
    code = (
        "import sys, msticpy.transform.auditdextract as a; "
        f"a.read_from_file({str(log)!r}, progress=True); "
        "print(sorted(m for m in sys.modules if m.startswith('msticpy.cli')))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert proc.stdout.strip() == "[]"


def test_version_reports_the_api_level_with_our_release() -> None:
    packaging = pytest.importorskip("packaging.version")
    import msticpy
    from msticpy import _version

    version = packaging.Version(msticpy.__version__)
    assert str(version) == msticpy.__version__  # already in PEP 440 normal form
    assert version.public == _version.API_LEVEL == "3.0.2"
    assert version.local == f"rs.{_version.RELEASE}"
    assert version >= packaging.Version("3.0") and version.release[:2] == (3, 0)
    assert msticpy.__version__ >= "3.0"  # string comparisons in old notebooks still work
    specifiers = pytest.importorskip("packaging.specifiers")
    assert msticpy.__version__ in specifiers.SpecifierSet(">=3.0,<3.1")


def test_version_matches_the_build_metadata() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    from msticpy import _version

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["version"] == _version.VERSION
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))
    assert cargo["workspace"]["package"]["version"] == _version.RELEASE

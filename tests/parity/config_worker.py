"""
Configuration parity worker: loads generated msticpyconfig.yaml files in whichever
msticpy it imports (run by ``test_config_parity.py`` in both interpreters).

Reads ``{"cases": [...], "timespans": [...]}`` on stdin (see ``config_generate.py``);
for each case writes the file to a scratch folder, points ``MSTICPYCONFIG`` at it,
sets the case's environment and reports the settings, ``get_config`` answers, provider
settings, the ``validate_config`` outcome and ``WorkspaceConfig`` properties. Output of
the library itself (printed reports) is swallowed so stdout stays JSON.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

warnings.simplefilter("ignore")


def _plain(value: Any) -> Any:
    return json.loads(
        json.dumps(value, default=lambda v: dict(v) if hasattr(v, "items") else str(v))
    )


def _outcome(func: Any) -> dict[str, Any]:
    from msticpy.common.exceptions import MsticpyUserConfigError

    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return {"ok": _plain(func())}
    except (MsticpyUserConfigError, ValueError):
        # msticpy raises ValueError for a non-mapping file, its config error otherwise;
        # ours is both.
        return {"error": "config-error"}
    except Exception as err:  # the exception class is the result
        return {"error": type(err).__name__}


def _providers(section: str = "TIProviders") -> dict[str, Any]:
    from msticpy.common.provider_settings import get_provider_settings

    out = {}
    for name, prov in get_provider_settings(section).items():
        out[name] = {
            "provider": prov.provider,
            "primary": prov.primary,
            "description": prov.description,
            "args": {key: prov.args[key] for key in prov.args},
        }
    return out


def _workspace(name: str | None) -> dict[str, Any]:
    from msticpy.common.wsconfig import WorkspaceConfig

    ws = WorkspaceConfig(workspace=name, interactive=False)
    result: dict[str, Any] = {
        "loaded": ws.config_loaded,
        "settings_key": ws.settings_key,
        "settings_path": ws.settings_path,
        "mp_settings": ws.mp_settings,
        "workspace_id": ws.workspace_id,
        "tenant_id": ws["tenant_id"],
        "list": WorkspaceConfig.list_workspaces(),
    }
    try:
        result["connect"] = ws.code_connect_str
    except KeyError:
        result["connect"] = "KeyError"
    return result


def run_case(case: dict[str, Any], folder: Path) -> dict[str, Any]:

    path = folder / f"{case['name']}.yaml"
    path.write_text(case["yaml"], encoding="utf-8")
    os.environ["MSTICPYCONFIG"] = str(path)
    os.environ.update(case["env"])
    try:
        return _answers(case, path)
    finally:
        for name in case["env"]:
            os.environ.pop(name, None)


def _answers(case: dict[str, Any], path: Path) -> dict[str, Any]:
    from msticpy.common import pkg_config

    out: dict[str, Any] = {"load": _outcome(lambda: pkg_config.refresh_config() or "loaded")}
    if "error" in out["load"]:
        return out
    out["path"] = pkg_config.current_config_path() == str(path.resolve())
    out["settings"] = _outcome(lambda: dict(pkg_config.get_settings()))
    out["get_config"] = {p: _outcome(lambda p=p: pkg_config.get_config(p)) for p in case["paths"]}
    out["has_config"] = {p: pkg_config.has_config(p) for p in case["paths"]}
    for section in ("TIProviders", "OtherProviders", "DataProviders"):
        out[f"providers-{section}"] = _outcome(lambda s=section: _providers(s))
    validation = _outcome(pkg_config.validate_config)
    out["valid"] = validation.get("error") or ("errors" if validation["ok"][0] else "valid")
    # The wording is each package's own; the number of errors follows the same rules.
    out["error_count"] = len(validation["ok"][0]) if "ok" in validation else None
    out["workspaces"] = {str(n): _outcome(lambda n=n: _workspace(n)) for n in case["workspaces"]}
    return out


def run_timespan(spec: dict[str, Any]) -> dict[str, Any]:
    from msticpy.common.timespan import TimeSpan

    args = [tuple(a) if isinstance(a, list) else a for a in spec.get("args", [])]
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in spec.get("kwargs", {}).items()}
    try:
        span = TimeSpan(*args, **kwargs)
    except Exception as err:  # the exception class is the result
        return {"error": type(err).__name__}
    from datetime import datetime, timezone

    now = datetime.now(timezone.utc)
    if span.end.tzinfo is not None and abs((now - span.end).total_seconds()) < 600:
        # The end defaulted to the current time: only its kind can be compared.
        return {"start": "relative", "end": "now", "period": "relative"}
    return {"start": str(span.start), "end": str(span.end), "period": str(span.period)}


def main() -> int:
    request = json.load(sys.stdin)
    with tempfile.TemporaryDirectory() as home:
        # No real ~/.msticpy or ./msticpyconfig.yaml may leak into the comparison.
        os.environ["HOME"] = home
        # WorkspaceConfig searches "." and ".." for config files: keep both empty.
        work = Path(home, "work", "here")
        work.mkdir(parents=True)
        os.chdir(work)
        os.environ.pop("MSTICPYCONFIG", None)
        import msticpy

        folder = Path(home, "cfg")
        folder.mkdir()
        cases = {case["name"]: run_case(case, folder) for case in request["cases"]}
        spans = [run_timespan(spec) for spec in request["timespans"]]
    json.dump(
        {"msticpy_version": msticpy.__version__, "cases": cases, "timespans": spans}, sys.stdout
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

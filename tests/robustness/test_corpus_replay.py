"""
Crash-corpus gate (``reference/reliability.md`` section 7.3).

Every file in the cargo-fuzz corpora (``src/fuzz/corpus/<target>/``, seeds plus any
minimised crash kept as a regression) is fed through the public Python API in one
subprocess per target. Only documented exceptions are caught, so a panic, abort,
segfault, hang or undocumented exception fails the test with the file that caused it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[2] / "src" / "fuzz" / "corpus"

REPLAY = {
    "fuzz_ioc_extract": """
        from msticpy.transform.iocextract import IoCExtract
        extractor, extended = IoCExtract(), IoCExtract(extended=True)
        def replay(data):
            text = data.decode("utf-8", "surrogateescape")
            if text.strip():
                extractor.extract(src=text)
                extended.extract(src=text)
                extractor.extract(src=text, defanged=False)
            rows = extractor.extract_matches(src=text, include_paths=True)
            for raw, start, end in zip(rows["Raw"], rows["Start"], rows["End"]):
                assert text[start:end] == raw
            for ioc_type in ("ipv4", "ipv6", "dns", "url", "email", "md5_hash"):
                extractor.validate(text, ioc_type)
    """,
    "fuzz_user_regex": """
        from msticpy.common.exceptions import InvalidPatternError
        from msticpy.transform.iocextract import IoCExtract
        def replay(data):
            text = data.decode("utf-8", "replace")
            pattern, _, haystack = text.partition("\\n")
            extractor = IoCExtract()
            try:
                extractor.add_ioc_type("fuzz", pattern)
            except InvalidPatternError:
                return
            if haystack.strip():
                extractor.extract(src=haystack, ioc_types=["fuzz"])
    """,
}

REPLAY["fuzz_b64_unpack"] = """
        import base64, gzip, tarfile, zipfile
        from msticpy.common.exceptions import LimitExceededError
        from msticpy.transform import base64unpack as b64
        def replay(data):
            text = data.decode("utf-8", "replace")
            b64.unpack(text)
            b64.unpack(text, utf16=True)
            b64.unpack_items(input_string="x " + base64.b64encode(data).decode())
            for helper in (b64.get_items_from_gzip, b64.get_items_from_zip, b64.get_items_from_tar):
                try:
                    helper(data)
                except (gzip.BadGzipFile, zipfile.BadZipFile, tarfile.ReadError,
                        LimitExceededError):
                    pass
            b64.get_hashes(data)
"""

REPLAY["fuzz_auditd"] = """
        import os, tempfile, warnings
        import pandas as pd
        from msticpy.common.limits import Limits
        from msticpy.transform import auditdextract as ad
        warnings.simplefilter("ignore")
        small = Limits(audit_max_line_bytes=4096, audit_max_pending_events=3)
        def replay(data):
            with tempfile.NamedTemporaryFile(suffix=".log", delete=False) as fh:
                fh.write(data)
            try:
                for full in (False, True):
                    frame = ad.read_from_file(fh.name, limits=small, full_cmdline=full)
                    assert len(frame) == frame.attrs["auditd_status"]["events"]
            finally:
                os.unlink(fh.name)
            # Object columns keep lone surrogates (pandas 3's str dtype cannot hold them).
            lines = data.decode("utf-8", "surrogateescape").splitlines() or [""]
            text = pd.Series(lines, dtype=object)
            frame = ad.extract_events_to_df(pd.DataFrame({"AuditdMessage": text}))
            records = [[{line.split(" ", 1)[0]: line.split(" ")}] for line in lines]
            frame = ad.extract_events_to_df(
                pd.DataFrame({"AuditdMessage": records, "mssg_id": text})
            )
            ad.unpack_auditd(records[0])
"""

REPLAY["fuzz_query"] = """
        import json
        from msticpy import _native
        from msticpy.common.exceptions import QueryDefinitionError, QueryParameterError
        from msticpy.data.core.query_defns import Formatters
        from msticpy.data.core.query_source import QuerySource
        def replay(data):
            text = data.decode("utf-8", "replace")
            try:
                document = json.loads(_native.query_load_text("fuzz.yaml", text))
            except QueryDefinitionError:
                document = None
            template, _, value = text.partition("\\n")
            try:
                names = set(_native.query_placeholders(template))
            except ValueError:
                names = set()
            source = QuerySource(
                "fuzz",
                {"args": {"query": template},
                 "parameters": {n: {"type": "str", "description": n} for n in names}},
                {}, {"data_families": ["Fuzz"]},
            )
            for language in ("kql", "sql", "raw"):
                try:
                    source.create_query({Formatters.LANGUAGE: language},
                                        **{n: value or "v" for n in names})
                except (QueryParameterError, ValueError):
                    pass
            for offset in (text[:40], value[:40]):
                try:
                    QuerySource._calc_timeoffset(offset)
                except ValueError:
                    pass
"""

REPLAY["fuzz_config"] = """
        import contextlib, io, os, tempfile, warnings
        from msticpy.common import pkg_config
        from msticpy.common.exceptions import ConfigFileError, MsticpyImportExtraError
        from msticpy.common.provider_settings import get_provider_settings
        from msticpy.common.wsconfig import WorkspaceConfig
        warnings.simplefilter("ignore")
        # The fuzz target's environment: one variable set, one empty (seeds name both).
        os.environ["MP_FUZZ_SET"], os.environ["MP_FUZZ_EMPTY"] = "x", ""
        os.environ.pop("MP_FUZZ_UNSET", None)
        # WorkspaceConfig searches "." and ".." for config files: both stay empty (the
        # file under test is removed before WorkspaceConfig runs).
        ROOT = tempfile.mkdtemp()
        os.mkdir(os.path.join(ROOT, "cwd"))
        os.mkdir(os.path.join(ROOT, "cfg"))
        os.chdir(os.path.join(ROOT, "cwd"))
        CONFIG_PATH = os.path.join(ROOT, "cfg", "msticpyconfig.yaml")
        CANARY = "CanaryQz7Secret"
        def replay(data):
            data = data.replace(b"$V$", CANARY.encode())
            with open(CONFIG_PATH, "wb") as fh:
                fh.write(data)
            os.environ["MSTICPYCONFIG"] = CONFIG_PATH
            shown = io.StringIO()
            try:
                pkg_config.refresh_config()
            except ConfigFileError as err:
                # Unreadable: every use says so, naming the file and a key, never a value.
                assert CONFIG_PATH in str(err) and "key '" in str(err), str(err)
                # `<file>: line <n>: key '<key>': <reason>`; a key may hold the canary.
                assert CANARY not in str(err).rpartition("': ")[2], str(err)
                # A later use raises again when nothing was read yet; otherwise (as in
                # msticpy) the settings read before the failed refresh stay in use.
                with contextlib.suppress(ConfigFileError):
                    pkg_config.get_config("TIProviders", None)
                assert pkg_config.current_config_path() == os.path.realpath(CONFIG_PATH)
                return
            finally:
                os.unlink(CONFIG_PATH)
            pkg_config.get_config()
            pkg_config.get_config("AzureSentinel.Workspaces", None)
            with contextlib.redirect_stdout(shown):
                errors, warns = pkg_config.validate_config()
            for section in ("TIProviders", "OtherProviders", "DataProviders"):
                try:
                    for settings in get_provider_settings(section).values():
                        shown.write(repr(settings) + str(settings))
                except MsticpyImportExtraError:
                    pass
            names = list(WorkspaceConfig.list_workspaces())
            for name in [None, *names[:5]]:
                with contextlib.redirect_stdout(shown):
                    workspace = WorkspaceConfig(workspace=name, interactive=False)
                shown.write(repr(workspace))
                workspace.config_loaded
            # Only names of keys carry the canary into messages (the core's promise).
            if CANARY in "".join(errors + warns):
                keyed = [m for m in errors + warns if CANARY in m]
                assert all(CANARY in m.split(": ", 1)[0] or "variable" in m for m in keyed), keyed
"""

DRIVER = """
import sys, pathlib
for path in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    print(path.name, flush=True)
    replay(path.read_bytes())
print("replayed all")
"""


@pytest.mark.parametrize("target", sorted(REPLAY))
def test_corpus_replays_cleanly(target: str) -> None:
    corpus = CORPORA / target
    files = list(corpus.iterdir())
    assert files, f"empty corpus {corpus}"
    code = textwrap.dedent(REPLAY[target]) + DRIVER
    proc = subprocess.run(
        [sys.executable, "-c", code, str(corpus)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    last = proc.stdout.strip().splitlines()[-1:] or ["<none>"]
    assert proc.returncode == 0, (
        f"failed on {last[0]} (rc={proc.returncode}): {proc.stderr[-2000:]}"
    )
    assert "PanicException" not in proc.stderr
    assert "replayed all" in proc.stdout

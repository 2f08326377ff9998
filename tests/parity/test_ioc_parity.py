"""Differential (parity) tests: our IoC extraction vs. the reference msticpy 3.0.2.

Our package runs in-process (``msticpy.transform.iocextract`` as installed in
the interpreter running pytest); the reference runs in its own interpreter via
``ref_worker.py`` (see ``conftest.py``). Each test sends ONE request to the
reference (cached per session), computes the same thing locally and compares
per input.

Deliberate behaviour differences are declared in ONE place,
``DELIBERATE_DIFFERENCES`` below: inputs matching an entry are excluded from
the equality assertion but counted in the "msticpy parity summary" section of
the pytest output (together with how many of them really differ).

Developing the harness without our package: run pytest with the reference
interpreter itself, so both sides are the reference::

    MSTICPY_REF_PYTHON=/opt/ref/v302/bin/python /opt/ref/v302/bin/python -m pytest \
        tests/parity -o addopts="" -p no:cacheprovider -q
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

import pytest

from .conftest import add_summary_line, run_reference
from .generate import FIXED_EDGE_CASES, generate_strings
from .ref_worker import _jsonable

pytestmark = pytest.mark.parity


class DeliberateDifference(NamedTuple):
    """An accepted, documented divergence from msticpy 3.0.2."""

    applies: Callable[[Any], bool]
    """Predicate on the input value (usually a str; None/bytes in DataFrame cells)."""
    reason: str
    """One-line justification shown in the summary."""


# The single list of accepted differences. Add an entry (predicate + one-line
# reason) rather than weakening a comparison anywhere else in this file.
_ZERO_WIDTH = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_LONG_LABEL = re.compile(r"[A-Za-z0-9-]{64,}")
_IPV6_URL_HOST = re.compile(r"://[^/\s?#\[]*\[[0-9A-Fa-f.]*:")


def _has_name_fragment_risk(value: str) -> bool:
    """A domain-like run touches a non-ASCII letter, an invisible joiner or a ``--``."""
    if "--" in value or _LONG_LABEL.search(value):
        return True
    for i, char in enumerate(value):
        if (not char.isascii() and char.isalnum()) or char in _ZERO_WIDTH:
            before = value[i - 1] if i else ""
            after = value[i + 1] if i + 1 < len(value) else ""
            if (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum()):
                return True
    return False


def _fragment_predicate(value: Any) -> bool:
    return isinstance(value, str) and _has_name_fragment_risk(value)


DELIBERATE_DIFFERENCES: tuple[DeliberateDifference, ...] = (
    DeliberateDifference(
        applies=lambda value: not isinstance(value, str),
        reason="non-str DataFrame cells (None/bytes): msticpy raises TypeError for the whole frame",
    ),
    DeliberateDifference(
        applies=lambda value: isinstance(value, str) and bool(_IPV6_URL_HOST.search(value)),
        reason="URL with a bracketed IPv6 host: msticpy emits url 'http://[2001:' and dns '[2001'",
    ),
    DeliberateDifference(
        applies=_fragment_predicate,
        reason="domain fragments of IDN/punycode/homoglyph names ('cher.com' from 'bücher.com')"
        " are dropped",
    ),
)

N_STRINGS = 3000
SEED = 1234
MAX_REPORTED = 10
_RESULT_COLS = ("IoCType", "Observable", "SourceIndex", "Input")

# IoCType member names in msticpy 3.0.2, plus names that must be rejected.
IOC_TYPE_NAMES: tuple[str, ...] = (
    "unknown",
    "ipv4",
    "ipv6",
    "dns",
    "url",
    "md5_hash",
    "sha1_hash",
    "sha256_hash",
    "file_hash",
    "email",
    "windows_path",
    "linux_path",
    "hostname",
)
BOGUS_TYPE_NAMES: tuple[str, ...] = ("IPV4", "bogus", "")


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _inputs() -> tuple[str, ...]:
    """Return the generated input strings (cached)."""
    return tuple(generate_strings(N_STRINGS, seed=SEED))


def _deliberate_reason(value: Any) -> str | None:
    """Return the reason of the first deliberate difference matching ``value``."""
    for entry in DELIBERATE_DIFFERENCES:
        try:
            matched = entry.applies(value)
        except Exception:  # a predicate written for str must not break other inputs
            matched = False
        if matched:
            return entry.reason
    return None


def _encode_input(value: Any) -> Any:
    """Encode an input value for the JSON request (bytes need a wrapper)."""
    if isinstance(value, bytes):
        return {"__bytes_hex__": value.hex()}
    return value


def _row_key(row: list[Any]) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=True)


def _new_extractor() -> Any:
    """Return a fresh IoCExtract from OUR package (the one pytest imports)."""
    from msticpy.transform.iocextract import IoCExtract

    return IoCExtract()


def _error(exc: BaseException) -> dict[str, str]:
    return {"error": type(exc).__name__}


def _ours_string(inputs: Sequence[str], kwargs: dict[str, Any]) -> list[dict[str, Any]]:
    """Run string-mode extraction with our package, normalised like the worker."""
    extractor = _new_extractor()
    results: list[dict[str, Any]] = []
    for src in inputs:
        try:
            found = extractor.extract(src, **kwargs)
            normalised = {str(k): sorted(map(_jsonable, v), key=str) for k, v in found.items()}
            results.append({"ok": normalised})
        except Exception as exc:
            results.append(_error(exc))
    return results


@lru_cache(maxsize=16)
def _ours_string_cached(kwargs_json: str) -> tuple[dict[str, Any], ...]:
    """Cache our string-mode results on the generated inputs per kwargs."""
    return tuple(_ours_string(_inputs(), json.loads(kwargs_json)))


def _ours_dataframe(inputs: Sequence[Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    import pandas as pd

    frame = pd.DataFrame({"text": list(inputs)})
    try:
        out = _new_extractor().extract(data=frame, columns=["text"], **kwargs)
    except Exception as exc:
        return _error(exc)
    rows = [
        [_jsonable(v) for v in row]
        for row in out[list(_RESULT_COLS)].itertuples(index=False, name=None)
    ]
    return {"ok": sorted(rows, key=_row_key)}


def _ours_validate(pairs: Sequence[tuple[str, str]], kwargs: dict[str, Any]) -> list[Any]:
    extractor = _new_extractor()
    results: list[Any] = []
    for value, ioc_type in pairs:
        try:
            results.append({"ok": bool(extractor.validate(value, ioc_type, **kwargs))})
        except Exception as exc:
            results.append(_error(exc))
    return results


def _ours_get_ioc_type(inputs: Sequence[str]) -> list[Any]:
    extractor = _new_extractor()
    results: list[Any] = []
    for value in inputs:
        try:
            results.append({"ok": str(extractor.get_ioc_type(value))})
        except Exception as exc:
            results.append(_error(exc))
    return results


def _short(value: Any, limit: int = 400) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} chars)"


def _describe_dict_diff(ours: dict[str, Any], ref: dict[str, Any]) -> str:
    """Describe per-type differences between two normalised extraction results."""
    if "ok" not in ours or "ok" not in ref:
        return ""
    parts = []
    for ioc_type in sorted(set(ours["ok"]) | set(ref["ok"])):
        mine, theirs = ours["ok"].get(ioc_type), ref["ok"].get(ioc_type)
        if mine == theirs:
            continue
        if mine is None or theirs is None:
            parts.append(f"{ioc_type}: key only in {'ref' if mine is None else 'ours'}")
            continue
        only_ours = sorted(set(mine) - set(theirs), key=str)
        only_ref = sorted(set(theirs) - set(mine), key=str)
        parts.append(f"{ioc_type}: only ours {_short(only_ours)}; only ref {_short(only_ref)}")
    return "; ".join(parts)


class _Outcome(NamedTuple):
    total: int
    excluded: int
    excluded_differing: int
    mismatches: list[tuple[int, Any, Any, Any]]


def _is_fragment_at(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is only part of a longer name (our deliberate rule)."""
    before = text[start - 1] if start else ""
    before2 = text[start - 2] if start > 1 else ""
    after = text[end] if end < len(text) else ""

    def foreign(char: str) -> bool:
        return bool(char) and ((not char.isascii() and char.isalnum()) or char in _ZERO_WIDTH)

    hyphenated = before == "-" and bool(before2) and (before2 == "-" or before2.isalnum())
    return hyphenated or foreign(before) or foreign(after)


def _only_fragments(text: str, observable: str) -> bool:
    """Every occurrence of ``observable`` in ``text`` is a name fragment."""
    starts = [i for i in range(len(text)) if text.startswith(observable, i)]
    return bool(starts) and all(_is_fragment_at(text, i, i + len(observable)) for i in starts)


def _only_fragment_difference(subject: Any) -> bool:
    """The input matches only the name-fragment deliberate difference."""
    if not isinstance(subject, str):
        return False
    reasons = [entry for entry in DELIBERATE_DIFFERENCES if entry.applies(subject)]
    return len(reasons) == 1 and reasons[0].applies is _fragment_predicate


def _drop_fragments(subject: str, result: Any) -> Any:
    """The reference result without the dns observables that are name fragments."""
    if not (isinstance(result, dict) and isinstance(result.get("ok"), dict)):
        return result
    adjusted = {}
    for ioc_type, values in result["ok"].items():
        if ioc_type == "dns":
            values = [v for v in values if not _only_fragments(subject, v)]
        if values:
            adjusted[ioc_type] = values
    return {"ok": adjusted}


def _compare(
    subjects: Sequence[Any], ours: Sequence[Any], ref: Sequence[Any], shown: Sequence[Any]
) -> _Outcome:
    """Compare per-input results, honouring ``DELIBERATE_DIFFERENCES``."""
    assert len(ours) == len(ref) == len(subjects), "result lists differ in length"
    excluded = excluded_differing = 0
    mismatches: list[tuple[int, Any, Any, Any]] = []
    for idx, (subject, mine, theirs) in enumerate(zip(subjects, ours, ref, strict=True)):
        if _deliberate_reason(subject) is not None:
            # A name-fragment difference can be checked instead of skipped: drop the
            # reference's fragment observables and require the rest to agree.
            if _only_fragment_difference(subject) and mine == _drop_fragments(subject, theirs):
                continue
            excluded += 1
            excluded_differing += mine != theirs
            continue
        if mine != theirs:
            mismatches.append((idx, shown[idx], mine, theirs))
    return _Outcome(len(subjects), excluded, excluded_differing, mismatches)


def _report(label: str, outcome: _Outcome, ref_response: dict[str, Any], ours_s: float) -> None:
    add_summary_line(
        f"{label}: {outcome.total} inputs, {len(outcome.mismatches)} mismatches, "
        f"{outcome.excluded} excluded as deliberate ({outcome.excluded_differing} of them "
        f"differ); reference {ref_response['elapsed']:.2f}s compute / "
        f"{ref_response['wall_time']:.2f}s wall, ours {ours_s:.2f}s"
    )


def _failure_message(label: str, outcome: _Outcome, with_dict_diff: bool = False) -> str:
    lines = [
        f"{label}: {len(outcome.mismatches)} of {outcome.total} inputs differ from msticpy "
        f"3.0.2 (showing up to {MAX_REPORTED}; {outcome.excluded} excluded as deliberate "
        "differences, see DELIBERATE_DIFFERENCES in tests/parity/test_ioc_parity.py)"
    ]
    for idx, shown, mine, theirs in outcome.mismatches[:MAX_REPORTED]:
        lines.append(f"--- #{idx} input: {_short(shown)}")
        lines.append(f"    ours: {_short(mine, 1500)}")
        lines.append(f"    ref : {_short(theirs, 1500)}")
        if with_dict_diff:
            diff = _describe_dict_diff(mine, theirs)
            if diff:
                lines.append(f"    diff: {diff}")
    return "\n".join(lines)


def _excluded_summary() -> str:
    return "; ".join(entry.reason for entry in DELIBERATE_DIFFERENCES)


# --------------------------------------------------------------------------
# 1 + 2. string mode
# --------------------------------------------------------------------------
STRING_MODE_KWARGS: dict[str, dict[str, Any]] = {
    "default": {},
    "defanged_false": {"defanged": False},
    "ignore_tlds": {"ignore_tlds": True},
    "ioc_types_ipv4_dns_url": {"ioc_types": ["ipv4", "dns", "url"]},
    # msticpy ignores include_paths in string mode (all types, paths included, are scanned)
    "include_paths_false": {"include_paths": False},
    "ioc_types_paths_hashes_email": {
        "ioc_types": ["windows_path", "linux_path", "md5_hash", "sha1_hash", "email"]
    },
}


@pytest.mark.parametrize("variant", list(STRING_MODE_KWARGS))
def test_string_mode(ref_python: str, variant: str) -> None:
    """``extract(src, **kwargs)`` agrees with msticpy per input and per IoC type."""
    kwargs = STRING_MODE_KWARGS[variant]
    inputs = _inputs()
    ref = run_reference(ref_python, {"mode": "string", "inputs": list(inputs), "kwargs": kwargs})
    started = time.perf_counter()
    ours = _ours_string_cached(json.dumps(kwargs, sort_keys=True))
    ours_s = time.perf_counter() - started
    outcome = _compare(inputs, ours, ref["results"], inputs)
    _report(f"string[{variant}]", outcome, ref, ours_s)
    assert not outcome.mismatches, _failure_message(
        f"string[{variant}]", outcome, with_dict_diff=True
    )


def test_string_mode_unknown_kwarg(ref_python: str) -> None:
    """An unsupported keyword argument raises the same exception class."""
    inputs = list(FIXED_EDGE_CASES[:20])
    kwargs = {"bogus_option": True}
    ref = run_reference(ref_python, {"mode": "string", "inputs": inputs, "kwargs": kwargs})
    started = time.perf_counter()
    ours = _ours_string(inputs, kwargs)
    outcome = _compare(inputs, ours, ref["results"], inputs)
    _report("string[unknown_kwarg]", outcome, ref, time.perf_counter() - started)
    assert not outcome.mismatches, _failure_message("string[unknown_kwarg]", outcome)


# --------------------------------------------------------------------------
# 3. DataFrame mode
# --------------------------------------------------------------------------
DATAFRAME_KWARGS: dict[str, dict[str, Any]] = {
    "default": {},
    "include_paths": {"include_paths": True},
    "ioc_types_with_linux_path": {
        "ioc_types": ["ipv4", "ipv6", "dns", "url", "email", "md5_hash", "linux_path"]
    },
}


def _rows_by_index(result: dict[str, Any]) -> dict[int, list[list[Any]]]:
    grouped: dict[int, list[list[Any]]] = defaultdict(list)
    for row in result.get("ok", []):
        grouped[row[2]].append(row)
    return grouped


def _dataframe_failure(
    label: str, frame_inputs: Sequence[Any], ours: dict[str, Any], ref: dict[str, Any]
) -> str:
    """Describe DataFrame-mode differences grouped by source row."""
    if "ok" not in ours or "ok" not in ref:
        return (
            f"{label}: whole-frame outcome differs\n"
            f"    ours: {_short(ours)}\n    ref : {_short(ref)}"
        )
    mine, theirs = _rows_by_index(ours), _rows_by_index(ref)
    differing = sorted(
        idx for idx in set(mine) | set(theirs) if mine.get(idx, []) != theirs.get(idx, [])
    )
    lines = [
        f"{label}: {len(differing)} of {len(frame_inputs)} source rows differ from msticpy 3.0.2 "
        f"(showing up to {MAX_REPORTED}; each as [IoCType, Observable] pairs)"
    ]
    for idx in differing[:MAX_REPORTED]:
        shown = frame_inputs[idx] if isinstance(idx, int) and idx < len(frame_inputs) else "?"
        lines.append(f"--- SourceIndex {idx} input: {_short(shown)}")
        lines.append(f"    ours: {_short([r[:2] for r in mine.get(idx, [])], 1500)}")
        lines.append(f"    ref : {_short([r[:2] for r in theirs.get(idx, [])], 1500)}")
    return "\n".join(lines)


def _run_dataframe_case(ref_python: str, label: str, inputs: Sequence[Any], kwargs: dict) -> None:
    frame_inputs = [v for v in inputs if _deliberate_reason(v) is None]
    excluded = len(inputs) - len(frame_inputs)
    ref = run_reference(
        ref_python,
        {"mode": "dataframe", "inputs": [_encode_input(v) for v in frame_inputs], "kwargs": kwargs},
    )
    started = time.perf_counter()
    ours = _ours_dataframe(frame_inputs, kwargs)
    ours_s = time.perf_counter() - started
    theirs = ref["result"]
    n_rows = len(theirs.get("ok", []))
    add_summary_line(
        f"{label}: {len(inputs)} inputs ({excluded} excluded as deliberate), "
        f"{n_rows} reference rows, equal={ours == theirs}; reference "
        f"{ref['elapsed']:.2f}s compute / {ref['wall_time']:.2f}s wall, ours {ours_s:.2f}s"
    )
    assert ours == theirs, _dataframe_failure(label, frame_inputs, ours, theirs)


@pytest.mark.parametrize("variant", list(DATAFRAME_KWARGS))
def test_dataframe_mode(ref_python: str, variant: str) -> None:
    """``extract(data=df, columns=["text"])`` yields the same (sorted) rows."""
    _run_dataframe_case(ref_python, f"dataframe[{variant}]", _inputs(), DATAFRAME_KWARGS[variant])


def test_dataframe_non_string_cells(ref_python: str) -> None:
    """A frame with None/bytes cells behaves like msticpy (unless declared deliberate)."""
    inputs: list[Any] = ["evil.com 1.2.3.4", None, b"bytes evil.com", "", "x@y.com"]
    reasons = {r for r in map(_deliberate_reason, inputs) if r is not None}
    _run_dataframe_case(ref_python, "dataframe[non_string_cells]", inputs, {})
    if reasons:
        add_summary_line(f"dataframe[non_string_cells]: excluded cells because: {sorted(reasons)}")


# --------------------------------------------------------------------------
# 4. validate() and get_ioc_type()
# --------------------------------------------------------------------------
def _validate_strings() -> list[str]:
    """Edge cases plus padded / embedded hash variants (validate uses fullmatch)."""
    md5, sha1 = "d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709"
    extra = [
        f" {md5} ",
        f"x{md5}y",
        f"{md5}\n",
        f"{sha1} ",
        f"g{sha1}",
        "foo.com",
        "foo.iandom",
        "FOO.COM",
        "evil[.]com",
        "1.2.3.4",
        "1.2.3[.]4",
        "hxxp://evil[.]com/",
        "a@b.com",
        "a[at]b.com",
        "http://a.com/",
        "/etc/passwd",
        "C:\\a.exe",
        "::1",
        "1.2.3.4 ",
    ]
    return list(dict.fromkeys([*FIXED_EDGE_CASES, *extra]))


VALIDATE_KWARGS: dict[str, dict[str, Any]] = {
    "default": {},
    "ignore_tlds": {"ignore_tlds": True},
    "defanged_false": {"defanged": False},
}


@pytest.mark.parametrize("variant", list(VALIDATE_KWARGS))
def test_validate(ref_python: str, variant: str) -> None:
    """``validate(s, t)`` returns the same bool (or raises the same class)."""
    kwargs = VALIDATE_KWARGS[variant]
    pairs = [(s, t) for s in _validate_strings() for t in (*IOC_TYPE_NAMES, *BOGUS_TYPE_NAMES)]
    ref = run_reference(
        ref_python, {"mode": "validate", "inputs": [list(p) for p in pairs], "kwargs": kwargs}
    )
    started = time.perf_counter()
    ours = _ours_validate(pairs, kwargs)
    outcome = _compare([s for s, _ in pairs], ours, ref["results"], pairs)
    _report(f"validate[{variant}]", outcome, ref, time.perf_counter() - started)
    assert not outcome.mismatches, _failure_message(f"validate[{variant}]", outcome)


def test_get_ioc_type(ref_python: str) -> None:
    """``get_ioc_type`` agrees on every observable either side extracts, plus edge cases."""
    inputs = _inputs()
    default_request = {"mode": "string", "inputs": list(inputs), "kwargs": {}}
    ref_default = run_reference(ref_python, default_request)
    observables: set[str] = set()
    for result in (*ref_default["results"], *_ours_string_cached(json.dumps({}))):
        for values in result.get("ok", {}).values():
            observables.update(v for v in values if isinstance(v, str))
    candidates = sorted(observables | set(FIXED_EDGE_CASES))
    ref = run_reference(ref_python, {"mode": "get_ioc_type", "inputs": candidates, "kwargs": {}})
    started = time.perf_counter()
    ours = _ours_get_ioc_type(candidates)
    outcome = _compare(candidates, ours, ref["results"], candidates)
    _report("get_ioc_type", outcome, ref, time.perf_counter() - started)
    assert not outcome.mismatches, _failure_message("get_ioc_type", outcome)


def test_deliberate_differences_are_documented() -> None:
    """Every deliberate difference has a one-line, non-empty reason."""
    for entry in DELIBERATE_DIFFERENCES:
        assert callable(entry.applies)
        assert entry.reason.strip() and "\n" not in entry.reason
    add_summary_line(f"deliberate differences: {_excluded_summary()}")

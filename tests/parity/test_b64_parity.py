"""
Differential tests: ``base64unpack`` against msticpy 3.0.2 on generated inputs.

Command lines carrying base64 blobs (text, UTF-16, gzip, zip, tar, nested, malformed;
see ``b64_generate.py``) go through ``unpack`` and ``unpack_items`` on both sides; the
decoded string and every record (all 12 ``BinaryRecord`` fields, bytes as hex) must be
equal. Deliberate differences are listed in ``B64_DELIBERATE``: where msticpy raises
for the whole call (truncated gzip -> ``EOFError``) we return records with a status.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from .b64_generate import generate_b64_strings
from .conftest import add_summary_line, run_reference
from .ref_worker import b64_frame_json, b64_record_json

pytestmark = pytest.mark.parity

N_INPUTS = 600
MAX_REPORTED = 5

#: msticpy errors we replace by a status value; such inputs are compared only on the
#: records both sides produce before the failure point, so they are counted apart.
B64_DELIBERATE = {"EOFError": "truncated gzip: msticpy raises EOFError for the whole call"}


def _ours(inputs: list[str], pad: bool, kwargs: dict[str, Any]) -> list[Any]:
    from msticpy.transform import base64unpack

    results = []
    for text in inputs:
        if pad:
            decoded, frame = base64unpack.unpack_items(input_string=text, **kwargs)
        else:
            decoded, frame = base64unpack.unpack(text, **kwargs)
        records = [b64_record_json(row) for row in frame.to_dict(orient="records")]
        results.append({"ok": {"decoded": decoded, "records": records}})
    return results


@pytest.mark.parametrize(
    ("mode", "kwargs"),
    [("b64_unpack", {}), ("b64_unpack", {"utf16": True}), ("b64_unpack_items", {})],
    ids=["unpack", "unpack_utf16", "unpack_items"],
)
def test_unpack_matches_reference(ref_python: str, mode: str, kwargs: dict[str, Any]) -> None:
    inputs = generate_b64_strings(N_INPUTS)
    ref = run_reference(ref_python, {"mode": mode, "inputs": inputs, "kwargs": kwargs})
    started = time.perf_counter()
    ours = _ours(inputs, pad=mode == "b64_unpack_items", kwargs=kwargs)
    ours_s = time.perf_counter() - started
    mismatches = []
    deliberate = 0
    for idx, (mine, theirs) in enumerate(zip(ours, ref["results"], strict=True)):
        if "error" in theirs and theirs["error"] in B64_DELIBERATE:
            deliberate += 1
            continue
        if mine != theirs:
            mismatches.append((idx, inputs[idx], mine, theirs))
    add_summary_line(
        f"base64 {mode}{kwargs or ''}: {len(inputs)} inputs, {len(mismatches)} mismatches, "
        f"{deliberate} deliberate (msticpy raised); reference {ref['elapsed']:.2f}s, "
        f"ours {ours_s:.2f}s"
    )
    detail = "\n".join(
        f"--- #{idx} {text[:200]!r}\n    ours: {str(mine)[:1500]}\n    ref : {str(theirs)[:1500]}"
        for idx, text, mine, theirs in mismatches[:MAX_REPORTED]
    )
    assert not mismatches, f"{len(mismatches)} inputs differ:\n{detail}"


def test_unpack_df_matches_reference(ref_python: str) -> None:
    import pandas as pd

    from msticpy.transform import base64unpack

    # Inputs on which msticpy raises would fail its whole frame: leave them out.
    inputs = generate_b64_strings(N_INPUTS)
    single = run_reference(ref_python, {"mode": "b64_unpack", "inputs": inputs, "kwargs": {}})
    usable = [t for t, r in zip(inputs, single["results"], strict=True) if "error" not in r]
    ref = run_reference(ref_python, {"mode": "b64_unpack_df", "inputs": usable, "kwargs": {}})
    out = base64unpack.unpack_df(pd.DataFrame({"text": usable}), "text")
    ours = {"ok": {"columns": list(out.columns), "rows": b64_frame_json(out)}}
    add_summary_line(
        f"base64 unpack_df: {len(usable)} rows, {len(out)} records, equal={ours == ref['results']}"
    )
    assert ours["ok"]["columns"] == ref["results"]["ok"]["columns"]
    assert len(ours["ok"]["rows"]) == len(ref["results"]["ok"]["rows"])
    for idx, (mine, theirs) in enumerate(
        zip(ours["ok"]["rows"], ref["results"]["ok"]["rows"], strict=True)
    ):
        assert mine == theirs, f"record {idx}:\n ours {str(mine)[:800]}\n ref  {str(theirs)[:800]}"

"""
Memory budgets of base64 unpacking hold on amplifying input (issue 16).

Each case runs in a fresh interpreter so its peak resident memory (``VmHWM``) is its own:
a 42.zip-style archive (generated here: zips of zips, 64 GiB of zeros when fully
expanded) must stay within a small multiple of ``Limits.decode_max_output_bytes``, with a
status on every record that was cut, and a blob over ``decode_max_item_bytes`` must give
a record (hashes and status) instead of vanishing.
"""

from __future__ import annotations

import textwrap

import pytest

from peak_memory import budget_runner, run_budget_case

BOMB_SOURCE = textwrap.dedent(
    """
    import base64, io, zipfile

    def zip_of(members):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for name, data in members:
                zf.writestr(name, data)
        return buf.getvalue()

    def bomb(levels=4, fan=16, leaf=1 << 20):
        # 42.zip's shape: each level holds `fan` copies of the level below.
        data = zip_of([(f"f{i}.bin", bytes(leaf)) for i in range(fan)])
        for level in range(levels - 1):
            data = zip_of([(f"l{level}_{i}.zip", data) for i in range(fan)])
        return base64.b64encode(data).decode()
    """
)

RUNNER = budget_runner(
    BOMB_SOURCE + "import pandas as pd\nfrom msticpy.transform import base64unpack\n"
)


def run_case(code: str, timeout: float = 300) -> dict:
    """Run ``code`` (which sets ``result``, a dict) in a fresh interpreter."""
    return run_budget_case(RUNNER, code, timeout)


def _frame_summary(frame_expr: str) -> str:
    return (
        f"frame = {frame_expr}\n"
        "statuses = frame.attrs['b64_status']\n"
        "kept = sum(len(b) for b in frame['input_bytes'])\n"
        "cut = [s for s, b in zip(statuses, frame['input_bytes']) if not len(b)]\n"
        "result = {'rows': len(frame), 'statuses': sorted(set(statuses)), 'kept': kept,\n"
        "          'cut_statuses': sorted(set(cut)), 'input_len': len(text)}\n"
    )


def test_42zip_style_input_stays_within_budget() -> None:
    code = (
        "text = 'cmd /c ' + bomb()\n"
        "decoded, frame = base64unpack.unpack(text, nested_archives=True)\n"
        + _frame_summary("frame")
    )
    out = run_case(code)
    assert 20_000 < out["input_len"] < 25_000  # 22 KB of base64, like the input
    assert out["rss_mb"] < 256, out
    assert out["rows"] > 1
    # Something was cut, and every cut record says which budget cut it.
    assert "limit_exceeded:decode_max_output_bytes" in out["statuses"], out
    assert out["cut_statuses"], out
    assert all(s.startswith("limit_exceeded:") for s in out["cut_statuses"]), out
    assert out["kept"] < 48 * 2**20
    assert any("decode_max_output_bytes" in w for w in out["warnings"]), out["warnings"]
    assert out["seconds"] < 60


def test_four_42zip_rows_through_unpack_df_share_one_budget() -> None:
    code = (
        "text = 'cmd /c ' + bomb()\n"
        "data = pd.DataFrame({'cmd': [text] * 4})\n"
        + _frame_summary("base64unpack.unpack_df(data, 'cmd', nested_archives=True)")
        + "result['sources'] = sorted(set(frame['src_index'].tolist()))\n"
    )
    out = run_case(code)
    assert out["rss_mb"] < 512, out
    assert out["sources"] == [0, 1, 2, 3]
    assert "limit_exceeded:decode_max_output_bytes" in out["statuses"], out
    assert all(s.startswith("limit_exceeded:") for s in out["cut_statuses"]), out
    # Archive contents of all four rows share one decode_max_output_bytes.
    assert out["kept"] < 48 * 2**20


@pytest.mark.parametrize(
    ("decoded_bytes", "limit"),
    [
        # The 30 MB run: 22.5 MB decoded would keep about 157 MB of output.
        (30 * 2**20 * 3 // 4, "decode_max_output_bytes"),
        # 30 MiB decoded: over the 25 MiB item limit, so left undecoded in the text.
        (30 * 2**20, "decode_max_item_bytes"),
    ],
)
def test_oversized_run_gives_a_record_with_its_status(decoded_bytes: int, limit: str) -> None:
    code = (
        "import base64, hashlib, os\n"
        f"blob = os.urandom({decoded_bytes})\n"
        "text = 'x ' + base64.b64encode(blob).decode() + ' y'\n"
        "decoded, frame = base64unpack.unpack(text)\n"
        "row = frame.iloc[0]\n"
        "result = {'rows': len(frame), 'status': frame.attrs['b64_status'],\n"
        "          'sha256_ok': row['sha256'] == hashlib.sha256(blob).hexdigest(),\n"
        "          'bytes': len(row['input_bytes']), 'untouched': decoded == text,\n"
        "          'file_name': row['file_name']}\n"
    )
    out = run_case(code)
    assert out["rows"] == 1
    assert out["status"] == [f"limit_exceeded:{limit}"]
    assert out["sha256_ok"]
    assert out["bytes"] == 0
    assert out["file_name"] == "unknown"
    # Over the item limit the run stays as it was in the decoded string.
    assert out["untouched"] == (limit == "decode_max_item_bytes")
    assert out["rss_mb"] < 512, out
    assert any(limit in w for w in out["warnings"]), out["warnings"]

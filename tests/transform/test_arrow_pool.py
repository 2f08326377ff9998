"""The call-scoped Arrow pool: system allocator inside, the caller's default restored after."""

from __future__ import annotations

import pandas as pd
import pytest

from msticpy.transform._arrow_pool import system_arrow_pool
from msticpy.transform.proc_tree_builder import ProcessTreeDataError, build_process_tree
from parity.proctree_generate import generate_events

pa = pytest.importorskip("pyarrow")


@pytest.fixture
def mimalloc_default():
    """Make mimalloc the default pool for the test (skip where pyarrow lacks it)."""
    try:
        pool = pa.mimalloc_memory_pool()
    except NotImplementedError:
        pytest.skip("pyarrow built without mimalloc")
    before = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    yield pool
    pa.set_memory_pool(before)


def test_system_pool_inside_and_mimalloc_restored(mimalloc_default) -> None:
    with system_arrow_pool():
        assert pa.default_memory_pool().backend_name == "system"
        with system_arrow_pool():
            assert pa.default_memory_pool().backend_name == "system"
        # The inner block must not restore while the outer one still runs.
        assert pa.default_memory_pool().backend_name == "system"
        made = pa.array(["a", None, "ccc"] * 1000).take(pa.array([0, 2, 1]))
    assert pa.default_memory_pool().backend_name == "mimalloc"
    # Buffers made inside stay readable after the default changed back.
    assert made.to_pylist() == ["a", "ccc", None]


def test_restored_after_an_exception(mimalloc_default) -> None:
    with pytest.raises(RuntimeError, match="boom"), system_arrow_pool():
        raise RuntimeError("boom")
    assert pa.default_memory_pool().backend_name == "mimalloc"


def test_a_chosen_non_mimalloc_pool_is_left_alone() -> None:
    before = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        with system_arrow_pool():
            assert pa.default_memory_pool().backend_name == "system"
        assert pa.default_memory_pool().backend_name == "system"
    finally:
        pa.set_memory_pool(before)


def test_build_process_tree_keeps_the_default_pool(mimalloc_default) -> None:
    tree = build_process_tree(pd.DataFrame(generate_events(200, seed=5)))
    assert pa.default_memory_pool().backend_name == "mimalloc"
    assert tree["IsRoot"].any()
    with pytest.raises(ProcessTreeDataError):
        build_process_tree(pd.DataFrame(generate_events(20, seed=5)).iloc[0:0])
    assert pa.default_memory_pool().backend_name == "mimalloc"

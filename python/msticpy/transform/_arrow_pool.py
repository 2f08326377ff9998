"""
Arrow allocations of a call taken from the system allocator instead of mimalloc.

pyarrow's default memory pool on Linux is mimalloc, which asks the kernel for
transparent huge pages on its segments (``madvise(MADV_HUGEPAGE)``). With the usual
``defrag=madvise`` setting, the first touch of each such page can stall on memory
compaction; a process's first large pandas call on Arrow-backed ``str`` columns then
costs two to three times its later calls (the pages are reused afterwards). The
process-tree builder allocates a few hundred MB of Arrow buffers per 100,000 events,
so its first call ran at a third of its warm speed.

``system_arrow_pool`` makes the system allocator (glibc ``malloc``) the default pool
for the duration of a call and restores the previous default afterwards. A buffer
remembers the pool it came from and is freed there, so buffers made inside the call
stay valid after it. Only a mimalloc default is replaced (a pool the caller chose,
jemalloc or system, is left alone), and only while the outermost such call runs.
Other threads that allocate Arrow memory meanwhile get the system pool too, which
changes their allocator, never their results.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

_LOCK = threading.Lock()
#: Nesting depth of active calls and the pool to restore when the last one ends.
_STATE: dict[str, Any] = {"depth": 0, "saved": None}


def _pyarrow() -> Any:
    """pyarrow, or None when it is not installed."""
    try:
        import pyarrow
    except ImportError:
        return None
    return pyarrow


@contextlib.contextmanager
def system_arrow_pool() -> Iterator[None]:
    """Use pyarrow's system memory pool as the default pool inside the block."""
    pa = _pyarrow()
    if pa is None:
        yield
        return
    with _LOCK:
        if _STATE["depth"] == 0:
            current = pa.default_memory_pool()
            if current.backend_name == "mimalloc":
                _STATE["saved"] = current
                pa.set_memory_pool(pa.system_memory_pool())
        _STATE["depth"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _STATE["depth"] -= 1
            if _STATE["depth"] == 0 and _STATE["saved"] is not None:
                pa.set_memory_pool(_STATE["saved"])
                _STATE["saved"] = None

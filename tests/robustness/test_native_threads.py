"""
Native calls from short-lived threads, one after another, never crash the process.

A Rust global allocator linked into a dlopen'ed extension keeps per-thread state; with
mimalloc 3.3 (the crate's default) a second short-lived thread touching the extension
after a first one exited dereferenced a null thread heap (SIGSEGV, 8 runs in 8). The
bindings now use mimalloc 2 with local-dynamic TLS. Each case runs in its own process,
so a crash is a failed test, not a dead test run.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

WORKLOADS = {
    "ioc": (
        "from msticpy.transform.iocextract import IoCExtract\n"
        "def work(n):\n"
        "    x = IoCExtract()\n"
        "    return x.validate('contoso.com', x.get_ioc_type('contoso.com'))\n"
    ),
    "base64": (
        "from msticpy.transform.base64unpack import unpack\n"
        "def work(n):\n"
        "    return unpack('VGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IGVuY29kaW5n')\n"
    ),
    "query": (
        "from msticpy import _native\n"
        "def work(n):\n"
        "    return _native.query_render(\"T | where A == '{v}'\", {'v': str(n) * 500}, 'kql')\n"
    ),
}


@pytest.mark.parametrize("name", sorted(WORKLOADS))
def test_short_lived_threads_in_turn(name: str) -> None:
    script = WORKLOADS[name] + textwrap.dedent(
        """
        import threading
        from concurrent.futures import ThreadPoolExecutor
        for n in range(12):
            with ThreadPoolExecutor(1) as pool:  # a new thread each time; the last one exited
                pool.submit(work, n).result()
        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print("ok")
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-2000:])
    assert proc.stdout.strip().endswith("ok")

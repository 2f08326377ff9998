"""
Deterministic inputs for base64unpack parity tests (stdlib only).

Command lines and log lines carrying base64 blobs of: plain text, UTF-16LE text
(PowerShell ``-EncodedCommand`` style), gzip, zip with one to three members, tar,
nested layers, and malformed blobs (bad padding, truncated gzip, random bytes, runs
just under 30 characters).
"""

from __future__ import annotations

import base64
import gzip
import io
import random
import tarfile
import zipfile

WORDS = "powershell invoke download payload stage beacon http evil example com run key".split()


def _text(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(4, 14))]
    if rng.random() < 0.5:
        words.append(f"http://{rng.choice(WORDS)}.example.com/{rng.randint(1, 999)}")
    return " ".join(words)


def _zip(rng: random.Random) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(rng.randint(1, 3)):
            archive.writestr(f"file{i}.txt", _text(rng))
    return buffer.getvalue()


def _tar(rng: random.Random) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for i in range(rng.randint(1, 3)):
            data = _text(rng).encode()
            info = tarfile.TarInfo(f"dir/member{i}.txt")
            info.size = len(data)
            info.mtime = 1_700_000_000
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _blob(rng: random.Random, depth: int = 0) -> str:
    kind = rng.choice(["text", "utf16", "gzip", "zip", "tar", "nested", "bad", "random"])
    if kind == "nested" and depth < 2:
        inner = f"echo {_blob(rng, depth + 1)} | decode"
        return base64.b64encode(inner.encode()).decode()
    if kind == "utf16":
        return base64.b64encode(_text(rng).encode("utf-16-le")).decode()
    if kind == "gzip":
        payload = gzip.compress(_text(rng).encode(), mtime=0)
        if rng.random() < 0.2:
            payload = payload[: len(payload) // 2]  # truncated gzip
        return base64.b64encode(payload).decode()
    if kind == "zip":
        return base64.b64encode(_zip(rng)).decode()
    if kind == "tar":
        return base64.b64encode(_tar(rng)).decode()
    if kind == "bad":
        return base64.b64encode(_text(rng).encode()).decode().rstrip("=") + "A"
    if kind == "random":
        noise = bytes(rng.getrandbits(8) for _ in range(rng.randint(20, 80)))
        return base64.b64encode(noise).decode()
    return base64.b64encode(_text(rng).encode()).decode()


def generate_b64_strings(n: int, seed: int = 4321) -> list[str]:
    """``n`` command-line-like strings, most with one or more base64 blobs."""
    rng = random.Random(seed)
    out = [
        "no base64 here at all",
        "short aGVsbG8gd29ybGQ= blob",
        "A" * 29,
        "A" * 30,
        base64.b64encode(b"x" * 40).decode() + "\n" + base64.b64encode(b"y" * 40).decode(),
    ]
    while len(out) < n:
        parts = [rng.choice(["powershell -enc", "cmd /c echo", "certutil -decode", "data="])]
        for _ in range(rng.randint(1, 2)):
            parts.append(_blob(rng))
        out.append(" ".join(parts))
    return out[:n]

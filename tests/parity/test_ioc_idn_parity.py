"""Default-mode IoC extraction is unchanged by the IDN support (vs msticpy 3.0.2).

Texts are generated (seeded) from ASCII observables and internationalised names in
every form (Unicode, punycode, defanged, mixed-script look-alikes). In default mode our
result must equal msticpy's except for the documented difference: msticpy's ``dns``
fragments of the internationalised names (``cher.de`` out of ``bücher.de``) are not
reported. The extended mode then finds each name whole.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from .conftest import add_summary_line, run_reference

pytestmark = pytest.mark.parity

ASCII_TOKENS = [
    "10.2.3.4",
    "192.168.10.200",
    "2001:db8::7",
    "example.com",
    "mail.contoso.co.uk",
    "evil[.]org",
    "https://www.example.net/a?b=1",
    "hxxp://bad[.]example[.]com/x",
    "alice@example.org",
    "d41d8cd98f00b204e9800998ecf8427e",
    "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "C:\\Windows\\System32\\cmd.exe",
    "/usr/bin/curl",
    "plain",
    "words,",
    "(x)",
]
IDN_NAMES = [
    "bücher.de",
    "münchen.de",
    "españa.com",
    "пример.рф",
    "παράδειγμα.ελ",
    "аpple.com",
    "gοοgle.com",
    "раураl.com",
    "straße.de",
    "例え.jp",
]


def _forms(name: str) -> list[str]:
    puny = name.encode("idna").decode("ascii") if name != "straße.de" else "xn--strae-oqa.de"
    forms = [name, puny, name.replace(".", "[.]")]
    # Upper case, unless it spells an ASCII name (`STRASSE.DE`).
    return forms + ([name.upper()] if not name.upper().isascii() else [])


def _texts(seed: int, count: int) -> tuple[list[str], list[list[str]]]:
    rng = random.Random(seed)
    texts, used = [], []
    for _ in range(count):
        tokens, names = [], []
        for _ in range(rng.randint(3, 12)):
            if rng.random() < 0.35:
                form = rng.choice(_forms(rng.choice(IDN_NAMES)))
                names.append(form)
                tokens.append(form)
            else:
                tokens.append(rng.choice(ASCII_TOKENS))
        texts.append(" ".join(tokens))
        used.append(names)
    return texts, used


def _ours(texts: list[str], extended: bool = False) -> list[dict[str, list[str]]]:
    from msticpy.transform.iocextract import IoCExtract

    extractor = IoCExtract(extended=extended)
    return [{k: sorted(v) for k, v in extractor.extract(src=t).items()} for t in texts]


def _without_fragments(found: dict[str, Any], names: list[str]) -> dict[str, list[str]]:
    """msticpy's result minus its fragments of the internationalised names."""
    out = {}
    for ioc_type, values in found.items():
        kept = [
            v for v in values if not (ioc_type == "dns" and any(v in n and v != n for n in names))
        ]
        if kept:
            out[ioc_type] = kept
    return out


def test_default_mode_matches_msticpy_apart_from_idn_fragments(ref_python: str) -> None:
    texts, used = _texts(seed=22, count=400)
    ref = run_reference(ref_python, {"mode": "string", "inputs": texts, "kwargs": {}})
    ours = _ours(texts)
    fragments = 0
    mismatches = []
    for text, names, mine, theirs in zip(texts, used, ours, ref["results"]):
        expected = _without_fragments(theirs["ok"], names)
        fragments += sum(len(v) for v in theirs["ok"].values()) - sum(
            len(v) for v in expected.values()
        )
        if mine != expected:
            mismatches.append((text, mine, expected))
    add_summary_line(
        f"ioc idn default mode: {len(texts)} texts, {len(texts) - len(mismatches)} equal "
        f"after dropping msticpy's {fragments} IDN fragments"
    )
    assert fragments > 0
    assert not mismatches, mismatches[:5]


def test_extended_mode_adds_whole_names_only() -> None:
    pytest.importorskip("msticpy._native")
    texts, used = _texts(seed=23, count=200)
    default, extended = _ours(texts), _ours(texts, extended=True)
    for names, plain, ext in zip(used, default, extended):
        assert not any(t.startswith("idn_") for t in plain)
        from msticpy.transform.idn import idn_info

        infos = [idn_info(n) for n in names]
        assert all(infos), names
        assert set(ext.get("idn_domain", [])) == {i.unicode for i in infos if i}
        assert set(ext.get("idn_punycode", [])) == {i.punycode for i in infos if i}
        for ioc_type in plain:
            assert ext[ioc_type] == plain[ioc_type]

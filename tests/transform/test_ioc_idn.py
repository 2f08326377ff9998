"""Whole internationalised and look-alike domain names in extended IoC mode.

Names are generated (seeded) per script; Python's own ``punycode`` codec is the
independent oracle for the ASCII form of each label.
"""

from __future__ import annotations

import random
import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msticpy.transform.idn import IdnInfo, idn_brands, idn_info
from msticpy.transform.iocextract import IoCExtract

LATIN = "abcdefghijklmnopqrstuvwxyzäöüéèñçåøß"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщыэюя"
GREEK = "αβγδεζηθικλμνξοπρστυφχψω"
# Cyrillic and Greek letters whose UTS #39 skeleton is a Latin letter.
HOMOGLYPHS = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у"}
GREEK_HOMOGLYPHS = {"o": "ο", "v": "ν"}
SUFFIXES = ["com", "de", "org", "net", "co.uk"]


def _label(rng: random.Random, alphabet: str, must_have: str) -> str:
    """A label of `alphabet` letters holding at least one of `must_have`."""
    size = rng.randint(3, 12)
    chars = [rng.choice(alphabet) for _ in range(size)]
    chars[rng.randrange(size)] = rng.choice(must_have)
    return unicodedata.normalize("NFC", "".join(chars))


def _oracle_punycode(name: str) -> str:
    return ".".join(
        label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
        for label in name.split(".")
    )


def _names(alphabet: str, must_have: str, seed: int, count: int = 60) -> list[str]:
    rng = random.Random(seed)
    return [f"{_label(rng, alphabet, must_have)}.{rng.choice(SUFFIXES)}" for _ in range(count)]


@pytest.mark.parametrize(
    ("alphabet", "must_have", "script", "seed"),
    [
        (LATIN.replace("ß", ""), "äöüéèñçåø", "Latin", 1),
        (CYRILLIC, CYRILLIC, "Cyrillic", 2),
        (GREEK, GREEK, "Greek", 3),
    ],
)
def test_single_script_names_round_trip(
    alphabet: str, must_have: str, script: str, seed: int
) -> None:
    for name in _names(alphabet, must_have, seed):
        info = idn_info(name)
        assert isinstance(info, IdnInfo), name
        assert info.unicode == name
        assert info.punycode == _oracle_punycode(name)
        assert info.scripts == (script,)
        assert not info.mixed_script
        back = idn_info(info.punycode)
        assert back is not None and back.unicode == name
        defanged = idn_info(name.replace(".", "[.]").upper())
        assert defanged is not None and defanged.punycode == info.punycode


def test_mixed_script_brand_look_alikes_are_flagged() -> None:
    rng = random.Random(4)
    checked = 0
    for brand in idn_brands():
        spots = [i for i, c in enumerate(brand) if c in HOMOGLYPHS or c in GREEK_HOMOGLYPHS]
        if not spots:
            continue
        i = rng.choice(spots)
        table = HOMOGLYPHS if brand[i] in HOMOGLYPHS and rng.random() < 0.7 else GREEK_HOMOGLYPHS
        if brand[i] not in table:
            table = HOMOGLYPHS
        fake = brand[:i] + table[brand[i]] + brand[i + 1 :]
        info = idn_info(f"{fake}.{rng.choice(SUFFIXES)}")
        assert info is not None, fake
        assert info.mixed_script and info.confusable, fake
        assert info.imitates == brand, fake
        assert len(info.scripts) == 2 and "Latin" in info.scripts
        checked += 1
    assert checked >= 20
    # A whole-script look-alike (every letter Cyrillic) is single-script but imitates.
    whole = idn_info("аррӏе.com")
    assert whole is not None and not whole.mixed_script
    assert whole.confusable and whole.imitates == "apple"


def test_plain_latin_idn_is_not_confusable() -> None:
    for name in _names(LATIN.replace("ß", ""), "äöüéèñçåø", 5):
        info = idn_info(name)
        assert info is not None
        assert not info.confusable and info.imitates is None, name


def test_invalid_punycode_and_non_idns_give_none() -> None:
    rng = random.Random(6)
    junk = "abcdefghijklmnopqrstuvwxyz0123456789-"
    rejected = 0
    for _ in range(300):
        tail = "".join(rng.choice(junk) for _ in range(rng.randint(1, 10)))
        try:
            decoded = tail.encode("ascii").decode("punycode")
        except UnicodeError:
            decoded = None
        if decoded is None or decoded.isascii():
            assert idn_info(f"xn--{tail}.com") is None, tail
            rejected += 1
    assert rejected > 50
    for name in ["example.com", "ｅxample.com", "bücher.notatld", "bü cher.de", "", "xn--.com"]:
        assert idn_info(name) is None, name
    with pytest.raises(TypeError):
        idn_info(b"b\xc3\xbccher.de")  # type: ignore[arg-type]


def test_extended_extract_reports_whole_names_in_both_forms() -> None:
    names = _names(LATIN.replace("ß", ""), "äöüéèñçåø", 7, 10) + _names(CYRILLIC, CYRILLIC, 8, 5)
    rng = random.Random(9)
    forms = []
    for name in names:
        form = rng.choice(
            [name, _oracle_punycode(name), name.replace(".", "[.]"), name.upper(), f"x@{name}"]
        )
        forms.append(form)
    text = "seen: " + ", ".join(forms) + " and аpple.com (spoof) plus 10.1.2.3."
    found = IoCExtract(extended=True).extract(src=text)
    assert found["idn_domain"] == set(names) | {"аpple.com"}
    assert found["idn_punycode"] == {_oracle_punycode(n) for n in names} | {"xn--pple-43d.com"}
    assert found["idn_confusable"] == {"аpple.com"}
    assert found["ipv4"] == {"10.1.2.3"}
    default = IoCExtract().extract(src=text)
    assert not any(t.startswith("idn_") for t in default)
    # No fragment of a name is reported as a plain domain; a bare public suffix after a
    # non-ASCII label (`x@квц.co.uk`) still is, as msticpy reports it.
    assert default.get("dns", set()) <= {"co.uk", "co[.]uk"}


def test_extended_frame_rows_and_type_filter() -> None:
    frame = pd.DataFrame({"msg": ["go to bücher[.]de now", "xn--80ak6aa92e.com", "none here"]})
    out = IoCExtract(extended=True).extract(data=frame, columns=["msg"])
    idn = out[out["IoCType"].str.startswith("idn_")]
    assert list(zip(idn["IoCType"], idn["Observable"], idn["SourceIndex"])) == [
        ("idn_domain", "bücher.de", 0),
        ("idn_punycode", "xn--bcher-kva.de", 0),
        ("idn_domain", "аррӏе.com", 1),
        ("idn_punycode", "xn--80ak6aa92e.com", 1),
        ("idn_confusable", "аррӏе.com", 1),
    ]
    only = IoCExtract(extended=True).extract(src="bücher.de 10.0.0.1", ioc_types=["idn_domain"])
    assert set(only) == {"idn_domain", "idn_punycode"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_any_text_gives_none_or_a_consistent_name(text: str) -> None:
    info = idn_info(text)
    if info is not None:
        assert info.punycode.isascii() and "xn--" in info.punycode
        again = idn_info(info.punycode)
        assert again is not None and again.unicode == info.unicode
        assert idn_info(info.unicode) == again


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet=LATIN + CYRILLIC + GREEK + "-09", min_size=1, max_size=10),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from([*SUFFIXES, "рф", "ελ"]),
)
def test_generated_names_round_trip_or_are_rejected(labels: list[str], suffix: str) -> None:
    name = ".".join([*labels, suffix])
    info = idn_info(name)
    if info is None:
        return
    assert info.punycode == _oracle_punycode(info.unicode)
    back = idn_info(info.punycode)
    assert back is not None and back.unicode == info.unicode
    found = IoCExtract(extended=True).extract(src=f"x {name} y")
    assert found["idn_domain"] == {info.unicode}

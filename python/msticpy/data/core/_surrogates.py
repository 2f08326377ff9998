"""
Carry lone surrogates through the native query renderer.

A Python ``str`` may hold lone surrogates (``'\\udcff'``: text decoded with
``surrogateescape``, or built by hand); msticpy's ``str.format`` renders them like any
other character. The native renderer takes UTF-8, which cannot hold them, so each lone
surrogate is swapped for a private-use character that occurs nowhere in the template or
the values, the query is rendered, and the swap is undone on the result. No escaping rule
treats either kind of character specially, so the result is what msticpy renders.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...common.exceptions import QueryParameterError

__all__ = ["SurrogateSwap", "has_surrogates"]

_FIRST_SURROGATE = 0xD800
_SURROGATE_COUNT = 0x800
# Candidate ranges for the stand-ins: supplementary private-use planes 15 and 16, each
# with room for all 2,048 surrogates several times over.
_STAND_IN_BASES = (0xF0000, 0xF0800, 0xF1000, 0x100000, 0x100800, 0x101000)


def has_surrogates(text: str) -> bool:
    """Return True when `text` cannot be encoded as UTF-8 (it holds a lone surrogate)."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class SurrogateSwap:
    """
    A reversible swap of lone surrogates for unused private-use characters.

    Parameters
    ----------
    texts : Iterable[str]
        Every string that will reach the renderer (template and values): the stand-ins
        are chosen so that none of them already occurs in any of these.

    Raises
    ------
    QueryParameterError
        If every candidate range of stand-ins already occurs in the texts (the values
        would then be ambiguous); the message says so.

    """

    def __init__(self, texts: Iterable[str]):
        """Choose the stand-in range."""
        used: set[str] = set()
        for text in texts:
            if not text.isascii():
                used.update(ch for ch in text if ord(ch) >= _STAND_IN_BASES[0])
        for base in _STAND_IN_BASES:
            stand_ins = {chr(base + i) for i in range(_SURROGATE_COUNT)}
            if not used & stand_ins:
                self._base = base
                break
        else:
            raise QueryParameterError(
                "a query value holds lone surrogates (for example '\\udcff') and the "
                "private-use characters used to carry them through the renderer also occur "
                "in the query: encode the value (e.g. with errors='surrogateescape') first"
            )
        offset = self._base - _FIRST_SURROGATE
        self._forward = {
            cp: cp + offset for cp in range(_FIRST_SURROGATE, _FIRST_SURROGATE + _SURROGATE_COUNT)
        }
        self._back = {stand_in: cp for cp, stand_in in self._forward.items()}

    def hide(self, text: str) -> str:
        """Replace each lone surrogate in `text` with its stand-in."""
        return text.translate(self._forward) if has_surrogates(text) else text

    def restore(self, text: str) -> str:
        """Put the lone surrogates back in place of their stand-ins."""
        return text if text.isascii() else text.translate(self._back)

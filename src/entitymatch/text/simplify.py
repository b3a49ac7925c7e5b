"""Traditional → simplified Chinese with OpenCC, the comparison key for every hanzi string.

Only ever in this direction: simplified → traditional is one-to-many and changes surnames
(于 → 於, 干 → 乾/幹), while traditional → simplified is nearly always safe. Hong Kong and
Taiwan variant forms (裏, 綫, 着) are folded too: OpenCC's hk2s and tw2s each fold their region's
variants and then apply t2s's own tables, so running both covers t2s.
"""

from __future__ import annotations

from collections.abc import Iterable

import opencc

from entitymatch.text.script import has_han

_CONVERTERS = tuple(opencc.OpenCC(config) for config in ("hk2s", "tw2s"))
_CACHE_LIMIT = 1 << 17
# Results by input; emptied when full (the strings are names: few come back much later).
_simplified: dict[str, str] = {}


def to_simplified(text: str) -> str:
    """Return `text` with traditional and regional-variant hanzi in their simplified form."""
    if not has_han(text):
        return text
    simplified = _simplified.get(text)
    if simplified is None:
        simplified = _remember(text, _convert(text))
    return simplified


def prepare_simplified(texts: Iterable[str]) -> None:
    """Convert many strings at once, ahead of the `to_simplified` calls that will ask for them.

    An OpenCC call costs about four times what converting one short name does, so a column of
    Chinese names converts several times faster as one text, a name a line. Lines convert
    independently: no dictionary entry spans a line break, and matching stops at one.
    """
    todo = [
        text
        for text in dict.fromkeys(texts)
        if text not in _simplified and has_han(text) and "\n" not in text and "\0" not in text
    ]
    if not todo:
        return
    converted = _convert("\n".join(todo)).split("\n")
    if len(converted) != len(todo):  # never seen; each is then converted when asked for
        return
    if len(_simplified) + len(todo) > _CACHE_LIMIT:
        _simplified.clear()
    _simplified.update(zip(todo, converted, strict=True))


def _convert(text: str) -> str:
    for converter in _CONVERTERS:
        text = converter.convert(text)
    return text


def _remember(text: str, simplified: str) -> str:
    if len(_simplified) >= _CACHE_LIMIT:
        _simplified.clear()
    _simplified[text] = simplified
    return simplified

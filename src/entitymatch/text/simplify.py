"""Traditional → simplified Chinese with OpenCC, the comparison key for every hanzi string.

Only ever in this direction: simplified → traditional is one-to-many and changes surnames
(于 → 於, 干 → 乾/幹), while traditional → simplified is nearly always safe. Hong Kong and
Taiwan variant forms (裏, 綫, 着) are folded too: OpenCC's hk2s and tw2s each fold their region's
variants and then apply t2s's own tables, so running both covers t2s.
"""

from __future__ import annotations

import functools

import opencc

from entitymatch.text.script import has_han

_CONVERTERS = tuple(opencc.OpenCC(config) for config in ("hk2s", "tw2s"))


@functools.lru_cache(maxsize=1 << 16)
def _convert(text: str) -> str:
    for converter in _CONVERTERS:
        text = converter.convert(text)
    return text


def to_simplified(text: str) -> str:
    """Return `text` with traditional and regional-variant hanzi in their simplified form."""
    if not has_han(text):
        return text
    return _convert(text)

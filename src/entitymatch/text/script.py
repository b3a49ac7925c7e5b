"""Which script a string is written in: Han, Latin, both, or neither."""

from __future__ import annotations

import enum


class Script(str, enum.Enum):
    """The writing system of a string, as far as name matching cares."""

    HAN = "han"
    LATIN = "latin"
    MIXED = "mixed"
    OTHER = "other"
    EMPTY = "empty"


def is_han(char: str) -> bool:
    """True for a CJK unified ideograph (basic block, extensions A-H and compatibility forms)."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x323AF
        or 0xF900 <= code <= 0xFAFF
        or code == 0x3007  # 〇, the zero of dates written in hanzi
    )


def has_han(text: str) -> bool:
    """True when `text` holds at least one Han character."""
    return not text.isascii() and any(is_han(c) for c in text)


def detect_script(text: str) -> Script:
    """Classify by the letters present: digits, spaces and punctuation do not count."""
    han = latin = other = False
    for char in text:
        if is_han(char):
            han = True
        elif char.isalpha():
            if char.isascii() or "LATIN" in _name(char):
                latin = True
            else:
                other = True
    if han and latin:
        return Script.MIXED
    if han:
        return Script.HAN
    if latin:
        return Script.LATIN
    return Script.OTHER if other else Script.EMPTY


def _name(char: str) -> str:
    import unicodedata

    return unicodedata.name(char, "")

"""Which script a string is written in: Han, Latin, both, or neither."""

from __future__ import annotations

import enum
import re
import unicodedata


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
    return not text.isascii() and _HAN_RE.search(text) is not None


_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
_HAN_RE = re.compile(f"[{_HAN}]")
_ALL_HAN_RE = re.compile(f"[{_HAN}]+")
# Han characters that NFC, NFD, NFKC and case folding all leave alone: all but the two blocks of
# compatibility ideographs (U+F900-FAFF, U+2F800-2FA1F), which normalise to unified ones.
_PLAIN_HAN_RE = re.compile(
    "[\u3007\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002f7ff\U0002fa20-\U000323af]+"
)
_ASCII_LETTER_RE = re.compile("[A-Za-z]")


def is_plain_han(text: str) -> bool:
    """True when `text` is all Han characters that no Unicode normalisation or case folding
    changes: most Chinese names, for which clean-up has nothing to do."""
    return _PLAIN_HAN_RE.fullmatch(text) is not None


def detect_script(text: str) -> Script:
    """Classify by the letters present: digits, spaces and punctuation do not count."""
    if text.isascii():
        return Script.LATIN if _ASCII_LETTER_RE.search(text) else Script.EMPTY
    if _ALL_HAN_RE.fullmatch(text):  # the usual Chinese name, decided in one step
        return Script.HAN
    han = _HAN_RE.search(text) is not None
    latin = other = False
    for char in _HAN_RE.sub("", text) if han else text:
        if char.isalpha():
            if char.isascii() or "LATIN" in unicodedata.name(char, ""):
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


def han_only(text: str) -> str:
    """The Han characters of `text`, in order."""
    return "".join(_HAN_RE.findall(text))

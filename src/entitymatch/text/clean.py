"""Unicode clean-up: NFKC, width, invisible characters, dots, dashes, whitespace, tone marks."""

from __future__ import annotations

import re
import unicodedata

from entitymatch.text.script import is_plain_han

# Middle dots separate the parts of foreign names written in hanzi (山姆·阿尔特曼); input
# methods and fonts produce many look-alikes, all folded to U+00B7.
_MIDDLE_DOTS = "·・•‧･⋅∙⸱ꞏ᛫"
# Hyphens and dashes of every width, folded to ASCII '-'.
_DASHES = "‐‑‒–—―−﹣－⁃"
# Soft hyphen, zero-width and direction marks, word joiners, byte-order mark: dropped.
_INVISIBLE = [0xAD, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065), 0xFEFF]
# C0 and C1 controls, except the tab and line breaks that are whitespace anyway: spaces.
_CONTROLS = [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
# One pass does it all: these sets are disjoint and no replacement falls in another.
_TRANSLATE = str.maketrans(
    {
        **{c: "·" for c in _MIDDLE_DOTS},
        **{c: "-" for c in _DASHES},
        "\u3000": " ",
        **{chr(c): None for c in _INVISIBLE},
        **{chr(c): " " for c in _CONTROLS},
    }
)
_TONE_NUMBER_RE = re.compile(r"(?<=[a-zA-ZüÜ:])[1-5](?![0-9])")
_UMLAUT_RE = re.compile(r"u:|ü|Ü|U:")
_DIGIT_RE = re.compile(r"[1-5]")


def clean_text(text: str) -> str:
    """Return `text` in NFKC with invisible and control characters removed, dots and dashes
    unified, full-width folded to half-width and whitespace collapsed.

    Case and tone marks are kept: they carry information a display wants; `fold_case` and
    `strip_tones` take them off for comparison.
    """
    if not text:
        return ""
    if not text.isascii():
        if is_plain_han(text):  # nothing here changes plain hanzi
            return text
        text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    elif not text.isprintable():  # in ASCII only control characters are mapped; NFKC is a no-op
        text = text.translate(_TRANSLATE)
    # str.split() and \s agree on what whitespace is: runs become one space, ends go.
    return " ".join(text.split())


def fold_case(text: str) -> str:
    """Case-fold for comparison (ß → ss, Σ → σ), as `str.casefold` does."""
    return text.casefold()


def _strip_marks(text: str) -> str:
    # ü is a letter of its own in pinyin (lü ≠ lu), so its diaeresis (U+0308) survives while
    # the tone marks around it go: lǚ → lü.
    decomposed = unicodedata.normalize("NFD", text)
    if decomposed == text:  # nothing decomposes (hanzi, plain letters): no marks to strip
        return text
    kept = "".join(c for c in decomposed if c == "\u0308" or not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept)


def strip_tones(text: str) -> str:
    """Remove pinyin tone marks (Jiǎ → Jia, lǚ → lü) and tone numbers (jia3 → jia).

    A digit counts as a tone number only when it follows a letter and is 1 to 5 on its own, so
    "360" and "5G" survive; "Y2K" loses its 2, which is harmless for name comparison.
    """
    if not text.isascii():
        text = _strip_marks(text)
    return _TONE_NUMBER_RE.sub("", text) if _DIGIT_RE.search(text) else text


def unify_umlaut(text: str) -> str:
    """Write pinyin ü as v (lü, lu:, lv → lv), the form input methods use; ASCII-safe keys."""
    return _UMLAUT_RE.sub("v", text)

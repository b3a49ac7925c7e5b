"""The text layer's shortcuts (plain hanzi, ASCII, batched OpenCC) agree with the long way."""

from __future__ import annotations

import re
import unicodedata

import opencc
from hypothesis import given, settings
from hypothesis import strategies as st

from entitymatch.text import (
    Script,
    clean_text,
    detect_script,
    is_plain_han,
    prepare_simplified,
    to_simplified,
)

# Characters that exercise every branch: hanzi (traditional, simplified, compatibility and
# extension ones), Latin with and without marks, dots, dashes, quotes, spaces of all kinds,
# controls and invisible characters.
_ALPHABET = (
    "張张國国乾隆著名臺台裏里于於贾揚清〇豈丽𠀀𫊸"
    "\uf900\uf901\U0002f800"
    "aAzZüÜǚé1234 5"
    "·・•‧-–—－.,;()（）【】\"'`“”’"
    " \t\n\u3000\u00a0\u2002"
    "\x00\x07\x1f\x7f\x85\u00ad\u200b\u200e\u2060\ufeff"
)
_texts = st.text(alphabet=_ALPHABET, max_size=12)
_han_texts = st.text(alphabet="張张國国乾隆著名臺台裏里于於贾揚清干發发後后髮麵面", max_size=8)

_MIDDLE_DOTS = "·・•‧･⋅∙⸱ꞏ᛫"
_DASHES = "‐‑‒–—―−﹣－⁃"
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _clean_the_long_way(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE_RE.sub("", text)
    for dot in _MIDDLE_DOTS:
        text = text.replace(dot, "·")
    for dash in _DASHES:
        text = text.replace(dash, "-")
    text = _CONTROL_RE.sub(" ", text.replace("\u3000", " "))
    return re.sub(r"\s+", " ", text).strip()


@settings(max_examples=400)
@given(_texts)
def test_clean_text_matches_its_definition(text: str) -> None:
    """clean_text gives what NFKC, dropping, mapping and collapsing one step at a time give."""
    assert clean_text(text) == _clean_the_long_way(text)


@given(_texts)
def test_plain_hanzi_are_left_alone(text: str) -> None:
    """Text is plain hanzi only if no normalisation or case folding changes it."""
    if is_plain_han(text):
        assert text
        for form in ("NFC", "NFD", "NFKC", "NFKD"):
            assert unicodedata.normalize(form, text) == text
        assert text.casefold() == text
        assert clean_text(text) == text
        assert detect_script(text) is Script.HAN


def test_compatibility_ideographs_are_not_plain() -> None:
    assert is_plain_han("张伟")
    assert not is_plain_han("\uf900")  # 豈 (compatibility) normalises to U+8C48
    assert not is_plain_han("张 伟")
    assert not is_plain_han("")


_converters = [opencc.OpenCC(config) for config in ("hk2s", "tw2s")]


def _simplified_alone(text: str) -> str:
    for converter in _converters:
        text = converter.convert(text)
    return text


@settings(max_examples=200)
@given(st.lists(_han_texts, max_size=20))
def test_batch_conversion_matches_one_at_a_time(texts: list[str]) -> None:
    """Converting a batch together gives each text what converting it alone gives."""
    prepare_simplified(texts)
    assert [to_simplified(t) for t in texts] == [_simplified_alone(t) if t else t for t in texts]


def test_phrase_conversion_survives_batching() -> None:
    """Phrases convert as phrases (乾隆 keeps 乾) next to names that fold the same character."""
    texts = ["乾隆", "乾淨", "著名", "穿著", "于右任", "於梨華"]
    prepare_simplified(texts)
    assert [to_simplified(t) for t in texts] == [_simplified_alone(t) for t in texts]

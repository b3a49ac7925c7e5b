"""Properties of name normalisation and comparison, checked on generated names."""

from __future__ import annotations

import opencc
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import entitymatch as em
from entitymatch.names import tables

_SURNAMES = sorted(
    s for s, reading in tables.surnames().items() if len(s) == 1 and " " not in reading
)
_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰涛明超兰霞平刚华建国志永红海波晓东春梅扬清宇浩然子轩")
_SYLLABLES = [
    "yang",
    "qing",
    "wei",
    "ming",
    "hua",
    "jian",
    "guo",
    "zhi",
    "yong",
    "hong",
    "hai",
    "bo",
    "xiao",
    "dong",
    "chun",
    "mei",
    "yu",
    "hao",
    "ran",
    "zi",
    "xuan",
    "li",
    "na",
    "jie",
]
_LATIN_SURNAMES = [
    "wang",
    "li",
    "zhang",
    "liu",
    "chen",
    "yang",
    "huang",
    "zhao",
    "wu",
    "zhou",
    "xu",
    "sun",
    "ma",
    "zhu",
    "hu",
    "guo",
    "he",
    "gao",
    "lin",
    "luo",
    "jia",
    "lv",
]
_S2T = opencc.OpenCC("s2t")
_T2S = opencc.OpenCC("t2s")

han_names = st.builds(
    lambda s, g: s + "".join(g),
    st.sampled_from(_SURNAMES),
    st.lists(st.sampled_from(_GIVEN), min_size=1, max_size=2),
)
latin_names = st.tuples(
    st.sampled_from(_LATIN_SURNAMES), st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=2)
)


def _full_width(text: str) -> str:
    return "".join(
        chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text
    )


@given(st.text(max_size=60), st.sampled_from(["person", "org"]))
@settings(max_examples=300, deadline=None)
def test_normalisation_is_idempotent(text: str, kind: str) -> None:
    """Normalising a normalised key gives the same key."""
    key = em.normalize_name(text, kind=kind).key
    assert em.normalize_name(key, kind=kind).key == key


@given(st.text(max_size=200), st.text(max_size=200), st.sampled_from(["person", "org"]))
@settings(max_examples=300, deadline=None)
def test_nothing_raises_on_arbitrary_unicode(a: str, b: str, kind: str) -> None:
    """Any two strings compare without error to a score in [0, 1]."""
    result = em.compare_names(a, b, kind=kind)
    assert 0.0 <= result.score <= 1.0
    assert isinstance(result.explanation, str)


def test_very_long_and_empty_strings() -> None:
    long = "贾扬清" * 5000 + " Jia Yangqing" * 3000
    for kind in ("person", "org"):
        assert 0.0 <= em.compare_names(long, long[::-1], kind=kind).score <= 1.0
        assert not em.compare_names("", "", kind=kind).is_match


@given(han_names)
@settings(max_examples=200, deadline=None)
def test_traditional_variant_matches(name: str) -> None:
    """A hanzi name matches its traditional-character form."""
    # Only names OpenCC round-trips: 馀 → 餘 → 余 shows 馀 was not the standard simplified form.
    assume(_T2S.convert(_S2T.convert(name)) == name)
    assert em.compare_names(name, _S2T.convert(name), kind="person").is_match


@given(han_names)
@settings(max_examples=200, deadline=None)
def test_hanzi_matches_its_own_romanisation(name: str) -> None:
    """A hanzi name matches the reading entitymatch gives it, in either order."""
    reading = em.normalize_name(name, kind="person").romanised
    surname, given_name = reading.split(" ", 1)
    assert em.compare_names(name, f"{surname} {given_name}", kind="person").is_match
    assert em.compare_names(name, f"{given_name.title()} {surname.upper()}", kind="person").is_match


@given(latin_names, st.sampled_from(["upper", "title", "fullwidth", "spaces", "hyphen", "swap"]))
@settings(max_examples=300, deadline=None)
def test_latin_variants_match(parts: tuple[str, list[str]], variant: str) -> None:
    """Case, width, whitespace, hyphenation and order variants of a romanised name match."""
    surname, syllables = parts
    base = f"{surname.title()} {''.join(syllables)}"
    other = {
        "upper": base.upper(),
        "title": f"{surname.upper()} {''.join(syllables).title()}",
        "fullwidth": _full_width(base),
        "spaces": f"  {surname}   {''.join(syllables)}  ",
        "hyphen": f"{surname} {'-'.join(s.title() for s in syllables)}",
        "swap": f"{''.join(syllables).title()} {surname.title()}",
    }[variant]
    result = em.compare_names(base, other, kind="person")
    assert result.is_match, result.explanation


@given(han_names)
@settings(max_examples=100, deadline=None)
def test_comparison_is_symmetric_in_verdict(name: str) -> None:
    """Swapping the two sides never changes the verdict."""
    other = em.normalize_name(name, kind="person").romanised
    assert em.compare_names(name, other).is_match == em.compare_names(other, name).is_match

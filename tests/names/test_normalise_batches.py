"""Normalising in batches: same names as one at a time, and the shortcuts taken on the way
(cached readings, the collector's pause) leave the results and the process as they were."""

from __future__ import annotations

import dataclasses
import gc
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import entitymatch as em
from entitymatch.names import phonetics, tables
from entitymatch.names.normalize import gc_paused
from entitymatch.names.normalized import NormalizedName, PersonParse

_NAMES = [
    "张伟",
    "張偉",
    "张 伟",
    "欧阳娜娜",
    "萨提亚·纳德拉",
    "Jia Yangqing",
    "JIA Yang-Qing",
    "Jiǎ Yángqīng",
    "Lee Ka-shing",
    "David Zhang Wei",
    "张伟 (David Zhang)",
    "",
    None,
]
_ORGS = [
    "北京智象未来科技有限公司",
    "北京智象未來科技有限公司",
    "Alibaba Group Holding Limited",
    "众淼控股(青岛)股份有限公司",
    "HiDream.ai (智象未来)",
]


@pytest.mark.parametrize(("values", "kind"), [(_NAMES, "person"), (_ORGS, "org")])
def test_a_batch_gives_what_one_at_a_time_gives(values: list[str | None], kind: str) -> None:
    # Long enough to span several batches, with every value coming back.
    column = values * 500
    batch = em.normalize_names(column, kind)  # type: ignore[arg-type]
    assert len(batch) == len(column)
    for value, name in zip(column, batch, strict=True):
        assert name is em.normalize_name(value, kind)  # type: ignore[arg-type]


def test_same_key_same_readings() -> None:
    """Names written differently with one key share what the key decides."""
    simplified, traditional = em.normalize_names(["张伟", "張偉"])
    assert simplified.key == traditional.key
    assert simplified.parses == traditional.parses
    assert simplified.romanisations == traditional.romanisations
    assert (simplified.original, traditional.original) == ("张伟", "張偉")


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        em.normalize_names(["张伟"], "company")  # type: ignore[arg-type]


def test_promoting_leaves_the_collector_on_and_nothing_frozen() -> None:
    assert gc.isenabled()
    with gc_paused(promote=True):
        kept = [[i] for i in range(50_000)]  # more than a generation-1 collection's worth
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert len(kept) == 50_000


def test_promoting_does_not_thaw_what_the_application_froze() -> None:
    gc.freeze()
    try:
        assert gc.get_freeze_count() > 0
        with gc_paused(promote=True):
            kept = [[i] for i in range(50_000)]
        # Thawing would empty the permanent generation (frozen objects freed meanwhile leave
        # it too, so its exact size may shrink).
        assert gc.get_freeze_count() > 0
        assert len(kept) == 50_000
    finally:
        gc.unfreeze()


def test_a_paused_collector_stays_paused() -> None:
    gc.disable()
    try:
        with gc_paused(promote=True):
            kept = [[i] for i in range(50_000)]
        assert not gc.isenabled()
        assert len(kept) == 50_000
    finally:
        gc.enable()


def test_values_stay_frozen_dataclasses() -> None:
    name = em.normalize_name("贾扬清")
    with pytest.raises(dataclasses.FrozenInstanceError):
        name.key = "x"  # type: ignore[misc]
    assert dataclasses.replace(name, key="x").key == "x"
    parse = PersonParse(None, ())
    assert parse == PersonParse(surname=None, given=(), english=(), surname_last=False)
    assert hash(parse) == hash(PersonParse(None, (), (), False, 1.0))
    with pytest.raises(TypeError):
        NormalizedName("a", "person")  # type: ignore[call-arg]


# Syllables and stray letters, so that some words split several ways and some not at all.
_pieces = st.sampled_from(["xi", "an", "xian", "yang", "qing", "ng", "m", "zh", "e", "r", "q"])
_words = st.lists(_pieces, min_size=1, max_size=6).map("".join)


def _segmentations_the_long_way(token: str) -> tuple[tuple[str, ...], ...]:
    inventory = phonetics._inventory()
    n = len(token)
    ways: list[list[tuple[str, ...]]] = [[] for _ in range(n + 1)]
    ways[n] = [()]
    for i in range(n - 1, -1, -1):
        found: list[tuple[str, ...]] = []
        for j in range(i + 1, min(n, i + 6) + 1):
            piece = token[i:j]
            whole = i == 0 and j == n
            vowel = any(c in "aeiouv" for c in piece)
            if piece in inventory and ways[j] and (whole or vowel):
                found.extend((piece, *rest) for rest in ways[j])
        found.sort(key=len)
        ways[i] = found[:8]
    syllables = tables.pinyin_syllables()
    result = sorted(ways[0], key=lambda s: (len(s), sum(p not in syllables for p in s)))
    if not result:
        return ()
    return tuple(r for r in result[:4] if len(r) <= len(result[0]) + 1)


@settings(max_examples=300)
@given(st.lists(_words, min_size=1, max_size=5))
def test_segmentations_do_not_depend_on_earlier_words(words: list[str]) -> None:
    """A word splits into syllables the same way whatever words were split before it."""
    for word in words:
        assert phonetics.segmentations(word) == _segmentations_the_long_way(word)


def test_names_come_back_whole_from_a_pickle() -> None:
    """Names prepared in a forked process reach the caller pickled: every field, the units'
    key sets included, comes back as it was."""
    names = em.normalize_names(_NAMES, "person") + em.normalize_names(_ORGS, "org")
    again = pickle.loads(pickle.dumps(names, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == names
    for before, after in zip(names, again, strict=True):
        units = [u for p in before.parses for u in (p.surname, *p.given) if u is not None]
        copied = [u for p in after.parses for u in (p.surname, *p.given) if u is not None]
        units += list(before.brand)
        copied += list(after.brand)
        assert [(u.key_set, u.han_keys, u.keys, u.known) for u in copied] == [
            (u.key_set, u.han_keys, u.keys, u.known) for u in units
        ]

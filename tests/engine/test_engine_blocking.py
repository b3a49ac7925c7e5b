"""Blocking: an OR of rules gives exactly the pairs some rule allows, each once, in chunks."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entitymatch.blocking import (
    Blocker,
    ExactRule,
    NameKeyRule,
    OversizedBlockWarning,
    SortedNeighbourhoodRule,
)
from entitymatch.blocking.rules import KeyRule, _Sides
from entitymatch.names import name_blocking_keys, normalize_name
from entitymatch.pipeline import Deduplicator, Linker
from entitymatch.text import clean_text, fold_case

Pair = tuple[int, int]


def pair_set(blocker: Blocker, left: pd.DataFrame, right: pd.DataFrame | None = None) -> list[Pair]:
    a, b = blocker.collect(left, right)
    return list(zip(a.tolist(), b.tolist(), strict=True))


# -- brute force: what each rule means, written the slow and obvious way -------------------


def _norm(value: object, prefix: int = 0) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = fold_case(clean_text(str(value)))
    return text[:prefix] if prefix else text


def exact_keys(records: list[dict[str, object]], rule: ExactRule) -> list[tuple[str, ...] | None]:
    prefix = rule.prefix or (0,) * len(rule.columns)
    out: list[tuple[str, ...] | None] = []
    for r in records:
        key = tuple(_norm(r[c], p) for c, p in zip(rule.columns, prefix, strict=True))
        out.append(None if "" in key else key)
    return out


def sorted_ranks(records: list[dict[str, object]], columns: tuple[str, ...]) -> list[int | None]:
    def sort_key(i: int) -> tuple[object, ...]:
        # Missing parts sort first; ties keep the record order.
        parts = [
            (0, "") if not _norm(records[i][c]) else (1, _norm(records[i][c])) for c in columns
        ]
        return (*parts, i)

    present = [i for i, r in enumerate(records) if any(_norm(r[c]) for c in columns)]
    ranks: list[int | None] = [None] * len(records)
    for rank, i in enumerate(sorted(present, key=sort_key)):
        ranks[i] = rank
    return ranks


def allows(records: list[dict[str, object]], rule: object) -> Callable[[int, int], bool]:
    """Whether the rule, read literally, lets records i and j be compared."""
    if isinstance(rule, ExactRule):
        keys = exact_keys(records, rule)
        return lambda i, j: keys[i] is not None and keys[i] == keys[j]
    if isinstance(rule, NameKeyRule):
        # Records meet when they share a key in the rule's column and in each `also` column.
        keys_by_column = []
        for column, kind in ((rule.column, rule.kind), *rule.also):
            texts = [None if not _norm(r[column]) else str(r[column]) for r in records]
            keys_by_column.append([set(k) for k in name_blocking_keys(texts, kind)])
        return lambda i, j: all(bool(keys[i] & keys[j]) for keys in keys_by_column)
    assert isinstance(rule, SortedNeighbourhoodRule)
    ranks = sorted_ranks(records, rule.columns)
    window = rule.window

    def near(i: int, j: int) -> bool:
        a, b = ranks[i], ranks[j]
        return a is not None and b is not None and abs(a - b) < window

    return near


def brute_force(
    records: list[dict[str, object]], rules: list[object], n_left: int | None
) -> set[Pair]:
    """Pairs some rule allows; with n_left, only (left, right) pairs, right numbered from 0."""
    n = len(records)
    if n_left is None:
        candidates = list(itertools.combinations(range(n), 2))
    else:
        candidates = [(i, j) for i in range(n_left) for j in range(n_left, n)]
    allowed: set[Pair] = set()
    for rule in rules:
        ok = allows(records, rule)
        allowed |= {(i, j) for i, j in candidates if ok(i, j)}
    if n_left is not None:
        allowed = {(i, j - n_left) for i, j in allowed}
    return allowed


_VALUES = st.sampled_from(
    ["smith", "Smith ", "smyth", "SMITH", "jones", "jonas", "王伟", "王 伟", "", None]
)
_SHORT = st.sampled_from(["1", "2", "12", "", None])
_RECORD = st.fixed_dictionaries({"a": _VALUES, "b": _SHORT, "c": _VALUES})
_RULES = st.lists(
    st.one_of(
        st.builds(
            lambda cols, p: ExactRule(tuple(cols), (p,) * len(cols)),
            st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=2, unique=True),
            st.integers(0, 3),
        ),
        st.builds(lambda c: NameKeyRule(c), st.sampled_from(["a", "c"])),
        # Keys of two columns combined: records hold several keys and share some twice.
        st.just(NameKeyRule("a", also=(("c", "person_name"),))),
        st.builds(
            lambda cols, w: SortedNeighbourhoodRule(tuple(cols), w),
            st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=2, unique=True),
            st.integers(2, 4),
        ),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=60, deadline=None)
@given(records=st.lists(_RECORD, max_size=25), rules=_RULES, chunk=st.integers(1, 50))
def test_dedupe_pairs_are_exactly_the_allowed_ones_once(
    records: list[dict[str, object]], rules: list[object], chunk: int
) -> None:
    """Every pair some rule allows comes out exactly once, as (i, j) with i < j."""
    df = pd.DataFrame(records, columns=["a", "b", "c"])
    blocker = Blocker(rules, chunk_size=chunk)  # type: ignore[arg-type]

    pairs = pair_set(blocker, df)

    assert len(pairs) == len(set(pairs))
    assert all(i < j for i, j in pairs)
    assert set(pairs) == brute_force(records, rules, None)
    assert blocker.report.total == len(pairs)


@settings(max_examples=60, deadline=None)
@given(
    left=st.lists(_RECORD, max_size=15),
    right=st.lists(_RECORD, max_size=15),
    rules=_RULES,
    chunk=st.integers(1, 50),
)
def test_link_pairs_are_exactly_the_allowed_cross_pairs_once(
    left: list[dict[str, object]],
    right: list[dict[str, object]],
    rules: list[object],
    chunk: int,
) -> None:
    """Linking yields each allowed (left row, right row) pair once, and no pair within a table."""
    blocker = Blocker(rules, chunk_size=chunk)  # type: ignore[arg-type]
    left_df = pd.DataFrame(left, columns=["a", "b", "c"])
    right_df = pd.DataFrame(right, columns=["a", "b", "c"])

    pairs = pair_set(blocker, left_df, right_df)

    assert len(pairs) == len(set(pairs))
    assert set(pairs) == brute_force(left + right, rules, len(left))


@settings(max_examples=100, deadline=None)
@given(
    held=st.lists(st.sets(st.integers(0, 5), max_size=4), max_size=12),
    n_left=st.none() | st.integers(0, 12),
    chunk=st.integers(1, 30),
)
def test_records_sharing_several_keys_pair_once(
    held: list[set[int]], n_left: int | None, chunk: int
) -> None:
    """A rule's pairs are those of records with a key in common, each once however many keys
    they share (records of a combined rule hold several and share some twice)."""
    n = len(held)
    n_left = n if n_left is None else min(n_left, n)
    link = n_left < n
    postings = np.array(
        [(r, k) for r, keys in enumerate(held) for k in sorted(keys)], dtype=np.int64
    ).reshape(-1, 2)
    sides = _Sides(n_left, n - n_left if link else None)
    rule = KeyRule("keys", 1000, sides, postings, n)

    pairs = [
        (int(a), int(b))
        for left, right in rule.generate(chunk)
        for a, b in zip(left, right, strict=True)
    ]

    expected = {
        (i, j)
        for i, j in itertools.combinations(range(n), 2)
        if held[i] & held[j] and (not link or (i < n_left <= j))
    }
    assert sorted(pairs) == sorted(expected)


def test_report_counts_each_rule_and_its_new_pairs() -> None:
    df = pd.DataFrame({"surname": ["li", "li", "li", "wang"], "city": ["bj", "bj", "sh", "sh"]})
    blocker = Blocker([ExactRule(("surname",)), ExactRule(("city",))])

    pairs = pair_set(blocker, df)

    assert len(pairs) == 4  # li×3 = 3 pairs, plus (2, 3) on city; (0, 1) is not repeated
    assert blocker.report.counts == {"surname": 3, "city": 1}
    assert blocker.report.rules[1].pairs == 2
    assert "4 candidate pairs from 4 records" in blocker.report.summary()


def test_prefix_keys_compare_the_first_characters_after_clean_up() -> None:
    df = pd.DataFrame(
        {"name": ["Smith", "ＳＭＹＴＨ", "jones"], "dob": ["1970-01-02", "1970-12-31", "1970"]}
    )
    blocker = Blocker([ExactRule(("name", "dob"), (2, 4))])

    assert pair_set(blocker, df) == [(0, 1)]


def test_oversized_block_is_skipped_with_a_warning_and_the_count() -> None:
    df = pd.DataFrame(
        {"surname": ["wang"] * 6 + ["li", "li"], "dob": ["1", "1", "2", "3", "4", "5", "6", "6"]}
    )
    blocker = Blocker([ExactRule(("surname",), max_block_size=5), ExactRule(("dob",))])

    with pytest.warns(OversizedBlockWarning, match=r"skipped 1 block.*largest 6.*15 pairs"):
        pairs = pair_set(blocker, df)

    # The wang block is skipped; its (0, 1) pair still comes from the dob rule.
    assert sorted(pairs) == [(0, 1), (6, 7)]
    oversized = blocker.report.rules[0].oversized
    assert (oversized.blocks, oversized.records, oversized.pairs_avoided) == (1, 6, 15)


def test_missing_values_never_block_together() -> None:
    df = pd.DataFrame({"id_no": [None, "", "  ", float("nan"), "x"]})

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert pair_set(Blocker([ExactRule(("id_no",))]), df) == []


def test_large_input_is_emitted_in_bounded_chunks() -> None:
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"key": rng.integers(0, 50, 2000).astype(str)})
    blocker = Blocker([ExactRule(("key",))], chunk_size=1000)

    sizes = [a.size for a, _ in blocker.pairs(df)]

    expected = sum(c * (c - 1) // 2 for c in df["key"].value_counts())
    assert sum(sizes) == expected
    assert max(sizes) <= 1000 + 2000  # a chunk may end after the element that crosses the limit


def test_sorted_neighbourhood_pairs_neighbours_in_sort_order() -> None:
    df = pd.DataFrame({"name": ["carol", "alice", "bob", "dave"]})

    pairs = pair_set(Blocker([SortedNeighbourhoodRule(("name",), window=2)]), df)

    # Sorted: alice(1) bob(2) carol(0) dave(3).
    assert sorted(pairs) == [(0, 2), (0, 3), (1, 2)]


def test_name_key_rule_pairs_names_sharing_a_key() -> None:
    names = ["Wang Wei", "wang wei", "Li Na"]
    keys = name_blocking_keys(names, "person_name")
    df = pd.DataFrame({"name": names})

    pairs = pair_set(Blocker([NameKeyRule("name")]), df)

    expected = {
        (i, j) for i, j in itertools.combinations(range(3), 2) if set(keys[i]) & set(keys[j])
    }
    assert set(pairs) == expected
    assert (0, 1) in pairs


def test_full_given_keys_meet_across_scripts_but_split_initials() -> None:
    """Whole-given-name keys still join a name's scripts and romanisations, while names that
    only share initials (Wang Wei, Wang Wen) no longer meet."""
    names = ["李嘉诚", "Lee Ka-shing", "Li Jiacheng", "贾扬清", "JIA Yang-Qing", "王伟", "Wang Wen"]
    full = [set(k) for k in name_blocking_keys(names, "person_name", "full")]
    initials = [set(k) for k in name_blocking_keys(names, "person_name")]
    assert full[0] & full[1] and full[0] & full[2]
    assert full[3] & full[4]
    assert initials[5] & initials[6] and not full[5] & full[6]


@pytest.mark.parametrize(
    ("hanzi", "cantonese"),
    [
        ("吴德棻", "Ng Tak-fan"),  # 德: dak, duck or tak; the cap on spellings kept no tak
        ("趙建華", "CHIU Kin Wa"),  # 建: gin or kin; 華: wa, wah or war
        ("杨德戎", "Tak-yung Yeung"),
        ("曾志伟", "Chang Chi-wai"),  # 曾: tsang or chang
    ],
)
def test_cantonese_spellings_of_one_sound_meet(hanzi: str, cantonese: str) -> None:
    """Hong Kong romanisation writes a sound several ways (Tak, Dak; Kin, Gin): with the whole
    given name in the key, a name in hanzi still meets each way its Cantonese reading is spelt,
    while another given name does not."""
    a, b, other = (
        set(k) for k in name_blocking_keys([hanzi, cantonese, "Ng Kwok-man"], "person", "full")
    )
    assert a & b
    assert not a & other


def test_combined_name_key_rule_needs_a_shared_key_in_every_column() -> None:
    df = pd.DataFrame(
        {
            "person": ["王伟", "Wang Jun", "李娜", "王芳", "Wang Wei"],
            "company": ["阿里巴巴", "Alibaba", "阿里巴巴", "腾讯", "Tencent Holdings"],
        }
    )
    rule = NameKeyRule("company", "org_name", given="none", also=(("person", "person_name"),))

    pairs = pair_set(Blocker([rule]), df)

    # Same company and surname: 王伟 / Wang Jun at Alibaba. 李娜 has another surname, 王芳 and
    # Wang Wei work elsewhere (腾讯 and Tencent share no key).
    assert pairs == [(0, 1)]
    assert rule.label == "name_keys(company+person, given=none)"


def test_a_name_key_block_too_big_is_split_by_more_of_the_given_name() -> None:
    """Five Wangs at one company, limit four: the block is split by given-name initials, so
    王伟 / 王偉 / Wang Wei still meet while 王芳 and 王强 meet no one, and nothing is skipped."""
    df = pd.DataFrame(
        {
            "person": ["王伟", "王芳", "王偉", "王强", "Wang Wei", "李娜"],
            "company": ["阿里巴巴"] * 5 + ["阿里巴巴"],
        }
    )
    also = (("person", "person_name"),)
    small = NameKeyRule("company", "org_name", given="none", also=also, max_block_size=4)
    roomy = NameKeyRule("company", "org_name", given="none", also=also)

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a split block is not an oversized one
        blocker = Blocker([small])
        pairs = pair_set(blocker, df)

    assert sorted(pairs) == [(0, 2), (0, 4), (2, 4)]
    split = blocker.report.rules[0].oversized.split  # one block per key of 阿里巴巴
    assert split == len(name_blocking_keys(["阿里巴巴"], "org_name")[0])
    assert f"{split} big blocks split by a finer key" in blocker.report.summary()
    assert len(pair_set(Blocker([roomy]), df)) == 10  # all five Wangs, unsplit


def test_a_name_key_rule_keys_known_names_as_given() -> None:
    """Names the engine has already normalised are used as they are, not normalised again:
    the rule keys each text by the name `known` holds for it."""
    df = pd.DataFrame({"person": ["王伟", "Li Na", "Wang Wei"]})
    plain = NameKeyRule("person")
    # A stand-in table saying the text "Li Na" is the name 王伟.
    known = {"person_name": {"Li Na": normalize_name("王伟"), "王伟": normalize_name("王伟")}}
    told = NameKeyRule("person", known=known)

    assert sorted(pair_set(Blocker([plain]), df)) == [(0, 2)]
    assert sorted(pair_set(Blocker([told]), df)) == [(0, 1), (0, 2), (1, 2)]
    assert told == plain  # the table is a cache, not part of what the rule means


@pytest.mark.parametrize(
    ("kind", "values", "meeting"),
    [
        (
            "phone",
            # One mobile four ways, a Beijing line with and without its area code, too short.
            [
                "195-3004-9026",
                "+86 19530049026",
                "(0086) 195 3004 9026",
                "010-62751234",
                "6275 1234",
                "9026",
                None,
            ],
            {("r0", "r1"), ("r0", "r2"), ("r1", "r2"), ("r3", "r4")},
        ),
        (
            "email",
            [
                "Zhang.San@Example.com",
                "张三 <zhang.san@example.com>",
                "zhang.san@163.com",
                "not an address",
                "not an address",
                None,
                None,
            ],
            {("r0", "r1")},
        ),
        (
            "url",
            [
                "https://www.example.com",
                "www.example.com",
                "HTTPS://WWW.EXAMPLE.COM/",
                "http://example.com/about",
                "not a url",
                "not a url",
                None,
            ],
            {("r0", "r1"), ("r0", "r2"), ("r1", "r2")},
        ),
        (
            "identifier",
            [
                "9111 0000 6000 3734 1l",
                "91110000600037341L",
                "91110000600037341M",
                "",
                "",
                None,
                "91110000600037341l",
            ],
            {("r0", "r1"), ("r0", "r6"), ("r1", "r6")},
        ),
    ],
)
def test_an_exact_rule_on_a_phone_address_or_code_keys_on_its_standard_form(
    kind: str, values: list[str | None], meeting: set[Pair]
) -> None:
    """Written differently, the same number, address or code still meets on an exact rule on
    its column: the engine keys the rule on the comparison's standard form (phone numbers on
    their last eight digits), not on the cleaned text, and missing values never meet."""
    df = pd.DataFrame({"id": [f"r{k}" for k in range(len(values))], "value": values})
    settings = {
        "id_column": "id",
        "fields": [{"column": "value", "kind": kind}],
        "blocking": [{"columns": ["value"]}],
        "scoring": {"model": "weighted", "threshold": 0.0},
    }
    engine = Deduplicator(settings)
    pairs = engine.predict(df)

    assert set(zip(pairs["id_l"], pairs["id_r"], strict=True)) == meeting
    assert engine.summary_.blocking is not None
    assert engine.summary_.blocking.total == len(meeting)


def test_a_link_blocks_phone_numbers_across_the_tables_by_their_standard_form() -> None:
    """In a link the two tables' numbers are coded together, left then right: a number meets
    its other writing in the other table, not a record of its own table."""
    left = pd.DataFrame({"id": ["l0", "l1", "l2"], "phone": ["195-3004-9026", "010-62751234", "1"]})
    right = pd.DataFrame(
        {"id": ["r0", "r1", "r2"], "phone": ["6275 1234", "+86 19530049026", "010 6275 1234"]}
    )
    settings = {
        "id_column": "id",
        "fields": [{"column": "phone", "kind": "phone"}],
        "blocking": [{"columns": ["phone"]}],
        "scoring": {"model": "weighted", "threshold": 0.0},
    }
    pairs = Linker(settings).predict(left, right)

    assert set(zip(pairs["id_l"], pairs["id_r"], strict=True)) == {
        ("l0", "r1"),
        ("l1", "r0"),
        ("l1", "r2"),
    }

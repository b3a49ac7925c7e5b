"""Value comparators: levels on small hand-made columns, nulls, repeated rows, similarity bands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entitymatch.compare.levels import Comparator, FieldComparison, Level
from entitymatch.compare.values import (
    DateComparator,
    EmailComparator,
    ExactComparator,
    IdentifierComparator,
    NumberComparator,
    PhoneComparator,
    UrlComparator,
)
from entitymatch.errors import SettingsError

N, E, M, H, NORM, X = (
    Level.NULL,
    Level.ELSE,
    Level.MEDIUM,
    Level.HIGH,
    Level.NORMALISED,
    Level.EXACT,
)


def against(
    comparator: Comparator, left: Sequence[str | None], right: str | None
) -> FieldComparison:
    """Compare every value of `left` with the single value `right`."""
    prepared_left = comparator.prepare(left)
    prepared_right = comparator.prepare([right])
    index = np.arange(len(left), dtype=np.int64)
    return comparator.compare(
        prepared_left, prepared_right, index, np.zeros(len(left), dtype=np.int64)
    )


def levels(comparison: FieldComparison) -> list[Level]:
    return [Level(int(level)) for level in comparison.levels]


def test_dates() -> None:
    left = [
        "2023-04-01",  # exact
        "2023年4月1日",  # same date
        "01/04/2023",  # same date, read day first
        "2023-01-04",  # day and month swapped
        "2023-04",  # the month of the other
        "2023-03-31",  # one day apart
        "2023-04-20",  # within 31 days
        "2023",  # same year
        "2023-11-30",  # same year, far apart
        "2022-12-31",  # another year
        "1990-04-01",
        None,
        "",
        "2023-02-30",  # invalid counts as missing
    ]
    result = against(DateComparator(), left, "2023-04-01")
    assert levels(result) == [X, NORM, NORM, H, H, H, M, M, M, E, E, N, N, N]


def test_dates_within_a_month_across_a_new_year() -> None:
    result = against(DateComparator(), ["2022-12-20", "2022-11-20"], "2023-01-05")
    assert levels(result) == [M, E]


def test_numbers() -> None:
    left = ["1000", "1,000", "1000.0", "1005", "1050", "1200", "一千", "x", None]
    result = against(NumberComparator(), left, "1000")
    assert levels(result) == [X, NORM, NORM, H, M, E, NORM, N, N]


def test_numbers_with_an_absolute_tolerance() -> None:
    result = against(NumberComparator(abs_tolerance=5, rel_tolerance=0), ["3", "10", "60"], "0")
    assert levels(result) == [H, M, E]


def test_amounts_in_different_currencies_say_nothing() -> None:
    comparator = NumberComparator(amounts=True)
    left = ["1.2亿元", "120,000,000", "US$120 million", "1.21亿", "人民币1.2亿元"]
    result = against(comparator, left, "人民币1.2亿元")
    assert levels(result) == [NORM, NORM, N, H, X]


def test_negative_tolerance_is_refused() -> None:
    with pytest.raises(ValueError):
        NumberComparator(rel_tolerance=-1)


def test_phones() -> None:
    left = [
        "010-62751234",  # exact
        "+86 10 6275 1234",  # same E.164
        "010-62751234转8001",  # same line, an extension
        "6275 1234",  # no area code: cannot be read, last eight digits agree
        "+852 6275 1234",  # another country, same national number
        "010-62751235",  # one digit off
        "13812345678",
        "123",  # too short to say anything
        None,
    ]
    result = against(PhoneComparator(), left, "010-62751234")
    assert levels(result) == [X, NORM, H, H, H, E, E, N, N]
    sim = result.similarity
    assert sim[5] > sim[6]  # seven of eight digits agree, against fewer


def test_phone_extensions() -> None:
    result = against(
        PhoneComparator(), ["010-62751234-8001", "010 6275 1234 ext 8001"], "010-62751234转8001"
    )
    assert levels(result) == [NORM, NORM]


def test_emails() -> None:
    left = [
        "zhang.san@example.com",
        "Zhang.San@EXAMPLE.com",
        "张三 <zhang.san@example.com>",
        "zhang.san@163.com",  # same mailbox name, another domain
        "zhang.sam@example.com",  # one typo, same domain
        "zhangsan@example.com",  # one character dropped
        "zhang.san@exampel.com",  # another domain, other mailbox: typo in the domain only
        "li.si@example.com",
        "zhang.san",
        None,
    ]
    result = against(EmailComparator(), left, "zhang.san@example.com")
    assert levels(result) == [X, NORM, NORM, H, H, H, H, E, N, N]


def test_urls() -> None:
    left = [
        "https://www.example.com",
        "www.example.com",
        "HTTPS://WWW.EXAMPLE.COM/",
        "http://example.com/about",
        "https://example.org",
        "not a url",
        None,
    ]
    result = against(UrlComparator(), left, "https://www.example.com")
    assert levels(result) == [X, NORM, NORM, H, E, N, N]


def test_identifiers() -> None:
    left = [
        "91110000600037341L",
        "9111 0000 6000 3734 1l",
        "91110000600037341M",  # one character changed
        "9111000060003734L",  # one dropped
        "91110000600073341L",  # two neighbours swapped
        "91110000600037341LX",  # one added
        "91110000600073314L",  # two changes
        "",
        None,
    ]
    result = against(IdentifierComparator(), left, "91110000600037341L")
    assert levels(result) == [X, NORM, H, H, H, H, E, N, N]


def test_short_codes_have_no_typo_level() -> None:
    result = against(IdentifierComparator(), ["AB1234", "AB1235", "AB12345X"], "AB1234X")
    assert levels(result) == [E, E, E]


def test_resident_ids_of_both_generations_are_equal() -> None:
    comparator = IdentifierComparator("resident_id")
    left = ["110105491231002", "11010519491231002X", "11010519491231003X"]
    result = against(comparator, left, "11010519491231002x")
    assert levels(result) == [NORM, NORM, H]
    generic = against(IdentifierComparator(), left[:1], "11010519491231002x")
    assert levels(generic) == [E]


def test_identifier_scheme_must_be_a_known_kind() -> None:
    with pytest.raises(SettingsError):
        IdentifierComparator("colour")


def test_exact() -> None:
    left = ["Acme Ltd", "ACME ltd", "Ａｃｍｅ  Ltd", "Acme Limited", " ", None]
    result = against(ExactComparator(), left, "Acme Ltd")
    assert levels(result) == [X, NORM, NORM, E, N, N]


ALL: list[Comparator] = [
    DateComparator(),
    NumberComparator(),
    NumberComparator(amounts=True),
    PhoneComparator(),
    EmailComparator(),
    UrlComparator(),
    IdentifierComparator(),
    IdentifierComparator("uscc"),
    ExactComparator(),
]


@pytest.mark.parametrize("comparator", ALL, ids=lambda c: c.describe().split(":")[0])
def test_describe_names_every_level(comparator: Comparator) -> None:
    text = comparator.describe()
    assert text.startswith(comparator.kind)
    for level in (Level.NULL, Level.EXACT, Level.NORMALISED, Level.ELSE):
        assert level.label in text


@pytest.mark.parametrize("comparator", ALL, ids=lambda c: c.describe().split(":")[0])
def test_repeated_rows_and_a_column_against_itself(comparator: Comparator) -> None:
    values = ["2023-04-01", None, "13812345678", "zs@example.com", "www.example.com", "1.2亿元"]
    prepared = comparator.prepare(values)
    left = np.array([0, 0, 0, 1, 5, 5, 2], dtype=np.int64)
    right = np.array([0, 0, 1, 1, 5, 0, 2], dtype=np.int64)
    result = comparator.compare(prepared, prepared, left, right)
    assert len(result) == 7
    assert result.levels.dtype == np.int8 and result.similarity.dtype == np.float64
    assert result.levels[0] == result.levels[1]
    assert result.levels[2] == result.levels[3] == Level.NULL
    assert result.levels[4] in (Level.NULL, Level.EXACT)  # a value against itself
    assert result.similarity[2] == 0.0


@pytest.mark.parametrize("comparator", ALL, ids=lambda c: c.describe().split(":")[0])
def test_empty_index_arrays(comparator: Comparator) -> None:
    prepared = comparator.prepare(["x"])
    empty = np.array([], dtype=np.int64)
    assert len(comparator.compare(prepared, prepared, empty, empty)) == 0


COLUMNS: dict[str, list[str | None]] = {
    "date": ["2023-04-01", "2023-01-04", "2023-04", "2023", "2023-04-02", "2022-05-01", None],
    "number": ["100", "101", "105", "150", "1,000", "x", None],
    "phone": ["010-62751234", "6275 1234", "+86 10 6275 1235", "13812345678", "12", None],
    "email": ["zs@a.com", "ZS@A.com", "zs@b.com", "zt@a.com", "x@y.com", "bad", None],
    "url": ["www.a.com", "https://a.com/x", "a.com", "b.com", "nope", None],
    "identifier": ["91110000600037341L", "91110000600037341M", "9111000060003734", "AB", None],
    "exact": ["Acme", "ACME", "Other", "", None],
}
COMPARATORS: dict[str, Any] = {
    "date": DateComparator(),
    "number": NumberComparator(),
    "phone": PhoneComparator(),
    "email": EmailComparator(),
    "url": UrlComparator(),
    "identifier": IdentifierComparator(),
    "exact": ExactComparator(),
}


@settings(max_examples=60)
@given(st.sampled_from(sorted(COLUMNS)), st.data())
def test_similarity_follows_levels(kind: str, data: st.DataObject) -> None:
    """Similarity is in [0, 1], 0 for null, 1 for equal, and never lower on a higher level;
    comparing (a, b) gives the same as comparing (b, a)."""
    values = COLUMNS[kind]
    comparator = COMPARATORS[kind]
    prepared = comparator.prepare(values)
    pairs = st.lists(st.integers(0, len(values) - 1), min_size=1, max_size=40)
    left = np.array(data.draw(pairs), dtype=np.int64)
    right = np.array(
        data.draw(
            st.lists(st.integers(0, len(values) - 1), min_size=len(left), max_size=len(left))
        ),
        dtype=np.int64,
    )
    result = comparator.compare(prepared, prepared, left, right)
    swapped = comparator.compare(prepared, prepared, right, left)
    assert np.array_equal(result.levels, swapped.levels)
    assert np.allclose(result.similarity, swapped.similarity)
    sim, lev = result.similarity, result.levels
    assert ((sim >= 0) & (sim <= 1)).all()
    assert (sim[lev == Level.NULL] == 0).all()
    assert (sim[lev >= Level.NORMALISED] == 1).all()
    for low in range(-1, 4):
        higher = sim[lev > low]
        if higher.size and (lev == low).any():
            assert sim[lev == low].max() <= higher.min()


def test_a_large_batch_is_vectorised() -> None:
    """Two hundred thousand pairs over a few thousand distinct values, in one call."""
    rng = np.random.default_rng(7)
    years = rng.integers(1950, 2010, 3000)
    values = [
        f"{y}-{m:02d}-{d:02d}"
        for y, m, d in zip(years, rng.integers(1, 13, 3000), rng.integers(1, 29, 3000), strict=True)
    ]
    comparator = DateComparator()
    prepared = comparator.prepare(values)
    left = rng.integers(0, 3000, 200_000)
    right = rng.integers(0, 3000, 200_000)
    result = comparator.compare(prepared, prepared, left, right)
    assert len(result) == 200_000
    assert (result.levels[left == right] == Level.EXACT).all()


_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
codes = st.text(alphabet=_CODE_CHARS + "ÄÖ中国", min_size=6, max_size=30)


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, str]:
    """A code and a copy with up to two random edits (change, add, drop, swap neighbours)."""
    code = draw(codes)
    other = code
    for _ in range(draw(st.integers(0, 2))):
        position = draw(st.integers(0, len(other) - 1))
        char = draw(st.sampled_from(_CODE_CHARS))
        operation = draw(st.sampled_from(["change", "add", "drop", "swap"]))
        if operation == "change":
            other = other[:position] + char + other[position + 1 :]
        elif operation == "add":
            other = other[:position] + char + other[position:]
        elif operation == "drop" and len(other) > 1:
            other = other[:position] + other[position + 1 :]
        elif operation == "swap" and position + 1 < len(other):
            other = other[:position] + other[position + 1] + other[position] + other[position + 2 :]
    return code, other


@settings(max_examples=300)
@given(st.lists(edited(), min_size=1, max_size=20))
def test_identifier_typo_level_matches_rapidfuzz(pairs: list[tuple[str, str]]) -> None:
    """A pair of codes of 8+ characters is HIGH exactly when their OSA distance is 1."""
    from rapidfuzz.distance import OSA

    comparator = IdentifierComparator()
    left = comparator.prepare([a for a, _ in pairs])
    right = comparator.prepare([b for _, b in pairs])
    index = np.arange(len(pairs), dtype=np.int64)
    result = comparator.compare(left, right, index, index)
    for (a, b), level in zip(pairs, result.levels, strict=True):
        typo = min(len(a), len(b)) >= 8 and OSA.distance(a, b) == 1
        assert (level == Level.HIGH) == typo, (a, b, level)

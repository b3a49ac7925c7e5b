"""TextComparator levels and the field-kind registry."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from entitymatch.compare.levels import Level
from entitymatch.compare.registry import KINDS, make_comparator
from entitymatch.compare.text import TextComparator


def levels_of(
    comparator: TextComparator, pairs: list[tuple[str | None, str | None]]
) -> list[Level]:
    left = comparator.prepare([a for a, _ in pairs])
    right = comparator.prepare([b for _, b in pairs])
    index = np.arange(len(pairs), dtype=np.int64)
    return [Level(v) for v in comparator.compare(left, right, index, index).levels]


def test_levels_from_exact_to_null() -> None:
    comparator = TextComparator("jaro_winkler", (0.92, 0.8))

    got = levels_of(
        comparator,
        [
            ("Martha", "Martha"),
            ("Martha", "ＭＡＲＴＨＡ "),
            ("martha", "marhta"),
            ("dwayne", "duane"),
            ("martha", "zoe"),
            ("martha", None),
            ("", "martha"),
        ],
    )

    assert got == [
        Level.EXACT,
        Level.NORMALISED,
        Level.HIGH,
        Level.MEDIUM,
        Level.ELSE,
        Level.NULL,
        Level.NULL,
    ]


def test_edit_distance_thresholds_count_edits() -> None:
    comparator = TextComparator("damerau_levenshtein", (1, 2))

    got = levels_of(comparator, [("1234567", "1243567"), ("1234567", "1299567"), ("12", "98765")])

    assert got == [Level.HIGH, Level.MEDIUM, Level.ELSE]


def test_similarity_is_one_for_equal_and_zero_for_null() -> None:
    comparator = TextComparator("ratio")
    column = comparator.prepare(["abc", "ABC", None])
    result = comparator.compare(column, column, np.array([0, 0]), np.array([1, 2]))

    assert result.similarity.tolist() == [1.0, 0.0]


_TEXT = st.sampled_from(["smith", "Smith", "smyth", "jones", "王伟", "", None, "a b", "b a"])


@given(
    values=st.lists(_TEXT, min_size=1, max_size=12),
    pairs=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=20),
    method=st.sampled_from(["jaro_winkler", "token_set_ratio", "levenshtein"]),
)
def test_one_column_and_two_columns_agree(
    values: list[str | None], pairs: list[tuple[int, int]], method: str
) -> None:
    """Comparing a column with itself gives the same result as comparing two copies of it."""
    comparator = TextComparator(method)
    n = len(values)
    left = np.array([a % n for a, _ in pairs], dtype=np.int64)
    right = np.array([b % n for _, b in pairs], dtype=np.int64)
    same = comparator.prepare(values)

    one = comparator.compare(same, same, left, right)
    two = comparator.compare(comparator.prepare(values), comparator.prepare(values), left, right)

    assert one.levels.tolist() == two.levels.tolist()
    np.testing.assert_allclose(one.similarity, two.similarity)


def test_bad_method_or_thresholds_are_refused() -> None:
    with pytest.raises(ValueError, match="method"):
        TextComparator("cosine")
    with pytest.raises(ValueError):
        TextComparator("ratio", (0.5, 0.9))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_builds_a_working_comparator(kind: str) -> None:
    comparator = make_comparator(kind)
    column = comparator.prepare(["a1", "a1", None])

    result = comparator.compare(column, column, np.array([0, 0]), np.array([1, 2]))

    assert result.levels[1] == Level.NULL
    assert comparator.describe()

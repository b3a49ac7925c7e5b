"""Every kind: dispatch, whole columns, idempotence, and no exception on any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entitymatch.errors import SettingsError
from entitymatch.values import KINDS, Standardised, standardise, standardise_column

SAMPLES = {
    "date": ["2023年4月1日", "01/04/2023", "Apr 2023", "二〇二三年", "2023-02-30", "1985"],
    "phone": ["+86 138 1234 5678", "010-62751234转8001", "+852 2345 6789", "62751234"],
    "uscc": ["9111 0000 6000 3734 1L", "110108000000016", "91110000600037341M"],
    "resident_id": ["11010519491231002x", "110105491231002", "110105194912310021"],
    "identifier": ["ab-123.45/6", "ＡＢ１２３", "ß-straße"],
    "amount": ["1.2亿元", "US$12 million", "人民币壹仟贰佰万元整", "(1,234)", "万元"],
    "number": ["1,234.5", "一万五", "1e3", "x"],
    "email": ["张三 <Zhang.San@Example.COM>", "zs@xn--fiqs8s.cn", "zs@@x.com"],
    "url": ["www。Example.com/", "HTTP://xn--fiqs8s.cn:80/a?b=%2f", "https://"],
}


def test_samples_cover_every_kind() -> None:
    assert set(SAMPLES) == set(KINDS)


@pytest.mark.parametrize(("kind", "text"), [(k, t) for k, ts in SAMPLES.items() for t in ts])
def test_standardising_twice_changes_nothing(kind: str, text: str) -> None:
    first = standardise(kind, text)
    if first.value is not None:
        assert standardise(kind, first.value).value == first.value


def test_unknown_kind_names_the_known_ones() -> None:
    with pytest.raises(SettingsError, match="expected one of: date, phone"):
        standardise("colour", "red")


def test_column_works_once_per_distinct_value() -> None:
    column = ["2023-04-01", None, "2023-04-01", "", float("nan"), "bad"]
    results = standardise_column("date", column)  # type: ignore[arg-type]
    assert [r.value for r in results] == ["2023-04-01", None, "2023-04-01", None, None, None]
    assert results[0] is results[2]
    assert results[1].is_empty and results[3].is_empty and results[4].is_empty
    assert results[5].error is not None


def test_results_are_immutable() -> None:
    result = standardise("date", "2023-04-01")
    with pytest.raises(TypeError):
        result.parts["year"] = 1999  # type: ignore[index]
    with pytest.raises(AttributeError):
        result.value = "x"  # type: ignore[misc]


kinds = st.sampled_from(KINDS)
# Text made mostly of the characters values are written in, so the properties reach deep.
value_like = st.lists(
    st.sampled_from(
        [
            *"0123456789０１２３+-/.,:;@()（） xXlLmM年月日号万亿元美$¥#转〇一二十百千点",
            *["https://", "www.", ".com", "mailto:", "US$", "ext", "Apr", "2023", "+86", "\u3000"],
        ]
    ),
    max_size=20,
).map("".join)
anything = st.one_of(st.text(max_size=60), value_like)


@settings(max_examples=300)
@given(kinds, anything)
def test_nothing_raises_and_results_are_consistent(kind: str, text: str) -> None:
    """Any text standardises without raising, to a value xor a reason (or neither when empty)."""
    result = standardise(kind, text)
    assert isinstance(result, Standardised)
    assert result.original == text
    assert not (result.value is not None and result.error is not None)
    if result.is_empty:
        assert not text.strip() or result.error is None


@settings(max_examples=300)
@given(kinds, anything)
def test_standardising_is_idempotent(kind: str, text: str) -> None:
    """The standard form of a standard form is itself."""
    first = standardise(kind, text)
    if first.value is not None:
        second = standardise(kind, first.value)
        assert second.value == first.value, (text, first.value, second.error)


@pytest.mark.parametrize("kind", KINDS)
def test_very_long_text_is_refused(kind: str) -> None:
    result = standardise(kind, "1" * 1_000_000)
    assert result.value is None
    assert result.error is not None and "too long" in result.error


def test_results_survive_pickling() -> None:
    """Results cross process boundaries (multiprocessing) unchanged."""
    import pickle

    result = standardise("resident_id", "110105491231002")
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result and copy.parts["form"] == "15-digit"

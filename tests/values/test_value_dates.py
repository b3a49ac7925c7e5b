"""Dates: the forms Chinese and English exports use, partial dates, ambiguity, impossible dates."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entitymatch.values import standardise_date

DAY_FORMS = [
    "2023-04-01",
    "2023/4/1",
    "2023.04.01",
    "20230401",
    "2023年4月1日",
    "2023年04月01号",
    "2023 年 4 月 1 日",
    "二〇二三年四月一日",
    "二零二三年四月一日",
    "二○二三年四月一日",
    "民國112年4月1日",
    "１ April 2023",
    "1 April 2023",
    "1st April, 2023",
    "01-Apr-2023",
    "April 1, 2023",
    "Apr. 1st 2023",
    "Saturday, 1 April 2023",
    "2023-04-01 00:00:00",
    "2023-04-01T08:30:00+08:00",
    "２０２３－０４－０１",
    "13/04/2023",
]


@pytest.mark.parametrize("text", DAY_FORMS)
def test_full_dates_in_many_forms(text: str) -> None:
    result = standardise_date(text)
    expected = "2023-04-13" if text.startswith("13/") else "2023-04-01"
    assert result.value == expected, result.error
    assert result.parts["precision"] == "day"
    assert result.parts["ambiguous"] is False


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("2023.04", "2023-04", "month"),
        ("2023/4", "2023-04", "month"),
        ("202304", "2023-04", "month"),
        ("04/2023", "2023-04", "month"),
        ("2023年4月", "2023-04", "month"),
        ("二〇二三年四月", "2023-04", "month"),
        ("二〇二三年十二月", "2023-12", "month"),
        ("Apr 2023", "2023-04", "month"),
        ("April, 2023", "2023-04", "month"),
        ("2023 April", "2023-04", "month"),
        ("2023年", "2023", "year"),
        ("2023", "2023", "year"),
        ("一九八五年", "1985", "year"),
    ],
)
def test_partial_dates_stay_partial(text: str, value: str, precision: str) -> None:
    result = standardise_date(text)
    assert result.value == value
    assert result.parts["precision"] == precision
    assert result.parts["day"] is None


def test_hanzi_tens_and_days() -> None:
    assert standardise_date("二〇二三年十二月二十三日").value == "2023-12-23"
    assert standardise_date("一九九九年十月三十一日").value == "1999-10-31"
    assert standardise_date("二〇〇八年八月廿八日").value == "2008-08-28"


def test_ambiguous_day_and_month_read_day_first_and_say_so() -> None:
    result = standardise_date("01/04/2023")
    assert result.value == "2023-04-01"
    assert result.parts["ambiguous"] is True
    assert result.parts["alternative"] == "2023-01-04"
    assert standardise_date("01/04/2023", day_first=False).value == "2023-01-04"


def test_a_number_above_twelve_decides_the_reading() -> None:
    assert standardise_date("04/13/2023").value == "2023-04-13"
    assert standardise_date("13/04/2023", day_first=False).value == "2023-04-13"
    assert standardise_date("04/04/2023").parts["ambiguous"] is False


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2023-02-30", "day 30 is out of range"),
        ("Feb 30, 2023", "day 30 is out of range"),
        ("2023-02-29", "2023-02 has 28 days"),
        ("2023-13-01", "month 13 is out of range"),
        ("2023年13月", "month 13 is out of range"),
        ("1700-01-01", "year 1700 is outside"),
        ("2101", "year 2101 is outside"),
        ("31/31/2023", "neither 31 nor 31 can be a month"),
        ("01/04/23", "two-digit year"),
        ("4月1日", "without a year"),
        ("Smarch 2023", "not a month name"),
        ("123", "3 digits are not a date"),
        ("yesterday", "not a date"),
    ],
)
def test_invalid_dates_say_why(text: str, reason: str) -> None:
    result = standardise_date(text)
    assert result.value is None
    assert not result.is_valid and not result.is_empty
    assert result.error is not None and reason in result.error


def test_leap_day_is_valid_in_a_leap_year() -> None:
    assert standardise_date("2024-02-29").value == "2024-02-29"
    assert standardise_date("1900-02-29").error is not None  # 1900 was not a leap year


@pytest.mark.parametrize("text", ["", "   ", "\u3000", "\u200b"])
def test_empty_is_empty_not_invalid(text: str) -> None:
    result = standardise_date(text)
    assert result.is_empty and result.error is None


dates = st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2100, 12, 31))


@given(dates, st.sampled_from(["day", "month", "year"]))
def test_iso_values_round_trip(date: datetime.date, precision: str) -> None:
    """Standardising an ISO date of any precision gives it back unchanged."""
    iso = {"day": date.isoformat(), "month": date.isoformat()[:7], "year": date.isoformat()[:4]}
    assert standardise_date(iso[precision]).value == iso[precision]


_HANZI_DIGITS = "〇一二三四五六七八九"


def _hanzi_small(number: int) -> str:
    tens, units = divmod(number, 10)
    return (
        ("" if tens <= 1 else _HANZI_DIGITS[tens])
        + ("十" if tens else "")
        + (_HANZI_DIGITS[units] if units else "")
    )


@given(dates)
def test_every_rendering_reads_back_to_the_same_date(date: datetime.date) -> None:
    """A date written in any supported form reads back to its ISO date."""
    hanzi_year = "".join(_HANZI_DIGITS[int(d)] for d in str(date.year))
    renderings = [
        f"{date.year}/{date.month}/{date.day}",
        f"{date.year}.{date.month:02d}.{date.day:02d}",
        date.strftime("%Y%m%d"),
        f"{date.year}年{date.month}月{date.day}日",
        f"{hanzi_year}年{_hanzi_small(date.month)}月{_hanzi_small(date.day)}日",
        f"{date.day} {date.strftime('%B')} {date.year}",
        f"{date.strftime('%B')} {date.day}, {date.year}",
        f"{date.day:02d}-{date.strftime('%b')}-{date.year}",
    ]
    for text in renderings:
        assert standardise_date(text).value == date.isoformat(), text


@given(dates)
def test_slashed_dates_are_ambiguous_exactly_when_both_readings_exist(date: datetime.date) -> None:
    """D/M/YYYY is flagged ambiguous exactly when day and month differ and both are ≤ 12."""
    result = standardise_date(f"{date.day}/{date.month}/{date.year}")
    assert result.value == date.isoformat()
    assert result.parts["ambiguous"] == (date.day <= 12 and date.day != date.month)

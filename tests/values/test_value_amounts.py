"""Amounts and numbers in Chinese and Arabic numerals, with scales and currencies."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entitymatch.values import standardise_amount, standardise_number


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("1.2亿元", "120000000", "CNY"),
        ("5000万美元", "50000000", "USD"),
        ("2.3亿美元", "230000000", "USD"),
        ("3,500万", "35000000", None),
        ("３，５００万", "35000000", None),
        ("人民币5亿元", "500000000", "CNY"),
        ("人民币 5 亿元", "500000000", "CNY"),
        ("十二亿元", "1200000000", "CNY"),
        ("US$12 million", "12000000", "USD"),
        ("HK$3.5bn", "3500000000", "HKD"),
        ("¥100万", "1000000", "CNY"),
        ("￥100万", "1000000", "CNY"),
        ("1.5万亿元", "1500000000000", "CNY"),
        ("1亿2000万元", "120000000", "CNY"),
        ("人民币壹仟贰佰万元整", "12000000", "CNY"),
        ("两百万港币", "2000000", "HKD"),
        ("一点五亿日元", "150000000", "JPY"),
        ("EUR 5m", "5000000", "EUR"),
        ("12 million euros", "12000000", "EUR"),
        ("RMB 100 million", "100000000", "CNY"),
        ("USD 3.5 billion", "3500000000", "USD"),
        ("5 million US dollars", "5000000", "USD"),
        ("1.2亿人民币", "120000000", "CNY"),
        ("NT$300億", "30000000000", "TWD"),
        ("£1,250.50", "1250.5", "GBP"),
        ("12.50元", "12.5", "CNY"),
        ("-5000万元", "-50000000", "CNY"),
        ("(1,234)", "-1234", None),
        ("0", "0", None),
    ],
)
def test_amounts(text: str, value: str, currency: str | None) -> None:
    result = standardise_amount(text)
    assert result.value == value, result.error
    assert result.parts["currency"] == currency
    assert result.parts["amount"] == float(value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("万元", "no number before it"),
        ("元", "no number"),
        ("abc", "cannot read 'a'"),
        ("1,2", "cannot read ','"),
        ("1亿元2000万", "currency stands inside the number"),
        ("US$5 HK$6", "inside the number"),
        ("5 USD EUR", "two currencies"),
        ("1e99", "too large"),
        ("1 2", None),  # spaces fold away: this reads 12, which is fine
    ],
)
def test_unreadable_amounts_say_why(text: str, reason: str | None) -> None:
    result = standardise_amount(text)
    if reason is None:
        assert result.is_valid
        return
    assert result.value is None
    assert result.error is not None and reason in result.error


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.5", "1234.5"),
        ("１，２３４．５", "1234.5"),
        ("-42", "-42"),
        ("+7", "7"),
        ("1e3", "1000"),
        ("0.50", "0.5"),
        ("一千二百", "1200"),
        ("一万五", "15000"),
        ("二十三", "23"),
        ("一百零五", "105"),
        ("3.5万", "35000"),
        ("2 million", "2000000"),
    ],
)
def test_numbers(text: str, value: str) -> None:
    result = standardise_number(text)
    assert result.value == value, result.error
    assert result.parts["number"] == float(value)


def test_a_number_with_a_currency_is_an_amount() -> None:
    result = standardise_number("US$5")
    assert result.value is None and "amount" in (result.error or "")


@given(st.decimals(min_value=-(10**15), max_value=10**15, places=2, allow_nan=False))
def test_plain_decimals_read_exactly(number: Decimal) -> None:
    """A decimal written plainly or with thousands separators reads back to the same number."""
    assert Decimal(standardise_number(str(number)).value or "nan") == number
    assert Decimal(standardise_number(f"{number:,}").value or "nan") == number


_HANZI = "零一二三四五六七八九"


def _hanzi(number: int) -> str:
    """Write 0 < number < 10^12 in hanzi the way a cheque does (一亿零二百万零三十)."""

    def section(n: int) -> str:
        out, zero = "", False
        for unit, char in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit, n = divmod(n, unit)
            if digit:
                out += ("零" if zero else "") + _HANZI[digit] + char
                zero = False
            elif out:
                zero = True
        return out

    parts: list[str] = []
    for big, char in ((10**8, "亿"), (10**4, "万"), (1, "")):
        value, number = divmod(number, big)
        if value:
            text = section(value)
            if parts and value < 1000:
                text = "零" + text
            parts.append(text + char)
    return "".join(parts)


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_hanzi_numerals_read_back(number: int) -> None:
    """An integer written in hanzi numerals reads back to itself."""
    assert standardise_number(_hanzi(number)).value == str(number), _hanzi(number)

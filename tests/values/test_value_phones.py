"""Telephone numbers: mainland, Hong Kong and Taiwan forms to E.164, and what cannot be read."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entitymatch.values import standardise_phone


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "0086 13812345678",
        "8613812345678",
        "86 138 1234 5678",
        "１３８１２３４５６７８",
        "（+86）138 1234 5678",
    ],
)
def test_mainland_mobile(text: str) -> None:
    result = standardise_phone(text)
    assert result.value == "+8613812345678", result.error
    assert result.parts["region"] == "CN"
    assert result.parts["number_type"] == "mobile"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("010-62751234", "+861062751234"),
        ("(010) 6275 1234", "+861062751234"),
        ("（０１０）６２７５１２３４", "+861062751234"),
        ("+86 10 6275 1234", "+861062751234"),
        ("+86 (0)10 6275 1234", "+861062751234"),
        ("0755-8888 8888", "+8675588888888"),
        ("021 6123 4567", "+862161234567"),
    ],
)
def test_mainland_landline(text: str, value: str) -> None:
    result = standardise_phone(text)
    assert result.value == value, result.error
    assert result.parts["number_type"] == "fixed_line"


@pytest.mark.parametrize(
    ("text", "extension"),
    [
        ("010-62751234 ext. 8001", "8001"),
        ("010-62751234转8001", "8001"),
        ("010-62751234 分机 8001", "8001"),
        ("010-62751234-8001", "8001"),
        ("+861062751234;ext=8001", "8001"),
    ],
)
def test_extensions(text: str, extension: str) -> None:
    result = standardise_phone(text)
    assert result.value == f"+861062751234;ext={extension}", result.error
    assert result.parts["extension"] == extension


@pytest.mark.parametrize(
    ("text", "value", "region"),
    [
        ("+852 2345 6789", "+85223456789", "HK"),
        ("00852 9123 4567", "+85291234567", "HK"),
        ("852 9123 4567", "+85291234567", "HK"),
        ("+886 2 2345 6789", "+886223456789", "TW"),
        ("+886 912 345 678", "+886912345678", "TW"),
        ("+853 2882 1234", "+85328821234", "MO"),
        ("+1 650 253 0000", "+16502530000", "US"),
    ],
)
def test_other_regions_with_their_country_code(text: str, value: str, region: str) -> None:
    result = standardise_phone(text)
    assert result.value == value, result.error
    assert result.parts["region"] == region


def test_default_region_reads_local_numbers() -> None:
    assert standardise_phone("9123 4567", default_region="HK").value == "+85291234567"
    assert standardise_phone("(02) 2345-6789", default_region="TW").value == "+886223456789"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("6275 1234", "without its area code"),
        ("9123 4567", "not a valid CN number"),
        ("138 1234 567", "not a valid CN number"),
        # Laid out as mainland mobiles: not read as +1 601 859 7951 or +1 441 748 1470.
        ("16018597951", "not a valid CN number"),
        ("144 1748 1470", "not a valid CN number"),
        # Eight digits are a local number without its area code, not Iran's +98 819 437.
        ("9881 9437", "not a valid CN number"),
        ("138 1234 5678 / 139 1234 5678", "holds 2 phone numbers"),
        ("13812345678、13912345678", "holds 2 phone numbers"),
        ("无", "too few digits"),
        ("12", "too few digits"),
        ("+999 1234 5678", "country code"),
    ],
)
def test_invalid_numbers_say_why(text: str, reason: str) -> None:
    result = standardise_phone(text)
    assert result.value is None
    assert result.error is not None and reason in result.error


mobiles = st.builds(
    lambda prefix, rest: prefix + "".join(rest),
    st.sampled_from(["138", "139", "150", "186", "177", "199"]),
    st.lists(st.sampled_from("0123456789"), min_size=8, max_size=8),
)
layouts = st.sampled_from(
    ["{n}", "+86 {n}", "0086-{n}", "86{n}", "{a} {b} {c}", "{a}-{b}-{c}", "+86 ({a}) {b}{c}"]
)


@given(mobiles, layouts)
def test_any_layout_of_a_mobile_number_reads_the_same(number: str, layout: str) -> None:
    """However a mainland mobile number is laid out, it reads to +86 and its eleven digits."""
    text = layout.format(n=number, a=number[:3], b=number[3:7], c=number[7:])
    result = standardise_phone(text)
    assert result.value == "+86" + number, (text, result.error)
    full_width = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert standardise_phone(full_width).value == result.value


any_mobile_like = st.builds(
    lambda prefix, rest: prefix + "".join(rest),
    st.sampled_from([f"1{d}{e}" for d in "0123456789" for e in "0123456789"]),
    st.lists(st.sampled_from("0123456789"), min_size=8, max_size=8),
)


@given(any_mobile_like, layouts)
def test_mobile_numbers_read_as_the_library_reads_them(number: str, layout: str) -> None:
    """Plain mobile numbers are read by the library's own CN mobile pattern, without parsing
    them: the answer is the library's reading as a mainland number, for numbers it accepts
    and numbers it refuses."""
    import phonenumbers

    text = layout.format(n=number, a=number[:3], b=number[3:7], c=number[7:])
    parsed = phonenumbers.parse("+86" + number)
    result = standardise_phone(text)
    if phonenumbers.is_valid_number(parsed):
        assert result.value == phonenumbers.format_number(
            parsed, phonenumbers.PhoneNumberFormat.E164
        )
        kind = phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE
        assert (result.parts["number_type"] == "mobile") == kind
    else:  # refused, not guessed into another country (12012000000 is no +1 201 200 0000)
        assert result.value is None
        assert result.error is not None and "not a valid CN number" in result.error

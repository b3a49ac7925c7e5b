"""USCC, old registration numbers, resident identity numbers and generic codes."""

from __future__ import annotations

import datetime

import pytest
import stdnum.cn.ric
import stdnum.cn.uscc
from hypothesis import given
from hypothesis import strategies as st

from entitymatch.values import (
    resident_id_check_digit,
    standardise_identifier,
    standardise_resident_id,
    standardise_uscc,
    uscc_check_character,
)
from entitymatch.values.identifiers import USCC_ALPHABET

# --- unified social credit codes ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "91110000600037341L",
        "9111 0000 6000 3734 1L",
        "91110000-600037341-l",
        "９１１１００００６０００３７３４１Ｌ",
        " 91110000600037341L\u200b",
    ],
)
def test_uscc_layouts(text: str) -> None:
    result = standardise_uscc(text)
    assert result.value == "91110000600037341L", result.error
    assert result.parts["form"] == "uscc"
    assert result.parts["region_code"] == "110000"
    assert result.parts["organisation_code"] == "600037341"
    assert result.parts["authority"] == "9"


def test_uscc_with_a_letter_authority_code() -> None:
    """GB 32100 gives letters to some registration authorities (N: agriculture, Y: other)."""
    body = "N2110108MA0000001"
    code = body + uscc_check_character(body)
    result = standardise_uscc(code)
    assert result.value == code and result.parts["authority"] == "N"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("91110000600037341M", "check character is M but should be L"),
        ("91110000600037341", "17 characters"),
        ("9111000060003734IL", "'I' at position 17"),
        ("9111000O600037341L", "'O' at position 8"),
        ("911A0000600037341L", "characters 3 to 8 must be digits"),
        ("统一社会信用代码", "8 characters"),
    ],
)
def test_invalid_uscc_says_why(text: str, reason: str) -> None:
    result = standardise_uscc(text)
    assert result.value is None
    assert result.error is not None and reason in result.error


def test_old_registration_number() -> None:
    result = standardise_uscc("110108 00000001 6")
    assert result.value == "110108000000016"
    assert result.parts == {"form": "registration_number", "region_code": "110108"}
    assert "check digit is 7 but should be 6" in (standardise_uscc("110108000000017").error or "")


uscc_bodies = st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17).filter(
    lambda body: body[2:8].isdigit()
)


@given(uscc_bodies)
def test_uscc_check_character_validates_and_catches_every_single_change(body: str) -> None:
    """A body with its computed check character is valid; changing any one character is not."""
    code = body + uscc_check_character(body)
    assert standardise_uscc(code).value == code
    for position in range(18):
        for char in USCC_ALPHABET:
            if char != code[position]:
                changed = code[:position] + char + code[position + 1 :]
                assert not standardise_uscc(changed).is_valid, changed


@given(st.text(alphabet="0123456789", min_size=8, max_size=8), uscc_bodies)
def test_uscc_check_character_agrees_with_python_stdnum(digits: str, body: str) -> None:
    """Where stdnum accepts a code (digits first), its check character equals ours."""
    body = digits + body[8:]
    assert uscc_check_character(body) == stdnum.cn.uscc.calc_check_digit(body)


@given(st.text(alphabet="0123456789", min_size=14, max_size=14))
def test_registration_number_catches_every_single_digit_change(body: str) -> None:
    """An ISO 7064 MOD 11,10 number is valid and no single-digit change of it is."""
    valid = next(body + d for d in "0123456789" if standardise_uscc(body + d).is_valid)
    for position in range(15):
        for digit in "0123456789":
            if digit != valid[position]:
                changed = valid[:position] + digit + valid[position + 1 :]
                assert not standardise_uscc(changed).is_valid


def test_uscc_check_character_refuses_a_bad_body() -> None:
    with pytest.raises(ValueError, match="17 characters"):
        uscc_check_character("9111000060003734")
    with pytest.raises(ValueError):
        uscc_check_character("9111000060003734I")


# --- resident identity numbers --------------------------------------------------------------


def test_the_standard_example() -> None:
    """GB 11643-1999 gives 11010519491231002X as its example."""
    result = standardise_resident_id("11010519491231002x")
    assert result.value == "11010519491231002X"
    assert result.parts["birth_date"] == "1949-12-31"
    assert result.parts["sex"] == "female"
    assert result.parts["region_code"] == "110105"
    assert result.parts["province"] == "北京市"
    assert result.parts["form"] == "18-digit"


def test_first_generation_number_is_converted() -> None:
    result = standardise_resident_id("110105 491231 002")
    assert result.value == "11010519491231002X"
    assert result.parts["form"] == "15-digit"
    assert standardise_resident_id("440301850612351").parts["sex"] == "male"


def test_county_codes_missing_from_stdnum_are_accepted() -> None:
    """469027 (a county of Hainan) is refused by stdnum's cn.ric; its check digit is all we need."""
    body = "46902719900307123"
    code = body + resident_id_check_digit(body)
    assert standardise_resident_id(code).value == code
    assert not stdnum.cn.ric.is_valid(code)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("110105194912310021", "check digit is 1 but should be X"),
        ("000000194912310021", "names no province"),
        ("110105194902300021", "birth day 30 is out of range"),
        ("110105194913010021", "birth month 13"),
        ("110105179901010021", "before 1800"),
        ("110105299901010021", "in the future"),
        ("11010519491231002", "17 characters"),
        ("1101051949123100X2", "only digits"),
        ("11010549123100", "14 characters"),
    ],
)
def test_invalid_resident_ids_say_why(text: str, reason: str) -> None:
    result = standardise_resident_id(text)
    assert result.value is None
    assert result.error is not None and reason in result.error


provinces = st.sampled_from(["11", "31", "44", "46", "50", "65", "81", "83"])
births = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2020, 12, 31))
sequences = st.integers(min_value=0, max_value=999)


def _body(province: str, county: int, birth: datetime.date, sequence: int) -> str:
    return f"{province}{county:04d}{birth:%Y%m%d}{sequence:03d}"


@given(provinces, st.integers(0, 9999), births, sequences)
def test_resident_id_check_digit_validates_and_catches_every_single_change(
    province: str, county: int, birth: datetime.date, sequence: int
) -> None:
    """A body with its computed check digit is valid; changing any one character is not."""
    body = _body(province, county, birth, sequence)
    code = body + resident_id_check_digit(body)
    result = standardise_resident_id(code)
    assert result.value == code
    assert result.parts["birth_date"] == birth.isoformat()
    assert result.parts["sex"] == ("male" if sequence % 2 else "female")
    for position in range(18):
        for char in "0123456789X":
            if char != code[position]:
                changed = code[:position] + char + code[position + 1 :]
                assert not standardise_resident_id(changed).is_valid, changed


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_resident_id_check_digit_agrees_with_python_stdnum(body: str) -> None:
    """Our check digit equals stdnum.cn.ric's, which computes it another way (base 13)."""
    assert resident_id_check_digit(body) == stdnum.cn.ric.calc_check_digit(body + "0")


@given(provinces, st.integers(0, 9999), births, sequences)
def test_first_generation_numbers_convert_to_valid_18_digit_ones(
    province: str, county: int, birth: datetime.date, sequence: int
) -> None:
    """A 15-digit number of someone born in the 1900s converts to the 18-digit number."""
    birth = birth.replace(year=1900 + birth.year % 100) if birth.year >= 2000 else birth
    if birth.month == 2 and birth.day == 29:
        return
    old = f"{province}{county:04d}{birth:%y%m%d}{sequence:03d}"
    result = standardise_resident_id(old)
    assert result.is_valid, result.error
    assert result.value is not None and result.value[:17] == _body(
        province, county, birth, sequence
    )
    assert standardise_resident_id(result.value).value == result.value


def test_resident_id_check_digit_refuses_a_bad_body() -> None:
    with pytest.raises(ValueError):
        resident_id_check_digit("1101051949123100")
    with pytest.raises(ValueError):
        resident_id_check_digit("1101051949123100X")


# --- generic codes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ab-123.45/6", "AB123456"),
        ("ＡＢ１２３", "AB123"),
        (" HK 0700 ", "HK0700"),
        ("US0378331005", "US0378331005"),
    ],
)
def test_generic_identifier(text: str, value: str) -> None:
    assert standardise_identifier(text).value == value


def test_generic_identifier_with_nothing_left_is_empty() -> None:
    assert standardise_identifier(" - / ").is_empty

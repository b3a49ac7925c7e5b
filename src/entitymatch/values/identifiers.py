"""Chinese registration and identity numbers, checked by their check characters, and any code.

- Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-letter
  alphabet, check character by weights 3^i mod 31. Our own code: python-stdnum's `cn.uscc`
  refuses letters in the first two positions, which the standard gives to registration
  authorities such as N (农业, rural collective organisations) and Y (other).
- Old business registration number (注册号, GS15-2006): 15 digits whose last is an ISO 7064
  MOD 11,10 check digit (GB/T 17710); the check is python-stdnum's `iso7064.mod_11_10`.
- Resident identity number (居民身份证号, GB 11643-1999): 18 digits, the last an ISO 7064
  MOD 11-2 check (X for ten), computed with python-stdnum's `iso7064.mod_11_2`. Validation is
  ours: stdnum's `cn.ric` refuses numbers whose county code is missing from its table (469027,
  a county of Hainan, for one), and does not read the 15-digit first-generation numbers, which
  we convert to 18 digits (19yy birth year and a computed check digit).
"""

from __future__ import annotations

import calendar
import datetime
import unicodedata
from functools import cache

from stdnum.iso7064 import mod_11_2, mod_11_10

from entitymatch.text import clean_text
from entitymatch.values._data import read_table
from entitymatch.values.result import Standardised, empty, invalid, valid

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_MAX_LENGTH = 200  # longer text is no code; refused before any work
_MIN_BIRTH_YEAR = 1800
_FIRST_GENERATION_CENTURY = "19"  # 15-digit cards were issued 1984-2004 to people born 19yy


def _compact(text: str) -> str:
    """Upper-case letters and digits only: spaces, dashes and punctuation are layout, not code."""
    folded = unicodedata.normalize("NFKC", clean_text(text).upper())
    return "".join(c for c in folded if c.isalnum())


def standardise_identifier(text: str) -> Standardised:
    """Any code or number, for exact comparison: upper-case, without spaces and punctuation.

    Nothing is invalid here (the code's own scheme is unknown); empty when no letter or digit is
    left.
    """
    if not text:
        return empty(text)
    if len(text) > _MAX_LENGTH:
        return invalid(text, "too long to be an identifier")
    code = _compact(text)
    return valid(text, code, length=len(code)) if code else empty(text)


def uscc_check_character(body17: str) -> str:
    """The 18th character of a unified social credit code whose first 17 are `body17`.

    Raises ValueError unless `body17` is 17 characters of the code's alphabet.
    """
    body = body17.upper()
    if len(body) != 17 or any(c not in USCC_ALPHABET for c in body):
        raise ValueError(f"a USCC body is 17 characters of {USCC_ALPHABET}, not {body17!r}")
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[-total % 31]


def standardise_uscc(text: str) -> Standardised:
    """Read a unified social credit code, or an old 15-digit business registration number.

    `parts` holds form ('uscc' or 'registration_number') and region_code; for a USCC also
    authority (registration authority, 9 for market regulation), entity_type and
    organisation_code (the 9-character organisation code inside it). Never raises.
    """
    if not text:
        return empty(text)
    if len(text) > _MAX_LENGTH:
        return invalid(text, "too long to be a unified social credit code")
    code = _compact(text)
    if not code:
        return empty(text)
    if len(code) == 15 and code.isascii() and code.isdigit():
        expected = mod_11_10.calc_check_digit(code[:14])
        if code[14] != expected:
            return invalid(text, f"check digit is {code[14]} but should be {expected}")
        return valid(text, code, form="registration_number", region_code=code[:6])
    if len(code) != 18:
        return invalid(
            text,
            f"{len(code)} characters: a unified social credit code has 18 "
            "(an old registration number 15 digits)",
        )
    for position, char in enumerate(code, start=1):
        if char not in USCC_ALPHABET:
            return invalid(
                text, f"{char!r} at position {position} is not used in these codes (no I O S V Z)"
            )
    if not code[2:8].isdigit():
        return invalid(text, "characters 3 to 8 must be digits (the region code)")
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        return invalid(text, f"check character is {code[17]} but should be {expected}")
    return valid(
        text,
        code,
        form="uscc",
        authority=code[0],
        entity_type=code[1],
        region_code=code[2:8],
        organisation_code=code[8:17],
    )


def resident_id_check_digit(body17: str) -> str:
    """The 18th character ('0'-'9' or 'X') of a resident identity number with body `body17`.

    Raises ValueError unless `body17` is 17 ASCII digits.
    """
    if len(body17) != 17 or not (body17.isascii() and body17.isdigit()):
        raise ValueError(f"a resident identity number body is 17 digits, not {body17!r}")
    return str(mod_11_2.calc_check_digit(body17))


@cache
def _provinces() -> dict[str, str]:
    return {code: name for code, name in read_table("provinces.tsv")}


def standardise_resident_id(text: str) -> Standardised:
    """Read a resident identity number to its 18-digit form (15-digit ones are converted).

    `parts` holds birth_date (ISO), sex ('male' for an odd 17th digit, 'female' for even),
    region_code (6 digits), province and form ('18-digit' or '15-digit', as written). Never
    raises.
    """
    if not text:
        return empty(text)
    if len(text) > _MAX_LENGTH:
        return invalid(text, "too long to be a resident identity number")
    code = _compact(text)
    if not code:
        return empty(text)
    form = f"{len(code)}-digit"
    if len(code) == 15 and code.isascii() and code.isdigit():
        body = code[:6] + _FIRST_GENERATION_CENTURY + code[6:]
        code = body + resident_id_check_digit(body)
    elif len(code) == 18:
        body = code[:17]
        if not (body.isascii() and body.isdigit()) or code[17] not in "0123456789X":
            return invalid(text, "only digits are allowed, and X as the last character")
    else:
        return invalid(
            text, f"{len(code)} characters: a resident identity number has 18 digits (or 15)"
        )
    province = _provinces().get(code[:2])
    if province is None:
        return invalid(text, f"region code {code[:6]} names no province")
    problem = _birth_date_problem(code[6:14])
    if problem:
        return invalid(text, problem)
    expected = resident_id_check_digit(code[:17])
    if code[17] != expected:
        return invalid(text, f"check digit is {code[17]} but should be {expected}")
    return valid(
        text,
        code,
        birth_date=f"{code[6:10]}-{code[10:12]}-{code[12:14]}",
        sex="male" if int(code[16]) % 2 else "female",
        region_code=code[:6],
        province=province,
        form=form,
    )


def _birth_date_problem(yyyymmdd: str) -> str | None:
    year, month, day = int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:])
    if not 1 <= month <= 12:
        return f"birth month {month} is out of range"
    if not 1 <= day <= calendar.monthrange(year or 1, month)[1]:
        return f"birth day {day} is out of range for {year:04d}-{month:02d}"
    if year < _MIN_BIRTH_YEAR:
        return f"birth year {year} is before {_MIN_BIRTH_YEAR}"
    if datetime.date(year, month, day) > datetime.date.today():
        return f"birth date {year:04d}-{month:02d}-{day:02d} is in the future"
    return None

"""Chinese numerals (二〇二三, 二十三, 一亿二千万, 一万五, 壹佰), alone or mixed with Arabic digits.

One grammar serves dates and amounts: a number is read as sections separated by the big units
(万, 亿, and the English million and billion), each section a sum of digit × unit (十, 百, 千).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from entitymatch.values._data import read_table

# Arabic numbers with optional thousands separators, decimals and a short exponent; the
# exponent is capped at two digits so no input can ask for a number with a million digits.
ARABIC_RE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[+-]?\d{1,2}(?!\d))?|\.\d+")

DIGIT = "digit"  # one hanzi digit (〇-九): runs of them read digit by digit (二〇二三)
NUMBER = "number"  # an Arabic number, or a hanzi fraction after 点
UNIT = "unit"  # 十 百 千: multiplies the number before it within a section
BIG = "big"  # 万 亿 million: closes a section
TENS = "tens"  # 廿 卅: a whole number of tens
FRACTION = "fraction"  # the digits after 点, as a decimal fraction


@dataclass(frozen=True)
class Token:
    kind: str
    value: Decimal


@cache
def hanzi_table() -> dict[str, tuple[str, Decimal]]:
    """Each numeral character with its kind ('digit', 'unit', 'big', 'tens', 'point') and value."""
    return {char: (kind, Decimal(value)) for char, kind, value in read_table("hanzi_numerals.tsv")}


def hanzi_tokens(text: str, start: int) -> tuple[list[Token], int]:
    """Tokens for the run of hanzi numerals at `text[start:]`, and where the run ends.

    A decimal point (点) takes the hanzi digits after it as a fraction, so 一点五 reads 1.5.
    """
    table = hanzi_table()
    tokens: list[Token] = []
    i = start
    while i < len(text) and text[i] in table:
        kind, value = table[text[i]]
        if kind == "point":
            j = i + 1
            digits = ""
            while j < len(text) and table.get(text[j], ("", 0))[0] == DIGIT:
                digits += str(int(table[text[j]][1]))
                j += 1
            if not digits:
                break
            tokens.append(Token(FRACTION, Decimal("0." + digits)))
            i = j
            continue
        tokens.append(Token(kind, value))
        i += 1
    return tokens, i


def combine(tokens: list[Token]) -> Decimal | str:
    """The number the tokens spell, or the reason they spell none.

    Big units multiply everything before them when they are the largest so far (一万亿 = 10^12)
    and only their own section otherwise (一亿二千万 = 1.2 × 10^8). A single digit right after a
    unit counts a tenth of that unit, as speech abbreviates (一万五 = 15000, 三亿五 = 3.5 × 10^8).
    """
    if not tokens:
        return "no number"
    total = Decimal(0)
    section = Decimal(0)
    current: Decimal | None = None
    digit_run = 0  # hanzi digits read so far into `current`, for 二〇二三
    after_unit: Decimal | None = None  # the unit right before a lone digit, for 一万五
    last_unit: Decimal | None = None  # the unit of the previous token, if it was one
    largest = Decimal(0)
    for token in tokens:
        unit: Decimal | None = None
        if token.kind == DIGIT:
            if current is None:
                current, digit_run, after_unit = token.value, 1, last_unit
            elif digit_run:
                current, digit_run = current * 10 + token.value, digit_run + 1
            else:
                return "a hanzi digit follows another number"
        elif token.kind == NUMBER:
            if current is not None:
                return "two numbers in a row"
            current, digit_run = token.value, 0
        elif token.kind == FRACTION:
            if current is not None and not digit_run:
                return "a decimal part follows another decimal"
            current, digit_run = (current or Decimal(0)) + token.value, 0
        elif token.kind == TENS:
            if current is not None:
                return "a number stands before 廿 or 卅"
            section += token.value
            unit = Decimal(10)
        elif token.kind == UNIT:
            # A unit with no number before it counts one of itself (十二 = 12, 千万 = 10^7).
            section += (Decimal(1) if current is None else current) * token.value
            unit = token.value
        else:
            if current is None and not section and not total:
                return "a unit with no number before it"
            amount = section + (current or Decimal(0))
            if token.value > largest:
                total, largest = (total + amount) * token.value, token.value
            else:
                total += amount * token.value
            section = Decimal(0)
            unit = token.value
        if unit is not None:
            current, digit_run = None, 0
        last_unit = unit
    if current is not None:
        if digit_run == 1 and after_unit is not None and after_unit >= 100:
            current *= after_unit / 10
        total += current
    return total + section


def read_integer(text: str) -> int | None:
    """A whole number written in Arabic digits or hanzi numerals (二十三, 二〇二三), else None."""
    if not text:
        return None
    if text.isascii():
        return int(text) if text.isdigit() else None
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        if "0" <= text[i] <= "9":
            j = i
            while j < len(text) and "0" <= text[j] <= "9":
                j += 1
            tokens.append(Token(NUMBER, Decimal(text[i:j])))
            i = j
            continue
        run, end = hanzi_tokens(text, i)
        if end == i:
            return None
        tokens.extend(run)
        i = end
    value = combine(tokens)
    if isinstance(value, str) or value != value.to_integral_value():
        return None
    return int(value)

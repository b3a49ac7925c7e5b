"""Amounts of money and plain numbers, in Chinese and Arabic numerals: 1.2亿元, US$12 million.

The standard form is the number in units as a plain decimal string ('120000000'), computed with
`Decimal` so 1.2亿 is exactly 120000000 and not 119999999.99999999. Hanzi numerals are read by
our own grammar (`_numerals`), not cn2an, which is not a declared dependency and refuses the
mixed forms company records use (1亿2000万). Knowledge (units, scales, currencies) is in `data/`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from entitymatch.text import clean_text
from entitymatch.values._data import read_table
from entitymatch.values._numerals import ARABIC_RE, BIG, NUMBER, Token, combine, hanzi_tokens
from entitymatch.values.result import Standardised, empty, invalid, valid

_MAX_LENGTH = 100
_LIMIT = Decimal(10) ** 30  # larger than any amount on record; keeps the plain string short
SIGN = "sign"
_FILLERS = ("整", "正")  # 人民币壹万元整: "exactly", written on contracts so nothing can be added


@cache
def _words() -> tuple[re.Pattern[str], dict[str, str], dict[str, int]]:
    """One pattern for every currency and scale word (longest first), and their meanings."""
    currencies = {token.replace(" ", ""): code for token, code in read_table("currencies.tsv")}
    scales = {token: int(exponent) for token, exponent in read_table("scales.tsv")}
    words = sorted({*currencies, *scales, *_FILLERS}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))), currencies, scales


def standardise_amount(text: str) -> Standardised:
    """Read an amount to the number of units as a plain decimal string ('120000000' for 1.2亿元).

    `parts` holds amount (float) and currency (ISO 4217 code, None when unstated). Never raises.
    """
    read = _read(text)
    if isinstance(read, Standardised):
        return read
    number, currency = read
    return valid(text, _plain(number), amount=float(number), currency=currency)


def standardise_number(text: str) -> Standardised:
    """Read a number written with Arabic or hanzi numerals (1,234.5; 一千二百; 3.5万; 2 million).

    A currency makes it an amount, which this refuses (use `standardise_amount`). `parts` holds
    number (float). Never raises.
    """
    read = _read(text)
    if isinstance(read, Standardised):
        return read
    number, currency = read
    if currency is not None:
        return invalid(text, f"has a currency ({currency}): read it as an amount")
    return valid(text, _plain(number), number=float(number))


def _read(text: str) -> tuple[Decimal, str | None] | Standardised:
    """The number and currency `text` spells, or the Standardised result that says why not."""
    cleaned = clean_text(text or "")
    if not cleaned:
        return empty(text)
    if len(cleaned) > _MAX_LENGTH:
        return invalid(text, "too long to be a number")
    compact = re.sub(r"\s+", "", cleaned.casefold())
    negative = False
    if compact.startswith("(") and compact.endswith(")"):
        negative, compact = True, compact[1:-1]  # accounting style: (1,234) is a loss
    tokens, currencies = _tokens(compact)
    if isinstance(tokens, str):
        return invalid(text, tokens)
    if len(set(currencies)) > 1:
        return invalid(text, "names two currencies: " + " and ".join(sorted(set(currencies))))
    if tokens and tokens[0].kind == SIGN:
        negative ^= tokens[0].value < 0
        tokens = tokens[1:]
    number = combine(tokens)
    if isinstance(number, str):
        return invalid(text, number)
    if number >= _LIMIT:
        return invalid(text, "too large to be an amount")
    return (-number if negative else number), (currencies[0] if currencies else None)


def _tokens(text: str) -> tuple[list[Token] | str, list[str]]:
    """Number tokens and the currencies named, which may stand only before or after the number."""
    pattern, currencies, scales = _words()
    tokens: list[Token] = []
    named: list[tuple[str, int]] = []  # each currency with the count of number tokens before it
    i = 0
    while i < len(text):
        char = text[i]
        if char in "+-" and not tokens:
            tokens.append(Token(SIGN, Decimal(-1 if char == "-" else 1)))
            i += 1
        elif match := ARABIC_RE.match(text, i):
            tokens.append(Token(NUMBER, Decimal(match[0].replace(",", ""))))
            i = match.end()
        elif match := pattern.match(text, i):
            word = match[0]
            if word in currencies:
                named.append((currencies[word], _count(tokens)))
            elif word in scales:
                tokens.append(Token(BIG, Decimal(10) ** scales[word]))
            i = match.end()
        else:
            run, end = hanzi_tokens(text, i)
            if end == i:
                return f"cannot read {char!r} in a number", []
            tokens.extend(run)
            i = end
    if not _count(tokens):
        return "no number", []
    if any(0 < before < _count(tokens) for _, before in named):
        return "a currency stands inside the number", []
    return tokens, [code for code, _ in named]


def _count(tokens: list[Token]) -> int:
    return sum(token.kind != SIGN for token in tokens)


def _plain(number: Decimal) -> str:
    """'120000000', '12.5', '0': no exponent, no trailing zeros, no negative zero."""
    if number == 0:
        return "0"
    return format(number.normalize(), "f")

"""Dates as Chinese and English exports write them, to ISO 8601 that keeps their precision.

A date known only to the month stays 'YYYY-MM' and one known only to the year stays 'YYYY':
inventing a day would make two partial dates look more different (or more alike) than they are.

Day or month first: in D/M/YYYY and M/D/YYYY the number above 12 decides. When both are 12 or
less the reading is ambiguous; it is day first by default (as Hong Kong, British and most
international sources write; pass `day_first=False` for American sources), and the result says
`ambiguous=True` with the other reading in `alternative`, so comparisons can allow for the swap.
Two-digit years are refused rather than guessed.
"""

from __future__ import annotations

import calendar
import re
from functools import cache

from entitymatch.text import clean_text
from entitymatch.values._data import read_table
from entitymatch.values._numerals import hanzi_table, read_integer
from entitymatch.values.result import Standardised, empty, invalid, valid

MIN_YEAR = 1800
MAX_YEAR = 2100
_MAX_LENGTH = 100  # no date is longer; longer text is refused before any pattern runs
_ROC_OFFSET = 1911  # 民国 1 is 1912

# A time of day after the date, as spreadsheets and databases export it (2023-04-01 00:00:00).
_TIME_RE = re.compile(
    r"(?:[ t]|^)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?[ap]\.?m\.?)?(?:z|[+-]\d{2}:?\d{2})?$"
)
_YMD_RE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_YM_RE = re.compile(r"(\d{4})[-/.](\d{1,2})")
_MY_RE = re.compile(r"(\d{1,2})[-/.](\d{4})")
_DMY_RE = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
_SHORT_YEAR_RE = re.compile(r"\d{1,2}([-/.])\d{1,2}\1\d{2}")
_ORDINAL = r"(?:st|nd|rd|th)?"
_ENGLISH_RES = (
    # 1 April 2023, 1st April, 2023, 01-Apr-2023
    re.compile(rf"(?P<d>\d{{1,2}}){_ORDINAL}(?: of)?[ -](?P<m>[a-z]+)\.?,?[ -](?P<y>\d{{4}})"),
    # April 1, 2023, Apr. 1st 2023
    re.compile(rf"(?P<m>[a-z]+)\.? (?P<d>\d{{1,2}}){_ORDINAL},? (?P<y>\d{{4}})"),
    # 2023-Apr-01, 2023 April 1
    re.compile(rf"(?P<y>\d{{4}})[ -](?P<m>[a-z]+)\.?[ -](?P<d>\d{{1,2}}){_ORDINAL}"),
    # Apr 2023, April, 2023, Apr-2023
    re.compile(r"(?P<m>[a-z]+)\.?,?[ -](?P<y>\d{4})"),
    # 2023 April
    re.compile(r"(?P<y>\d{4})[ -](?P<m>[a-z]+)"),
)


@cache
def _hanzi_date_re() -> re.Pattern[str]:
    numeral = "[0-9" + re.escape("".join(hanzi_table())) + "]"
    return re.compile(
        rf"(?:公元)?(?P<roc>民国|民國)?(?P<y>{numeral}{{1,4}})年"
        rf"(?:(?P<m>{numeral}{{1,3}})月(?:(?P<d>{numeral}{{1,3}})[日号號])?)?"
    )


@cache
def _names() -> dict[str, tuple[str, int]]:
    return {name: (kind, int(number)) for name, kind, number in read_table("months.tsv")}


def standardise_date(text: str, *, day_first: bool = True) -> Standardised:
    """Read a date to 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'.

    `parts` holds year, month, day (None where absent), precision ('year', 'month' or 'day')
    and ambiguous (True when day and month could be swapped; `alternative` is then the other
    reading). Never raises: unreadable or impossible dates come back with the reason.
    """
    cleaned = clean_text(text or "")
    if not cleaned:
        return empty(text)
    if len(cleaned) > _MAX_LENGTH:
        return invalid(text, "too long to be a date")
    folded = _TIME_RE.sub("", cleaned.casefold()).strip(" ,")
    read = _read(folded, day_first)
    if isinstance(read, str):
        return invalid(text, read)
    year, month, day, alternative = read
    problem = _check(year, month, day)
    if problem:
        return invalid(text, problem)
    return valid(
        text,
        _iso(year, month, day),
        year=year,
        month=month,
        day=day,
        precision="year" if month is None else "month" if day is None else "day",
        ambiguous=alternative is not None,
        alternative=alternative,
    )


_Read = tuple[int, int | None, int | None, str | None]


def _read(text: str, day_first: bool) -> _Read | str:
    """Year, month, day and the other reading of an ambiguous date; or why it cannot be read."""
    compact = text.replace(" ", "")
    if compact.isdigit():
        return _read_digits(compact)
    if match := _YMD_RE.fullmatch(compact):
        return int(match[1]), int(match[3]), int(match[4]), None
    if match := _YM_RE.fullmatch(compact):
        return int(match[1]), int(match[2]), None, None
    if match := _MY_RE.fullmatch(compact):
        return int(match[2]), int(match[1]), None, None
    if match := _DMY_RE.fullmatch(compact):
        return _day_or_month_first(int(match[1]), int(match[3]), int(match[4]), day_first)
    if _SHORT_YEAR_RE.fullmatch(compact):
        return "a two-digit year is ambiguous"
    if match := _hanzi_date_re().fullmatch(compact):
        return _read_hanzi(match)
    if "年" not in compact and ("月" in compact or "日" in compact):
        return "a date without a year"
    text = re.sub(r"\s+", " ", text.replace(",", ", ")).replace(" ,", ",")
    words = text.split(" ", 1)
    if len(words) == 2 and _names().get(words[0].rstrip(".,"), ("", 0))[0] == "weekday":
        text = words[1]
    for pattern in _ENGLISH_RES:
        if match := pattern.fullmatch(text):
            return _read_english(match)
    return "not a date this reader knows"


def _read_digits(digits: str) -> _Read | str:
    if len(digits) == 8:
        return int(digits[:4]), int(digits[4:6]), int(digits[6:]), None
    if len(digits) == 6:
        return int(digits[:4]), int(digits[4:]), None, None
    if len(digits) == 4:
        return int(digits), None, None, None
    return f"{len(digits)} digits are not a date (expected YYYY, YYYYMM or YYYYMMDD)"


def _day_or_month_first(first: int, second: int, year: int, day_first: bool) -> _Read | str:
    if first > 12 and second > 12:
        return f"neither {first} nor {second} can be a month"
    if first > 12:
        return year, second, first, None
    if second > 12:
        return year, first, second, None
    if first == second:
        return year, first, first, None
    day, month = (first, second) if day_first else (second, first)
    return year, month, day, _iso(year, day, month)


def _read_hanzi(match: re.Match[str]) -> _Read | str:
    year = read_integer(match["y"])
    month = read_integer(match["m"]) if match["m"] else None
    day = read_integer(match["d"]) if match["d"] else None
    if year is None or (match["m"] and month is None) or (match["d"] and day is None):
        return "cannot read the numerals of this date"
    if match["roc"]:
        year += _ROC_OFFSET
    return year, month, day, None


def _read_english(match: re.Match[str]) -> _Read | str:
    name = match["m"]
    kind, month = _names().get(name, ("", 0))
    if kind != "month":
        return f"{name!r} is not a month name"
    day = int(match["d"]) if "d" in match.groupdict() else None
    return int(match["y"]), month, day, None


def _check(year: int, month: int | None, day: int | None) -> str | None:
    """Why the date cannot exist, or None when it can."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"year {year} is outside {MIN_YEAR}–{MAX_YEAR}"
    if month is None:
        return None
    if not 1 <= month <= 12:
        return f"month {month} is out of range"
    if day is None:
        return None
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"day {day} is out of range: {year}-{month:02d} has {days} days"
    return None


def _iso(year: int, month: int | None, day: int | None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"

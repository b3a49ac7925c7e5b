"""Person names: split surname from given name in hanzi or romanised input, in any order.

Hanzi names split on the surname table (compound surnames first). Romanised names are
tokenised (hyphens, apostrophes, initials, an upper-case surname, a comma after the surname),
English given names set aside (Jesse, David), and every plausible reading kept as a parse:
the surname first or last, each way to split an unspaced given name into syllables.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from entitymatch.names import tables
from entitymatch.names.normalized import PersonParse
from entitymatch.names.phonetics import (
    Unit,
    han_units,
    initial_unit,
    latin_surname_unit,
    latin_unit,
    segmentations,
    surname_unit,
)
from entitymatch.names.slots import direct_init

_MAX_PARSES = 8
_SEPARATOR_RE = re.compile(r"[\s,;/]+")
_PIECE_SEPARATOR_RE = re.compile(r"[-']")
_WORD_RE = re.compile(r"[a-zv]+(?:['-][a-zv]+)*")
_INITIALS_RE = re.compile(r"^(?:[a-z]\.?-?){1,3}$")

# How much less plausible a reading is: an unknown surname, the surname written last.
UNKNOWN_SURNAME = 0.7
SURNAME_LAST = 0.98
SECOND_SURNAME_SPLIT = 0.9


@direct_init
@dataclass(frozen=True, slots=True, eq=False)
class _Token:
    """A word of a romanised name with what parsing needs of it worked out once.

    Tokens are cached per written word (see `_word_tokens`): the same words come back in name
    after name, so their spelling key, English-name test and syllable readings are not redone.
    """

    text: str  # lower case, ü as v, apostrophes kept
    upper: bool  # written all in capitals (JIA Yangqing)
    initials: tuple[str, ...] = ()
    joined: str = ""  # the spelling key: no hyphens or apostrophes
    english: bool = False  # an English given name (David), set aside from the parses
    given: tuple[tuple[Unit, ...], ...] = ()  # ways to read it as (part of) a given name


def _token(text: str, upper: bool, initials: tuple[str, ...] = ()) -> _Token:
    joined = tables.spelling_key(text)
    english = is_english_given_name(text, initials)
    given = () if english else _given_candidates(text, joined, initials)
    return _Token(text, upper, initials, joined, english, given)


def parse_han(chars: str) -> tuple[PersonParse, ...]:
    """Readings of a hanzi name (simplified): compound surname first, then single.

    Priors are relative to the likeliest reading's, as in a normalised name.
    """
    if not chars:
        return ()
    readings: list[_Reading] = []
    known = tables.surnames()
    if len(chars) >= 3 and chars[:2] in known:
        readings.append((surname_unit(chars[:2]), _han_units(chars[2:]), False, 1.0))
    if len(chars) >= 2:
        prior = 1.0 if chars[0] in known else UNKNOWN_SURNAME
        if readings:
            prior *= SECOND_SURNAME_SPLIT
        readings.append((surname_unit(chars[0]), _han_units(chars[1:]), False, prior))
    else:
        readings.append((None, _han_units(chars), False, UNKNOWN_SURNAME))
    return _relative_parses(readings, ())


@functools.lru_cache(maxsize=1 << 16)
def _han_units(chars: str) -> tuple[Unit, ...]:
    """Units of a hanzi given name (cached: given names repeat, and parses share the tuple)."""
    return han_units(chars)


def latin_tokens(text: str) -> list[_Token]:
    """Tokens of a romanised name; `text` is cleaned and tone-free but keeps its case."""
    return [token for raw in _SEPARATOR_RE.split(text) if raw for token in _word_tokens(raw)]


@functools.lru_cache(maxsize=1 << 16)
def _word_tokens(raw: str) -> tuple[_Token, ...]:
    """Tokens of one written word ("Yang-Qing", "Y.", "Dr."): none for an honorific."""
    if raw.lower().rstrip(".") in tables.honorifics():
        return ()
    lower = raw.lower().replace("ü", "v").replace("u:", "v").replace("’", "'")
    if _INITIALS_RE.match(lower) and (
        len(lower.replace(".", "").replace("-", "")) == 1 or "." in lower
    ):
        letters = tuple(c for c in lower if c.isalpha())
        return (_token(lower, False, letters),)
    upper = raw.isupper() and len(raw) > 1
    return tuple(_token(word, upper) for word in _WORD_RE.findall(lower))


def _given_candidates(
    text: str, joined: str, initials: tuple[str, ...]
) -> tuple[tuple[Unit, ...], ...]:
    """Ways to read one given-name token as syllable units."""
    if initials:
        return (tuple(initial_unit(c) for c in initials),)
    pieces = [p for p in _PIECE_SEPARATOR_RE.split(text) if p]
    per_piece = []
    for piece in pieces:
        options = segmentations(piece) or ((piece,),)
        per_piece.append(options)
    combos = []
    for combo in itertools.islice(itertools.product(*per_piece), 4):
        combos.append(tuple(latin_unit(s) for part in combo for s in part))
    if "'" in text and len(pieces) == 1:
        combos.append((latin_unit(joined),))
    if "'" in text:
        # Wade-Giles writes aspiration with an apostrophe (ch'ing): read it as one word too.
        for option in segmentations(joined)[:2]:
            combos.append(tuple(latin_unit(s) for s in option))
    return tuple(combos)


def is_english_given_name(text: str, initials: tuple[str, ...] = ()) -> bool:
    """A word that cannot be read as romanised Chinese syllables: David, Jesse, Kevin."""
    if initials or "-" in text or "'" in text:
        return False
    return len(text) > 1 and not segmentations(text)


def parse_latin(text: str, has_comma: bool) -> tuple[tuple[PersonParse, ...], tuple[str, ...]]:
    """Readings of a romanised name, and the English given names found in it."""
    rest: list[_Token] = []
    english_words: list[str] = []
    for token in latin_tokens(text):
        if token.english:
            english_words.append(token.text)
        else:
            rest.append(token)
    english = tuple(english_words)
    words = [i for i, t in enumerate(rest) if not t.initials]
    if not words:
        return (), english
    spellings = tables.surnames_by_spelling()
    if has_comma:
        positions = [words[0]]
    else:
        upper = [i for i in words if rest[i].upper]
        ends = [words[0], words[-1]] if len(words) > 1 else words
        positions = upper if len(upper) == 1 and len(words) > 1 else ends
        # Where the first or last word is a known surname, the other is no surname reading
        # worth keeping (Jia Yangqing is never Mr or Ms Yangqing).
        known = [i for i in positions if rest[i].joined in spellings]
        positions = known or positions
    readings: list[_Reading] = []
    if len(words) == 1 and len(rest) == 1:
        readings.extend(_single_token_readings(rest[0]))
    for i in positions:
        token = rest[i]
        prior = 1.0 if token.joined in spellings else UNKNOWN_SURNAME
        surname_last = i == len(rest) - 1 and i != 0
        if surname_last:
            prior *= SURNAME_LAST
        surname = latin_surname_unit(token.joined)
        options = [t.given for j, t in enumerate(rest) if j != i]
        for combo in itertools.islice(itertools.product(*options), 4):
            # One given-name token (the usual case) lends its cached units without a copy.
            given = combo[0] if len(combo) == 1 else tuple(itertools.chain.from_iterable(combo))
            readings.append((surname, given, surname_last, prior))
    if len(readings) > 1:
        readings.sort(key=_less_plausible)
    return _relative_parses(readings[:_MAX_PARSES], english), english


# A reading before it becomes a PersonParse: surname, given name, surname last, prior.
_Reading = tuple[Unit | None, tuple[Unit, ...], bool, float]


def _relative_parses(readings: list[_Reading], english: tuple[str, ...]) -> tuple[PersonParse, ...]:
    """Parses with priors relative to the likeliest one's (the first: `readings` come sorted),
    made once rather than made and then rescaled."""
    top = readings[0][3] if readings else 1.0
    return tuple(
        [
            PersonParse(surname, given, english, last, prior if top == 1.0 else prior / top)
            for surname, given, last, prior in readings
        ]
    )


def _less_plausible(reading: _Reading) -> float:
    return -reading[3]


def _single_token_readings(token: _Token) -> list[_Reading]:
    """One unspaced word, "Jiayangqing" or "Yangqing": surname glued on, or no surname."""
    readings: list[_Reading] = []
    spellings = tables.surnames_by_spelling()
    for option in segmentations(token.joined):
        if len(option) >= 2 and option[0] in spellings:
            given = tuple(latin_unit(s) for s in option[1:])
            readings.append((latin_surname_unit(option[0]), given, False, 0.8))
        readings.append((None, tuple(latin_unit(s) for s in option), False, UNKNOWN_SURNAME))
    return readings

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
    han_unit,
    initial_unit,
    latin_surname_unit,
    latin_unit,
    segmentations,
    surname_unit,
)
from entitymatch.text import is_han

_MAX_PARSES = 8
_WORD_RE = re.compile(r"[a-zv]+(?:['-][a-zv]+)*")
_INITIALS_RE = re.compile(r"^(?:[a-z]\.?-?){1,3}$")

# How much less plausible a reading is: an unknown surname, the surname written last.
UNKNOWN_SURNAME = 0.7
SURNAME_LAST = 0.98
SECOND_SURNAME_SPLIT = 0.9


@dataclass(frozen=True, slots=True)
class _Token:
    text: str  # lower case, ü as v, apostrophes kept
    upper: bool  # written all in capitals (JIA Yangqing)
    initials: tuple[str, ...] = ()

    @property
    def joined(self) -> str:
        return tables.spelling_key(self.text)


def parse_han(chars: str) -> tuple[PersonParse, ...]:
    """Readings of a hanzi name (simplified): compound surname first, then single."""
    if not chars:
        return ()
    parses = []
    known = tables.surnames()
    if len(chars) >= 3 and chars[:2] in known:
        parses.append(PersonParse(surname_unit(chars[:2]), _han_units(chars[2:])))
    if len(chars) >= 2:
        prior = 1.0 if chars[0] in known else UNKNOWN_SURNAME
        if parses:
            prior *= SECOND_SURNAME_SPLIT
        parses.append(PersonParse(surname_unit(chars[0]), _han_units(chars[1:]), prior=prior))
    else:
        parses.append(PersonParse(None, _han_units(chars), prior=UNKNOWN_SURNAME))
    return tuple(parses)


def _han_units(chars: str) -> tuple[Unit, ...]:
    return tuple(han_unit(c) for c in chars if is_han(c))


def latin_tokens(text: str) -> list[_Token]:
    """Tokens of a romanised name; `text` is cleaned and tone-free but keeps its case."""
    tokens: list[_Token] = []
    honorifics = tables.honorifics()
    for raw in re.split(r"[\s,;/]+", text):
        if not raw or raw.lower().rstrip(".") in honorifics:
            continue
        lower = raw.lower().replace("ü", "v").replace("u:", "v").replace("’", "'")
        if _INITIALS_RE.match(lower) and (
            len(lower.replace(".", "").replace("-", "")) == 1 or "." in lower
        ):
            letters = tuple(c for c in lower if c.isalpha())
            tokens.append(_Token(lower, False, letters))
            continue
        for word in _WORD_RE.findall(lower):
            tokens.append(_Token(word, raw.isupper() and len(raw) > 1, ()))
    return tokens


@functools.lru_cache(maxsize=1 << 16)
def _given_candidates(token: _Token) -> tuple[tuple[Unit, ...], ...]:
    """Ways to read one given-name token as syllable units (cached: given names repeat)."""
    if token.initials:
        return (tuple(initial_unit(c) for c in token.initials),)
    pieces = [p for p in re.split(r"[-']", token.text) if p]
    per_piece = []
    for piece in pieces:
        options = segmentations(piece) or ((piece,),)
        per_piece.append(options)
    combos = []
    for combo in itertools.islice(itertools.product(*per_piece), 4):
        combos.append(tuple(latin_unit(s) for part in combo for s in part))
    if "'" in token.text and len(pieces) == 1:
        combos.append((latin_unit(token.joined),))
    if "'" in token.text:
        # Wade-Giles writes aspiration with an apostrophe (ch'ing): read it as one word too.
        for option in segmentations(token.joined)[:2]:
            combos.append(tuple(latin_unit(s) for s in option))
    return tuple(combos)


@functools.lru_cache(maxsize=1 << 16)
def is_english_given_name(token: _Token) -> bool:
    """A word that cannot be read as romanised Chinese syllables: David, Jesse, Kevin."""
    if token.initials or "-" in token.text or "'" in token.text:
        return False
    return len(token.text) > 1 and not segmentations(token.text)


def parse_latin(text: str, has_comma: bool) -> tuple[tuple[PersonParse, ...], tuple[str, ...]]:
    """Readings of a romanised name, and the English given names found in it."""
    tokens = latin_tokens(text)
    english_flags = [is_english_given_name(t) for t in tokens]
    english = tuple(t.text for t, flag in zip(tokens, english_flags, strict=True) if flag)
    rest = [t for t, flag in zip(tokens, english_flags, strict=True) if not flag]
    words = [i for i, t in enumerate(rest) if not t.initials]
    if not words:
        return (), english
    spellings = tables.surnames_by_spelling()
    if has_comma:
        positions = [words[0]]
    else:
        upper = [i for i in words if rest[i].upper]
        positions = upper if len(upper) == 1 and len(words) > 1 else sorted({words[0], words[-1]})
        # Where the first or last word is a known surname, the other is no surname reading
        # worth keeping (Jia Yangqing is never Mr or Ms Yangqing).
        known = [i for i in positions if rest[i].joined in spellings]
        positions = known or positions
    parses: list[PersonParse] = []
    if len(words) == 1 and len(rest) == 1:
        parses.extend(_single_token_parses(rest[0], english))
    for i in positions:
        token = rest[i]
        prior = 1.0 if token.joined in spellings else UNKNOWN_SURNAME
        surname_last = i == len(rest) - 1 and i != 0
        if surname_last:
            prior *= SURNAME_LAST
        given_tokens = [t for j, t in enumerate(rest) if j != i]
        options = [_given_candidates(t) for t in given_tokens]
        for combo in itertools.islice(itertools.product(*options), 4):
            given = tuple(u for part in combo for u in part)
            parses.append(
                PersonParse(latin_surname_unit(token.joined), given, english, surname_last, prior)
            )
    parses.sort(key=lambda p: -p.prior)
    return tuple(parses[:_MAX_PARSES]), english


def _single_token_parses(token: _Token, english: tuple[str, ...]) -> list[PersonParse]:
    """One unspaced word, "Jiayangqing" or "Yangqing": surname glued on, or no surname."""
    parses = []
    spellings = tables.surnames_by_spelling()
    for option in segmentations(token.joined):
        if len(option) >= 2 and option[0] in spellings:
            given = tuple(latin_unit(s) for s in option[1:])
            parses.append(PersonParse(latin_surname_unit(option[0]), given, english, prior=0.8))
        parses.append(
            PersonParse(None, tuple(latin_unit(s) for s in option), english, prior=UNKNOWN_SURNAME)
        )
    return parses

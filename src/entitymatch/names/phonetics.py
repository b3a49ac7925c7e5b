"""Phonetic units: one hanzi character or one romanised syllable, with the keys it can meet.

A unit carries weighted keys in a few namespaces, so that one intersection finds how two units
can sound alike whatever their scripts:

- ``h:张``  the character itself (hanzi only);
- ``p:zhang``  a Hanyu Pinyin reading: every reading of a character, ranked, or the pinyin
  syllables a Latin spelling can stand for (pinyin itself, Wade-Giles, ü spelt v/u/yu);
- ``c:cheung``  a Hong Kong Government Cantonese romanisation;
- ``s:张``  a surname: a hanzi surname, or every surname a romanised spelling can write
  (Cheung, Teo, Chang, Zhang → 张).

Units are cached by value: a name's normalisation is mostly dictionary look-ups.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from pypinyin import pinyin_dict

from entitymatch.names import tables
from entitymatch.text import han_only, is_han

# Weights say how sure a key is: the first reading of a character more than its others,
# a spelling in another system a little less than the same pinyin.
TOP_READING = 1.0
SECOND_READING = 0.93
OTHER_READING = 0.9
SURNAME_OTHER_READING = 0.85
CANTONESE = 0.96
WADE_GILES = 0.96
UMLAUT_VARIANT = 0.97
SURNAME_SPELLING = 0.97

_UMLAUT_SPELLINGS = {
    "lu": "lv",
    "nu": "nv",
    "lue": "lve",
    "nue": "nve",
    "lyu": "lv",
    "nyu": "nv",
    "lyue": "lve",
    "nyue": "nve",
    "lvu": "lv",
}


@dataclass(frozen=True, slots=True, eq=False)
class Unit:
    """A character or syllable with its keys. `uid` identifies it for caching and equality."""

    uid: str
    text: str
    primary: str  # the reading shown in explanations: top pinyin of a hanzi, or the syllable
    is_han: bool = False
    is_initial: bool = False
    keys: dict[str, float] = field(default_factory=dict)
    #: False for a romanised piece that is no known syllable (a typo, an English word).
    known: bool = True
    #: The keys as a set, and those of the character itself (h:): what screening unites over
    #: every unit of tens of thousands of names, built once per unit instead.
    key_set: frozenset[str] = field(init=False, repr=False)
    han_keys: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key_set", frozenset(self.keys))
        object.__setattr__(self, "han_keys", frozenset(k for k in self.keys if k[:2] == "h:"))

    def __hash__(self) -> int:
        return hash(self.uid)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unit) and other.uid == self.uid

    def __reduce__(
        self,
    ) -> tuple[type[Unit], tuple[str, str, str, bool, bool, dict[str, float], bool]]:
        # Pickled as its arguments (the key sets are rebuilt): names cross to worker processes.
        return (
            Unit,
            (
                self.uid,
                self.text,
                self.primary,
                self.is_han,
                self.is_initial,
                self.keys,
                self.known,
            ),
        )


def _toneless(reading: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", reading)
    kept = "".join(c for c in decomposed if c == "\u0308" or not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept).replace("ü", "v")


@functools.cache
def _s2t() -> object:
    import opencc

    return opencc.OpenCC("s2t")


def _to_traditional(char: str) -> str:
    converted: str = _s2t().convert(char)  # type: ignore[attr-defined]
    return converted


@functools.cache
def char_readings(char: str) -> tuple[str, ...]:
    """Toneless pinyin readings of a simplified character, the most used first."""
    ranked = tables.reading_ranks().get(char)
    if ranked:
        return ranked
    raw = pinyin_dict.pinyin_dict.get(ord(char))
    if not raw:
        # OpenCC folds some characters to rare simplified forms pypinyin lacks (蟜 → 𫊸):
        # read the traditional form instead.
        traditional = _to_traditional(char)
        return char_readings(traditional) if traditional != char else ()
    out: list[str] = []
    for reading in raw.split(","):
        toneless = _toneless(reading)
        if toneless not in out:
            out.append(toneless)
    return tuple(out)


@functools.cache
def han_unit(char: str) -> Unit:
    """A hanzi character in a given name or a company name."""
    keys: dict[str, float] = {f"h:{char}": 1.0}
    readings = char_readings(char)
    for rank, reading in enumerate(readings):
        weight = TOP_READING if rank == 0 else SECOND_READING if rank == 1 else OTHER_READING
        keys.setdefault(f"p:{reading}", weight)
    for roman in tables.cantonese_readings().get(char, ()):
        keys.setdefault(f"c:{roman}", CANTONESE)
    return Unit(f"H{char}", char, readings[0] if readings else char, is_han=True, keys=keys)


def han_units(text: str) -> tuple[Unit, ...]:
    """Units of the hanzi in `text`, in order (anything else is skipped)."""
    return tuple(map(han_unit, han_only(text)))


@functools.cache
def surname_unit(surname: str) -> Unit:
    """A hanzi surname (one or two characters) as one unit, read as a surname (单 → shan)."""
    readings = tables.surname_readings().get(surname, ())
    reading = readings[0] if readings else None
    keys: dict[str, float] = {f"s:{surname}": 1.0, f"h:{surname}": 1.0}
    for surname_reading in readings:
        keys.setdefault(f"p:{surname_reading.replace(' ', '')}", TOP_READING)
    if len(surname) == 1:
        for other in char_readings(surname):
            keys.setdefault(f"p:{other}", TOP_READING if not reading else SURNAME_OTHER_READING)
    for spelling in tables.surname_spellings().get(surname, ()):
        keys.setdefault(f"c:{tables.spelling_key(spelling)}", SURNAME_SPELLING)
    if len(surname) == 1:
        for roman in tables.cantonese_readings().get(surname, ()):
            keys.setdefault(f"c:{roman}", CANTONESE)
    primary = (
        reading.replace(" ", "")
        if reading
        else "".join((char_readings(c) or (c,))[0] for c in surname)
    )
    return Unit(f"S{surname}", surname, primary, is_han=True, keys=keys)


@functools.cache
def latin_unit(syllable: str) -> Unit:
    """A romanised syllable (lower case, ü as v) in a given name or a company name."""
    keys: dict[str, float] = {}
    syllables = tables.pinyin_syllables()
    if syllable in syllables:
        keys[f"p:{syllable}"] = TOP_READING
    umlaut = _UMLAUT_SPELLINGS.get(syllable)
    if umlaut:
        keys.setdefault(f"p:{umlaut}", UMLAUT_VARIANT)
    for pinyin in tables.wade_giles().get(syllable, ()):
        keys.setdefault(f"p:{pinyin}", WADE_GILES)
    keys.setdefault(f"c:{syllable}", CANTONESE)
    known = syllable in _inventory()
    return Unit(f"L{syllable}", syllable, syllable, keys=keys, known=known)


@functools.cache
def latin_surname_unit(token: str) -> Unit:
    """A romanised surname token ("cheung", "auyeung", "jia") as one unit."""
    base = latin_unit(token)
    keys = dict(base.keys)
    for surname in tables.surnames_by_spelling().get(token, ()):
        keys.setdefault(f"s:{surname}", SURNAME_SPELLING)
    # A compound or multi-syllable surname token ("ouyang", "szeto") reads as its syllables.
    for parts in segmentations(token):
        if len(parts) > 1:
            for combo in _joined_readings(parts):
                keys.setdefault(f"p:{combo}", WADE_GILES)
    return Unit(f"T{token}", token, token, keys=keys)


def _joined_readings(parts: tuple[str, ...]) -> list[str]:
    """The pinyin readings of a token's syllables joined, in a fixed order (not a set's, which
    would change with the hash seed and so the keys kept between runs)."""
    combos = [""]
    for part in parts:
        options = dict.fromkeys(k[2:] for k in latin_unit(part).keys if k.startswith("p:"))
        if not options:
            return []
        combos = list(dict.fromkeys(c + o for c in combos for o in options))
        if len(combos) > 16:
            break
    return combos


@functools.cache
def initial_unit(letter: str) -> Unit:
    """An initial standing for a given-name syllable (the Y of "Y. Jia")."""
    return Unit(f"I{letter}", letter, letter, is_initial=True)


@functools.cache
def _inventory() -> frozenset[str]:
    """Every syllable a romanised Chinese name may be made of, in any system we know."""
    cantonese = {r for readings in tables.cantonese_readings().values() for r in readings}
    return frozenset(
        tables.pinyin_syllables() | set(tables.wade_giles()) | cantonese | set(_UMLAUT_SPELLINGS)
    )


_MAX_SYLLABLE = 6
_MAX_SEGMENTATIONS = 4
_TAILS_LIMIT = 1 << 16
# Readings of a word's tail ("qing" in "yangqing"), which do not depend on what comes before:
# every token that ends the same way shares them. Emptied when full.
_tails: dict[str, Sequence[tuple[str, ...]]] = {}


@functools.lru_cache(maxsize=1 << 16)
def segmentations(token: str) -> tuple[tuple[str, ...], ...]:
    """Ways to read an unspaced romanised token as syllables, fewest syllables first.

    "yangqing" → (("yang", "qing"),); "xian" → (("xian",), ("xi", "an")). Empty when the
    token is not made of known syllables (an English name, a typo).
    """
    inventory = _inventory()
    voiced = _vowelled_inventory()
    n = len(token)
    # ways[i]: segmentations of token[i:], built from the end.
    ways: list[Sequence[tuple[str, ...]]] = [[] for _ in range(n + 1)]
    ways[n] = [()]
    for i in range(n - 1, -1, -1):
        tail = _tails.get(token[i:]) if i else None
        if tail is not None:
            ways[i] = tail
            continue
        found: list[tuple[str, ...]] = []
        for j in range(i + 1, min(n, i + _MAX_SYLLABLE) + 1):
            rests = ways[j]
            if not rests:
                continue
            piece = token[i:j]
            # Vowel-less syllables (Cantonese ng, m) stand only as a whole word: Ng, not ya-ng.
            if piece in voiced or (i == 0 and j == n and piece in inventory):
                found.extend([(piece, *rest) for rest in rests])
        if len(found) > 1:
            found.sort(key=len)
        ways[i] = found[: _MAX_SEGMENTATIONS * 2]
        if i:
            if len(_tails) >= _TAILS_LIMIT:
                _tails.clear()
            _tails[token[i:]] = tuple(ways[i])
    result = sorted(ways[0], key=lambda s: (len(s), _pinyin_misses(s)))
    if not result:
        return ()
    # A reading with two more syllables than the shortest is never the intended one.
    shortest = len(result[0])
    return tuple(r for r in result[:_MAX_SEGMENTATIONS] if len(r) <= shortest + 1)


@functools.cache
def _vowelled_inventory() -> frozenset[str]:
    """The syllables of `_inventory` that may stand inside a word: those with a vowel."""
    return frozenset(s for s in _inventory() if _has_vowel(s))


def _has_vowel(piece: str) -> bool:
    return any(c in "aeiouv" for c in piece)


def _pinyin_misses(parts: tuple[str, ...]) -> int:
    syllables = tables.pinyin_syllables()
    return sum(p not in syllables for p in parts)


def is_han_text(text: str) -> bool:
    return bool(text) and all(is_han(c) for c in text)

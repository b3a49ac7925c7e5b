"""Cheap proofs that two names score below MEDIUM, so the engine can skip comparing them.

Most pairs the engine sees are strangers: the million random pairs Fellegi-Sunter draws to
estimate u, and most pairs in a big block. The full comparison aligns every reading of two
names (tens of microseconds a pair); these screens reject the hopeless pairs first, all of
them over whole arrays of pairs:

1. **Sound keys**: every name gets a few groups of sound keys. A pair can only reach MEDIUM
   if, group by group, its two names share a key; sparse names-by-keys matrices test that.
   Two people's names in Latin letters, one with an English name or a word that is no
   syllable, may also meet by spelling (`_compare_person`'s token_sort_ratio path): that
   path is bounded by the letters the two share.
2. **Exact bound** (organisations, for the pairs stage 1 lets through or cannot judge): what
   each unit of a brand could score against any unit of the other bounds the brand's score,
   and so the name's. Romanised words that are no syllables (Fountain, Kingboard) meet by
   spelling too: two units' Levenshtein similarity is bounded by the letters they share, and
   two brands' Indel similarity by the longest common subsequence of all the words that may
   join them (rapidfuzz's `cpdist`, in C over the whole array of pairs).

The bounds follow the scoring formulas in `entitymatch.compare.names`:

- a person scores `SURNAME_SHARE * surname + (1 - SURNAME_SHARE) * given`, at most 1 each,
  times priors of at most 1. Below MEDIUM (0.7) unless both the surnames and the given names
  meet (0.35 + 0.65 * 0 < 0.7 and 0.35 * 0 + 0.65 < 0.7); a reading without a surname never
  reaches it;
- an organisation scores `(agreed + 2 * BRAND_WEIGHT * brand) / denominator`, where the
  denominator holds `2 * BRAND_WEIGHT` and `agreed` is at most the weight of the non-brand
  terms of both names; against a name without a brand, `agreed / (agreed + BRAND_WEIGHT)`.

A person's given name with initials or misspelt syllables only needs the surnames to meet. A
name whose comparison escapes these formulas (an initial or a misspelt surname, foreign
names, bracketed alternatives, an alias; two organisations without a brand)
gets no signature, or no bound for that pair, and is compared in full.
`tests/compare/test_name_comparator.py` checks that screening never changes a level.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import LCSseq
from scipy import sparse

from entitymatch.compare.names import (
    BRAND_WEIGHT,
    LATIN_BRAND_TYPO,
    LATIN_TYPO,
    MEDIUM_THRESHOLDS,
    SPELLING_FALLBACK,
    STRING_FALLBACK,
    has_unknown_words,
    term_units,
)
from entitymatch.names.normalized import NormalizedName
from entitymatch.names.phonetics import Unit
from entitymatch.names.slots import direct_init

# Columns of the key matrices: more than the keys any table of names has.
_VOCABULARY_LIMIT = 1 << 30
_SCREEN_BATCH = 1 << 19  # pairs per sparse product: bounded temporaries on big batches
# Stands for "no given name", so that two names without one still meet in that group.
_NO_GIVEN = "given:none"
_NO_GIVEN_ONLY = frozenset({_NO_GIVEN})
_NOTHING: frozenset[str] = frozenset()

# Letters counted for the spelling bound: a-z, and one bin for everything else (which can only
# overstate what two readings share, so the bound stays a bound).
_LETTER_BINS = 27

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@direct_init
@dataclass(frozen=True, slots=True)
class Signature:
    """The sounds through which a name can reach MEDIUM against another.

    `groups`: a pair stays below MEDIUM unless each group meets the other name's group; an
    open group (`open_groups`) meets every other, as its units may meet by their letters,
    except a closed one (`closed_groups`: a person without a given name in any reading,
    whose empty given name no letters can meet).
    Organisations also keep, for the exact bound, the units that may join the brand: `units`
    against a name with a region, `all_units` (with the region's own units) against a name
    without one; `brand_units` (the fewest units the brand has; none when `brandless`, which
    only stage 2 may judge), `term_weight` (all non-brand terms) and their keys (`term_keys`:
    words agree only through a shared key). A brand with romanised words that are no
    syllables (`spelt`: Fountain, Kingboard) may also meet another by spelling, unit by unit
    or as a whole: for that bound it keeps the readings of every unit that may join the
    brand, in the name's order (`spelling`), the length of the brand's own reading
    (`reading`), and whether the brand has hanzi (`han_brand`: a reading against a spelling
    earns less than two spellings).
    """

    groups: tuple[frozenset[str], ...]
    open_groups: tuple[bool, ...] = ()
    closed_groups: tuple[bool, ...] = ()
    units: tuple[Unit, ...] = ()
    all_units: tuple[Unit, ...] = ()
    has_region: bool = False
    brand_units: int = 0
    brandless: bool = False
    term_weight: float = 0.0
    term_keys: frozenset[str] = frozenset()
    spelt: bool = False
    han_brand: bool = False
    spelling: str = ""
    reading: int = 0


def signature(name: NormalizedName) -> Signature | None:
    """The name's signature, or None where no bound applies and it must be compared in full."""
    if name.is_empty or name.foreign or name.alternatives:
        return None
    if name.kind == "org":
        return None if name.english_names else _org_signature(name)
    return _person_signature(name)


def _screenable(units: list[Unit], spelling: bool = False) -> bool:
    """Whether every unit meets others through its keys alone (or, with `spelling`, also by
    a spelling the bound can follow)."""
    if not units or any(u.is_initial for u in units):
        return False
    return spelling or all(u.known for u in units)


def _person_signature(name: NormalizedName) -> Signature | None:
    # A reading without a surname scores at most 1 - SURNAME_SHARE (< MEDIUM) against any
    # other; an English name set aside only lowers a score. Neither needs a key.
    parses = [p for p in name.parses if p.surname is not None]
    if not parses:
        return None  # no keys to meet by, yet equal to a name with the same key (王, Wang)
    surnames = [p.surname for p in parses if p.surname is not None]
    if not _screenable(surnames):
        return None  # an initial or a misspelt surname meets others by its letters
    surname = _union([unit.key_set for unit in surnames])
    # Without meeting surnames a pair scores at most 1 - SURNAME_SHARE, whatever the given
    # names: a given name with initials or misspelt syllables (matched by letters, not keys)
    # leaves its group open. A reading without a given name meets only another without one
    # (the 0.6 of "a surname alone"), so each reading adds its given keys or _NO_GIVEN.
    given_units = [u for p in parses for u in p.given]
    no_given = _NO_GIVEN_ONLY if not all(p.given for p in parses) else _NOTHING
    given = _union([u.key_set for u in given_units]) | no_given
    # One pass over the given units (a signature per distinct name, a million of them):
    open_given = False  # a unit that meets others by its letters (an initial, a misspelling)
    all_han = True
    for unit in given_units:
        open_given = open_given or unit.is_initial or not unit.known
        all_han = all_han and unit.is_han
    # Against no given name at all, an open given name aligns nothing and its letters share
    # nothing: the pair meets only through a reading of its own without one (_NO_GIVEN).
    closed_given = given == _NO_GIVEN_ONLY
    # Two different hanzi score at most HOMOPHONE (0.3) as units, so two names in hanzi
    # reach MEDIUM only with a given character in common (or both without a given name).
    han_given = _union([u.han_keys for u in given_units]) | no_given if all_han else _NOTHING
    # Two readings without a given name but with different English names set aside score at
    # most 0.9 of "a surname alone": below MEDIUM. Only names whose every reading is such
    # keep their English names as keys; the rest meet every name in that group.
    english_only = all(not p.given and p.english for p in parses)
    english = frozenset(f"en:{e}" for p in parses for e in p.english)
    return Signature(
        (surname, given, han_given, english),
        (False, open_given, not all_han, not english_only),
        (False, closed_given, False, False),
    )


def _union(sets: list[frozenset[str]]) -> frozenset[str]:
    """The union of some sets; a lone one as it is (most names have one surname unit)."""
    return sets[0] if len(sets) == 1 else _NOTHING.union(*sets)


def _org_signature(name: NormalizedName) -> Signature | None:
    # A name without a brand (河北建设: a region and a glossary word) is bounded in stage 2
    # only: its words alone may carry it against another such name, or against a brand.
    term_weight = sum(t.weight for t in name.terms if t.role != "brand")
    if _agreement_bound(2 * term_weight, 0.0) >= MEDIUM_THRESHOLDS["org"]:
        return None  # so many shared words could carry a pair whatever the brands
    joinable: list[tuple[Unit, bool]] = [(u, False) for u in name.brand]
    for term in name.terms:
        if term.role in ("gloss", "region"):
            joinable.extend((u, term.role == "region") for u in term_units(term))
    plain = [u for u, _ in joinable]
    if plain and not _screenable(plain, spelling=True):
        return None
    return Signature(
        groups=(frozenset().union(*[u.key_set for u in plain]),),
        units=tuple(u for u, region in joinable if not region),
        all_units=tuple(plain),
        has_region=any(region for _, region in joinable),
        brand_units=len(name.brand),
        brandless=not name.brand,
        term_weight=term_weight,
        term_keys=frozenset(k for t in name.terms if t.role != "brand" for k in t.keys),
        spelt=not all(u.known for u in plain),
        han_brand=any(u.is_han for u in name.brand),
        spelling="".join(
            u.primary
            for term in name.terms
            if term.role in ("brand", "gloss", "region")
            for u in term_units(term)
        ),
        reading=len("".join(u.primary for u in name.brand)),
    )


def _agreement_bound(term_weight: float, brand: float) -> float:
    """The highest organisation score with `term_weight` of agreeing words and brand score."""
    return (term_weight + 2 * BRAND_WEIGHT * brand) / (term_weight + 2 * BRAND_WEIGHT)


# --- stage 1: vectorised ---------------------------------------------------------------------


@dataclass(frozen=True)
class KeyMatrix:
    """A column's signatures as sparse 0/1 matrices (names x keys), one per group."""

    groups: tuple[sparse.csr_matrix, ...]
    open: tuple[BoolArray, ...]  # per group, which names meet every other name there...
    closed: tuple[BoolArray, ...]  # ...but these, which only a shared key meets
    screened: BoolArray  # which names meet others through their keys alone


def key_matrix(signatures: list[Signature | None], vocabulary: dict[str, int]) -> KeyMatrix:
    """Each signature's groups over `vocabulary` (key -> column; grows with new keys).

    Both sides of a comparison must share the vocabulary, so that equal keys meet.
    """
    n_groups = max((len(s.groups) for s in signatures if s is not None), default=1)
    kept = [s if s is not None and not (s.spelt or s.brandless) else None for s in signatures]
    matrices = tuple(
        _key_rows([s.groups[g] if s is not None else frozenset() for s in kept], vocabulary)
        for g in range(n_groups)
    )

    def flags(of: Callable[[Signature], tuple[bool, ...]], g: int) -> BoolArray:
        return np.array([s is not None and g < len(of(s)) and of(s)[g] for s in kept], bool)

    opened = tuple(flags(lambda s: s.open_groups, g) for g in range(n_groups))
    closed = tuple(flags(lambda s: s.closed_groups, g) for g in range(n_groups))
    screened = np.array([s is not None for s in kept], dtype=bool)
    return KeyMatrix(matrices, opened, closed, screened)


def may_meet(
    left: KeyMatrix, right: KeyMatrix, i: npt.NDArray[np.int64], j: npt.NDArray[np.int64]
) -> BoolArray:
    """For pairs of names (i on the left, j on the right): False where a screen proves the
    pair scores below MEDIUM; True where it must be checked further."""
    out = np.ones(i.size, dtype=bool)
    both = np.flatnonzero(left.screened[i] & right.screened[j])
    for begin in range(0, both.size, _SCREEN_BATCH):
        rows = both[begin : begin + _SCREEN_BATCH]
        meets = np.ones(rows.size, dtype=bool)
        x, y = i[rows], j[rows]
        for g, (group_l, group_r) in enumerate(zip(left.groups, right.groups, strict=True)):
            opened = (left.open[g][x] & ~right.closed[g][y]) | (
                right.open[g][y] & ~left.closed[g][x]
            )
            meets &= _share_a_key(group_l, group_r, x, y) | opened
        out[rows] = meets
    return out


@dataclass(frozen=True)
class LatinSpellings:
    """People's names as `_compare_person`'s spelling path sees them: two names in Latin
    letters, one with words that are no syllables (an English name, a typo), also meet by
    token_sort_ratio of their keys. That is Indel similarity of the sorted words, at most
    twice the letters the two share over their total length."""

    latin: BoolArray
    unknown: BoolArray
    letters: npt.NDArray[np.int16]  # names x _LETTER_BINS, of the sorted words
    length: IntArray


def latin_spellings(names: list[NormalizedName]) -> LatinSpellings:
    """The spelling path's arrays for a column of normalised person names."""
    words = [" ".join(sorted(n.key.replace("-", " ").split())) for n in names]
    letters = _letter_counts(words)
    return LatinSpellings(
        latin=np.array([n.script.value == "latin" for n in names], dtype=bool),
        unknown=np.array([has_unknown_words(n) for n in names], dtype=bool),
        letters=letters,
        length=np.array([len(w) for w in words], dtype=np.int64),
    )


def may_meet_by_spelling(
    left: LatinSpellings,
    right: LatinSpellings,
    i: npt.NDArray[np.int64],
    j: npt.NDArray[np.int64],
) -> BoolArray:
    """For pairs of person names: whether the spelling path could carry them to MEDIUM."""
    out = (left.latin[i] & right.latin[j]) & (left.unknown[i] | right.unknown[j])
    rows = np.flatnonzero(out)
    shared = np.minimum(left.letters[i[rows]], right.letters[j[rows]]).sum(axis=1)
    total = np.maximum(left.length[i[rows]] + right.length[j[rows]], 1)
    out[rows] = SPELLING_FALLBACK * 2 * shared / total >= MEDIUM_THRESHOLDS["person"]
    return out


# --- stage 2: exact, over arrays of organisation pairs -------------------------------------------

_UNIT_LIMIT = np.int64(1 << 31)  # unit numbers fit below this


class UnitVocabulary:
    """The units of every organisation name seen (unit -> number), shared by both sides of a
    comparison, with what the bound reads of each kept as arrays: its keys, whether it is a
    hanzi and a known syllable, and the letters of its text. Also numbers the keys of
    their other words (`term_keys`)."""

    def __init__(self) -> None:
        self.numbers: dict[Unit, int] = {}
        self.term_keys: dict[str, int] = {}
        self._keys: dict[str, int] = {}
        self._key_rows: list[int] = []
        self._key_columns: list[int] = []
        self._han: list[bool] = []
        self._known: list[bool] = []
        self._texts: list[str] = []
        self._arrays: _UnitArrays | None = None

    def number(self, unit: Unit) -> int:
        found = self.numbers.get(unit)
        if found is None:
            found = self.numbers[unit] = len(self.numbers)
            for key in unit.keys:
                self._key_rows.append(found)
                self._key_columns.append(self._keys.setdefault(key, len(self._keys)))
            self._han.append(unit.is_han)
            self._known.append(unit.known)
            self._texts.append(unit.text)
            self._arrays = None
        return found

    def bounds(self, a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> FloatArray:
        """The most `unit_match` can give units a[k] and b[k], for every k: 1 through a shared
        key; for two romanised pieces not both syllables, the typo score, whose Levenshtein
        similarity is at most the letters they share over the longer; else 0."""
        inverse, codes = pd.factorize(a * _UNIT_LIMIT + b)
        x, y = np.divmod(codes.astype(np.int64), _UNIT_LIMIT)
        units = self._built()
        out = np.zeros(x.size)
        typo = ~units.han[x] & ~units.han[y] & ~(units.known[x] & units.known[y])
        shared = np.minimum(units.letters[x[typo]], units.letters[y[typo]]).sum(axis=1)
        longer = np.maximum(units.length[x[typo]], units.length[y[typo]])
        out[typo] = LATIN_TYPO * shared / np.maximum(longer, 1)
        for begin in range(0, x.size, _SCREEN_BATCH):
            rows = slice(begin, begin + _SCREEN_BATCH)
            meets = _share_a_key(units.keys, units.keys, x[rows], y[rows])
            out[rows][meets] = 1.0
        bounds: FloatArray = out[inverse]
        return bounds

    def _built(self) -> _UnitArrays:
        if self._arrays is None:
            n = len(self.numbers)
            letters = _letter_counts(self._texts)
            keys = sparse.csr_matrix(
                (np.ones(len(self._key_rows), dtype=np.int8), (self._key_rows, self._key_columns)),
                shape=(n, max(len(self._keys), 1)),
            )
            self._arrays = _UnitArrays(
                keys=keys,
                han=np.array(self._han, dtype=bool),
                known=np.array(self._known, dtype=bool),
                letters=letters,
                length=letters.sum(axis=1).astype(np.int64),
            )
        return self._arrays


@dataclass(frozen=True)
class _UnitArrays:
    keys: sparse.csr_matrix  # units x keys, 0/1
    han: BoolArray
    known: BoolArray
    letters: npt.NDArray[np.int16]  # units x _LETTER_BINS
    length: IntArray


def _letter_counts(texts: list[str]) -> npt.NDArray[np.int16]:
    """How many of each letter a-z, and of anything else, each text holds (texts x 27)."""
    joined = "".join(texts).encode("utf-32-le", "surrogatepass")
    codes = np.frombuffer(joined, dtype=np.uint32).astype(np.int64) - 97
    bins = np.where((codes >= 0) & (codes < 26), codes, 26)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    counts = np.bincount(rows * _LETTER_BINS + bins, minlength=len(texts) * _LETTER_BINS)
    return counts.reshape(len(texts), _LETTER_BINS).astype(np.int16)


def _share_a_key(
    left: sparse.csr_matrix,
    right: sparse.csr_matrix,
    i: npt.NDArray[np.int64],
    j: npt.NDArray[np.int64],
) -> BoolArray:
    """For rows of two 0/1 key matrices over one vocabulary: whether rows i[k] and j[k] hold
    a key in common."""
    return np.asarray(left[i].multiply(right[j]).getnnz(axis=1)) > 0


def _key_rows(keys: list[frozenset[str]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    """Sets of keys as a sparse 0/1 matrix (sets x `vocabulary`, which grows with new keys):
    each distinct key looked up once, the rest in numpy."""
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    flat = np.fromiter(itertools.chain.from_iterable(keys), dtype=object, count=int(lengths.sum()))
    codes, distinct = pd.factorize(flat)
    numbers = np.fromiter(
        (vocabulary.setdefault(key, len(vocabulary)) for key in distinct),
        dtype=np.int64,
        count=len(distinct),
    )
    rows = np.repeat(np.arange(len(keys), dtype=np.int64), lengths)
    return sparse.csr_matrix(
        (np.ones(rows.size, dtype=np.int8), (rows, numbers[codes])),
        shape=(len(keys), _VOCABULARY_LIMIT),
    )


@dataclass(frozen=True)
class _Ragged:
    """Each name's unit numbers: ids[start[n] : start[n] + length[n]]."""

    start: IntArray
    length: IntArray
    ids: IntArray

    @classmethod
    def of(cls, lists: list[list[int]]) -> _Ragged:
        length = np.array([len(x) for x in lists], dtype=np.int64)
        start = np.cumsum(length) - length
        ids = np.fromiter((u for x in lists for u in x), dtype=np.int64, count=int(length.sum()))
        return cls(start, length, ids)


@dataclass(frozen=True)
class OrgBounds:
    """A column's organisation signatures as arrays, for the exact bound on arrays of pairs."""

    signed: BoolArray
    spelt: BoolArray
    has_region: BoolArray
    brand_units: IntArray
    term_weight: FloatArray
    reading: IntArray
    spelling: npt.NDArray[np.object_]  # str
    han_brand: BoolArray
    term_keys: sparse.csr_matrix  # names x UnitVocabulary.term_keys, 0/1
    # Row n: name n's units joining against a name with a region; row n + names: all its
    # units, joining against a name without one.
    joining: _Ragged


def org_bounds(signatures: list[Signature | None], vocabulary: UnitVocabulary) -> OrgBounds:
    """The stage-2 arrays of a column of organisation signatures (None: compared in full)."""
    blank = Signature(groups=())
    signed = [s or blank for s in signatures]
    return OrgBounds(
        signed=np.array([s is not None for s in signatures], dtype=bool),
        spelt=np.array([s.spelt for s in signed], dtype=bool),
        has_region=np.array([s.has_region for s in signed], dtype=bool),
        brand_units=np.array([s.brand_units for s in signed], dtype=np.int64),
        term_weight=np.array([s.term_weight for s in signed], dtype=np.float64),
        reading=np.array([s.reading for s in signed], dtype=np.int64),
        spelling=np.array([s.spelling for s in signed], dtype=object),
        han_brand=np.array([s.han_brand for s in signed], dtype=bool),
        term_keys=_key_rows([s.term_keys for s in signed], vocabulary.term_keys),
        joining=_Ragged.of(
            [[vocabulary.number(u) for u in s.units] for s in signed]
            + [[vocabulary.number(u) for u in s.all_units] for s in signed]
        ),
    )


def below_medium(
    left: OrgBounds,
    right: OrgBounds,
    i: npt.NDArray[np.int64],
    j: npt.NDArray[np.int64],
    vocabulary: UnitVocabulary,
) -> BoolArray:
    """For pairs of organisation names (i on the left, j on the right): True where both are
    signed and provably score below MEDIUM (`_compare_org`'s formula with the brand at its
    bound)."""
    out = np.zeros(i.size, dtype=bool)
    both = np.flatnonzero(left.signed[i] & right.signed[j])
    for begin in range(0, both.size, _SCREEN_BATCH):
        rows = both[begin : begin + _SCREEN_BATCH]
        x, y = i[rows], j[rows]
        brand = _brand_bound(left, right, x, y, vocabulary)
        # Other words agree only through a shared key: without one, only the brands count.
        agree = _share_a_key(left.term_keys, right.term_keys, x, y)
        weight = np.where(agree, left.term_weight[x] + right.term_weight[y], 0.0)
        bound = (weight + 2 * BRAND_WEIGHT * brand) / (weight + 2 * BRAND_WEIGHT)
        # Against a name without a brand, the other's brand alone weighs in the denominator;
        # two names without one may agree on their words alone: those are compared in full.
        brandless_l, brandless_r = left.brand_units[x] == 0, right.brand_units[y] == 0
        alone = np.where(brandless_l | brandless_r, weight / (weight + BRAND_WEIGHT), 0.0)
        bound = np.maximum(bound, alone)
        out[rows] = (bound < MEDIUM_THRESHOLDS["org"]) & ~(brandless_l & brandless_r)
    return out


def _brand_bound(
    left: OrgBounds,
    right: OrgBounds,
    x: npt.NDArray[np.int64],
    y: npt.NDArray[np.int64],
    vocabulary: UnitVocabulary,
) -> FloatArray:
    """The highest brand score each pair can reach (`_brand_similarity`): an in-order pairing
    of units scores at most what each unit could score against any of the other's, over the
    longer brand. The spelling fallback compares the brands' readings, with or without the
    words that join them: each a subsequence of the name's `spelling`, so their longest
    common subsequence is at most the spellings', and each at least the brand's length."""
    # A region's units join the brand only against a name without a region.
    start_l, length_l, ids_l = _joining(left, x, right.has_region[y])
    start_r, length_r, ids_r = _joining(right, y, left.has_region[x])
    best_l, best_r = _best_unit_sums(
        (start_l, length_l, ids_l), (start_r, length_r, ids_r), vocabulary
    )
    longer = np.maximum(np.maximum(left.brand_units[x], right.brand_units[y]), 1)
    brand = np.minimum(best_l, best_r) / longer
    spelt = left.spelt[x] | right.spelt[y]
    rows = np.flatnonzero(spelt)
    common = process.cpdist(
        left.spelling[x[rows]], right.spelling[y[rows]], scorer=LCSseq.similarity, workers=1
    )
    indel = _indel_bound(
        common,
        (left.reading[x[rows]], _lengths(left.spelling[x[rows]])),
        (right.reading[y[rows]], _lengths(right.spelling[y[rows]])),
    )
    # A brand in hanzi against a spelling differs by romanisation too: STRING_FALLBACK.
    han = left.han_brand[x[rows]] | right.han_brand[y[rows]]
    factor = np.where(han, STRING_FALLBACK, LATIN_BRAND_TYPO)
    brand[rows] = np.maximum(brand[rows], factor * indel)
    return np.minimum(brand, 1.0)


def _lengths(texts: npt.NDArray[np.object_]) -> IntArray:
    return np.fromiter((len(t) for t in texts), dtype=np.int64, count=texts.size)


def _indel_bound(
    common: IntArray, left: tuple[IntArray, IntArray], right: tuple[IntArray, IntArray]
) -> FloatArray:
    """The highest Indel similarity 2 * lcs / (a + b) of two strings whose lengths a and b lie
    in [left[0], left[1]] and [right[0], right[1]], with lcs at most `common` and both lengths.

    For a given a, the best b is as near min(common, a) as its range allows; what that gives
    is monotone in a between the points where a meets a bound, so those points decide."""
    low_a, high_a = left
    low_b, high_b = right
    best = np.zeros(common.size)
    for point in (low_a, high_a, common, low_b, high_b):
        a = np.clip(point, low_a, high_a)
        b = np.clip(np.minimum(common, a), low_b, high_b)
        shared = np.minimum(np.minimum(common, a), b)
        best = np.maximum(best, 2 * shared / np.maximum(a + b, 1))
    return best


def _best_unit_sums(
    left: tuple[IntArray, IntArray, IntArray],
    right: tuple[IntArray, IntArray, IntArray],
    vocabulary: UnitVocabulary,
) -> tuple[FloatArray, FloatArray]:
    """For each pair, the sum over the left units of their best bound against any right unit,
    and the same from the right: every pair's table of unit bounds, flattened row by row."""
    start_l, length_l, ids_l = left
    start_r, length_r, ids_r = right
    n = start_l.size
    cells = length_l * length_r
    if not cells.any():
        return np.zeros(n), np.zeros(n)
    pair = np.repeat(np.arange(n), cells)
    within = np.arange(int(cells.sum())) - (np.cumsum(cells) - cells)[pair]
    row, column = np.divmod(within, length_r[pair])
    bounds = vocabulary.bounds(ids_l[start_l[pair] + row], ids_r[start_r[pair] + column])
    row_starts = np.flatnonzero(column == 0)
    row_max = np.maximum.reduceat(bounds, row_starts)
    best_l = np.bincount(pair[row_starts], weights=row_max, minlength=n)
    columns = np.where(cells > 0, length_r, 0)
    column_max = np.zeros(int(columns.sum()))
    np.maximum.at(column_max, (np.cumsum(columns) - columns)[pair] + column, bounds)
    best_r = np.bincount(np.repeat(np.arange(n), columns), weights=column_max, minlength=n)
    return best_l.astype(np.float64), best_r.astype(np.float64)


def _joining(
    bounds: OrgBounds, names: npt.NDArray[np.int64], other_has_region: BoolArray
) -> tuple[IntArray, IntArray, IntArray]:
    """Where each name's joining units start, how many, and the ids they index into: the
    units without the region's against a name with a region, all of them otherwise."""
    rows = np.where(other_has_region, names, names + bounds.signed.size)
    joining = bounds.joining
    return joining.start[rows], joining.length[rows], joining.ids

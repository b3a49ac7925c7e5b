"""Cheap proofs that two names score below MEDIUM, so the engine can skip comparing them.

Most pairs the engine sees are strangers: the million random pairs Fellegi-Sunter draws to
estimate u, and most pairs in a big block. The full comparison aligns every reading of two
names (tens of microseconds a pair); these screens reject the hopeless pairs first:

1. **Vectorised**: every name gets a few groups of sound keys. A pair can only reach MEDIUM
   if, group by group, its two names share a key; sparse names-by-keys matrices test that
   for whole arrays of pairs at once.
2. **Exact bound** (organisations, for the pairs stage 1 lets through or cannot judge): what
   each unit of a brand could score against any unit of the other bounds the brand's score,
   and so the name's. Romanised words that are no syllables (Fountain, Kingboard) meet by
   spelling too: Levenshtein and Indel similarities are bounded by the letters two strings
   share, so those brands are bounded without comparing them.

The bounds follow the scoring formulas in `entitymatch.compare.names`:

- a person scores `SURNAME_SHARE * surname + (1 - SURNAME_SHARE) * given`, at most 1 each,
  times priors of at most 1. Below MEDIUM (0.7) unless both the surnames and the given names
  meet (0.35 + 0.65 * 0 < 0.7 and 0.35 * 0 + 0.65 < 0.7);
- an organisation scores `(agreed + 2 * BRAND_WEIGHT * brand) / denominator`, where the
  denominator holds `2 * BRAND_WEIGHT` and `agreed` is at most the weight of the non-brand
  terms of both names.

A name whose comparison escapes these formulas (initials, misspelt or English words in a
person's name, foreign names, bracketed alternatives, an organisation without a brand, an
alias) gets no signature and is always compared in full.
`tests/compare/test_name_comparator.py` checks that screening never changes a level above ELSE.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy import sparse

from entitymatch.compare.names import (
    BRAND_WEIGHT,
    LATIN_BRAND_TYPO,
    LATIN_TYPO,
    MEDIUM_THRESHOLDS,
    term_units,
)
from entitymatch.names.normalized import NormalizedName
from entitymatch.names.phonetics import Unit

# Columns of the key matrices: more than the keys any table of names has.
_VOCABULARY_LIMIT = 1 << 30
_SCREEN_BATCH = 1 << 19  # pairs per sparse product: bounded temporaries on big batches
# Stands for "no given name", so that two names without one still meet in that group.
_NO_GIVEN = "given:none"

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Signature:
    """The sounds through which a name can reach MEDIUM against another.

    `groups`: a pair stays below MEDIUM unless each group meets the other name's group.
    Organisations also keep, for the exact bound, each unit that may join the brand (`units`,
    with `region` flags: a region's units join only when the other name has no region),
    `brand_units` (the fewest units the brand has) and `term_weight` (all non-brand terms).
    A brand with romanised words that are no syllables (`spelt`: Fountain, Kingboard) may
    also meet another by spelling, unit by unit or as a whole: for that bound it keeps each
    unit's `texts` and `latin` flag, the letters of all its readings (`letters`) and the
    length of the brand's own reading (`reading`).
    """

    groups: tuple[frozenset[str], ...]
    units: tuple[frozenset[str], ...] = ()
    region: tuple[bool, ...] = ()
    brand_units: int = 0
    term_weight: float = 0.0
    spelt: bool = False
    texts: tuple[str, ...] = ()
    latin: tuple[bool, ...] = ()
    known: tuple[bool, ...] = ()
    letters: Counter[str] = field(default_factory=Counter)
    reading: int = 0

    @property
    def has_region(self) -> bool:
        return any(self.region)


def signature(name: NormalizedName) -> Signature | None:
    """The name's signature, or None where no bound applies and it must be compared in full."""
    if name.is_empty or name.foreign or name.alternatives or name.english_names:
        return None
    return _org_signature(name) if name.kind == "org" else _person_signature(name)


def _screenable(units: list[Unit], spelling: bool = False) -> bool:
    """Whether every unit meets others through its keys alone (or, with `spelling`, also by
    a spelling the bound can follow)."""
    if not units or any(u.is_initial for u in units):
        return False
    return spelling or all(u.known for u in units)


def _person_signature(name: NormalizedName) -> Signature | None:
    parses = name.parses
    if not parses or any(p.surname is None for p in parses):
        return None
    given_counts = {bool(p.given) for p in parses}
    if len(given_counts) > 1:
        return None  # some readings have a given name, others not: no single rule applies
    units = [u for p in parses for u in (p.surname, *p.given) if u is not None]
    if not _screenable(units):
        return None
    surname = frozenset(k for p in parses if p.surname for k in p.surname.keys)
    given = frozenset(k for p in parses for u in p.given for k in u.keys)
    return Signature((surname, given or frozenset({_NO_GIVEN})))


def _org_signature(name: NormalizedName) -> Signature | None:
    if not name.brand:
        return None
    term_weight = sum(t.weight for t in name.terms if t.role != "brand")
    if _agreement_bound(2 * term_weight, 0.0) >= MEDIUM_THRESHOLDS["org"]:
        return None  # so many shared words could carry a pair whatever the brands
    joinable: list[tuple[Unit, bool]] = [(u, False) for u in name.brand]
    for term in name.terms:
        if term.role in ("gloss", "region"):
            joinable.extend((u, term.role == "region") for u in term_units(term))
    plain = [u for u, _ in joinable]
    if not _screenable(plain, spelling=True):
        return None
    units = tuple(frozenset(u.keys) for u in plain)
    return Signature(
        groups=(frozenset().union(*units),),
        units=units,
        region=tuple(region for _, region in joinable),
        brand_units=len(name.brand),
        term_weight=term_weight,
        spelt=not all(u.known for u in plain),
        texts=tuple(u.text for u in plain),
        latin=tuple(not u.is_han for u in plain),
        known=tuple(u.known for u in plain),
        letters=Counter("".join(u.primary for u in plain)),
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
    screened: BoolArray  # which names meet others through their keys alone


def key_matrix(signatures: list[Signature | None], vocabulary: dict[str, int]) -> KeyMatrix:
    """Each signature's groups over `vocabulary` (key -> column; grows with new keys).

    Both sides of a comparison must share the vocabulary, so that equal keys meet.
    """
    n_groups = max((len(s.groups) for s in signatures if s is not None), default=1)
    rows: list[list[int]] = [[] for _ in range(n_groups)]
    cols: list[list[int]] = [[] for _ in range(n_groups)]
    screened = np.zeros(len(signatures), dtype=bool)
    for row, sig in enumerate(signatures):
        if sig is None or sig.spelt:
            continue
        screened[row] = True
        for g, keys in enumerate(sig.groups):
            for key in keys:
                rows[g].append(row)
                cols[g].append(vocabulary.setdefault(key, len(vocabulary)))
    matrices = tuple(
        sparse.csr_matrix(
            (np.ones(len(r), dtype=np.int8), (r, c)), shape=(len(signatures), _VOCABULARY_LIMIT)
        )
        for r, c in zip(rows, cols, strict=True)
    )
    return KeyMatrix(matrices, screened)


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
        for group_l, group_r in zip(left.groups, right.groups, strict=True):
            shared = group_l[i[rows]].multiply(group_r[j[rows]])
            meets &= np.asarray(shared.getnnz(axis=1)) > 0
        out[rows] = meets
    return out


# --- stage 2: exact ----------------------------------------------------------------------------


def below_medium(a: Signature, b: Signature, kind: str) -> bool:
    """Whether two signed names provably score below MEDIUM."""
    spelt = a.spelt or b.spelt
    if not spelt and any(ga.isdisjoint(gb) for ga, gb in zip(a.groups, b.groups, strict=True)):
        return True
    if kind != "org":
        return False
    brand = _brand_bound(a, b, spelt)
    return _agreement_bound(a.term_weight + b.term_weight, brand) < MEDIUM_THRESHOLDS["org"]


def _brand_bound(a: Signature, b: Signature, spelt: bool) -> float:
    """The highest brand score two organisations can reach (`_brand_similarity`): an in-order
    pairing of units scores at most what each unit could score against any of the other's,
    over the longer brand; the spelling fallback at most the letters the readings share."""
    units_a = _joining(a, b)
    units_b = _joining(b, a)
    best_a = [max((_unit_bound(a, x, b, y) for y in units_b), default=0.0) for x in units_a]
    best_b = [max((_unit_bound(a, x, b, y) for x in units_a), default=0.0) for y in units_b]
    brand = min(sum(best_a), sum(best_b)) / max(a.brand_units, b.brand_units)
    if spelt:
        shared = sum((a.letters & b.letters).values())
        brand = max(brand, LATIN_BRAND_TYPO * 2 * shared / max(a.reading + b.reading, 1))
    return min(brand, 1.0)


def _unit_bound(a: Signature, x: int, b: Signature, y: int) -> float:
    """The most `unit_match` can give units x of a and y of b: 1 through a shared key; for two
    romanised pieces not both syllables, the typo score, whose Levenshtein similarity is at most
    the letters they share over the longer."""
    if not a.units[x].isdisjoint(b.units[y]):
        return 1.0
    if a.latin[x] and b.latin[y] and not (a.known[x] and b.known[y]):
        tx, ty = a.texts[x], b.texts[y]
        shared = sum((_letter_counts(tx) & _letter_counts(ty)).values())
        return LATIN_TYPO * shared / max(len(tx), len(ty), 1)
    return 0.0


@functools.lru_cache(maxsize=1 << 16)
def _letter_counts(text: str) -> Counter[str]:
    return Counter(text)


def _joining(sig: Signature, other: Signature) -> list[int]:
    """The units of `sig` (by position) that may join its brand against `other`."""
    if not other.has_region:
        return list(range(len(sig.units)))
    return [k for k, region in enumerate(sig.region) if not region]

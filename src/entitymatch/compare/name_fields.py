"""The engine's comparators for name fields: columns of names in, levels and scores out.

`prepare` normalises each distinct value of a column once. `compare` scores each distinct pair
of values once, however many record pairs share it, and skips the pairs that
`entitymatch.compare.screening` proves to score below MEDIUM: those are ELSE with similarity 0.
Set `screen=False` for the true similarity of every pair (as recordlinkage's score features
want); the levels are the same either way.

Organisation columns also keep the pairs they compared in full, to answer them again from
memory: a company's records are spread over the whole table, so its pairs recur in batch after
batch (at 300,000 generated records, half the full comparisons of company names repeated an
earlier batch's; people's name pairs hardly ever did).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from entitymatch.compare import screening
from entitymatch.compare.levels import ExplainedComparison, FieldComparison, Level
from entitymatch.compare.names import compare_normalized, score_normalized
from entitymatch.names import normalize_names
from entitymatch.names.normalize import gc_paused
from entitymatch.names.normalized import Kind, NormalizedName

if TYPE_CHECKING:
    from entitymatch.names.aliases import AliasTable

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class PreparedNames:
    """A column as the comparator keeps it: each row's distinct value, normalised once."""

    codes: IntArray  # row -> index into `names`
    names: list[NormalizedName]
    empty: npt.NDArray[np.bool_]  # which names are missing: their pairs are NULL
    keys: screening.KeyMatrix
    bounds: screening.OrgBounds | None  # organisations: stage 2 of the screen
    spellings: screening.LatinSpellings | None  # people: their spelling path


@dataclass(frozen=True)
class _DistinctPairs:
    """A batch's distinct pairs of names (left[k], right[k], as one number in `codes`);
    `inverse` maps each record pair to its distinct pair. `levels` and `scores` start as
    screening left them."""

    inverse: IntArray
    codes: IntArray
    left: IntArray
    right: IntArray
    levels: npt.NDArray[np.int8]
    scores: npt.NDArray[np.float64]
    todo: IntArray  # the distinct pairs screening could not settle


class NameComparator:
    """Compares a name field of two tables for the record-linkage engine."""

    kind = "name"
    name_kind: Kind = "person"
    #: Whether it remembers the pairs of a column it compared in full (module docstring).
    remembers = False
    _MEMORY_LIMIT = 1 << 21  # pairs a column remembers at most

    def __init__(
        self,
        aliases: AliasTable | None = None,
        threshold: float | None = None,
        *,
        screen: bool = True,
    ) -> None:
        self.aliases = aliases
        self.threshold = threshold
        self.screen = screen
        self._vocabulary: dict[str, int] = {}  # sound key -> column, shared by both sides
        self._units = screening.UnitVocabulary()  # likewise for the units of brands
        # Pairs within one column compared in full: pair code -> (score, level).
        self._memory_of: PreparedNames | None = None
        self._memory: dict[int, tuple[float, int]] = {}

    def prepare(self, values: Sequence[str | None]) -> PreparedNames:
        codes: dict[str, int] = {}
        texts: list[str] = []
        index = np.empty(len(values), dtype=np.int64)
        for row, value in enumerate(values):
            text = value or ""
            code = codes.get(text)
            if code is None:
                code = codes[text] = len(texts)
                texts.append(text)
            index[row] = code
        names = normalize_names(texts, self.name_kind)
        # Only the arrays built from the signatures are kept: at some 2 KB a name (sets of
        # keys), the signatures themselves would outweigh the names. What stays is promoted.
        with gc_paused(promote=True):
            signatures = [self._signature(name) for name in names]
            keys = screening.key_matrix(signatures, self._vocabulary)
            empty = np.array([name.is_empty for name in names], dtype=bool)
            bounds = spellings = None  # without screening, nothing reads them
            if self.screen and self.name_kind == "org":
                bounds = screening.org_bounds(signatures, self._units)
            elif self.screen:
                spellings = screening.latin_spellings(names)
        return PreparedNames(index, names, empty, keys, bounds, spellings)

    def _signature(self, name: NormalizedName) -> screening.Signature | None:
        if not self.screen:
            return None
        if self.aliases is not None and self.aliases.group_of(name) is not None:
            return None  # an alias may link it to a name that sounds nothing like it
        return screening.signature(name)

    def compare(
        self, left: PreparedNames, right: PreparedNames, left_index: IntArray, right_index: IntArray
    ) -> FieldComparison:
        pairs = self._distinct_pairs(left, right, left_index, right_index)
        i, j, todo = pairs.left, pairs.right, pairs.todo
        memory = self._memory_for(left) if left is right else None
        with gc_paused():
            for k, code, x, y in zip(
                todo.tolist(),
                pairs.codes[todo].tolist(),
                i[todo].tolist(),
                j[todo].tolist(),
                strict=True,
            ):
                found = memory.get(code) if memory is not None else None
                if found is None:
                    found = score_normalized(left.names[x], right.names[y], aliases=self.aliases)
                    if memory is not None and len(memory) < self._MEMORY_LIMIT:
                        memory[code] = found
                pairs.scores[k], pairs.levels[k] = found
        return FieldComparison(pairs.levels[pairs.inverse], pairs.scores[pairs.inverse])

    def remember(
        self,
        column: PreparedNames,
        left_index: IntArray,
        right_index: IntArray,
        found: FieldComparison,
    ) -> None:
        """Keep what `compare` found for pairs within `column` in another process (the engine's
        workers), so that later batches look it up instead of comparing again. Pairs with a
        zero score (screened, or missing a name) cost nothing to settle again and are left out.
        """
        memory = self._memory_for(column)
        if memory is None:
            return
        scored = np.flatnonzero(found.similarity > 0)
        room = self._MEMORY_LIMIT - len(memory)
        if room <= 0 or not scored.size:
            return
        codes = _pair_codes(column, column, left_index[scored], right_index[scored])
        distinct, first = np.unique(codes, return_index=True)
        kept = scored[first[:room]]
        memory.update(
            zip(
                distinct[:room].tolist(),
                zip(found.similarity[kept].tolist(), found.levels[kept].tolist(), strict=True),
                strict=True,
            )
        )

    def compare_explained(
        self, left: PreparedNames, right: PreparedNames, left_index: IntArray, right_index: IntArray
    ) -> ExplainedComparison:
        """`compare`, with why each pair got its level: for the pairs the engine reports.

        One comparison per distinct pair of names gives both the level and its explanation.
        Every pair is explained, screened or not; the screened keep their zero similarity, so
        the reported scores are the ones the pairs were kept with.
        """
        pairs = self._distinct_pairs(left, right, left_index, right_index)
        with gc_paused():
            found = [
                compare_normalized(left.names[x], right.names[y], aliases=self.aliases)
                for x, y in zip(pairs.left.tolist(), pairs.right.tolist(), strict=True)
            ]
        for k in pairs.todo.tolist():
            pairs.scores[k], pairs.levels[k] = found[k].score, found[k].level
        texts = [found[k].explanation for k in pairs.inverse.tolist()]
        return ExplainedComparison(pairs.levels[pairs.inverse], pairs.scores[pairs.inverse], texts)

    def _memory_for(self, column: PreparedNames) -> dict[int, tuple[float, int]] | None:
        """The remembered pairs of `column` (None if this comparator does not remember); a new
        column starts afresh."""
        if not self.remembers:
            return None
        if self._memory_of is not column:
            self._memory_of, self._memory = column, {}
        return self._memory

    def _distinct_pairs(
        self, left: PreparedNames, right: PreparedNames, left_index: IntArray, right_index: IntArray
    ) -> _DistinctPairs:
        """The distinct pairs of names among the record pairs, with the levels screening and
        missing names settle, and which pairs are left to compare (`todo`)."""
        # pandas' hash-based factorize: far faster than sorting with np.unique on big batches.
        inverse, pair_codes = pd.factorize(_pair_codes(left, right, left_index, right_index))
        pair_codes = pair_codes.astype(np.int64)
        i, j = np.divmod(pair_codes, np.int64(len(right.names) + 1))
        levels = np.full(len(pair_codes), Level.ELSE, dtype=np.int8)
        missing = left.empty[i] | right.empty[j]
        levels[missing] = Level.NULL
        meets = screening.may_meet(left.keys, right.keys, i, j)
        if left.spellings is not None and right.spellings is not None:
            apart = np.flatnonzero(~meets)
            meets[apart] = screening.may_meet_by_spelling(
                left.spellings, right.spellings, i[apart], j[apart]
            )
        todo = np.flatnonzero(~missing & meets)
        if left.bounds is not None and right.bounds is not None:
            hopeless = screening.below_medium(
                left.bounds, right.bounds, i[todo], j[todo], self._units
            )
            todo = todo[~hopeless]
        scores = np.zeros(len(pair_codes), dtype=np.float64)
        return _DistinctPairs(inverse, pair_codes, i, j, levels, scores, todo)

    def describe(self) -> str:
        return (
            f"{self.kind}: exact / same after normalisation (script, width, order, spelling) / "
            "high (a match across scripts or romanisations) / medium / else"
        )


def _pair_codes(
    left: PreparedNames, right: PreparedNames, left_index: IntArray, right_index: IntArray
) -> IntArray:
    """Each record pair's pair of names as one number: left name * (right names + 1) + right."""
    width = np.int64(len(right.names) + 1)
    codes: IntArray = left.codes[left_index] * width + right.codes[right_index]
    return codes


class PersonNameComparator(NameComparator):
    """Person names across hanzi, pinyin, Wade-Giles, Cantonese and English."""

    kind = "person_name"
    name_kind: Kind = "person"


class OrgNameComparator(NameComparator):
    """Organisation names: legal forms and regions set aside, brands compared across scripts."""

    kind = "org_name"
    name_kind: Kind = "org"
    remembers = True

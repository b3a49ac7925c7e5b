"""Comparison levels shared by every field comparison, from the best agreement to none.

A field comparison turns two columns of values into one level and one similarity per pair;
scoring models (weighted, Fellegi-Sunter, supervised) read the levels, explanations name them.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt


class Level(enum.IntEnum):
    """How well two values agree. NULL means one side is missing and says nothing either way."""

    NULL = -1
    ELSE = 0
    MEDIUM = 1
    HIGH = 2
    NORMALISED = 3  # equal after normalisation (case, width, script, format)
    EXACT = 4

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Level.NULL: "null",
    Level.ELSE: "else",
    Level.MEDIUM: "medium",
    Level.HIGH: "high",
    Level.NORMALISED: "equal after normalisation",
    Level.EXACT: "exact",
}


@dataclass(frozen=True)
class FieldComparison:
    """Levels and similarities for a batch of pairs, aligned with the input columns.

    `levels` holds `Level` values as int8; `similarity` is in [0, 1] (0 where a side is null).
    """

    levels: npt.NDArray[np.int8]
    similarity: npt.NDArray[np.float64]

    def __post_init__(self) -> None:
        if self.levels.shape != self.similarity.shape:
            raise ValueError("levels and similarity must have the same shape")

    def __len__(self) -> int:
        return int(self.levels.shape[0])


@dataclass(frozen=True)
class ExplainedComparison(FieldComparison):
    """A field comparison that says, pair by pair, why each pair got its level.

    A comparator may return one (from `compare_explained`, or from `compare` itself): the engine
    puts `explanation` in the pairs table.
    """

    explanation: Sequence[str] = ()


class Comparator(Protocol):
    """Compares one field of two record tables, pair by pair, in batches.

    `prepare` runs once per column (it should work once per *distinct* value and encode the
    column into arrays); `compare` then takes the prepared columns and two aligned arrays of row
    positions, one pair per element, so the same comparator serves one pair or ten million.
    """

    kind: str

    def prepare(self, values: Sequence[str | None]) -> Any:
        """Encode one column of records (None or "" means missing)."""
        ...

    def compare(
        self,
        left: Any,
        right: Any,
        left_index: npt.NDArray[np.int64],
        right_index: npt.NDArray[np.int64],
    ) -> FieldComparison:
        """Levels and similarities for the pairs (left[left_index[k]], right[right_index[k]])."""
        ...

    def describe(self) -> str:
        """The levels in plain words, for explanations and `--help`."""
        ...


@runtime_checkable
class KeyedComparator(Protocol):
    """A comparator whose standard form can also block: an exact blocking rule on its column
    keys on `blocking_codes` rather than on the cleaned text, so that 195-3004-9026 and
    +86 19530049026 meet as they agree when compared."""

    def blocking_codes(self, column: Any) -> npt.NDArray[np.int64]:
        """Per record of a prepared column, a code shared by records whose standard forms
        agree (-1 where the record has none)."""
        ...

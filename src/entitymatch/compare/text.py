"""Fuzzy comparison of free text (names in one script, addresses, suburbs, numbers as strings).

Levels: exact (same raw text), equal after normalisation (clean-up and case folding), high and
medium (similarity at or above two thresholds), else, null. Work is done once per distinct value
in `prepare` and once per distinct pair of values in `compare`, so a column of a million rows
with ten thousand distinct surnames costs ten thousand normalisations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from rapidfuzz import distance, fuzz, process

from entitymatch.compare.levels import FieldComparison, Level
from entitymatch.text import clean_text, fold_case

# Similarity scorers return a score in [0, 1] after dividing by `scale`; edit-distance scorers
# return a count of edits, and their thresholds are maximum counts.
_SIMILARITY: dict[str, tuple[Callable[..., Any], float]] = {
    "jaro_winkler": (distance.JaroWinkler.normalized_similarity, 1.0),
    "jaro": (distance.Jaro.normalized_similarity, 1.0),
    "ratio": (fuzz.ratio, 100.0),
    "token_sort_ratio": (fuzz.token_sort_ratio, 100.0),
    "token_set_ratio": (fuzz.token_set_ratio, 100.0),
    "partial_ratio": (fuzz.partial_ratio, 100.0),
}
_EDITS: dict[str, Any] = {
    "levenshtein": distance.Levenshtein,
    "damerau_levenshtein": distance.DamerauLevenshtein,
}
METHODS: tuple[str, ...] = (*_SIMILARITY, *_EDITS)
"""Every method `TextComparator` accepts."""

DEFAULT_THRESHOLDS: dict[str, tuple[float, float]] = {
    "jaro_winkler": (0.92, 0.8),
    "jaro": (0.9, 0.75),
    "ratio": (0.9, 0.75),
    "token_sort_ratio": (0.9, 0.75),
    "token_set_ratio": (0.9, 0.75),
    "partial_ratio": (0.9, 0.75),
    "levenshtein": (1, 2),
    "damerau_levenshtein": (1, 2),
}
"""Thresholds (high, medium) used when none are given: similarities, or maximum edits."""


def normalise_text(value: str) -> str:
    """The form two values must share to count as equal after normalisation."""
    return fold_case(clean_text(value))


@dataclass(frozen=True)
class TextColumn:
    """A prepared column: each row's code into the distinct raw and normalised values.

    Codes are -1 for a missing value. `norm_codes` is indexed by row like `raw_codes`.
    """

    raw_codes: npt.NDArray[np.int64]
    raw_values: npt.NDArray[np.object_]
    norm_codes: npt.NDArray[np.int64]
    norm_values: npt.NDArray[np.object_]
    norm_lengths: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return int(self.raw_codes.shape[0])


def encode_column(values: Sequence[str | None], normalise: Callable[[str], str]) -> TextColumn:
    """Factorise a column, then normalise each distinct value once (missing → code -1)."""
    raw_codes, raw_values = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    normalised = [normalise(str(v)) for v in raw_values]
    norm_of_raw, norm_values = pd.factorize(pd.Series(normalised, dtype=object))
    # Values that normalise to nothing (only punctuation, say) are missing too; the appended
    # -1 is where missing rows (code -1) look up.
    empty = np.array([v == "" for v in norm_values], dtype=bool)
    lookup = np.append(np.where(empty[norm_of_raw], -1, norm_of_raw), -1).astype(np.int64)
    norm_codes = lookup[raw_codes]
    raw_codes = np.where(norm_codes >= 0, raw_codes, -1).astype(np.int64)
    return TextColumn(
        raw_codes=raw_codes,
        raw_values=np.asarray(raw_values, dtype=object),
        norm_codes=norm_codes,
        norm_values=np.asarray(norm_values, dtype=object),
        norm_lengths=np.array([len(v) for v in norm_values], dtype=np.int64),
    )


def same_values(
    left_codes: npt.NDArray[np.int64],
    left_values: npt.NDArray[np.object_],
    right_codes: npt.NDArray[np.int64],
    right_values: npt.NDArray[np.object_],
    same_column: bool,
) -> npt.NDArray[np.bool_]:
    """Whether each pair of codes names equal values; codes of one column compare directly."""
    valid = (left_codes >= 0) & (right_codes >= 0)
    if same_column:
        equal: npt.NDArray[np.bool_] = valid & (left_codes == right_codes)
        return equal
    out = np.zeros(left_codes.shape, dtype=bool)
    idx = np.flatnonzero(valid)
    out[idx] = left_values[left_codes[idx]] == right_values[right_codes[idx]]
    return out


class TextComparator:
    """Compares text by a rapidfuzz method with two thresholds (high, medium).

    For similarity methods (`jaro_winkler`, `jaro`, `ratio`, `token_sort_ratio`,
    `token_set_ratio`, `partial_ratio`) the thresholds are similarities in [0, 1]; for edit
    distances (`levenshtein`, `damerau_levenshtein`) they are maximum numbers of edits, and the
    reported similarity is the normalised one.
    """

    kind = "text"

    def __init__(
        self,
        method: str = "jaro_winkler",
        thresholds: Sequence[float] | None = None,
    ) -> None:
        if method not in METHODS:
            raise ValueError(f"method {method!r} is not one of {', '.join(METHODS)}")
        high, medium = DEFAULT_THRESHOLDS[method] if thresholds is None else thresholds
        if method in _EDITS:
            if not (0 <= high <= medium):
                raise ValueError("edit thresholds must satisfy 0 <= high <= medium")
        elif not (0.0 <= medium <= high <= 1.0):
            raise ValueError("similarity thresholds must satisfy 0 <= medium <= high <= 1")
        self.method = method
        self.thresholds = (high, medium)

    def prepare(self, values: Sequence[str | None]) -> TextColumn:
        """Encode a column; each distinct value is cleaned and case-folded once."""
        return encode_column(values, normalise_text)

    def compare(
        self,
        left: Any,
        right: Any,
        left_index: npt.NDArray[np.int64],
        right_index: npt.NDArray[np.int64],
    ) -> FieldComparison:
        """Levels and similarities for the pairs (left[left_index[k]], right[right_index[k]])."""
        lraw, rraw = left.raw_codes[left_index], right.raw_codes[right_index]
        lnorm, rnorm = left.norm_codes[left_index], right.norm_codes[right_index]
        same = left is right
        null = (lnorm < 0) | (rnorm < 0)
        exact = same_values(lraw, left.raw_values, rraw, right.raw_values, same)
        normalised = same_values(lnorm, left.norm_values, rnorm, right.norm_values, same)

        similarity = np.where(normalised, 1.0, 0.0)
        edits = np.zeros(len(left_index), dtype=np.int64)
        todo = np.flatnonzero(~null & ~normalised)
        if todo.size:
            sim, dist = self._score(left, lnorm[todo], right, rnorm[todo])
            similarity[todo] = sim
            edits[todo] = dist

        high, medium = self.thresholds
        if self.method in _EDITS:
            is_high, is_medium = edits <= high, edits <= medium
        else:
            is_high, is_medium = similarity >= high, similarity >= medium
        levels = np.select(
            [null, exact, normalised, is_high, is_medium],
            [Level.NULL, Level.EXACT, Level.NORMALISED, Level.HIGH, Level.MEDIUM],
            Level.ELSE,
        ).astype(np.int8)
        return FieldComparison(levels, similarity)

    def _score(
        self,
        left: TextColumn,
        left_codes: npt.NDArray[np.int64],
        right: TextColumn,
        right_codes: npt.NDArray[np.int64],
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        # Score each distinct pair of values once: blocked pairs repeat the same few values.
        width = np.int64(len(right.norm_values))
        keys, inverse = np.unique(left_codes * width + right_codes, return_inverse=True)
        a_codes, b_codes = keys // width, keys % width
        a = left.norm_values[a_codes].tolist()
        b = right.norm_values[b_codes].tolist()
        if self.method in _EDITS:
            metric = _EDITS[self.method]
            dist = process.cpdist(a, b, scorer=metric.distance, workers=-1).astype(np.int64)
            # rapidfuzz normalises edit distances by the longer string.
            longest = np.maximum(left.norm_lengths[a_codes], right.norm_lengths[b_codes])
            sim = 1.0 - dist / np.maximum(longest, 1)
            return sim[inverse], dist[inverse]
        scorer, scale = _SIMILARITY[self.method]
        sim = process.cpdist(a, b, scorer=scorer, workers=-1).astype(np.float64) / scale
        return sim[inverse], np.zeros(len(inverse), dtype=np.int64)

    def describe(self) -> str:
        """The levels in plain words."""
        high, medium = self.thresholds
        if self.method in _EDITS:
            return (
                f"text ({self.method}): exact / equal after normalisation / "
                f"at most {high:g} edits / at most {medium:g} edits / else"
            )
        return (
            f"text ({self.method}): exact / equal after normalisation / "
            f"similarity ≥ {high:g} / ≥ {medium:g} / else"
        )

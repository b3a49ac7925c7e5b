"""The weighted model: a user-chosen weighted average of per-field agreement, in [0, 1].

Each field has an importance (`weight`) and, optionally, a value in [0, 1] for each level
(exact 1.0, high 0.8, ...); without level values the field's similarity is used. A field that
is missing on either side (level null) leaves the average, so a blank phone number neither
helps nor hurts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from entitymatch.compare.levels import Level
from entitymatch.scoring.base import (
    LEVEL_NAMES,
    FloatArray,
    FloatMatrix,
    LevelMatrix,
    Model,
    Scores,
)


class WeightedModel(Model):
    """Score = Σ weight × value / Σ weight over the fields present on both sides."""

    kind = "weighted"
    score_column = "score"

    def __init__(
        self,
        fields: Sequence[str],
        weights: Sequence[float] | None = None,
        level_weights: Sequence[Mapping[str, float] | None] | None = None,
    ) -> None:
        super().__init__(fields)
        n = len(self.fields)
        self.weights = np.asarray(weights if weights is not None else [1.0] * n, dtype=np.float64)
        if self.weights.shape != (n,) or (self.weights < 0).any():
            raise ValueError("give one non-negative weight per field")
        self.level_weights: list[dict[str, float] | None] = [
            None if lw is None else {k: float(lw[k]) for k in LEVEL_NAMES}
            for lw in (level_weights if level_weights is not None else [None] * n)
        ]
        if len(self.level_weights) != n:
            raise ValueError("give level weights (or None) for every field")
        self.needs_similarity = any(lw is None for lw in self.level_weights)
        # Lookup table per field, indexed by level + 1 (index 0 is null, never used).
        self._tables = np.zeros((n, len(Level)), dtype=np.float64)
        for f, lw in enumerate(self.level_weights):
            if lw is not None:
                for name, level in LEVEL_NAMES.items():
                    self._tables[f, level + 1] = lw[name]

    @property
    def is_fitted(self) -> bool:
        return True

    def score(
        self,
        levels: LevelMatrix,
        similarity: FloatMatrix | None = None,
        tf: Mapping[int, FloatArray] | None = None,
    ) -> Scores:
        """Weighted average agreement per pair; contributions sum to the score."""
        values = np.empty(levels.shape, dtype=np.float64)
        for f, lw in enumerate(self.level_weights):
            if lw is None:
                if similarity is None:
                    raise ValueError(f"field {self.fields[f]!r} needs similarities")
                values[:, f] = similarity[:, f]
            else:
                values[:, f] = self._tables[f, levels[:, f].astype(np.int64) + 1]
        present = levels != Level.NULL
        weights = np.where(present, self.weights, 0.0)
        total = weights.sum(axis=1)
        safe = np.where(total > 0, total, 1.0)
        contributions = weights * values / safe[:, None]
        score = np.clip(contributions.sum(axis=1), 0.0, 1.0)
        return Scores(score=score, contributions=contributions)

    def _parameters(self) -> dict[str, Any]:
        return {"weights": self.weights.tolist(), "level_weights": self.level_weights}

    @classmethod
    def _from_parameters(cls, fields: Sequence[str], parameters: Mapping[str, Any]) -> Model:
        return cls(fields, parameters["weights"], parameters["level_weights"])

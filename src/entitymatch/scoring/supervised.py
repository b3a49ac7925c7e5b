"""The supervised model: logistic regression fitted on labelled pairs.

Features per field are the one-hot comparison level (null included: a missing value is
information the regression may weigh) and the similarity. Only the coefficients are kept, so
the saved model is plain JSON and scoring needs no scikit-learn object.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from entitymatch.compare.levels import Level
from entitymatch.scoring.base import (
    FloatArray,
    FloatMatrix,
    LevelMatrix,
    Model,
    Scores,
    sigmoid,
)

_PER_FIELD = len(Level) + 1  # one-hot levels, then the similarity


def features(levels: LevelMatrix, similarity: FloatMatrix) -> FloatMatrix:
    """The design matrix: per field, one column per level and one for the similarity."""
    n_pairs, n_fields = levels.shape
    out = np.zeros((n_pairs, n_fields * _PER_FIELD), dtype=np.float64)
    rows = np.arange(n_pairs)
    for f in range(n_fields):
        base = f * _PER_FIELD
        out[rows, base + levels[:, f].astype(np.int64) + 1] = 1.0
        out[:, base + len(Level)] = np.nan_to_num(similarity[:, f])
    return out


class SupervisedModel(Model):
    """Logistic regression on level one-hots and similarities; contributions are log-odds."""

    kind = "supervised"
    needs_similarity = True

    def __init__(self, fields: Sequence[str], regularisation: float = 1.0) -> None:
        super().__init__(fields)
        if regularisation <= 0:
            raise ValueError("regularisation must be positive")
        self.regularisation = float(regularisation)
        self.coefficients: FloatArray | None = None
        self.intercept: float | None = None

    @property
    def is_fitted(self) -> bool:
        return self.coefficients is not None

    def fit(
        self, levels: LevelMatrix, similarity: FloatMatrix, is_match: npt.ArrayLike
    ) -> SupervisedModel:
        """Fit on labelled pairs; both matches and non-matches must be present."""
        from sklearn.linear_model import LogisticRegression

        y = np.asarray(is_match, dtype=bool)
        if y.shape[0] != levels.shape[0]:
            raise ValueError("one label per pair")
        if y.all() or not y.any():
            raise ValueError("labelled pairs must include both matches and non-matches")
        regression = LogisticRegression(C=self.regularisation, max_iter=1000)
        regression.fit(features(levels, similarity), y)
        self.coefficients = regression.coef_[0].astype(np.float64)
        self.intercept = float(regression.intercept_[0])
        return self

    def score(
        self,
        levels: LevelMatrix,
        similarity: FloatMatrix | None = None,
        tf: Mapping[int, FloatArray] | None = None,
    ) -> Scores:
        """Match probability per pair; each field's log-odds contribution; log2 odds."""
        if self.coefficients is None or self.intercept is None:
            raise ValueError("the model is not fitted yet")
        if similarity is None:
            raise ValueError("the supervised model needs similarities")
        x = features(levels, similarity) * self.coefficients
        n_fields = levels.shape[1]
        contributions = x.reshape(levels.shape[0], n_fields, _PER_FIELD).sum(axis=2)
        logit = self.intercept + contributions.sum(axis=1)
        return Scores(sigmoid(logit), contributions, logit / np.log(2.0))

    def _parameters(self) -> dict[str, Any]:
        assert self.coefficients is not None
        return {
            "regularisation": self.regularisation,
            "intercept": self.intercept,
            "coefficients": self.coefficients.tolist(),
        }

    @classmethod
    def _from_parameters(cls, fields: Sequence[str], parameters: Mapping[str, Any]) -> Model:
        model = cls(fields, parameters["regularisation"])
        coefficients = np.asarray(parameters["coefficients"], dtype=np.float64)
        if coefficients.shape != (len(model.fields) * _PER_FIELD,):
            raise ValueError("coefficients do not match the fields")
        model.coefficients = coefficients
        model.intercept = float(parameters["intercept"])
        return model

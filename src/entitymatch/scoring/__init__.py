"""Scoring: turn comparison levels of candidate pairs into a score in [0, 1].

Three models share one interface (`Model.score`) and one JSON file format (`Model.save`,
`load_model`): `WeightedModel` (user weights), `FellegiSunterModel` (unsupervised, m and u with
term-frequency adjustment) and `SupervisedModel` (logistic regression on labelled pairs).
"""

from __future__ import annotations

from entitymatch.scoring.base import LEVEL_NAMES, Model, Scores, load_model, model_from_dict
from entitymatch.scoring.fellegi_sunter import (
    EMResult,
    FellegiSunterModel,
    PatternCounter,
    Session,
)
from entitymatch.scoring.supervised import SupervisedModel
from entitymatch.scoring.weighted import WeightedModel

__all__ = [
    "LEVEL_NAMES",
    "EMResult",
    "FellegiSunterModel",
    "Model",
    "PatternCounter",
    "Scores",
    "Session",
    "SupervisedModel",
    "WeightedModel",
    "load_model",
    "model_from_dict",
]

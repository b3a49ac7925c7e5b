"""What every scoring model shares: the scores it returns and how it is saved as JSON.

A model reads a batch of pairs as a matrix of comparison levels (pairs × fields, `Level` values
as int8), optionally their similarities and term frequencies, and returns a score in [0, 1] per
pair with each field's contribution. A fitted model is a small JSON document, so a user trains
once and scores many files, and can read what was learned.
"""

from __future__ import annotations

import json
import os
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from entitymatch.compare.levels import Level
from entitymatch.errors import SettingsError

FORMAT = "entitymatch-model"
VERSION = 1

LEVEL_NAMES: dict[str, Level] = {
    "exact": Level.EXACT,
    "normalised": Level.NORMALISED,
    "high": Level.HIGH,
    "medium": Level.MEDIUM,
    "else": Level.ELSE,
}
"""How settings and model files name the levels (null pairs carry no evidence, so no entry)."""

LevelMatrix = npt.NDArray[np.int8]
FloatArray = npt.NDArray[np.float64]
FloatMatrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Scores:
    """Scores of a batch of pairs.

    `score` is in [0, 1] (a match probability for probabilistic models); `contributions` holds
    each field's share, pairs × fields, in the model's own unit (bits of evidence for
    Fellegi-Sunter, log-odds for supervised, a share of the score for weighted);
    `match_weight` is the total evidence in bits (log2 odds) where the model has one.
    """

    score: FloatArray
    contributions: FloatMatrix
    match_weight: FloatArray | None = None


class Model(ABC):
    """A scoring model over the fields named in `fields`, in the order of the level matrix."""

    kind: ClassVar[str]
    score_column: ClassVar[str] = "match_probability"
    needs_similarity: bool = False

    def __init__(self, fields: Sequence[str]) -> None:
        if not fields:
            raise ValueError("a model needs at least one field")
        self.fields = tuple(fields)

    @property
    @abstractmethod
    def is_fitted(self) -> bool:
        """Whether the model can score."""

    @abstractmethod
    def score(
        self,
        levels: LevelMatrix,
        similarity: FloatMatrix | None = None,
        tf: Mapping[int, FloatArray] | None = None,
    ) -> Scores:
        """Scores for a batch of pairs; `tf` maps a field's position to each pair's term
        frequency (the larger of the two records' value frequencies)."""

    @abstractmethod
    def _parameters(self) -> dict[str, Any]:
        """The fitted parameters as plain JSON values."""

    @classmethod
    @abstractmethod
    def _from_parameters(cls, fields: Sequence[str], parameters: Mapping[str, Any]) -> Model:
        """The model back from `_parameters`."""

    def to_dict(self) -> dict[str, Any]:
        """The model as plain JSON values (what `save` writes)."""
        if not self.is_fitted:
            raise ValueError("the model is not fitted yet")
        return {
            "format": FORMAT,
            "version": VERSION,
            "model": self.kind,
            "fields": list(self.fields),
            "parameters": self._parameters(),
        }

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the model as JSON, atomically: the file is complete or untouched."""
        text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False)
        target = Path(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def check_fields(self, fields: Sequence[str], *, source: str | None = None) -> None:
        """Refuse to score fields other than those the model was fitted on."""
        if tuple(fields) != self.fields:
            raise SettingsError(
                f"the model was fitted on fields {', '.join(self.fields)}; the settings name "
                f"{', '.join(fields)}",
                key="fields",
                path=source,
            )


def model_from_dict(data: Mapping[str, Any], *, source: str | None = None) -> Model:
    """A model from `Model.to_dict` output; SettingsError if it is not one."""
    from entitymatch.scoring.fellegi_sunter import FellegiSunterModel
    from entitymatch.scoring.supervised import SupervisedModel
    from entitymatch.scoring.weighted import WeightedModel

    classes: dict[str, type[Model]] = {
        c.kind: c for c in (WeightedModel, FellegiSunterModel, SupervisedModel)
    }
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise SettingsError("not an entitymatch model file", path=source)
    if data.get("version") != VERSION:
        raise SettingsError(
            f"model file version {data.get('version')!r}; this entitymatch reads {VERSION}",
            path=source,
        )
    kind = data.get("model")
    if kind not in classes:
        raise SettingsError(f"unknown model {kind!r}", key="model", path=source)
    try:
        return classes[kind]._from_parameters(data["fields"], data["parameters"])
    except (KeyError, TypeError, ValueError) as error:
        raise SettingsError(f"damaged model file: {error}", path=source) from None


def load_model(path: str | os.PathLike[str]) -> Model:
    """Read a model saved by `Model.save`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise SettingsError(f"cannot read model file: {error.strerror}", path=str(path)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SettingsError(
            f"model file is not valid JSON: {error.msg} (line {error.lineno})", path=str(path)
        ) from None
    return model_from_dict(data, source=str(path))


def sigmoid(x: FloatArray) -> FloatArray:
    """The logistic function, without overflow warnings for large |x|."""
    out: FloatArray = np.empty_like(x, dtype=np.float64)
    positive = x >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-x[positive]))
    e = np.exp(x[~positive])
    out[~positive] = e / (1.0 + e)
    return out

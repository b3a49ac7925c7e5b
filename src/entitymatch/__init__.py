"""entitymatch: entity resolution across Chinese and English.

>>> import entitymatch as em
>>> em.compare_names("贾扬清", "Yangqing Jia", kind="person").is_match
True

The public surface is what `__all__` lists; everything else is private by convention.
"""

from __future__ import annotations

__version__ = "0.1.0"

from entitymatch.cleaning import CleanResult, clean
from entitymatch.compare.names import NameComparison, compare_names, compare_normalized
from entitymatch.errors import EntityMatchError, InputError, SettingsError
from entitymatch.evaluation import (
    EvaluationReport,
    best_threshold,
    evaluate,
    plot_threshold_curve,
    save_threshold_curve,
    threshold_curve,
)
from entitymatch.names import AliasTable, NormalizedName, normalize_name, normalize_names
from entitymatch.pipeline import Deduplicator, Linker
from entitymatch.scoring import load_model
from entitymatch.settings import Settings

__all__ = [
    "AliasTable",
    "CleanResult",
    "Deduplicator",
    "EntityMatchError",
    "EvaluationReport",
    "InputError",
    "Linker",
    "NameComparison",
    "NormalizedName",
    "Settings",
    "SettingsError",
    "__version__",
    "best_threshold",
    "clean",
    "compare_names",
    "compare_normalized",
    "evaluate",
    "load_model",
    "normalize_name",
    "normalize_names",
    "plot_threshold_curve",
    "save_threshold_curve",
    "threshold_curve",
]

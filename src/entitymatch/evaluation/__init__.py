"""Match quality: how far predicted matches agree with the truth, and where to set a threshold.

`evaluate` compares predicted matches with true ones, each given as a pair list or as cluster
assignments, and reports pairwise and B-cubed precision, recall and F1, cluster counts and,
given candidate pairs, how much blocking kept and saved. `threshold_curve` shows the trade-off
across the scores of a scored pair list, so a threshold is chosen from data, not guessed.
"""

from __future__ import annotations

from entitymatch.evaluation.curve import (
    best_threshold,
    plot_threshold_curve,
    save_threshold_curve,
    threshold_curve,
)
from entitymatch.evaluation.metrics import EvaluationReport, evaluate

__all__ = [
    "EvaluationReport",
    "best_threshold",
    "evaluate",
    "plot_threshold_curve",
    "save_threshold_curve",
    "threshold_curve",
]

"""Precision, recall and F1 at every score threshold of a scored pair list, in one sort.

A pair counts as a predicted match when its score is at least the threshold. Recall's
denominator is every true pair, including pairs missing from the scored table (lost to blocking,
say), so the curve shows the recall a user would really get, never more than blocking allows.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from entitymatch.evaluation.inputs import (
    PairTable,
    Sides,
    Table,
    as_frame,
    parse_pairs,
    parse_table,
    sides_from,
)
from entitymatch.evaluation.partition import (
    canonical_pairs,
    code_tables,
    encode,
    listed_hits,
)

CURVE_COLUMNS: tuple[str, ...] = (
    "threshold",
    "precision",
    "recall",
    "f1",
    "predicted_pairs",
    "true_positives",
)
# The plot draws at most this many rows of a curve, evenly spaced (the best one marked apart).
_PLOTTED_ROWS = 4000


def threshold_curve(
    pairs: pd.DataFrame,
    truth: pd.DataFrame,
    *,
    score_column: str = "score",
    id_column: str = "id",
    cluster_column: str = "cluster_id",
    left_ids: Iterable[object] | None = None,
    right_ids: Iterable[object] | None = None,
    zero_division: float = 0.0,
) -> pd.DataFrame:
    """One row per distinct score, lowest threshold first.

    `pairs` is a pair list with `score_column` (every row is scored, a match column is ignored);
    `truth` a pair list or cluster assignments, as for `evaluate`. A pair listed twice keeps its
    higher score. Recall is `zero_division` when the truth has no pairs. Pass `left_ids` and
    `right_ids` for a linkage, as for `evaluate`.
    """
    sides = sides_from(left_ids, right_ids)
    scored = parse_pairs(
        as_frame(pairs, "pairs"), sides=sides, matches_only=False, score_column=score_column
    )
    true = parse_table(
        as_frame(truth, "truth"), id_column=id_column, cluster_column=cluster_column, sides=sides
    )
    return curve_from_tables(scored, true, sides=sides, zero_division=zero_division)


def curve_from_tables(
    scored: PairTable, truth: Table, *, sides: Sides | None = None, zero_division: float = 0.0
) -> pd.DataFrame:
    """`threshold_curve` on tables already parsed (the CLI parses them itself)."""
    if scored.scores is None:
        raise ValueError("the pair table was read without scores")
    universe, (coded_scored, coded_truth) = code_tables([scored, truth], sides)
    true_side = encode(universe, coded_truth)
    true_pairs = true_side.pair_count(universe)

    first, second, kept = canonical_pairs(coded_scored)
    scores = scored.scores[kept]
    keys = first * universe.size + second
    # Highest score first, so each pair's first occurrence is its best.
    order = np.lexsort((-scores, keys))
    keys, scores = keys[order], scores[order]
    best = np.ones(keys.size, dtype=bool)
    best[1:] = keys[1:] != keys[:-1]
    keys, scores = keys[best], scores[best]

    is_true = listed_hits(universe, keys, true_side)

    order = np.argsort(-scores, kind="stable")
    scores, is_true = scores[order], is_true[order]
    true_positives = np.cumsum(is_true, dtype=np.int64)
    predicted = np.arange(1, scores.size + 1, dtype=np.int64)
    # Ties share one threshold: it admits the whole run of equal scores at once.
    run_end = np.ones(scores.size, dtype=bool)
    run_end[:-1] = scores[1:] != scores[:-1]
    thresholds = scores[run_end][::-1]
    true_positives, predicted = true_positives[run_end][::-1], predicted[run_end][::-1]

    recall = (
        true_positives / true_pairs
        if true_pairs
        else np.full(thresholds.size, zero_division, dtype=np.float64)
    )
    return pd.DataFrame(
        {
            "threshold": thresholds,
            "precision": true_positives / predicted,
            "recall": recall.astype(np.float64),
            "f1": 2 * true_positives / (predicted + true_pairs),
            "predicted_pairs": predicted,
            "true_positives": true_positives,
        },
        columns=list(CURVE_COLUMNS),
    )


def best_threshold(curve: pd.DataFrame) -> tuple[float, float]:
    """The threshold with the highest F1, and that F1; of equal F1s, the highest threshold
    (fewest predicted pairs, so the least review work for the same quality)."""
    _check_curve(curve)
    f1 = curve["f1"].to_numpy(dtype=np.float64)
    if not np.isfinite(f1).any():
        raise ValueError("the curve has no defined F1")
    thresholds = curve["threshold"].to_numpy(dtype=np.float64)
    top = np.nanmax(f1)
    threshold = float(thresholds[f1 == top].max())
    return threshold, float(top)


def save_threshold_curve(curve: pd.DataFrame, csv_path: str | os.PathLike[str]) -> None:
    """Write the curve as UTF-8 CSV, atomically: readers never see half a file."""
    _check_curve(curve)
    data = curve.to_csv(index=False, lineterminator="\n").encode("utf-8")
    _write_atomically(Path(csv_path), lambda handle: handle.write(data))


def plot_threshold_curve(curve: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Draw precision, recall and F1 against threshold beside the precision–recall curve, the
    best-F1 threshold marked on both, into a PNG (written atomically)."""
    _check_curve(curve)
    if curve.empty:
        raise ValueError("the curve is empty: no scored pairs to draw")
    # Imported here: matplotlib is slow to import and only plotting needs it. A bare Figure
    # with the Agg canvas leaves the caller's pyplot backend alone.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    threshold, f1 = best_threshold(curve)
    at_best = curve.loc[curve["threshold"] == threshold].iloc[0]
    if len(curve) > _PLOTTED_ROWS:
        # Millions of thresholds draw no better than thousands, and take minutes to draw.
        keep = np.unique(np.linspace(0, len(curve) - 1, _PLOTTED_ROWS).round().astype(np.int64))
        curve = curve.iloc[keep]
    figure = Figure(figsize=(11, 4.5), layout="constrained")
    FigureCanvasAgg(figure)
    by_threshold, pr = figure.subplots(1, 2)

    best_label = f"best F1 {f1:.3f} at threshold {threshold:.4g}"
    # Pairs scoring in (previous threshold, this one] are predicted exactly from this threshold
    # on, so each value holds to the left of its point: steps-pre.
    for column, label in (("precision", "precision"), ("recall", "recall"), ("f1", "F1")):
        by_threshold.plot(curve["threshold"], curve[column], label=label, drawstyle="steps-pre")
    by_threshold.axvline(threshold, color="grey", linestyle="--", linewidth=1, label=best_label)
    by_threshold.plot([threshold], [f1], marker="o", color="tab:red")
    by_threshold.set(xlabel="threshold (score ≥ threshold is a match)", ylabel="value")
    by_threshold.set_ylim(-0.02, 1.05)
    by_threshold.set_title("Precision, recall and F1 by threshold")
    by_threshold.legend(loc="best")

    pr.plot(curve["recall"], curve["precision"], marker=".", markersize=3, label="thresholds")
    pr.plot(
        [at_best["recall"]],
        [at_best["precision"]],
        marker="o",
        linestyle="none",
        color="tab:red",
        label=best_label,
    )
    pr.set(xlabel="recall", ylabel="precision", xlim=(-0.02, 1.02), ylim=(-0.02, 1.05))
    pr.set_title("Precision–recall")
    pr.legend(loc="best")

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    _write_atomically(Path(path), lambda handle: handle.write(buffer.getvalue()))


def _check_curve(curve: pd.DataFrame) -> None:
    missing = [
        column for column in ("threshold", "precision", "recall", "f1") if column not in curve
    ]
    if missing:
        raise ValueError(f"not a threshold curve: missing column(s) {', '.join(missing)}")


def _write_atomically(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise

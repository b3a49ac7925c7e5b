"""The threshold curve, the best threshold and the curve files, on a table small enough to check
by hand."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from entitymatch.errors import InputError
from entitymatch.evaluation import (
    best_threshold,
    plot_threshold_curve,
    save_threshold_curve,
    threshold_curve,
)

TRUTH = pd.DataFrame({"id": [1, 2, 3, 4, 5], "cluster_id": ["a", "a", "a", "b", "b"]})
# True pairs 12 13 23 45: four, and 23 is missing from the scored table (lost to blocking).
SCORED = pd.DataFrame(
    {
        "id_l": [1, 4, 2, 1, 3, 2, 3],
        "id_r": [2, 5, 4, 3, 5, 1, 3],
        "score": [0.9, 0.8, 0.8, 0.5, 0.2, 0.3, 0.99],  # 21 repeats 12 lower; 33 is a self-pair
    }
)


def test_curve_worked_by_hand() -> None:
    # Highest score first: 0.9 12 (true) | 0.8 45 (true), 24 (false) | 0.5 13 (true) | 0.2 35.
    #   ≥ 0.9: TP 1 of 1 predicted: P 1,    R 1/4, F1 2·1/(1+4) = 0.4
    #   ≥ 0.8: TP 2 of 3:           P 2/3,  R 2/4, F1 4/(3+4)   = 4/7
    #   ≥ 0.5: TP 3 of 4:           P 3/4,  R 3/4, F1 6/(4+4)   = 0.75
    #   ≥ 0.2: TP 3 of 5:           P 3/5,  R 3/4, F1 6/(5+4)   = 2/3
    curve = threshold_curve(SCORED, TRUTH)
    assert list(curve.columns[:5]) == ["threshold", "precision", "recall", "f1", "predicted_pairs"]
    assert curve["threshold"].tolist() == [0.2, 0.5, 0.8, 0.9]
    assert curve["predicted_pairs"].tolist() == [5, 4, 3, 1]
    assert curve["precision"].tolist() == pytest.approx([3 / 5, 3 / 4, 2 / 3, 1])
    assert curve["recall"].tolist() == pytest.approx([3 / 4, 3 / 4, 2 / 4, 1 / 4])
    assert curve["f1"].tolist() == pytest.approx([2 / 3, 0.75, 4 / 7, 0.4])
    assert best_threshold(curve) == (0.5, 0.75)


def test_curve_with_truth_as_pairs_and_string_scores() -> None:
    truth = pd.DataFrame({"id_l": [1, 1, 2, 4], "id_r": [2, 3, 3, 5]})
    as_text = SCORED.astype(str)
    pd.testing.assert_frame_equal(threshold_curve(as_text, truth), threshold_curve(SCORED, TRUTH))


def test_curve_ignores_a_match_column_and_reads_another_score_column() -> None:
    scored = SCORED.rename(columns={"score": "match_probability"}).assign(is_match=0)
    curve = threshold_curve(scored, TRUTH, score_column="match_probability")
    assert curve["predicted_pairs"].tolist() == [5, 4, 3, 1]


def test_curve_in_link_mode() -> None:
    # L1-R1 true at 0.9, L1-R2 false at 0.7; the truth also holds L2-R2, never scored.
    scored = pd.DataFrame({"id_l": [1, 1], "id_r": [1, 2], "score": [0.9, 0.7]})
    truth = pd.DataFrame({"id_l": [1, 2], "id_r": [1, 2]})
    curve = threshold_curve(scored, truth, left_ids=[1, 2], right_ids=[1, 2])
    assert curve["precision"].tolist() == [0.5, 1.0]
    assert curve["recall"].tolist() == [0.5, 0.5]


def test_curve_errors() -> None:
    with pytest.raises(
        InputError, match=r"needs column\(s\) probability \(found: id_l, id_r, score\)"
    ):
        threshold_curve(SCORED, TRUTH, score_column="probability")
    bad = SCORED.astype(str)
    bad.loc[2, "score"] = "high"
    with pytest.raises(InputError, match=r"row 3, column 'score': score 'high' is not a number"):
        threshold_curve(bad, TRUTH)
    with pytest.raises(InputError, match=r"id_l, id_r"):
        threshold_curve(TRUTH, TRUTH)


def test_empty_pairs_give_an_empty_curve() -> None:
    curve = threshold_curve(SCORED.iloc[:0], TRUTH)
    assert curve.empty and "f1" in curve.columns
    with pytest.raises(ValueError, match="empty"):
        plot_threshold_curve(curve, "unused.png")


def test_best_threshold_prefers_the_highest_of_equal_f1() -> None:
    curve = pd.DataFrame(
        {
            "threshold": [0.1, 0.4, 0.6, 0.8],
            "precision": [0.5, 0.6, 0.8, 1.0],
            "recall": [1.0, 0.9, 0.8, 0.2],
            "f1": [0.6, 0.8, 0.8, 0.3],
        }
    )
    assert best_threshold(curve) == (0.6, 0.8)
    with pytest.raises(ValueError, match="no defined F1"):
        best_threshold(curve.iloc[:0])


def test_plot_writes_a_png_atomically(tmp_path: Path) -> None:
    target = tmp_path / "curve.png"
    target.write_bytes(b"old")
    plot_threshold_curve(threshold_curve(SCORED, TRUTH), target)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size > 10_000
    assert os.listdir(tmp_path) == ["curve.png"]


def test_failed_write_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        save_threshold_curve(threshold_curve(SCORED, TRUTH), tmp_path / "missing" / "c.csv")
    assert list(tmp_path.iterdir()) == []


def test_saved_csv_reads_back(tmp_path: Path) -> None:
    curve = threshold_curve(SCORED, TRUTH)
    target = tmp_path / "curve.csv"
    save_threshold_curve(curve, target)
    pd.testing.assert_frame_equal(pd.read_csv(target), curve)
    assert os.listdir(tmp_path) == ["curve.csv"]

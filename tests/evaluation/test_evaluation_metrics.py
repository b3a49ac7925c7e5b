"""`evaluate` against examples worked by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import dataclasses
import json
import math

import pandas as pd
import pytest

from entitymatch.errors import InputError
from entitymatch.evaluation import EvaluationReport, evaluate


def clusters(groups: list[list[object]]) -> pd.DataFrame:
    rows = [(record, f"c{number}") for number, group in enumerate(groups) for record in group]
    return pd.DataFrame(rows, columns=["id", "cluster_id"])


def pairs(rows: list[tuple[object, object]], **extra: list[object]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["id_l", "id_r"])
    for column, values in extra.items():
        frame[column] = values
    return frame


# Predicted {1,2,3},{4,5} against true {1,2},{3,4,5}.
# Predicted pairs 12 13 23 45; true pairs 12 34 35 45. TP = {12, 45} = 2, FP = {13, 23} = 2,
# FN = {34, 35} = 2, so P = R = F1 = 2/4 = 0.5.
# B-cubed, record by record (|pred ∩ true| / |pred|, |pred ∩ true| / |true|):
#   1: 2/3, 2/2   2: 2/3, 2/2   3: 1/3, 1/3   4: 2/2, 2/3   5: 2/2, 2/3
#   P = (2/3 + 2/3 + 1/3 + 1 + 1) / 5 = 11/15;  R = (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = 11/15.
PREDICTED = clusters([[1, 2, 3], [4, 5]])
TRUTH = clusters([[1, 2], [3, 4, 5]])


def test_clusters_against_clusters_worked_by_hand() -> None:
    report = evaluate(PREDICTED, TRUTH)
    assert (report.true_positives, report.false_positives, report.false_negatives) == (2, 2, 2)
    assert report.precision == report.recall == report.f1 == 0.5
    assert report.bcubed_precision == pytest.approx(11 / 15)
    assert report.bcubed_recall == pytest.approx(11 / 15)
    assert report.bcubed_f1 == pytest.approx(11 / 15)
    assert (report.predicted_clusters, report.true_clusters, report.exact_clusters) == (2, 2, 0)
    assert (report.predicted_singletons, report.true_singletons) == (0, 0)
    assert report.records == 5
    assert report.mode == "dedupe"
    assert report.candidate_pairs is None and report.reduction_ratio is None


def test_pair_lists_give_the_same_report_as_the_clusters_they_list() -> None:
    predicted = pairs([(1, 2), (3, 1), (2, 3), (4, 5)])
    truth = pairs([(1, 2), (3, 4), (5, 3), (4, 5)])
    assert evaluate(predicted, truth) == evaluate(PREDICTED, TRUTH)
    assert evaluate(predicted, TRUTH) == evaluate(PREDICTED, truth) == evaluate(PREDICTED, TRUTH)


def test_pairwise_metrics_use_listed_pairs_and_cluster_metrics_their_components() -> None:
    # Listed 12 and 23; truth {1,2,3} holds 12 13 23. TP = 2, FP = 0, FN = 1 (13):
    # P = 1, R = 2/3, F1 = 2·2 / (2 + 3) = 0.8. The components {1,2,3} equal the truth.
    report = evaluate(pairs([(1, 2), (2, 3)]), clusters([[1, 2, 3]]))
    assert (report.true_positives, report.false_positives, report.false_negatives) == (2, 0, 1)
    assert report.precision == 1.0
    assert report.recall == pytest.approx(2 / 3)
    assert report.f1 == pytest.approx(0.8)
    assert report.bcubed_precision == report.bcubed_recall == 1.0
    assert report.exact_clusters == report.true_clusters == 1


def test_pairs_are_unordered_and_self_pairs_and_repeats_are_ignored() -> None:
    predicted = pairs([(2, 1), (1, 2), (3, 3), (1, 2)])
    report = evaluate(predicted, pairs([(1, 2)]))
    assert (report.true_positives, report.false_positives, report.false_negatives) == (1, 0, 0)


def test_a_match_column_keeps_only_the_rows_it_marks_true() -> None:
    predicted = pairs(
        [(1, 2), (1, 3), (2, 3), (4, 5), (3, 4)],
        is_match=["1", "true", "Yes", "1.0", "0"],
    )
    truth = pairs([(1, 2), (3, 4), (3, 5), (4, 5), (1, 4)], match=[1, 1, 1, 1, 0])
    assert evaluate(predicted, truth) == evaluate(PREDICTED, TRUTH)


def test_a_score_column_alone_does_not_filter_pairs() -> None:
    predicted = pairs([(1, 2), (1, 3), (2, 3), (4, 5)], score=[0.9, 0.1, 0.2, 0.8])
    assert evaluate(predicted, TRUTH).false_positives == 2


def test_ids_are_compared_as_stripped_text() -> None:
    predicted = pd.DataFrame({"id": [1, 2, 3.0], "cluster_id": ["a", "a", "b"]})
    truth = pd.DataFrame({"id": [" 1", "2 ", "3"], "cluster_id": [7, 7, 8]})
    report = evaluate(predicted, truth)
    assert report.records == 3
    assert report.exact_clusters == 2
    assert report.f1 == 1.0


def test_float_ids_from_a_column_with_gaps_read_as_integers() -> None:
    predicted = pd.DataFrame({"id_l": [1.0, 3.0], "id_r": [2.0, float("nan")]})
    with pytest.raises(InputError, match=r"row 2, column 'id_r': empty id"):
        evaluate(predicted, TRUTH)
    report = evaluate(predicted.iloc[:1], pairs([("1", "2")]))
    assert report.true_positives == 1


def test_ids_only_one_side_mentions_are_singletons() -> None:
    # Predicted {1,2},{3}; truth {1,2,4}. Universe 1..4, so 4 is alone in the prediction and 3
    # in the truth. Pairs: predicted 12; true 12 14 24. TP = 1: P = 1, R = 1/3,
    # F1 = 2 / (1 + 3) = 0.5. B-cubed: 1: 1, 2/3   2: 1, 2/3   3: 1, 1   4: 1, 1/3
    # P = 1, R = (2/3 + 2/3 + 1 + 1/3) / 4 = 2/3, F1 = 2 · 2/3 / (5/3) = 0.8.
    report = evaluate(clusters([[1, 2], [3]]), clusters([[1, 2, 4]]))
    assert report.precision == 1.0
    assert report.recall == pytest.approx(1 / 3)
    assert report.f1 == 0.5
    assert report.bcubed_precision == 1.0
    assert report.bcubed_recall == pytest.approx(2 / 3)
    assert report.bcubed_f1 == pytest.approx(0.8)
    assert (report.predicted_clusters, report.true_clusters) == (3, 2)
    assert (report.predicted_singletons, report.true_singletons) == (2, 1)
    assert report.exact_clusters == 1  # {3}


def test_an_empty_cluster_label_means_a_singleton() -> None:
    predicted = pd.DataFrame({"id": [1, 2, 3], "cluster_id": ["", "", "x"]})
    report = evaluate(predicted, clusters([[1], [2], [3]]))
    assert report.predicted_clusters == 3
    assert report.exact_clusters == 3


def test_link_mode_keeps_equal_ids_of_the_two_tables_apart() -> None:
    # Left ids 1,2,3 and right ids 1,2,3 are six records. Predicted L1-R1, L2-R2, L3-R2;
    # truth L1-R1, L2-R2, L3-R3. TP = 2, FP = 1 (L3-R2), FN = 1 (L3-R3): P = R = F1 = 2/3.
    # Clusters: predicted {L1,R1} {L2,R2,L3} {R3}; true {L1,R1} {L2,R2} {L3,R3}.
    # B-cubed: L1, R1: 1, 1   L2, R2: 2/3, 1   L3: 1/3, 1/2   R3: 1, 1/2
    # P = (1 + 1 + 2/3 + 2/3 + 1/3 + 1) / 6 = 7/9;  R = (4 + 1/2 + 1/2) / 6 = 5/6.
    # Candidates L1-R1, L1-R2, L2-R2, L3-R2 of 3·3 = 9 possible: RR = 5/9; they hold 2 of the
    # 3 true pairs: pair completeness 2/3.
    predicted = pairs([(1, 1), (2, 2), (3, 2)])
    truth = pairs([(1, 1), (2, 2), (3, 3)])
    candidates = pairs([(1, 1), (1, 2), (2, 2), (3, 2)])
    report = evaluate(
        predicted, truth, candidate_pairs=candidates, left_ids=[1, 2, 3], right_ids=["1", 2, 3]
    )
    assert report.mode == "link"
    assert report.records == 6
    assert (report.true_positives, report.false_positives, report.false_negatives) == (2, 1, 1)
    assert report.precision == report.recall == report.f1 == pytest.approx(2 / 3)
    assert report.bcubed_precision == pytest.approx(7 / 9)
    assert report.bcubed_recall == pytest.approx(5 / 6)
    assert (report.predicted_clusters, report.true_clusters, report.exact_clusters) == (3, 3, 1)
    assert (report.predicted_singletons, report.true_singletons) == (1, 0)
    assert report.candidate_pairs == 4
    assert report.reduction_ratio == pytest.approx(5 / 9)
    assert report.pair_completeness == pytest.approx(2 / 3)


def test_without_sides_equal_ids_are_one_record() -> None:
    # The same rows read as a deduplication: 1-1 and 2-2 are self-pairs and vanish.
    report = evaluate(pairs([(1, 1), (2, 2), (3, 2)]), pairs([(1, 1), (2, 2), (3, 3)]))
    assert (report.true_positives, report.false_positives, report.false_negatives) == (0, 1, 0)


def test_link_clusters_imply_only_cross_table_pairs() -> None:
    # True cluster {a, b, x} with a, b on the left: its links are a-x and b-x (2, not 3 pairs).
    truth = clusters([["a", "b", "x"], ["y"]])
    report = evaluate(pairs([("a", "x")]), truth, left_ids=["a", "b"], right_ids=["x", "y"])
    assert (report.true_positives, report.false_positives, report.false_negatives) == (1, 0, 1)
    assert report.recall == 0.5


def test_link_mode_rejects_ids_of_the_wrong_table() -> None:
    with pytest.raises(InputError, match=r"row 1, column 'id_r': id 'a' is not in the right"):
        evaluate(pairs([("a", "a")]), pairs([("a", "x")]), left_ids=["a"], right_ids=["x"])
    ambiguous = clusters([["a", "x"]])
    with pytest.raises(InputError, match="both the left and the right table"):
        evaluate(ambiguous, ambiguous, left_ids=["a", "x"], right_ids=["x"])
    with pytest.raises(ValueError, match="both left_ids and right_ids"):
        evaluate(PREDICTED, TRUTH, left_ids=[1])


def test_candidate_pairs_dedupe_worked_by_hand() -> None:
    # True pairs 12 34 35 45. Candidates 12 34 15 (21 repeats 12): 3 distinct, 2 of them true:
    # pair completeness 2/4 = 0.5. Five records give 5·4/2 = 10 possible pairs: RR = 1 − 3/10.
    candidates = pairs([(1, 2), (3, 4), (1, 5), (2, 1)])
    report = evaluate(PREDICTED, TRUTH, candidate_pairs=candidates)
    assert report.candidate_pairs == 3
    assert report.pair_completeness == 0.5
    assert report.reduction_ratio == pytest.approx(0.7)
    # Ten records, five never mentioned: 45 possible pairs, RR = 1 − 3/45.
    larger = evaluate(PREDICTED, TRUTH, candidate_pairs=candidates, n_records=10)
    assert larger.reduction_ratio == pytest.approx(1 - 3 / 45)


def test_a_candidate_count_gives_reduction_ratio_only() -> None:
    report = evaluate(PREDICTED, TRUTH, candidate_pairs=9, n_records=10)
    assert report.reduction_ratio == pytest.approx(1 - 9 / 45)
    assert report.pair_completeness is None
    with pytest.raises(ValueError, match="only 45 pairs are possible"):
        evaluate(PREDICTED, TRUTH, candidate_pairs=46, n_records=10)


def test_unmentioned_records_count_as_singletons_on_both_sides() -> None:
    # Five more records, each alone on both sides: each scores B-cubed 1, and each is a
    # cluster recovered exactly. B-cubed P = (11/3 + 5) / 10 = 13/15.
    report = evaluate(PREDICTED, TRUTH, n_records=10)
    assert report.records == 10
    assert report.bcubed_precision == pytest.approx(13 / 15)
    assert (report.predicted_clusters, report.exact_clusters, report.true_singletons) == (7, 5, 5)
    assert report.f1 == 0.5
    with pytest.raises(InputError, match="n_records=4 is fewer than the 5 distinct ids"):
        evaluate(PREDICTED, TRUTH, n_records=4)


def test_no_predicted_pairs_follows_zero_division() -> None:
    alone = clusters([[1], [2], [3], [4], [5]])
    report = evaluate(alone, TRUTH)
    assert (report.precision, report.recall, report.f1) == (0.0, 0.0, 0.0)
    lenient = evaluate(alone, TRUTH, zero_division=1.0)
    # Precision is undefined; recall (0 of 4) and F1 (0 / 4) are not.
    assert (lenient.precision, lenient.recall, lenient.f1) == (1.0, 0.0, 0.0)


def test_empty_truth_and_empty_prediction() -> None:
    nothing = pairs([])
    report = evaluate(nothing, nothing)
    assert report.records == 0
    assert (report.precision, report.recall, report.f1, report.bcubed_f1) == (0, 0, 0, 0)
    assert evaluate(nothing, nothing, zero_division=1.0).f1 == 1.0
    undefined = evaluate(nothing, nothing, zero_division=math.nan)
    assert math.isnan(undefined.precision)
    assert json.loads(undefined.to_json())["precision"] is None
    # Predictions against a truth with no pairs: precision 0, recall undefined.
    report = evaluate(PREDICTED, clusters([[1], [2], [3], [4], [5]]))
    assert (report.precision, report.recall, report.f1) == (0.0, 0.0, 0.0)
    assert report.false_positives == 4


def test_report_is_frozen_and_serialises() -> None:
    report = evaluate(PREDICTED, TRUTH, candidate_pairs=3)
    assert isinstance(report, EvaluationReport)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.f1 = 1.0  # type: ignore[misc]
    assert json.loads(report.to_json()) == report.to_dict()
    assert report.to_dict()["precision"] == 0.5


def test_table_is_aligned_with_four_decimals() -> None:
    lines = evaluate(PREDICTED, TRUTH).to_table().splitlines()
    assert lines[0].split() == ["metric", "value"]
    assert len({len(line) for line in lines}) == 1
    assert any(line.startswith("pairwise precision") and line.endswith("0.5000") for line in lines)
    assert any(line.startswith("B-cubed recall") and line.endswith("0.7333") for line in lines)
    assert not any("reduction ratio" in line for line in lines)
    blocking = evaluate(PREDICTED, TRUTH, candidate_pairs=5).to_table()
    assert "reduction ratio" in blocking and "0.5000" in blocking


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (
            pd.DataFrame({"id": [1], "cluster": [1]}),
            r"missing column\(s\) id_l, id_r .* cluster_id",
        ),
        (pd.DataFrame({"id": [1, 1], "cluster_id": ["a", "b"]}), r"row 2, column 'id': id '1'"),
        (pd.DataFrame({"id": ["", "2"], "cluster_id": ["a", "b"]}), r"row 1, column 'id': empty"),
        (pairs([(1, 2)], is_match=["maybe"]), r"row 1, column 'is_match': 'maybe' is not a yes"),
    ],
)
def test_bad_input_is_reported_with_row_and_column(frame: pd.DataFrame, message: str) -> None:
    with pytest.raises(InputError, match=message):
        evaluate(frame, TRUTH)


def test_repeated_rows_of_the_same_assignment_are_harmless() -> None:
    repeated = pd.concat([PREDICTED, PREDICTED.iloc[:2]])
    assert evaluate(repeated, TRUTH) == evaluate(PREDICTED, TRUTH)


def test_non_frames_are_a_type_error() -> None:
    with pytest.raises(TypeError, match="predicted must be a pandas DataFrame"):
        evaluate([(1, 2)], TRUTH)  # type: ignore[arg-type]


def test_custom_column_names() -> None:
    predicted = PREDICTED.rename(columns={"id": "record", "cluster_id": "entity"})
    truth = TRUTH.rename(columns={"id": "record", "cluster_id": "entity"})
    report = evaluate(predicted, truth, id_column="record", cluster_column="entity")
    assert report == evaluate(PREDICTED, TRUTH)

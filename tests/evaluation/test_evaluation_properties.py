"""Invariants of `evaluate` and `threshold_curve` over random clusterings and pair lists."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from entitymatch.evaluation import evaluate, threshold_curve

RATIOS = ("precision", "recall", "f1", "bcubed_precision", "bcubed_recall", "bcubed_f1")

labellings = st.lists(st.integers(0, 5), min_size=1, max_size=14)
edge_lists = st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=20)


def as_clusters(labels: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"r{i}" for i in range(len(labels))], "cluster_id": labels})


def as_pairs(labels: list[int]) -> pd.DataFrame:
    """Every within-cluster pair of a labelling, written out."""
    rows = [
        (f"r{i}", f"r{j}")
        for i, j in itertools.combinations(range(len(labels)), 2)
        if labels[i] == labels[j]
    ]
    return pd.DataFrame(rows, columns=["id_l", "id_r"])


def reference_components(size: int, edges: list[tuple[int, int]]) -> list[int]:
    """Plain union-find, the obvious way, to check the vectorised one against."""
    parent = list(range(size))

    def root(node: int) -> int:
        while parent[node] != node:
            node = parent[node]
        return node

    for a, b in edges:
        parent[root(a)] = root(b)
    return [root(node) for node in range(size)]


@given(labellings, labellings)
def test_ratios_lie_between_zero_and_one(predicted: list[int], truth: list[int]) -> None:
    """Every precision, recall and F1 is in [0, 1]."""
    size = min(len(predicted), len(truth))
    report = evaluate(as_clusters(predicted[:size]), as_clusters(truth[:size]))
    for name in RATIOS:
        assert 0.0 <= getattr(report, name) <= 1.0


@given(labellings)
def test_truth_against_itself_is_perfect(truth: list[int]) -> None:
    """The truth evaluated against itself scores 1.0 everywhere and recovers every cluster."""
    report = evaluate(as_clusters(truth), as_clusters(truth), zero_division=1.0)
    for name in RATIOS:
        assert getattr(report, name) == 1.0
    assert report.exact_clusters == report.true_clusters == report.predicted_clusters
    if report.true_positives:
        assert evaluate(as_clusters(truth), as_pairs(truth)).f1 == 1.0


@given(labellings, labellings, st.randoms(use_true_random=False))
def test_invariant_to_label_names_and_row_order(
    predicted: list[int], truth: list[int], random: object
) -> None:
    """Renaming cluster labels and shuffling rows leaves the report unchanged."""
    size = min(len(predicted), len(truth))
    predicted_frame, truth_frame = as_clusters(predicted[:size]), as_clusters(truth[:size])
    expected = evaluate(predicted_frame, truth_frame)
    renamed = {label: f"entity-{(label * 7 + 3) % 11}" for label in range(6)}
    seed = random.randrange(2**32 - 1)  # type: ignore[attr-defined]  # seed + 1 < 2**32
    shuffled = predicted_frame.assign(cluster_id=predicted_frame["cluster_id"].map(renamed))
    shuffled = shuffled.sample(frac=1.0, random_state=seed)
    assert evaluate(shuffled, truth_frame.sample(frac=1.0, random_state=seed + 1)) == expected


@given(labellings, labellings)
def test_clusters_and_their_pairs_agree(predicted: list[int], truth: list[int]) -> None:
    """A clustering and the list of its within-cluster pairs give the same report."""
    size = min(len(predicted), len(truth))
    truth_frame = as_clusters(truth[:size])
    assert evaluate(as_pairs(predicted[:size]), truth_frame) == evaluate(
        as_clusters(predicted[:size]), truth_frame
    )


@given(edge_lists)
def test_pair_lists_cluster_into_their_connected_components(edges: list[tuple[int, int]]) -> None:
    """The clusters of a pair list are its connected components."""
    components = reference_components(12, edges)
    predicted = pd.DataFrame([(f"r{a}", f"r{b}") for a, b in edges], columns=["id_l", "id_r"])
    report = evaluate(predicted, as_clusters(components))
    assert report.bcubed_precision == report.bcubed_recall == 1.0
    assert report.exact_clusters == report.true_clusters == len(set(components))


@settings(max_examples=50)
@given(
    labellings,
    st.lists(
        st.tuples(st.integers(0, 13), st.integers(0, 13), st.sampled_from([0.1, 0.4, 0.5, 0.9])),
        min_size=1,
        max_size=25,
    ),
)
def test_curve_matches_evaluate_at_every_threshold(
    truth: list[int], scored: list[tuple[int, int, float]]
) -> None:
    """Each curve row equals `evaluate` of the pairs scoring at least its threshold."""
    pairs = pd.DataFrame(
        [(f"r{a}", f"r{b}", score) for a, b, score in scored], columns=["id_l", "id_r", "score"]
    )
    truth_frame = as_clusters(truth)
    curve = threshold_curve(pairs, truth_frame)
    for row in curve.itertuples():
        # A repeated pair counts at its best score, as the curve keeps it.
        best = pairs.assign(
            key=[tuple(sorted(p)) for p in zip(pairs.id_l, pairs.id_r, strict=True)]
        )
        best = best.groupby("key")["score"].transform("max")
        report = evaluate(pairs[best.to_numpy() >= row.threshold], truth_frame)
        assert row.predicted_pairs == report.true_positives + report.false_positives
        assert np.isclose(row.precision, report.precision)
        assert np.isclose(row.recall, report.recall)
        assert np.isclose(row.f1, report.f1)


cross_pairs = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), max_size=12)


@given(cross_pairs, cross_pairs)
def test_link_mode_equals_dedupe_over_disjoint_ids(
    predicted: list[tuple[int, int]], truth: list[tuple[int, int]]
) -> None:
    """Linking tables whose ids collide scores pairs as deduplicating with the ids made distinct."""

    def frame(rows: list[tuple[int, int]], left: str, right: str) -> pd.DataFrame:
        return pd.DataFrame(
            [(f"{left}{a}", f"{right}{b}") for a, b in rows], columns=["id_l", "id_r"]
        )

    ids = [str(number) for number in range(5)]
    linked = evaluate(frame(predicted, "", ""), frame(truth, "", ""), left_ids=ids, right_ids=ids)
    deduped = evaluate(frame(predicted, "L", "R"), frame(truth, "L", "R"))
    for name in ("true_positives", "false_positives", "false_negatives", "precision", "recall"):
        assert getattr(linked, name) == getattr(deduped, name)
    assert linked.records == 10

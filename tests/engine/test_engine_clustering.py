"""Clustering: components above the threshold, the chain guard, ids independent of row order."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from entitymatch.clustering import Guard, cluster_ids, cluster_pairs


def groups(labels: np.ndarray) -> set[frozenset[int]]:
    out: dict[int, set[int]] = {}
    for i, label in enumerate(labels.tolist()):
        out.setdefault(label, set()).add(i)
    return {frozenset(g) for g in out.values()}


def test_pairs_above_the_threshold_join_their_records() -> None:
    labels = cluster_pairs(
        6,
        np.array([0, 1, 3, 4]),
        np.array([1, 2, 4, 5]),
        np.array([0.99, 0.95, 0.5, 0.97]),
        threshold=0.9,
    )

    assert groups(labels) == {frozenset({0, 1, 2}), frozenset({3}), frozenset({4, 5})}


def test_weak_links_cannot_build_a_chain_past_the_guard() -> None:
    # A chain 0-1-2-3-4-5 of links just above the threshold.
    left, right = np.arange(5), np.arange(1, 6)
    score = np.array([0.91, 0.92, 0.93, 0.94, 0.95])

    unguarded = cluster_pairs(6, left, right, score, threshold=0.9)
    guarded = cluster_pairs(6, left, right, score, threshold=0.9, guard=Guard(3, 0.99))

    assert groups(unguarded) == {frozenset(range(6))}
    # Strongest first: 4-5 and 3-4 make {3, 4, 5}; 2-3 would make four; 1-2 and 0-1 go on.
    assert groups(guarded) == {frozenset({3, 4, 5}), frozenset({0, 1, 2})}


def test_strong_links_join_whatever_the_size() -> None:
    left, right = np.arange(5), np.arange(1, 6)
    score = np.full(5, 0.995)

    labels = cluster_pairs(6, left, right, score, threshold=0.9, guard=Guard(2, 0.99))

    assert groups(labels) == {frozenset(range(6))}


def test_a_weak_link_between_two_strong_groups_is_refused() -> None:
    left = np.array([0, 1, 3, 4, 2])
    right = np.array([1, 2, 4, 5, 3])
    score = np.array([1.0, 1.0, 1.0, 1.0, 0.92])

    labels = cluster_pairs(6, left, right, score, threshold=0.9, guard=Guard(4, 0.99))

    assert groups(labels) == {frozenset({0, 1, 2}), frozenset({3, 4, 5})}


def test_cluster_id_is_the_smallest_id_and_size_is_counted() -> None:
    ids = np.array(["r9", "r2", "r5", "r1"], dtype=object)
    labels = cluster_pairs(
        4, np.array([0, 2]), np.array([1, 3]), np.array([1.0, 1.0]), threshold=0.5
    )
    rank = np.argsort(np.argsort(ids.astype(str)))

    named, sizes = cluster_ids(labels, ids, rank)

    assert named.tolist() == ["r2", "r2", "r1", "r1"]
    assert sizes.tolist() == [2, 2, 2, 2]


@settings(max_examples=80, deadline=None)
@given(
    n=st.integers(2, 12),
    data=st.data(),
    guard=st.sampled_from([Guard(), Guard(3, 0.97), Guard(2, 0.9)]),
)
def test_clusters_do_not_depend_on_row_order(n: int, data: st.DataObject, guard: Guard) -> None:
    """Shuffling the records (and pair order) leaves every record's cluster id unchanged."""
    edges = data.draw(
        st.lists(
            st.tuples(
                st.integers(0, n - 1),
                st.integers(0, n - 1),
                st.sampled_from([0.8, 0.92, 0.95, 0.99]),
            ),
            max_size=20,
        )
    )
    edges = [(a, b, s) for a, b, s in edges if a != b]
    ids = np.array([f"id{i:02d}" for i in range(n)], dtype=object)
    permutation = np.array(data.draw(st.permutations(range(n))))

    def run(order: np.ndarray, edge_order: list[tuple[int, int, float]]) -> dict[str, str]:
        position = np.argsort(order)  # record i sits at row position[i]
        left = np.array([position[a] for a, _, _ in edge_order], dtype=np.int64)
        right = np.array([position[b] for _, b, _ in edge_order], dtype=np.int64)
        score = np.array([s for _, _, s in edge_order], dtype=np.float64)
        row_ids = ids[order]
        rank = np.argsort(np.argsort(row_ids.astype(str))).astype(np.int64)
        labels = cluster_pairs(n, left, right, score, threshold=0.9, guard=guard, rank=rank)
        named, _ = cluster_ids(labels, row_ids, rank)
        return dict(zip(row_ids.tolist(), named.tolist(), strict=True))

    assert run(np.arange(n), edges) == run(permutation, list(reversed(edges)))

"""Clusters of records from scored pairs: connected components with a guard against chains.

Plain connected components over every pair above the threshold let one weak link merge two
unrelated groups, and a chain of weak links (A~B~C~D…) build a giant cluster. The guard:

    Links are taken from the strongest down. A link at or above the threshold joins two
    clusters, except that a link whose merge would create a cluster of more than `guard_size`
    records must score at least `guard_threshold`.

So strong links (≥ guard_threshold) always join, and weak ones may only build small clusters.
`guard_size` 0 turns the guard off. Ties are broken by the records' ranks, and a cluster is
named after the smallest record id it holds, so neither the cluster ids nor the clusters depend
on the order of the input rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Guard:
    """A link that would make a cluster larger than `size` needs a score ≥ `threshold`."""

    size: int = 0
    threshold: float = 1.0


def cluster_pairs(
    n_records: int,
    left: IntArray,
    right: IntArray,
    score: FloatArray,
    *,
    threshold: float,
    guard: Guard | None = None,
    rank: IntArray | None = None,
) -> IntArray:
    """A cluster label per record (labels are 0..k-1 in order of each cluster's first member).

    `left`, `right` are record positions of the pairs, `score` their scores; `rank` orders the
    records (e.g. by id) to break ties between equal scores; default: position.
    """
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    score = np.asarray(score, dtype=np.float64)
    keep = score >= threshold
    left, right, score = left[keep], right[keep], score[keep]
    guard = guard or Guard()
    if guard.size <= 0:
        strong = np.ones(score.size, dtype=bool)
    else:
        strong = score >= max(guard.threshold, threshold)
    labels = _components(n_records, left[strong], right[strong])

    weak = np.flatnonzero(~strong)
    if weak.size:
        if rank is None:
            rank = np.arange(n_records, dtype=np.int64)
        a, b = rank[left[weak]], rank[right[weak]]
        order = weak[np.lexsort((np.maximum(a, b), np.minimum(a, b), -score[weak]))]
        labels = _guarded_merge(labels, left[order], right[order], guard.size)
    _, first = np.unique(labels, return_index=True)
    # Relabel 0..k-1 by first appearance, so equal partitions give equal labels.
    relabel = np.empty(labels.max() + 1 if labels.size else 0, dtype=np.int64)
    relabel[labels[np.sort(first)]] = np.arange(first.size)
    return relabel[labels]


def _components(n: int, left: IntArray, right: IntArray) -> IntArray:
    graph = coo_matrix((np.ones(left.size, dtype=np.int8), (left, right)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    out: IntArray = labels.astype(np.int64)
    return out


def _guarded_merge(labels: IntArray, left: IntArray, right: IntArray, limit: int) -> IntArray:
    # Union-find over the strong components; a Python loop, but only over the weak links.
    parent = list(range(int(labels.max()) + 1))
    size = np.bincount(labels).tolist()

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in zip(labels[left].tolist(), labels[right].tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra == rb or size[ra] + size[rb] > limit:
            continue
        if size[ra] < size[rb]:
            ra, rb = rb, ra
        parent[rb] = ra
        size[ra] += size[rb]
    roots = np.array([find(x) for x in range(len(parent))], dtype=np.int64)
    return roots[labels]


def cluster_ids(
    labels: IntArray, ids: npt.NDArray[np.object_], rank: IntArray
) -> tuple[npt.NDArray[np.object_], IntArray]:
    """For each record, its cluster's id (the id of least rank in it) and the cluster's size."""
    n_clusters = int(labels.max()) + 1 if labels.size else 0
    best = np.full(n_clusters, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(best, labels, rank)
    by_rank = np.empty(rank.size, dtype=object)
    by_rank[rank] = ids
    sizes = np.bincount(labels, minlength=n_clusters)
    return by_rank[best][labels], sizes[labels].astype(np.int64)
